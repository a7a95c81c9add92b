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

/**
 * Where two grids of one workbook differ in what the engine can see: cell values (a missing cell
 * and null alike), number formats of cells that hold a value, merged areas, hidden rows that hold a
 * value (ExcelJS drops the others), sheet names, hidden and protected flags. Dates within a millisecond are equal (ExcelJS rounds them so).
 */
export function gridDifferences(a: WorkbookGrid, b: WorkbookGrid): string[] {
  const out: string[] = [];
  const same = (x: CellValue | undefined, y: CellValue | undefined) =>
    (x ?? null) === (y ?? null) || (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) < 1e-8);
  if (a.sheets.length !== b.sheets.length) out.push(`sheets: ${a.sheets.map((s) => s.name)} vs ${b.sheets.map((s) => s.name)}`);
  a.sheets.forEach((sa, i) => {
    const sb = b.sheets[i];
    if (!sb) return;
    const at = (r: number, c: number) => `${sa.name}!R${r + 1}C${c + 1}`;
    for (const key of ['name', 'hidden', 'protected'] as const) if (!!sa[key] !== !!sb[key] || (key === 'name' && sa.name !== sb.name)) out.push(`${sa.name} ${key}: ${sa[key]} vs ${sb[key]}`);
    for (let r = 0; r < Math.max(sa.values.length, sb.values.length); r++) {
      const [ra, rb] = [sa.values[r] ?? [], sb.values[r] ?? []];
      for (let c = 0; c < Math.max(ra.length, rb.length); c++) {
        if (!same(ra[c], rb[c])) out.push(`${at(r, c)}: ${JSON.stringify(ra[c])} vs ${JSON.stringify(rb[c])}`);
        else if ((ra[c] ?? null) !== null && (sa.formats?.[r]?.[c] ?? null) !== (sb.formats?.[r]?.[c] ?? null)) {
          out.push(`${at(r, c)} format: ${sa.formats?.[r]?.[c]} vs ${sb.formats?.[r]?.[c]}`);
        }
      }
    }
    const merges = (s: typeof sa) => JSON.stringify([...s.merges].sort((x, y) => x.top - y.top || x.left - y.left));
    if (merges(sa) !== merges(sb)) out.push(`${sa.name} merges: ${merges(sa)} vs ${merges(sb)}`);
    const holdsValue = (r: number) => [sa, sb].some((s) => (s.values[r] ?? []).some((v) => v !== null && v !== undefined));
    const hidden = (s: typeof sa) => JSON.stringify([...(s.hiddenRows ?? [])].filter(holdsValue).sort((x, y) => x - y));
    if (hidden(sa) !== hidden(sb)) out.push(`${sa.name} hidden rows: ${hidden(sa)} vs ${hidden(sb)}`);
  });
  if (JSON.stringify(a.ownedSheets ?? []) !== JSON.stringify(b.ownedSheets ?? [])) out.push(`owned: ${a.ownedSheets} vs ${b.ownedSheets}`);
  return out.slice(0, 20);
}
