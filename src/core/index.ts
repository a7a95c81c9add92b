/**
 * The engine: grids in, report out. Pure — no Office, no DOM, no file system — so the add-in, the
 * command line and the web page give the same answer for the same workbook.
 */
import type { WorkbookGrid } from './grid';
import { columnLetter } from './grid';
import { WorkCalendar } from './calendar';
import { fromDayNumber, isoDate, parseIso } from './dates';
import { newDateCache, readLedgerSheet, type LedgerSheet, type ProjectRow } from './read';
import { resolveProfile, type Profile } from './profile';
import { markDuplicates } from './rules/structure';
import { NO_LEDGER, RULES, formatMessage, type Finding, type Rule, type RuleContext } from './rules';
import type { RowRule } from './rules/rule';
import { countRates, rateBits } from './rates';
import { summarise, type ProjectRecord } from './summary';
import type { FieldKey, FileReport, Issue, Report, RowInfo, SheetReport } from './types';

export interface AnalyzeOptions {
  /** The check date, YYYY-MM-DD. */
  asOf: string;
  /** Plan year Y; default: the year in each sheet's title, else the year of asOf. */
  planYear?: number;
  profile?: Partial<Profile>;
  /** Column corrections per sheet: field → column letter. */
  mapping?: Record<string, Partial<Record<FieldKey, string>>>;
  /** File name, for reports over several files. */
  file?: string;
  /** Sheets LedgerCheck wrote earlier (results, data, summaries): never read as ledgers. */
  ignoreSheets?: string[];
  calendar?: WorkCalendar;
}

export interface Analysis {
  report: Report;
  sheets: LedgerSheet[];
  projects: ProjectRecord[];
}

/**
 * A finding as the report's issue. A function of the module, not a closure made per analysis: the rule
 * loop's call to a new closure on the second check of a session threw analyze() out of optimised code.
 */
function issueOf(rule: Rule, f: Finding, file: string | undefined, sheet?: LedgerSheet | string, row?: number): Issue {
  const sheetName = typeof sheet === 'string' ? sheet : sheet?.name;
  const template = rule.messages[f.variant ?? ''] ?? rule.messages[''];
  const issue: Issue = {
    rule: rule.id,
    severity: f.severity ?? rule.severity,
    message: formatMessage(template.zh, f.params, 'zh'),
    messageEn: formatMessage(template.en, f.params, 'en'),
  };
  if (file) issue.file = file;
  if (sheetName) issue.sheet = sheetName;
  const at = f.row ?? row;
  if (at !== undefined) issue.row = at;
  // A finding about a field's cell names the field; its column is the sheet's column for it.
  const col = f.col ?? (f.field && typeof sheet === 'object' ? sheet.columns[f.field]?.col : undefined);
  if (col !== undefined && at !== undefined) issue.column = columnLetter(col);
  if (f.field) issue.field = f.field;
  if (f.related) issue.related = f.related.map((r) => (file ? { ...r, file } : r));
  if (f.region !== undefined) issue.region = f.region;
  return issue;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const ROW_RULES = RULES.filter((r): r is RowRule => r.scope === 'row');

export function analyze(wb: WorkbookGrid, opts: AnalyzeOptions): Analysis {
  const asOf = parseIso(opts.asOf);
  if (asOf === undefined) throw new Error(`校验日期“${opts.asOf}”无效，应为 YYYY-MM-DD`);
  const profile = resolveProfile(opts.profile);
  const calendar = opts.calendar ?? new WorkCalendar();
  const ignore = new Set([...(opts.ignoreSheets ?? []), ...(wb.ownedSheets ?? [])]);

  const sheets: LedgerSheet[] = [];
  const sheetReports: SheetReport[] = [];
  const dates = newDateCache();
  for (const grid of wb.sheets) {
    if (ignore.has(grid.name)) continue;
    if (grid.hidden) {
      sheetReports.push({ sheet: grid.name, skipped: '隐藏的工作表' });
      continue;
    }
    const ledger = readLedgerSheet(grid, {
      planYear: opts.planYear,
      asOfYear: fromDayNumber(asOf).y,
      profile,
      mapping: opts.mapping?.[grid.name],
      file: opts.file,
      dates,
    });
    if (!ledger) {
      sheetReports.push({ sheet: grid.name, skipped: '未找到台账表头' });
      continue;
    }
    sheets.push(ledger);
    const mapping: Partial<Record<FieldKey, string>> = {};
    for (const c of Object.values(ledger.columns)) if (c) mapping[c.field] = columnLetter(c.col);
    sheetReports.push({
      sheet: grid.name,
      headerRow: ledger.header.top + 1,
      unit: ledger.unit,
      mapping,
      rows: ledger.projects.length,
      planYear: ledger.planYear,
    });
  }

  // Every project row of the workbook, in sheet order, in one array made at its size; a one-sheet
  // workbook's is its sheet's (neither is changed after reading: a copy was 0.8 MB at 100k rows).
  const projects = sheets.length === 1 ? sheets[0].projects : ([] as ProjectRow[]).concat(...sheets.map((s) => s.projects));
  markDuplicates(projects);
  // Each project's rate flags, worked out once: the rate rules count them, the data table lists them.
  for (let i = 0; i < projects.length; i++) projects[i].setRateBits(rateBits(projects[i], asOf));
  const rates = countRates(projects);
  const ctx: RuleContext = { profile, asOf, calendar, rates };
  const issues: Issue[] = [];

  if (sheets.length === 0) {
    issues.push({
      rule: NO_LEDGER.id,
      severity: NO_LEDGER.severity,
      message: NO_LEDGER.message.zh,
      messageEn: NO_LEDGER.message.en,
      ...(opts.file ? { file: opts.file } : {}),
    });
  }
  for (const sheet of sheets) {
    for (const rule of RULES) if (rule.scope === 'sheet') for (const f of rule.check(sheet, ctx)) issues.push(issueOf(rule, f, opts.file, sheet));
    // Rule by rule over the rows (one rule's code stays hot); sortIssues puts findings in row order.
    // Indexed: when analyze() runs unoptimised, a for-of made an iterator result per row and rule.
    for (const rule of ROW_RULES) {
      const { projects } = sheet;
      for (let i = 0; i < projects.length; i++) {
        const found = rule.check(projects[i], sheet, ctx);
        for (let k = 0; k < found.length; k++) issues.push(issueOf(rule, found[k], opts.file, sheet, projects[i].row));
      }
    }
  }
  for (const rule of RULES) {
    if (rule.scope === 'workbook') for (const f of rule.check(sheets, ctx)) issues.push(issueOf(rule, f, opts.file, f.sheet));
  }
  sortIssues(issues, wb.sheets.map((s) => s.name));

  const notes: string[] = [];
  if (calendar.uncoveredYearsUsed.size > 0) {
    const years = [...calendar.uncoveredYearsUsed].sort().join('、');
    notes.push(`工作日历（chinese-days）未收录 ${years} 年的法定节假日和调休安排，这些年份按周一至周五计算工作日`);
  }

  countIssuesPerRow(issues, sheets);
  const rows = reportRows(sheets, opts.file);
  const file: FileReport = { file: opts.file ?? '', sheets: sheetReports };
  const report: Report = {
    version: 1,
    asOf: isoDate(asOf),
    planYear: opts.planYear ?? sheets[0]?.planYear ?? fromDayNumber(asOf).y,
    files: [file],
    issues,
    rows,
    summary: summarise(projects, rates),
    notes,
  };
  return { report, sheets, projects };
}

/**
 * Errors and warnings per project row, for the data table: each issue counted on the row it names, in
 * every sheet of that name (a malformed file can repeat one; an issue names its sheet only by name).
 */
function countIssuesPerRow(issues: Issue[], sheets: LedgerSheet[]): void {
  const byName = new Map<string, LedgerSheet[]>();
  for (const s of sheets) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  for (const i of issues) {
    if (i.row === undefined || i.sheet === undefined || i.severity === 'info') continue;
    for (const sheet of byName.get(i.sheet) ?? []) {
      const p = projectOnRow(sheet.projects, i.row);
      if (!p) continue;
      if (i.severity === 'error') p.errors++;
      else p.warnings++;
    }
  }
}

/** The project on a (1-based) row, found by halving: a sheet's projects are in row order. */
function projectOnRow(projects: ProjectRow[], row: number): ProjectRow | undefined {
  let low = 0;
  let high = projects.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = projects[mid].row;
    if (at === row) return projects[mid];
    if (at < row) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}

/**
 * The report's line for every project, heading and total row, in sheet order: each sheet's groups
 * and projects (each list in row order) merged, into one array made at its size. A project row is
 * its own line (ProjectRow implements RowInfo): a copy of 100k rows was 9 MB kept for the report.
 */
function reportRows(sheets: LedgerSheet[], file: string | undefined): RowInfo[] {
  let count = 0;
  for (const s of sheets) count += s.groups.length + s.projects.length;
  const rows = new Array<RowInfo>(count);
  let k = 0;
  for (const s of sheets) {
    const { groups, projects } = s;
    for (let g = 0, p = 0; g < groups.length || p < projects.length; ) {
      if (p === projects.length || (g < groups.length && groups[g].row < projects[p].row)) {
        const group = groups[g++];
        const c = group.classification;
        // Every key up front, absent ones undefined (JSON leaves them out), in a project line's order.
        rows[k++] = {
          sheet: s.name,
          row: group.row,
          kind: group.kind === 'subtotal' ? 'total' : group.kind,
          file: file || undefined,
          phase: c.phase || undefined,
          category: c.category || undefined,
          subcategory: c.subcategory || undefined,
          inferredSubcategory: undefined,
        };
      } else rows[k++] = projects[p++];
    }
  }
  return rows;
}

function sortIssues(issues: Issue[], sheetOrder: string[]): void {
  const sheetIndex = new Map(sheetOrder.map((s, i) => [s, i]));
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  issues.sort((a, b) =>
    (a.sheet === undefined ? -1 : sheetIndex.get(a.sheet) ?? 0) - (b.sheet === undefined ? -1 : sheetIndex.get(b.sheet) ?? 0)
    || (a.row ?? 0) - (b.row ?? 0)
    || (ruleIndex.get(a.rule) ?? -1) - (ruleIndex.get(b.rule) ?? -1)
    || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** One report over several files: files and issues side by side, summary over all their projects. */
export function combineReports(analyses: Analysis[], asOf: string, planYear?: number, failed: FileReport[] = []): Report {
  const projects = analyses.flatMap((a) => a.projects);
  return {
    version: 1,
    asOf,
    planYear: planYear ?? analyses[0]?.report.planYear ?? Number(asOf.slice(0, 4)),
    files: [...analyses.flatMap((a) => a.report.files), ...failed],
    issues: analyses.flatMap((a) => a.report.issues),
    rows: analyses.flatMap((a) => a.report.rows),
    summary: summarise(projects),
    notes: [...new Set(analyses.flatMap((a) => a.report.notes))],
  };
}

export { DEFAULT_PROFILE, resolveProfile, type Profile } from './profile';
export type { WorkbookGrid, SheetGrid, CellValue, MergeArea } from './grid';
export type * from './types';
export type { ProjectRecord } from './summary';
export { RULES, RULE_BY_ID } from './rules';
export { buildWritePlan, buildMarks, chooseOutputNames, OUTPUT_SHEETS, TABLE_NAMES, type PlanOptions } from './plan';
export type { WritePlan, WorkbookPort, Mark, OutCell, OutSheet, PivotSpec, ChartSpec, ProgressFn, ProgressStep, ApplyResult } from './port';
