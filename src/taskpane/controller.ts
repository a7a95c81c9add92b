/**
 * What the task pane does when a button is pressed, without React or Office.js: it drives a
 * WorkbookPort and the engine, reports each step, and lets the event loop breathe between steps
 * so the pane keeps painting while Excel works.
 */
import type { WorkbookGrid } from '../core/grid';
import { columnLetter, TooManyRowsError } from '../core/grid';
import type { ProgressStep, WorkbookPort, WritePlan } from '../core/port';
import type { FieldKey, Report } from '../core/types';

export type ColumnMapping = Record<string, Partial<Record<FieldKey, string>>>;
export type ProfileValue = number | string | boolean | null | object;
export type ProfileValues = Record<string, ProfileValue>;

export interface AnalyzeOptions {
  asOf: string;
  planYear?: number;
  profile?: ProfileValues;
  mapping?: ColumnMapping;
  file?: string;
  /** Sheets LedgerCheck wrote earlier: never read as ledgers. */
  ignoreSheets?: string[];
}

/** The engine as the faces see it (src/core/index.ts); injected so tests can use a fake. */
export interface Engine<A extends { report: Report } = { report: Report }> {
  analyze(wb: WorkbookGrid, opts: AnalyzeOptions): A;
  buildWritePlan(analysis: A, opts: { existing: string[]; owned: string[]; summaries: boolean; notices?: string[] }): WritePlan;
}

export interface RunOptions {
  asOf: string;
  planYear?: number;
  profile?: ProfileValues;
  mapping?: ColumnMapping;
  /** 生成汇总: write the results and summary sheets too, not only the marks. */
  summaries: boolean;
}

export interface Progress {
  step: ProgressStep;
  done: number;
  total: number;
}

/** A column as the mapping dropdowns offer it: its letter and its header text. */
export interface ColumnChoice {
  letter: string;
  header: string;
}

export interface RunOutcome {
  report: Report;
  /** What the host could not write (from the port), in the user's words. */
  notices: string[];
  /** Sheets whose marks were left out because the sheet is protected. */
  protectedSheets: string[];
  /** Columns of each ledger sheet, for correcting the mapping in 设置. */
  columns: Record<string, ColumnChoice[]>;
}

export type RunErrorKind = 'protected' | 'unsupported' | 'tooManyRows' | 'failed';

/** A failure the pane explains with what to do; `detail` is the host's own message. */
export class RunError extends Error {
  constructor(
    readonly kind: RunErrorKind,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'RunError';
  }
}

export const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve));

export async function runValidation(
  port: WorkbookPort,
  engine: Engine,
  opts: RunOptions,
  onProgress: (p: Progress) => void,
): Promise<RunOutcome> {
  try {
    const forward = (step: ProgressStep, done: number, total: number) => onProgress({ step, done, total });
    onProgress({ step: 'read', done: 0, total: 0 });
    const grid = await port.read(forward);
    const names = await port.sheetNames();
    const sheetCount = grid.sheets.length;
    onProgress({ step: 'analyse', done: 0, total: sheetCount });
    // The engine is synchronous: give the pane a frame to show the step before it starts.
    await nextTick();
    const analysis = engine.analyze(grid, {
      asOf: opts.asOf,
      planYear: opts.planYear,
      profile: opts.profile,
      mapping: opts.mapping,
      ignoreSheets: names.owned,
    });
    onProgress({ step: 'analyse', done: sheetCount, total: sheetCount });
    await nextTick();

    const full = engine.buildWritePlan(analysis, { ...names, summaries: opts.summaries });
    const { plan, protectedSheets } = leaveOutProtected(full, grid);
    onProgress({ step: 'marks', done: 0, total: plan.marks.length });
    await nextTick();
    const applied = await port.apply(plan, forward);
    await nextTick();

    return {
      report: analysis.report,
      notices: applied.notices,
      protectedSheets,
      columns: headerColumns(grid, analysis.report),
    };
  } catch (e) {
    throw asRunError(e);
  }
}

export async function clearAllMarks(port: WorkbookPort): Promise<void> {
  try {
    await port.clearMarks();
  } catch (e) {
    throw asRunError(e);
  }
}

/** Protected sheets can be read but not marked: drop their marks and say which sheets they were. */
function leaveOutProtected(plan: WritePlan, grid: WorkbookGrid): { plan: WritePlan; protectedSheets: string[] } {
  const locked = new Set(grid.sheets.filter((s) => s.protected).map((s) => s.name));
  const hit = new Set(plan.marks.filter((m) => locked.has(m.sheet)).map((m) => m.sheet));
  if (hit.size === 0) return { plan, protectedSheets: [] };
  return { plan: { ...plan, marks: plan.marks.filter((m) => !locked.has(m.sheet)) }, protectedSheets: [...hit] };
}

/**
 * Header text of each column of each ledger sheet. Under a merged parent ("投资情况" over
 * "总投资 | 本年计划") the child below names the column; a blank header cell takes the parent above it.
 */
export function headerColumns(grid: WorkbookGrid, report: Report): Record<string, ColumnChoice[]> {
  const out: Record<string, ColumnChoice[]> = {};
  for (const file of report.files) {
    for (const sheetReport of file.sheets) {
      const sheet = grid.sheets.find((s) => s.name === sheetReport.sheet);
      if (!sheet || !sheetReport.headerRow) continue;
      const r = sheetReport.headerRow - 1;
      const width = Math.max(0, ...sheet.values.slice(Math.max(0, r - 1), r + 2).map((row) => row?.length ?? 0));
      out[sheet.name] = Array.from({ length: width }, (_, c) => {
        const parent = sheet.merges.find((m) => m.top === r && m.bottom === r && m.left <= c && c <= m.right && m.left < m.right);
        const own = text(sheet.values[r]?.[parent ? parent.left : c]);
        const child = parent ? text(sheet.values[r + 1]?.[c]) : '';
        const above = r > 0 ? text(sheet.values[r - 1]?.[c]) : '';
        return { letter: columnLetter(c), header: child || own || above };
      });
    }
  }
  return out;
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ').trim();
}

/** Office.js errors carry a code; name the two that the person can act on. */
export function asRunError(e: unknown): RunError {
  if (e instanceof RunError) return e;
  if (e instanceof TooManyRowsError) return new RunError('tooManyRows', e.sheet);
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'AccessDenied' || /protect/i.test(message)) return new RunError('protected', message);
  if (code === 'ApiNotFound' || code === 'NotImplemented') return new RunError('unsupported', message);
  return new RunError('failed', message);
}
