/**
 * The CLI as the robustness suites run it. Each suite builds it into its own folder: Jest runs suites
 * in parallel, and a build writing dist-cli/ while another suite's CLI loads from it could hand that
 * CLI a half-written file. The entry does what bin/ledger-check.js does.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

/** Builds the CLI for one suite (call removeCli when the suite ends). */
export function buildCli(): string {
  // Inside node_modules (ignored by git), so the build resolves exceljs and chinese-days from there.
  const cache = path.join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(path.join(cache, 'lc-cli-'));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.cli.json', '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
  return outDir;
}

export function removeCli(build: string): void {
  rmSync(build, { recursive: true, force: true });
}

/**
 * The process's own peak resident memory in KB, as an expression. On Linux it is VmHWM: getrusage's
 * maxRSS also counts the pages of the parent it was forked from (measured: a child of a 400 MB process
 * reported 385 MB, its VmHWM 39 MB), so under a large Jest worker the limits below failed at random.
 */
const PEAK_RSS_KB =
  "(() => { try { return Number(/VmHWM:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } })()";

/**
 * Runs `ledger-check ...args` from a build; with `rssFile`, the process writes its peak resident
 * memory (KB) there on exit, so stderr stays exactly what the CLI wrote.
 */
export function runCli(build: string, args: string[], rssFile?: string): SpawnSyncReturns<string> {
  const main = JSON.stringify(path.join(build, 'cli/main.js'));
  const record = rssFile ? `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(${PEAK_RSS_KB})));` : '';
  const entry = `${record} require(${main}).main(process.argv.slice(1)).then((code) => { process.exitCode = code; });`;
  // A bound, not a measurement: a CLI that hangs fails its test instead of stalling the suite.
  return spawnSync('node', ['-e', entry, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
}
