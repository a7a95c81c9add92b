/** Builds the command line once before any suite runs, so suites that spawn it never see a half-written dist-cli. */
const { execFileSync } = require('child_process');
const path = require('path');

module.exports = () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.cli.json'], {
    cwd: path.resolve(__dirname, '..'),
    stdio: 'inherit',
  });
};
