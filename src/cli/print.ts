/** The readable summary the command line prints. */
import { RULE_BY_ID } from '../core/rules';
import type { Issue, Report } from '../core/types';

const SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' } as const;
const MAX_LISTED = 50;

function pad(s: string, width: number): string {
  // CJK characters take two columns in a terminal.
  const w = [...s].reduce((n, ch) => n + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, width - w));
}

function where(i: Issue): string {
  if (!i.sheet) return i.region ? `〔${i.region}〕` : '〔全部〕';
  return i.row !== undefined ? `${i.sheet}!${i.column ?? ''}${i.row}` : i.sheet;
}

export function formatFileSummary(file: string, report: Report, notices: string[]): string {
  const lines: string[] = [];
  const sheets = report.files[0]?.sheets ?? [];
  const ledgers = sheets.filter((s) => !s.skipped);
  lines.push(`■ ${file}`);
  for (const s of sheets) {
    lines.push(s.skipped
      ? `  跳过工作表“${s.sheet}”：${s.skipped}`
      : `  工作表“${s.sheet}”：表头第 ${s.headerRow} 行，单位 ${s.unit}，项目 ${s.rows} 个，计划年度 ${s.planYear}`);
  }
  const count = (sev: Issue['severity']) => report.issues.filter((i) => i.severity === sev).length;
  lines.push(`  共 ${ledgers.length} 张台账：错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('info')}`);
  const byRule = new Map<string, number>();
  for (const i of report.issues) byRule.set(i.rule, (byRule.get(i.rule) ?? 0) + 1);
  for (const [rule, n] of byRule) {
    const def = RULE_BY_ID.get(rule);
    lines.push(`    ${pad(`${def?.title.zh ?? rule}（${rule}）`, 44)} ${n}`);
  }
  const listed = report.issues.filter((i) => i.severity !== 'info');
  for (const i of listed.slice(0, MAX_LISTED)) lines.push(`  [${SEVERITY_ZH[i.severity]}] ${where(i)} ${i.message}`);
  if (listed.length > MAX_LISTED) lines.push(`  …另有 ${listed.length - MAX_LISTED} 条，完整清单见 --json 报告或 --out 标记副本`);
  for (const n of [...report.notes, ...notices]) lines.push(`  ${n}`);
  return lines.join('\n');
}

export function formatPhaseCategory(report: Report): string {
  const lines = ['阶段×类别汇总（万元）', `  ${pad('阶段', 10)}${pad('类别', 10)}${pad('行业', 14)}${pad('项目数', 8)}${pad('总投资', 16)}年度计划`];
  for (const l of report.summary.byPhaseCategory) {
    lines.push(`  ${pad(l.phase, 10)}${pad(l.subcategory ? '' : l.category, 10)}${pad(l.subcategory ?? '', 14)}${pad(String(l.count), 8)}${pad(l.totalInvestment.toFixed(2), 16)}${l.annualPlan.toFixed(2)}`);
  }
  const r = report.summary.rates.overall;
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  lines.push(`  开工率 ${pct(r.startRate)}，竣工投产率 ${pct(r.completionRate)}`);
  return lines.join('\n');
}
