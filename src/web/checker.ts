/**
 * The web page's work, without React: check each picked file with the engine through the
 * ExcelJS port, build its marked copy, and pick the flagged rows for the preview. Nothing here
 * touches the network; the bytes come from the person's own disk and stay in this tab.
 */
import type { WorkbookGrid } from '../core/grid';
import { columnIndex } from '../core/grid';
import type { WritePlan } from '../core/port';
import type { Report } from '../core/types';
import type { ColumnMapping, Engine, ProfileValues } from '../taskpane/controller';
import type { Lang } from '../taskpane/strings';

/** src/xlsx as the page uses it; injected so tests can use a fake. */
export interface XlsxPort {
  readWorkbook(bytes: Uint8Array | ArrayBuffer): WorkbookGrid | Promise<WorkbookGrid>;
  writeMarkedCopy(bytes: Uint8Array | ArrayBuffer, plan: WritePlan): Uint8Array | Promise<Uint8Array>;
  /** Lines saying what a rewritten copy cannot keep (PivotTables, charts, macros, …): Chinese for the copy's results sheet, or in the page's language. */
  copyNotices?(features: WorkbookGrid['features'], lang?: Lang): string[];
}

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export interface CheckedFile<A extends { report: Report } = { report: Report }> {
  name: string;
  bytes: Uint8Array;
  grid: WorkbookGrid;
  analysis: A;
  report: Report;
}

export interface FailedFile {
  name: string;
  reason: string;
}

export interface CheckOptions {
  asOf: string;
  planYear?: number;
  profile?: ProfileValues;
  mapping?: ColumnMapping;
}

export async function checkFile(file: PickedFile, engine: Engine, xlsx: XlsxPort, opts: CheckOptions): Promise<CheckedFile> {
  const grid = await xlsx.readWorkbook(file.bytes);
  // Sheets an earlier LedgerCheck run wrote into the file are its output, not a ledger.
  const analysis = engine.analyze(grid, { asOf: opts.asOf, planYear: opts.planYear, profile: opts.profile, mapping: opts.mapping, file: file.name, ignoreSheets: grid.ownedSheets });
  return { name: file.name, bytes: file.bytes, grid, analysis, report: analysis.report };
}

/** The marked copy: marks and the 校验结果 sheet, plus the summary sheets when asked (生成汇总). */
export async function markedCopy(checked: CheckedFile, engine: Engine, xlsx: XlsxPort, summaries: boolean): Promise<Uint8Array> {
  const plan = engine.buildWritePlan(checked.analysis, {
    existing: checked.grid.sheets.map((s) => s.name),
    owned: checked.grid.ownedSheets ?? [],
    summaries,
    notices: xlsx.copyNotices?.(checked.grid.features) ?? [],
  });
  return xlsx.writeMarkedCopy(checked.bytes, plan);
}

/** 台账.xlsx → 台账-校验.xlsx (the original is never overwritten: the browser saves a new file). */
export function copyFileName(name: string, copyName: (base: string) => string): string {
  return copyName(name.replace(/\.xlsx$/i, ''));
}

export interface PreviewRow {
  sheet: string;
  row: number;
  /** The project's name, or the row's first filled cells where the sheet has no name column. */
  label: string;
  issues: string[];
}

export function flaggedRows(checked: CheckedFile, ruleTitle: (rule: string) => string): PreviewRow[] {
  const rows = new Map<string, PreviewRow>();
  for (const issue of checked.report.issues) {
    if (!issue.sheet || issue.row === undefined) continue;
    const key = `${issue.sheet}\u0000${issue.row}`;
    let entry = rows.get(key);
    if (!entry) {
      entry = { sheet: issue.sheet, row: issue.row, label: rowLabel(checked, issue.sheet, issue.row), issues: [] };
      rows.set(key, entry);
    }
    entry.issues.push(`${ruleTitle(issue.rule)} — ${issue.message}`);
  }
  const order = new Map(checked.grid.sheets.map((s, i) => [s.name, i]));
  return [...rows.values()].sort((a, b) => (order.get(a.sheet) ?? 0) - (order.get(b.sheet) ?? 0) || a.row - b.row);
}

function rowLabel(checked: CheckedFile, sheet: string, row: number): string {
  const values = checked.grid.sheets.find((s) => s.name === sheet)?.values[row - 1] ?? [];
  const nameColumn = checked.report.files.flatMap((f) => f.sheets).find((s) => s.sheet === sheet)?.mapping?.name;
  const name = nameColumn ? values[columnIndex(nameColumn)] : undefined;
  if (name !== null && name !== undefined && String(name).trim()) return String(name).trim();
  return values
    .filter((v) => v !== null && v !== undefined && String(v).trim() !== '')
    .slice(0, 3)
    .map(String)
    .join(' · ');
}

/** A failed read names the file and why: the port's reason (in English for an English page), else the raw error text. */
export function failure(name: string, error: unknown, lang: Lang = 'zh-CN'): FailedFile {
  const english = lang === 'en-US' && typeof error === 'object' && error !== null && typeof (error as { en?: unknown }).en === 'string';
  const reason = english ? (error as { en: string }).en : error instanceof Error ? error.message : String(error);
  return { name, reason: reason || String(error) };
}
