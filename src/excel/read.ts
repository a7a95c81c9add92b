/**
 * Reading a workbook through Office.js into the engine's grids (src/core/grid.ts).
 * Round trips: one for the sheet list, one for every sheet's used range and merged areas, then one
 * per read batch — values, number formats and hidden rows of as many rows (of as many sheets) as fit
 * in about 4 MB. The bytes-per-cell figure that sizes a batch is measured on the batches already read;
 * a batch the host still finds too large is retried at a quarter of the size.
 *
 * Sheets known by id beforehand (KnownSheets: those the last check read) have their used ranges asked
 * for with the sheet list, so re-validating a workbook takes one round trip less; only sheets added or
 * unprotected since (or a new record sheet) take the second. If a known sheet is gone, the list is
 * asked for again.
 *
 * Other loads can ride along (ReadRider): some with the used ranges, and follow-ups that need what
 * those returned, packed into the read batches' spare room — the marks' inspection costs no round
 * trip of its own unless it outgrows that room.
 */
import { MAX_ROWS, TooManyRowsError, type CellValue, type MergeArea, type SheetGrid, type WorkbookGrid } from '../core/grid';
import type { ProgressFn } from '../core/port';
import { BATCH_BYTES, isPayloadTooLarge, textBytes, type QueuedOp } from './batch';
import { OWNED_SHEET } from '../xlsx/owned';
import type { ExcelFeatures } from './features';

export interface SheetInfo {
  id: string;
  name: string;
  hidden: boolean;
  protected: boolean;
}

/** Loads that travel with the read's round trips. */
export interface ReadRider {
  /** Queued with every request for the sheet list. */
  queueWithList?(): void;
  /**
   * Queued with the used ranges of the ledger sheets that are not protected: those known by id with
   * the sheet list, before it is known (one protected since is left out afterwards), the others with
   * the second round trip.
   */
  queueFirst(sheets: { id: string; ws: Excel.Worksheet }[]): void;
  /**
   * Once those have synced: loads to pack into the read batches (or batches of their own after them),
   * for the sheets in `inspected` (ledger sheets not protected now) only.
   */
  followUps(inspected: Set<string>): QueuedOp[];
  /**
   * When the batch with queueFirst's loads fails with `err`: drop what may have failed it, forget
   * every queueFirst so far and say so (true), before each sheet is queued again.
   */
  withoutOptional?(err: unknown): boolean;
  /** A batch with queueFirst's loads failed and is not retried as it was: forget them. */
  forget?(): void;
}

export interface ReadStats {
  /** context.sync() calls made by the read. */
  syncs: number;
  /** Read batches (one sync each) and the measured response bytes of each. */
  batchBytes: number[];
}

/** Before anything is measured: a generous guess for a value plus its number format, as JSON. */
const INITIAL_BYTES_PER_CELL = 64;
/** The floor keeps a batch of blank cells from growing past the host's cell limit. */
const MIN_BYTES_PER_CELL = 8;
/** Response bytes of one row's getRowProperties entry ({"rowIndex":n,"rowHidden":false}). */
const ROW_PROPERTY_BYTES = 48;
/** While rows remain to be read, follow-up loads take at most this share of a batch's response budget. */
const FOLLOW_UP_SHARE = 1 / 4;

interface UsedLoad {
  ws: Excel.Worksheet;
  used: Excel.Range;
  merged?: Excel.RangeAreas;
}

interface Extent extends UsedLoad {
  info: SheetInfo;
  grid: SheetGrid;
}

/**
 * Sheets a read can ask for with the sheet list, by id (what the last check saw): the ledger sheets
 * it read and LedgerCheck's record sheet. Ids of sheets deleted since make that round trip fail; the
 * read then asks for the sheet list alone.
 */
export interface KnownSheets {
  ledger: string[];
  /** Those of them that were protected: not inspected with the sheet list (a protected sheet is never marked). */
  locked?: string[];
  record?: string;
}

/** What the settings key ledgercheck.sheets holds, if it is well formed. */
export function readKnownSheets(raw: unknown): KnownSheets | undefined {
  const k = raw as Partial<KnownSheets> | null | undefined;
  const ids = (list: unknown) => (Array.isArray(list) && list.every((id) => typeof id === 'string') ? [...new Set(list)] : undefined);
  const ledger = ids(k?.ledger);
  if (!ledger) return undefined;
  const locked = ids(k?.locked) ?? [];
  return { ledger, ...(locked.length ? { locked } : {}), ...(typeof k?.record === 'string' ? { record: k.record } : {}) };
}

/** Rows of the record sheet's column A read for the names of LedgerCheck's sheets (it writes a handful, from A1). */
const OWNED_LIST_ROWS = 1000;

export const SHEET_PROPERTIES = 'items/id,items/name,items/visibility,items/protection/protected';

interface Slice {
  extent: Extent;
  firstRow: number;
  rowCount: number;
  range: Excel.Range;
  rows?: OfficeExtension.ClientResult<Excel.RowProperties[]>;
}

/** Needs SHEET_PROPERTIES loaded. */
export function sheetInfo(ws: Excel.Worksheet): SheetInfo {
  return { id: ws.id, name: ws.name, hidden: ws.visibility !== 'Visible', protected: ws.protection.protected };
}

export async function readSheets(
  context: Excel.RequestContext,
  features: ExcelFeatures,
  skip: (sheetName: string) => boolean,
  progress?: ProgressFn,
  rider?: ReadRider,
  known?: KnownSheets,
): Promise<{ workbook: WorkbookGrid; sheets: SheetInfo[]; stats: ReadStats; recorded: string[]; inspected: Set<string> }> {
  const stats: ReadStats = { syncs: 0, batchBytes: [] };
  const sync = () => {
    stats.syncs++;
    return context.sync();
  };
  const collection = context.workbook.worksheets;
  const queueUsed = (ws: Excel.Worksheet): UsedLoad => {
    const used = ws.getUsedRange(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    const merged = features.mergedAreas ? used.getMergedAreasOrNullObject() : undefined;
    merged?.load('areas/items/rowIndex,areas/items/columnIndex,areas/items/rowCount,areas/items/columnCount');
    return { ws, used, merged };
  };
  // Column A of the very hidden sheet where LedgerCheck (any face) lists the sheets it wrote.
  const queueOwnedList = (ws: Excel.Worksheet) => ws.getRangeByIndexes(0, 0, OWNED_LIST_ROWS, 1).load('values');

  // Sheets known by id are looked at in the same round trip as the sheet list.
  let early = new Map<string, UsedLoad>();
  let riddenEarly = new Set<string>();
  let ownedList: { id: string; range: Excel.Range } | undefined;
  collection.load(SHEET_PROPERTIES);
  rider?.queueWithList?.();
  if (known) {
    const locked = new Set(known.locked);
    const sheets = known.ledger.map((id) => ({ id, ws: collection.getItem(id) }));
    for (const { id, ws } of sheets) early.set(id, queueUsed(ws));
    const riding = sheets.filter((s) => !locked.has(s.id));
    if (riding.length) rider?.queueFirst(riding);
    riddenEarly = new Set(riding.map((s) => s.id));
    if (known.record) ownedList = { id: known.record, range: queueOwnedList(collection.getItem(known.record)) };
  }
  try {
    await sync();
  } catch (err) {
    if (!known) throw err;
    // A known sheet deleted since (ItemNotFound), or the rider's loads failing: the sheet list alone first.
    const ridden = riddenEarly;
    early = new Map();
    riddenEarly = new Set();
    ownedList = undefined;
    rider?.forget?.();
    collection.load(SHEET_PROPERTIES);
    rider?.queueWithList?.();
    await sync();
    // Every known sheet still there, none of those the rider looked at protected since: the rider's
    // optional loads failed it, and the next round trip goes without them (else they fail it again).
    const now = new Map(collection.items.map((ws) => [ws.id, ws]));
    const stillThere = [...known.ledger, ...(known.record ? [known.record] : [])].every((id) => now.has(id));
    if (stillThere && [...ridden].every((id) => !now.get(id)!.protection.protected)) rider?.withoutOptional?.(err);
  }
  const sheets = collection.items.map(sheetInfo);
  const wanted = (ws: Excel.Worksheet) => ws.name !== OWNED_SHEET && !skip(ws.name);
  // The rider looks at the ledger sheets that are not protected: a protected sheet is never marked, and
  // its loads might fail the batch (a protected sheet the early round trip looked at is left out after it).
  const inspectable = collection.items.filter((ws) => wanted(ws) && !ws.protection.protected);

  // The sheets not known beforehand, and the list of LedgerCheck's sheets if it was not read with the sheet list.
  const rest = collection.items.filter((ws) => wanted(ws) && !early.has(ws.id));
  const unridden = inspectable.filter((ws) => !riddenEarly.has(ws.id));
  const recordSheet = collection.items.find((ws) => ws.name === OWNED_SHEET);
  if (ownedList && ownedList.id !== recordSheet?.id) ownedList = undefined;
  const late = new Map<string, UsedLoad>();
  if (rest.length || unridden.length || (recordSheet && !ownedList)) {
    const queueRest = (riding: Excel.Worksheet[]) => {
      for (const ws of rest) late.set(ws.id, queueUsed(ws));
      if (recordSheet && !ownedList) ownedList = { id: recordSheet.id, range: queueOwnedList(recordSheet) };
      if (riding.length) rider?.queueFirst(riding.map((ws) => ({ id: ws.id, ws })));
    };
    queueRest(unridden);
    try {
      await sync();
    } catch (err) {
      // What the rider asked for may be what failed (reading conditional formats fails on some workbooks):
      // once more without its optional part, for every sheet, and the original error if that fails too.
      if (!rider?.withoutOptional?.(err)) throw err;
      ownedList = undefined;
      queueRest(inspectable);
      try {
        await sync();
      } catch {
        throw err;
      }
    }
  }

  const recorded = (ownedList?.range.values ?? []).map((row) => row[0]).filter((v): v is string => typeof v === 'string' && v !== '');
  // Sheets _LedgerCheck lists are LedgerCheck's too: looked at (the list came in the same round trip), not counted.
  const inspected = new Set(inspectable.filter((ws) => !recorded.includes(ws.name)).map((ws) => ws.id));
  const extents: Extent[] = [];
  collection.items.forEach((ws, index) => {
    const load = wanted(ws) && !recorded.includes(ws.name) ? (early.get(ws.id) ?? late.get(ws.id)) : undefined;
    if (!load) return;
    const info = sheets[index];
    const grid: SheetGrid = { name: info.name, values: [], formats: [], merges: [] };
    if (info.hidden) grid.hidden = true;
    if (info.protected) grid.protected = true;
    extents.push({ ...load, info, grid });
  });

  // Refused before a cell is read or a row allocated: a sheet filled to row 1,048,576 would not fit.
  let counted = 0;
  for (const e of extents) {
    counted += e.used.rowCount;
    if (counted > MAX_ROWS) throw new TooManyRowsError(e.grid.name, e.used.rowIndex + e.used.rowCount);
  }

  let totalRows = 0;
  for (const e of extents) {
    // Rows and columns before the used range are blank: the grid still starts at A1.
    const height = e.used.rowIndex + e.used.rowCount;
    const width = e.used.columnIndex + e.used.columnCount;
    e.grid.values = Array.from({ length: height }, () => new Array<CellValue>(width).fill(null));
    e.grid.formats = Array.from({ length: height }, () => new Array<string | null>(width).fill(null));
    if (e.merged && !e.merged.isNullObject) {
      e.grid.merges = e.merged.areas.items
        .map(
          (a): MergeArea => ({
            top: a.rowIndex,
            left: a.columnIndex,
            bottom: a.rowIndex + a.rowCount - 1,
            right: a.columnIndex + a.columnCount - 1,
          }),
        )
        .sort((a, b) => a.top - b.top || a.left - b.left);
    }
    totalRows += e.used.rowCount;
  }

  let bytesPerCell = INITIAL_BYTES_PER_CELL;
  let doneRows = 0;
  let sheetIndex = 0;
  let nextRow = extents.length ? extents[0].used.rowIndex : 0;
  const riding = rider?.followUps(inspected) ?? [];
  let followUpBudget = BATCH_BYTES;
  progress?.('read', 0, totalRows);
  while (sheetIndex < extents.length || riding.length) {
    const rowsLeft = sheetIndex < extents.length;
    const taken = takeOps(riding, rowsLeft ? followUpBudget * FOLLOW_UP_SHARE : followUpBudget, !rowsLeft);
    for (const op of taken.ops) op.queue();
    const plan = rowsLeft ? planBatch(extents, sheetIndex, nextRow, bytesPerCell, features.cellProperties, BATCH_BYTES - taken.response) : undefined;
    const slices = plan?.slices.map((s) => queueSlice(s.extent, s.firstRow, s.rowCount, features.cellProperties)) ?? [];
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one round trip per ~4 MB read batch: Excel on the web rejects larger responses
      await context.sync();
      stats.syncs++;
    } catch (err) {
      const fewerRows = !!plan && plan.cells > plan.slices[0].extent.used.columnCount;
      const fewerOps = taken.ops.length > 1;
      if (!isPayloadTooLarge(err) || !(fewerRows || fewerOps)) throw err;
      stats.syncs++;
      if (fewerRows) bytesPerCell *= 4;
      if (fewerOps) followUpBudget /= 4;
      riding.unshift(...taken.ops);
      continue;
    }
    if (!plan) continue;
    let bytes = 0;
    let cells = 0;
    for (const slice of slices) {
      bytes += storeSlice(slice);
      cells += slice.rowCount * slice.extent.used.columnCount;
      doneRows += slice.rowCount;
    }
    stats.batchBytes.push(bytes);
    bytesPerCell = Math.max(MIN_BYTES_PER_CELL, (1.5 * bytes) / Math.max(1, cells));
    sheetIndex = plan.sheetIndex;
    nextRow = plan.nextRow;
    progress?.('read', doneRows, totalRows);
  }

  for (const e of extents) {
    const hidden = e.grid.hiddenRows;
    if (hidden && hidden.length === 0) delete e.grid.hiddenRows;
  }
  return { workbook: { sheets: extents.map((e) => e.grid) }, sheets, stats, recorded, inspected };
}

/**
 * Take queued follow-up ops from the front while their estimated response fits `responseBudget` and
 * their request fits a batch; at least one when `atLeastOne` (nothing else travels in the batch).
 */
function takeOps(queue: QueuedOp[], responseBudget: number, atLeastOne: boolean): { ops: QueuedOp[]; response: number } {
  const ops: QueuedOp[] = [];
  let request = 0;
  let response = 0;
  while (queue.length) {
    const op = queue[0];
    const fits = request + op.bytes <= BATCH_BYTES && response + (op.response ?? 0) <= responseBudget;
    if (!fits && !(atLeastOne && ops.length === 0)) break;
    ops.push(queue.shift()!);
    request += op.bytes;
    response += op.response ?? 0;
  }
  return { ops, response };
}

/** Take rows, sheet after sheet, until the estimated response fills the batch budget. */
function planBatch(
  extents: Extent[],
  sheetIndex: number,
  nextRow: number,
  bytesPerCell: number,
  rowProperties: boolean,
  budgetBytes: number,
): { slices: { extent: Extent; firstRow: number; rowCount: number }[]; sheetIndex: number; nextRow: number; cells: number } {
  const slices: { extent: Extent; firstRow: number; rowCount: number }[] = [];
  let budget = budgetBytes;
  let cells = 0;
  while (sheetIndex < extents.length) {
    const e = extents[sheetIndex];
    const end = e.used.rowIndex + e.used.rowCount;
    const rowBytes = e.used.columnCount * bytesPerCell + (rowProperties ? ROW_PROPERTY_BYTES : 0);
    const fit = Math.floor(budget / rowBytes);
    if (fit < 1 && slices.length > 0) break;
    const rowCount = Math.min(end - nextRow, Math.max(1, fit));
    slices.push({ extent: e, firstRow: nextRow, rowCount });
    budget -= rowCount * rowBytes;
    cells += rowCount * e.used.columnCount;
    nextRow += rowCount;
    if (nextRow >= end) {
      sheetIndex++;
      nextRow = sheetIndex < extents.length ? extents[sheetIndex].used.rowIndex : 0;
    }
    if (budget <= 0) break;
  }
  return { slices, sheetIndex, nextRow, cells };
}

function queueSlice(extent: Extent, firstRow: number, rowCount: number, rowProperties: boolean): Slice {
  const range = extent.ws.getRangeByIndexes(firstRow, extent.used.columnIndex, rowCount, extent.used.columnCount);
  range.load('values,numberFormat');
  const rows = rowProperties ? range.getRowProperties({ rowIndex: true, rowHidden: true }) : undefined;
  return { extent, firstRow, rowCount, range, rows };
}

/** Copy a loaded slice into its grid; returns the measured response bytes. */
function storeSlice(slice: Slice): number {
  const { grid, used } = slice.extent;
  const values = slice.range.values as unknown[][];
  const formats = slice.range.numberFormat as unknown[][];
  for (let r = 0; r < slice.rowCount; r++) {
    const rowValues = grid.values[slice.firstRow + r];
    const rowFormats = grid.formats![slice.firstRow + r];
    for (let c = 0; c < used.columnCount; c++) {
      rowValues[used.columnIndex + c] = cellValue(values[r][c]);
      const f = formats[r][c];
      rowFormats[used.columnIndex + c] = typeof f === 'string' && f !== 'General' ? f : null;
    }
  }
  let bytes = textBytes(JSON.stringify(values)) + textBytes(JSON.stringify(formats));
  if (slice.rows) {
    const hidden = (grid.hiddenRows ??= []);
    for (const row of slice.rows.value) if (row.rowHidden) hidden.push(row.rowIndex!);
    bytes += slice.rows.value.length * ROW_PROPERTY_BYTES;
  }
  return bytes;
}

/** Office.js gives "" for a blank cell; the grid uses null. Errors already arrive as "#REF!" text. */
function cellValue(v: unknown): CellValue {
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}
