import { analyze, buildWritePlan, chooseOutputNames } from '../src/core';
import type { OutCell } from '../src/core/port';
import { AS_OF, grid, row, run } from './helpers';

describe('the write plan', () => {
  test('one mark per cell: the worst severity, every message in the note', () => {
    const a = run([row({ '总投资（万元）': 2000, '2024年计划投资（万元）': 2500, '1-11月完成投资（万元）': 2400, '累计完成投资（万元）': 2400 })]);
    const plan = buildWritePlan(a, { existing: ['台账'], owned: [], summaries: false });
    const onTotal = plan.marks.filter((m) => m.row === 2 && m.col === 9);
    expect(onTotal).toHaveLength(1);
    expect(onTotal[0].severity).toBe('warning');
    const onAnnual = plan.marks.find((m) => m.row === 2 && m.col === 11)!;
    expect(onAnnual.severity).toBe('error');
    expect(onAnnual.note).toContain('年度计划超过剩余投资');
    expect(plan.sheets.map((s) => s.role)).toEqual(['results']);
  });

  test("the data table counts each project row's errors and warnings, and nothing for an info", () => {
    const a = run([
      row({ '总投资（万元）': 2000, '2024年计划投资（万元）': 2500, '1-11月完成投资（万元）': 2400, '累计完成投资（万元）': 2400 }),
      row({ 项目名称: '乙路', 项目代码: null }),
      row({ 项目名称: '丙路', 项目代码: null, '总投资（万元）': -5 }),
    ]);
    const data = buildWritePlan(a, { existing: ['台账'], owned: [], summaries: true }).sheets.find((s) => s.role === 'data')!;
    const header = data.rows[0].map((c) => c?.value);
    const counts = data.rows.slice(1).map((r) => [r[header.indexOf('错误数')].value, r[header.indexOf('警告数')].value]);
    const expected = [2, 3, 4].map((row) => ['error', 'warning'].map((sev) => a.report.issues.filter((i) => i.row === row && i.severity === sev).length));
    expect(counts).toEqual(expected);
    expect(expected.flat().filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
  });

  test('per-row counts reach every sheet of a repeated name (a malformed file): an issue names its sheet only by name', () => {
    const wb = grid([row({ '总投资（万元）': -5 })]);
    wb.sheets.push(grid([row({ 项目名称: '乙路', 项目代码: null })]).sheets[0]);
    const a = analyze(wb, { asOf: AS_OF, planYear: 2024 });
    const errors = a.report.issues.filter((i) => i.row === 2 && i.severity === 'error').length;
    expect(errors).toBeGreaterThan(0);
    expect(a.projects.map((p) => p.errors)).toEqual([errors, errors]);
  });

  test('sheet names never take a person\'s sheet; LedgerCheck\'s own are reused', () => {
    expect(chooseOutputNames(['校验结果', '台账'], [])).toMatchObject({ results: '校验结果(2)', data: '项目数据' });
    expect(chooseOutputNames(['校验结果', '校验结果(2)'], ['校验结果(2)'])).toMatchObject({ results: '校验结果(2)' });
  });

  test('summary formulas match exactly: wildcards and comparison signs in a region are escaped; cached results agree', () => {
    const a = run([
      row({ 所属县区: '*', 项目名称: '甲路' }),
      row({ 所属县区: '=县', 项目名称: '乙路', 项目代码: null }),
      row({ 所属县区: '丙县', 项目名称: '丙路', 项目代码: null }),
    ]);
    const plan = buildWritePlan(a, { existing: ['台账'], owned: [], summaries: true });
    const region = plan.sheets.find((s) => s.role === 'region')!;
    const formulas = region.rows.flat().filter((c): c is OutCell => !!c?.formula).map((c) => c.formula!);
    expect(formulas.some((f) => f.includes('"=~*"'))).toBe(true);
    expect(formulas.some((f) => f.includes('"==县"'))).toBe(true);
    const counts = region.rows.filter((r) => r[1]?.value === '合计').map((r) => [r[0].value, r[2].value]);
    expect(counts).toEqual([['*', 1], ['=县', 1], ['丙县', 1]]);
    const pc = plan.sheets.find((s) => s.role === 'phaseCategory')!;
    const phaseLine = pc.rows.find((r) => r[0]?.value === '新开工' && r[1]?.value === '小计')!;
    expect(phaseLine[3]).toMatchObject({ value: 3, formula: expect.stringMatching(/^COUNTIFS\(/) });
    expect(phaseLine[4].value).toBe(a.report.summary.byPhaseCategory[0].totalInvestment);
  });

  test('text quoted from a cell is cut at 100 characters in messages', () => {
    const long = '约'.repeat(5000);
    const a = run([row({ '总投资（万元）': long })]);
    const issue = a.report.issues.find((i) => i.rule === 'not-a-number')!;
    expect(issue.message.length).toBeLessThan(200);
    expect(issue.message).toContain('…');
  });
});
