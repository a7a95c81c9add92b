#!/usr/bin/env node
/**
 * npm run demo: the main job on the bundled sample ledger (assets/samples, made by
 * `node scripts/fixtures.js --demo`): validate it, write the JSON report and the marked copy
 * with the summary sheets under out/demo, and say where they are.
 */
const path = require('path');
const { main } = require('../dist-cli/cli/main.js');

const root = path.resolve(__dirname, '..');
const ledger = path.join(root, 'assets', 'samples', '示例台账-2024.xlsx');
const outDir = path.join(root, 'out', 'demo');
const report = path.join(outDir, 'report.json');

main(['validate', ledger, '--as-of', '2024-11-30', '--year', '2024', '--json', report, '--out', outDir]).then((code) => {
  console.log('');
  console.log(`演示完成（退出码 ${code}：${code === 0 ? '未发现错误' : code === 1 ? '发现错误，这是示例台账里故意埋下的' : '有文件无法读取'}）`);
  console.log(`  标记副本：${path.relative(root, path.join(outDir, '示例台账-2024-校验.xlsx'))}（在 Excel 或 WPS 中打开，查看“校验结果”和汇总表）`);
  console.log(`  JSON 报告：${path.relative(root, report)}`);
  // The demo succeeds when it ran; finding the planted errors is what it is for.
  process.exitCode = code === 2 ? 2 : 0;
});
