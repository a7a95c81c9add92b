/** Small ledgers built in memory for rule tests: one header row, one valid project, overrides per test. */
import { analyze, type Analysis, type AnalyzeOptions, type CellValue, type Profile, type WorkbookGrid } from '../src/core';

export const HEADER = [
  '序号', '项目名称', '项目代码', '项目阶段', '项目类别', '行业', '所属县区', '业主单位', '统一社会信用代码',
  '总投资（万元）', '截至上年底累计完成投资（万元）', '2024年计划投资（万元）', '1-11月完成投资（万元）', '累计完成投资（万元）',
  '计划开工时间', '实际开工时间', '计划竣工时间', '实际竣工时间', '形象进度',
  '申报日期', '受理日期', '补正通知日期', '办结日期', '填报日期', '检查日期',
] as const;
export type Column = (typeof HEADER)[number];

/** A credit code that passes GB 32100-2015 (taken from the sample ledger, where it raises nothing). */
export const VALID_CREDIT_CODE = '91450300MFQHTKPFPC';

export const BASE: Record<Column, CellValue> = {
  序号: 1,
  项目名称: '南山至北岭高速公路',
  项目代码: '2024-450300-48-01-123456',
  项目阶段: '新开工',
  项目类别: '基础设施',
  行业: '交通',
  所属县区: '七星区',
  业主单位: '七星区城投有限公司',
  统一社会信用代码: VALID_CREDIT_CODE,
  '总投资（万元）': 50000,
  '截至上年底累计完成投资（万元）': 0,
  '2024年计划投资（万元）': 20000,
  '1-11月完成投资（万元）': 19000,
  '累计完成投资（万元）': 19000,
  计划开工时间: '2024-03-01',
  实际开工时间: '2024-03-05',
  计划竣工时间: '2026-06-30',
  实际竣工时间: null,
  形象进度: '已开工建设',
  申报日期: '2023-09-01',
  受理日期: '2024-03-01',
  补正通知日期: null,
  办结日期: '2024-03-05',
  填报日期: '2024-11-20',
  检查日期: '2024-11-25',
};

export type Overrides = Partial<Record<Column, CellValue>>;

export function row(overrides: Overrides = {}): CellValue[] {
  const r = { ...BASE, ...overrides };
  return HEADER.map((h) => r[h]);
}

export function grid(rows: CellValue[][], name = '台账', header: readonly string[] = HEADER): WorkbookGrid {
  return { sheets: [{ name, values: [[...header], ...rows], merges: [] }] };
}

export const AS_OF = '2024-11-30';

export function run(rows: CellValue[][], opts: Partial<AnalyzeOptions> & { profile?: Partial<Profile> } = {}): Analysis {
  return analyze(grid(rows), { asOf: AS_OF, planYear: 2024, ...opts });
}

/** Rule ids raised on an Excel row (data rows start at row 2). */
export function rulesAt(a: Analysis, excelRow: number): string[] {
  return a.report.issues.filter((i) => i.row === excelRow).map((i) => i.rule);
}

/** Runs one project row and returns the rules raised on it. */
export function check(overrides: Overrides, opts: Partial<AnalyzeOptions> = {}): string[] {
  return rulesAt(run([row(overrides)], opts), 2);
}
