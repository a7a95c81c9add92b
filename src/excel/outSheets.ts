/**
 * Sheets LedgerCheck writes (results, data table, summaries), their Excel tables, PivotTables and
 * chart. Only sheets LedgerCheck made (recorded in the workbook's settings) are ever deleted and
 * rewritten; a person's sheet with the same name is left alone and reported.
 */
import type { ChartSpec, OutCell, OutSheet, PivotSpec, WritePlan } from '../core/port';
import { COMMAND_BYTES, textBytes, type QueuedOp } from './batch';
import { OWNED_SHEET } from '../xlsx/owned';
import type { ExcelFeatures } from './features';
import { notice, type NoticeLanguage } from './notices';
import type { SheetInfo } from './read';

/** A sheet LedgerCheck made; role 'pivot' is a sheet made only to hold PivotTables. */
export interface OwnedSheet {
  name: string;
  role: string;
}

export interface OutJob {
  context: Excel.RequestContext;
  features: ExcelFeatures;
  sheets: SheetInfo[];
  owned: OwnedSheet[];
  /** Table names in the workbook now, with the sheet each is on. */
  tables: { name: string; sheet: string }[];
  lang: NoticeLanguage;
  notices: string[];
}

/** Rows per range write are chosen so that one write stays near this many request bytes. */
const BLOCK_BYTES = 512 * 1024;
/** Excel's default column: 8.43 characters = 48 points. */
const POINTS_PER_CHARACTER = 48 / 8.43;

export function readOwned(raw: unknown): OwnedSheet[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((o): o is OwnedSheet => typeof o?.name === 'string' && typeof o?.role === 'string');
}

export interface OutWrites {
  ops: QueuedOp[];
  owned: OwnedSheet[];
  /** Once the ops have synced: the id of the record sheet (_LedgerCheck) they wrote, if they wrote it. */
  recordSheetId: () => string | undefined;
}

export function planOutSheets(job: OutJob, plan: WritePlan): OutWrites {
  const { context, lang, notices } = job;
  const worksheets = context.workbook.worksheets;
  const existing = new Set(job.sheets.map((s) => s.name));
  const owned = job.owned.filter((o) => existing.has(o.name));
  const ownedNames = new Set(owned.map((o) => o.name));
  const planNames = new Set(plan.sheets.map((s) => s.name));
  const pivotSheetNames = [...new Set(plan.pivots.map((p) => p.sheet))].filter((n) => !planNames.has(n));
  const roles = new Set<string>([...plan.sheets.map((s) => s.role), ...(pivotSheetNames.length ? ['pivot'] : [])]);

  // Replaced: our sheets of a role this plan writes, or with a name it writes.
  const replaced = owned.filter((o) => roles.has(o.role) || planNames.has(o.name) || pivotSheetNames.includes(o.name));
  const replacedNames = new Set(replaced.map((o) => o.name));
  const blocked = (name: string) => existing.has(name) && !ownedNames.has(name);
  const written = plan.sheets.filter((s) => !blocked(s.name));
  for (const s of plan.sheets) if (blocked(s.name)) notices.push(notice(lang, 'sheetNotOwned', s.name));

  const ops: QueuedOp[] = [];
  // Sheets holding PivotTables go first: their sources are on the other sheets.
  const deleteOrder = [...replaced].sort((a, b) => Number(b.role === 'pivot') - Number(a.role === 'pivot'));
  for (const o of deleteOrder) ops.push({ bytes: COMMAND_BYTES, queue: () => worksheets.getItem(o.name).delete() });

  const proxies = new Map<string, Excel.Worksheet>();
  const tableProxies = new Map<string, Excel.Table>();
  const takenTables = new Set(job.tables.filter((t) => !replacedNames.has(t.sheet)).map((t) => t.name.toLowerCase()));
  const newOwned: OwnedSheet[] = owned.filter((o) => !replacedNames.has(o.name));

  for (const sheet of written) {
    ops.push({ bytes: COMMAND_BYTES, queue: () => proxies.set(sheet.name, worksheets.add(sheet.name)) });
    newOwned.push({ name: sheet.name, role: sheet.role });
    ops.push(...sheetOps(sheet, () => proxies.get(sheet.name)!));
    if (sheet.table) {
      const t = sheet.table;
      let name = t.name;
      for (let n = 2; takenTables.has(name.toLowerCase()); n++) name = `${t.name}_${n}`;
      if (name !== t.name) notices.push(notice(lang, 'tableRenamed', t.name, name));
      takenTables.add(name.toLowerCase());
      const rowCount = Math.max(1, sheet.rows.length - t.headerRow);
      ops.push({
        bytes: COMMAND_BYTES,
        queue: () => {
          const ws = proxies.get(sheet.name)!;
          const table = ws.tables.add(ws.getRangeByIndexes(t.headerRow, 0, rowCount, t.columns), true);
          table.name = name;
          tableProxies.set(t.name, table);
        },
      });
    }
  }

  if (plan.pivots.length && !job.features.pivots) notices.push(notice(lang, 'noPivots'));
  const pivots = job.features.pivots ? plan.pivots : [];
  for (const name of pivotSheetNames) {
    if (!pivots.some((p) => p.sheet === name)) continue;
    if (blocked(name) && !replacedNames.has(name)) {
      notices.push(notice(lang, 'sheetNotOwned', name));
      continue;
    }
    ops.push({ bytes: COMMAND_BYTES, queue: () => proxies.set(name, worksheets.add(name)) });
    newOwned.push({ name, role: 'pivot' });
  }
  const writtenTables = new Set(written.filter((s) => s.table).map((s) => s.table!.name));
  const dataRowsOf = new Map(written.filter((s) => s.table).map((s) => [s.table!.name, s.rows.length - s.table!.headerRow - 1]));
  for (const spec of pivots) {
    if (!writtenTables.has(spec.sourceTable)) {
      notices.push(notice(lang, 'pivotNoSource', spec.name, spec.sourceTable));
      continue;
    }
    if ((dataRowsOf.get(spec.sourceTable) ?? 0) < 1) {
      notices.push(notice(lang, 'pivotNoData', spec.name));
      continue;
    }
    ops.push({
      bytes: 2000,
      queue: () => {
        const ws = proxies.get(spec.sheet);
        if (ws) addPivot(ws, spec, tableProxies.get(spec.sourceTable)!);
      },
    });
  }
  for (const spec of plan.charts) {
    if (!written.some((s) => s.name === spec.sheet)) continue;
    ops.push({ bytes: 1000, queue: () => addChart(proxies.get(spec.sheet)!, spec) });
  }
  let recordSheet: Excel.Worksheet | undefined;
  if (plan.sheets.length) ops.push(recordSheetOp(worksheets, existing.has(OWNED_SHEET), newOwned, (ws) => (recordSheet = ws)));
  return { ops, owned: newOwned, recordSheetId: () => recordSheet?.id };
}

/**
 * The very hidden _LedgerCheck sheet lists LedgerCheck's sheets in column A, as a marked copy made by
 * the command line or the web page does, so every face knows which sheets it may replace.
 */
function recordSheetOp(
  worksheets: Excel.WorksheetCollection,
  exists: boolean,
  owned: OwnedSheet[],
  queued: (ws: Excel.Worksheet) => void,
): QueuedOp {
  const names = owned.map((o) => o.name);
  return {
    bytes: 5 * COMMAND_BYTES + names.reduce((n, name) => n + textBytes(name), 0),
    queue: () => {
      const ws = exists ? worksheets.getItem(OWNED_SHEET) : worksheets.add(OWNED_SHEET);
      // Its id lets the next check read the list with the sheet list.
      queued(ws.load('id'));
      if (exists) ws.getUsedRange().clear();
      else ws.visibility = 'VeryHidden';
      if (names.length) ws.getRangeByIndexes(0, 0, names.length, 1).formulas = names.map((name) => [cellInput({ value: name })]);
    },
  };
}

/** Values and formulas in row blocks, then formats, links, widths and frozen rows. */
function sheetOps(sheet: OutSheet, ws: () => Excel.Worksheet): QueuedOp[] {
  const ops: QueuedOp[] = [];
  const width = Math.max(1, ...sheet.rows.map((r) => r.length));
  let start = 0;
  while (start < sheet.rows.length) {
    let end = start;
    let bytes = 0;
    while (end < sheet.rows.length && (end === start || bytes < BLOCK_BYTES)) {
      bytes += rowBytes(sheet.rows[end], width);
      end++;
    }
    const first = start;
    const block = sheet.rows.slice(first, end);
    const hasFormats = block.some((r) => r.some((c) => c?.numFmt));
    ops.push({
      bytes: COMMAND_BYTES + bytes * (hasFormats ? 2 : 1),
      queue: () => {
        const range = ws().getRangeByIndexes(first, 0, block.length, width);
        // Number formats first, so a value is stored as it will be shown (dates, text codes).
        if (hasFormats) range.numberFormat = block.map((r) => padded(r, width).map((c) => c?.numFmt ?? 'General'));
        range.formulas = block.map((r) => padded(r, width).map(cellInput));
      },
    });
    start = end;
  }
  sheet.rows.forEach((row, r) => {
    for (const [left, length] of boldRuns(row)) {
      ops.push({ bytes: COMMAND_BYTES, queue: () => (ws().getRangeByIndexes(r, left, 1, length).format.font.bold = true) });
    }
    row.forEach((cell, c) => {
      if (!cell?.link) return;
      const link = cell.link;
      const text = cell.value === null || cell.value === undefined ? link : String(cell.value);
      ops.push({
        bytes: COMMAND_BYTES + textBytes(link) + textBytes(text),
        queue: () => {
          ws().getCell(r, c).hyperlink = { documentReference: link, textToDisplay: text };
        },
      });
    });
  });
  if (sheet.columnWidths?.length || sheet.freezeRows) {
    ops.push({
      bytes: COMMAND_BYTES * (1 + (sheet.columnWidths?.length ?? 0)),
      queue: () => {
        sheet.columnWidths?.forEach((w, c) => {
          if (w > 0) ws().getRangeByIndexes(0, c, 1, 1).format.columnWidth = Math.round(w * POINTS_PER_CHARACTER);
        });
        if (sheet.freezeRows) ws().freezePanes.freezeRows(sheet.freezeRows);
      },
    });
  }
  return ops;
}

function addPivot(ws: Excel.Worksheet, spec: PivotSpec, source: Excel.Table): void {
  const pivot = ws.pivotTables.add(spec.name, source, ws.getRange(spec.anchor));
  for (const field of spec.rows) pivot.rowHierarchies.add(pivot.hierarchies.getItem(field));
  for (const field of spec.columns) pivot.columnHierarchies.add(pivot.hierarchies.getItem(field));
  for (const v of spec.values) {
    const data = pivot.dataHierarchies.add(pivot.hierarchies.getItem(v.field));
    // Set explicitly: Excel's default depends on the column's contents (Count for any text).
    data.summarizeBy = v.summarizeBy;
    data.name = v.caption;
  }
}

function addChart(ws: Excel.Worksheet, spec: ChartSpec): void {
  const chart = ws.charts.add('ColumnClustered', ws.getRange(spec.values), 'Columns');
  chart.title.text = spec.title;
  const series = chart.series.getItemAt(0);
  series.setXAxisValues(ws.getRange(spec.categories));
  series.name = spec.seriesName;
  chart.setPosition(spec.anchor);
}

function padded(row: OutCell[], width: number): (OutCell | undefined)[] {
  return Array.from({ length: width }, (_, c) => row[c]);
}

/**
 * What to write into `formulas`: the formula, or the value. Text Excel would turn into a number,
 * date, boolean or formula ("001", "2024-03", "=x") is written with a leading apostrophe so it stays text.
 */
export function cellInput(cell: OutCell | undefined): string | number | boolean {
  if (!cell) return '';
  if (cell.formula) return cell.formula.startsWith('=') ? cell.formula : `=${cell.formula}`;
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return v;
  return /^[\s]*[-+=@.\d]/.test(v) || /^(true|false)$/i.test(v.trim()) ? `'${v}` : v;
}

function rowBytes(row: OutCell[], width: number): number {
  let n = width * 4;
  for (const c of row) {
    if (!c) continue;
    n += textBytes(String(c.formula ?? c.value ?? '')) + (c.numFmt ? textBytes(c.numFmt) : 0);
  }
  return n;
}

function boldRuns(row: OutCell[]): [number, number][] {
  const runs: [number, number][] = [];
  row.forEach((c, i) => {
    if (!c?.bold) return;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === i) last[1]++;
    else runs.push([i, 1]);
  });
  return runs;
}
