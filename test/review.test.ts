/** Realistic layouts found by the independent review of the engine against SPEC §3–§4. */
import { analyze, type CellValue } from '../src/core';
import { parseDate } from '../src/core/dates';
import { inferSubcategory } from '../src/core/classify';
import { check } from './helpers';

const asOf = '2024-11-30';
const sheet = (name: string, values: CellValue[][]) => analyze({ sheets: [{ name, values, merges: [] }] }, { asOf, planYear: 2024 });
/** Warnings and errors (unit-assumed is the info these sheets without units rightly get). */
const rules = (a: ReturnType<typeof analyze>) => a.report.issues.filter((i) => i.severity !== 'info').map((i) => `${i.rule}@${i.row ?? '-'}`);

test('a row of units under a one-row header belongs to the header and sets the amount unit', () => {
  const a = sheet('台账', [
    ['序号', '项目名称', '所属县区', '项目阶段', '总投资', '年度计划投资'],
    [null, null, null, null, '（亿元）', '（亿元）'],
    [1, '七星区一号公路', '七星区', '续建', 2.5, 0.5],
  ]);
  expect(a.report.files[0].sheets[0]).toMatchObject({ unit: '亿元', rows: 1 });
  expect(a.projects[0].totalInvestment).toBe(25000);
  expect(rules(a)).toEqual([]);
});

test('合计（3项） and 小计（1项） are totals, not projects', () => {
  const a = sheet('竣工投产', [
    ['序号', '项目名称', '所属县区', '总投资', '年度计划投资'],
    [null, '合计（2项）', null, 6000, 600],
    [1, '七星区一号公路', '七星区', 3000, 300],
    [2, '七星区二号公路', '七星区', 3000, 300],
    [null, '小计（2项）', null, 6000, 600],
  ]);
  expect(a.report.rows.map((r) => r.kind)).toEqual(['total', 'project', 'project', 'total']);
  expect(a.report.summary.byPhaseCategory[0]).toMatchObject({ count: 2, totalInvestment: 6000 });
  expect(rules(a)).toEqual([]);
});

test('progress that plans or expects is not progress: 拟于/预计/计划 … 开工 or 竣工', () => {
  const notStarted = { 实际开工时间: null, 计划开工时间: '2024年10月' };
  expect(check({ ...notStarted, 形象进度: '拟于12月开工建设' })).toEqual(['start-overdue']);
  expect(check({ ...notStarted, 形象进度: '预计12月开工建设' })).toEqual(['start-overdue']);
  expect(check({ ...notStarted, 形象进度: '已开工建设，计划2025年竣工' })).toEqual([]);
  const due = { 项目阶段: '竣工投产', 计划竣工时间: '2024-09-30' };
  expect(check({ ...due, 形象进度: '主体完工，预计12月竣工' })).toEqual(['completion-overdue']);
  expect(check({ ...due, 形象进度: '计划2024年12月底建成投产' })).toEqual(['completion-overdue']);
  expect(check({ ...due, 形象进度: '已竣工投产' })).toEqual([]);
});

test('the spec\'s own header: 投资情况 over 总投资 | 截至上年底累计完成 | 本年计划', () => {
  const values: CellValue[][] = [
    ['序号', '项目名称', '所属县区', '项目阶段', '投资情况（亿元）', null, null],
    [null, null, null, null, '总投资', '截至上年底累计完成', '本年计划'],
    // 8 > 10 − 4 beyond the ±0.5 each whole number carries.
    [1, '七星区一号公路', '七星区', '续建', 10, 4, 8],
  ];
  const merges = [
    { top: 0, left: 0, bottom: 1, right: 0 }, { top: 0, left: 1, bottom: 1, right: 1 }, { top: 0, left: 2, bottom: 1, right: 2 },
    { top: 0, left: 3, bottom: 1, right: 3 }, { top: 0, left: 4, bottom: 0, right: 6 },
  ];
  const a = analyze({ sheets: [{ name: '台账', values, merges }] }, { asOf, planYear: 2024 });
  expect(a.report.files[0].sheets[0].mapping).toMatchObject({ totalInvestment: 'E', completedBeforeYear: 'F', annualPlan: 'G' });
  expect(rules(a)).toEqual(['annual-exceeds-remaining@3']);
});

test('placeholders (无, /, 暂无) in text columns mean nothing entered, not a bad code or phase', () => {
  expect(check({ 项目代码: '无' })).toEqual([]);
  expect(check({ 统一社会信用代码: '/' })).toEqual([]);
  expect(check({ 行业: '/' })).toEqual([]);
  expect(check({ 业主单位: '暂无' })).toEqual(['missing-value']);
});

test('2024.10 typed as a number and shown with two decimals is October; shown as 2024.1 it is January', () => {
  expect(parseDate(2024.1, '0.00')).toMatchObject({ precision: 'month', start: Date.UTC(2024, 9, 1) / 86400000 });
  expect(parseDate(2024.1)).toMatchObject({ precision: 'month', start: Date.UTC(2024, 0, 1) / 86400000 });
});

test('unnumbered headings nest by kind: 交通 under 续建项目, 能源 beside 交通', () => {
  const a = sheet('台账', [
    ['序号', '项目名称', '所属县区', '总投资', '年度计划投资', '计划开工时间', '实际开工时间'],
    [null, '续建项目（2项）', null, null, null],
    [null, '交通（1项）', null, null, null],
    [1, '七星区一号公路', '七星区', 5000, 100, '2022-01-01', '2022-01-05'],
    [null, '能源（1项）', null, null, null],
    [2, '七星区变电站工程', '七星区', 5000, 100, '2022-01-01', '2022-01-05'],
  ]);
  expect(a.report.rows.filter((r) => r.kind === 'project').map((r) => [r.phase, r.subcategory])).toEqual([
    ['续建', '交通'],
    ['续建', '能源'],
  ]);
  expect(rules(a)).toEqual([]);
});

test('agro-processing names are ambiguous between 工业 and 农业: no category-mismatch', () => {
  expect(inferSubcategory('城东农产品加工中心').confidence).toBeLessThan(0.8);
});
