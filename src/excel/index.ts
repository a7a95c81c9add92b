/**
 * WorkbookPort over Office.js: the add-in's way into the open workbook.
 *
 * Round trips of a validation: 3 + one per ~4 MB read batch, the first time and again.
 * - The read takes 2 + one per batch, or 1 + one per batch after an earlier check (the sheets that
 *   check read are asked for with the sheet list, by id). It also gathers, as data, what the marks
 *   and the results sheet need to know: our rules, every note and comment with its cell, the tables.
 * - The apply writes everything in 1 (one more per extra ~4 MB of writes), plus 1 to look our rules
 *   up again right before it deletes them, when it replaces earlier marks.
 * Read and apply are separate Excel.run batches, so the apply works from ids and addresses; if the
 * workbook changed in between and a write fails, it looks again and writes once more.
 * 清除标记 takes 2: a look at the sheets the mark record names, and the writes.
 */
import type { WorkbookGrid } from '../core/grid';
import type { ApplyResult, ProgressFn, WorkbookPort, WritePlan } from '../core/port';
import { isPayloadTooLarge, loadInBatches, queueInBatches } from './batch';
import { officeFeatures, type ExcelFeatures } from './features';
import { MarkInspection, planMarks, readMarkRecord, recordedSheetIds, refreshRules, type MarkRecord, type MarkScan } from './marks';
import { notice, noticeLanguage, type NoticeLanguage } from './notices';
import { planOutSheets, readOwned, type OwnedSheet } from './outSheets';
import { readKnownSheets, readSheets, sheetInfo, SHEET_PROPERTIES, type KnownSheets, type ReadRider, type ReadStats, type SheetInfo } from './read';
import { OWNED_SHEET } from '../xlsx/owned';
import { MARKS_KEY, OWNED_KEY, SHEETS_KEY, documentSettings, refreshSettings, saveSettings, type DocumentSettings } from './settings';

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelPortOptions {
  /** Excel.run, or a test double. */
  run?: ExcelRun;
  features?: ExcelFeatures;
  settings?: DocumentSettings;
  /** Office.context.displayLanguage: notices in English when it is English. */
  displayLanguage?: string;
}

/** What a look at the workbook found, as plain data: usable by a later Excel.run. */
interface WorkbookState {
  sheets: SheetInfo[];
  /** Table names in the workbook, with the sheet each is on. */
  tables: { name: string; sheet: string }[];
  scan: MarkScan;
}

const TABLE_PROPERTIES = 'items/name,items/worksheet/name';

export class ExcelWorkbookPort implements WorkbookPort {
  /** Figures of the last read, for the pane's diagnostics and the tests. */
  lastReadStats?: ReadStats;
  private readonly run: ExcelRun;
  private readonly features: ExcelFeatures;
  private readonly settings: DocumentSettings;
  private readonly lang: NoticeLanguage;
  /** What the last read saw: lets the apply that follows write without looking again. */
  private seen?: WorkbookState;
  /** Sheets a marked copy's _LedgerCheck sheet lists as LedgerCheck's (seen by the last read). */
  private recordedOwned: string[] = [];

  constructor(options: ExcelPortOptions = {}) {
    this.run = options.run ?? ((batch) => Excel.run(batch));
    this.features = options.features ?? officeFeatures();
    this.settings = options.settings ?? documentSettings();
    this.lang = noticeLanguage(options.displayLanguage ?? Office.context.displayLanguage);
  }

  async read(progress?: ProgressFn): Promise<WorkbookGrid> {
    await refreshSettings(this.settings);
    // Sheets LedgerCheck wrote are its output, not a ledger to check.
    const owned = new Set(readOwned(this.settings.get(OWNED_KEY)).map((o) => o.name));
    const record = readMarkRecord(this.settings.get(MARKS_KEY));
    this.seen = undefined;
    return this.run(async (context) => {
      const inspection = new MarkInspection(this.features, record, true);
      const tables = context.workbook.tables;
      const rider: ReadRider = {
        queueWithList: () => tables.load(TABLE_PROPERTIES),
        queueFirst: (sheets) => {
          for (const { id, ws } of sheets) inspection.queueSheet(id, ws);
        },
        followUps: (inspected) => inspection.followUps((id) => inspected.has(id)),
        withoutOptional: (err) => isItemNotFound(err) && inspection.withoutRules(),
        forget: () => inspection.forget(),
      };
      const known = readKnownSheets(this.settings.get(SHEETS_KEY));
      const { workbook, sheets, stats, recorded, inspected } = await readSheets(
        context, this.features, (name) => owned.has(name), progress, rider, known,
      );
      this.seen = { sheets, tables: tableList(tables), scan: inspection.result((id) => inspected.has(id)) };
      this.recordedOwned = recorded;
      this.lastReadStats = stats;
      const existing = new Set(sheets.map((s) => s.name));
      workbook.ownedSheets = [...new Set([...owned, ...recorded, OWNED_SHEET])].filter((n) => existing.has(n));
      return workbook;
    });
  }

  async sheetNames(): Promise<{ existing: string[]; owned: string[] }> {
    await refreshSettings(this.settings);
    // Right after a read its sheet list is current: no round trip.
    const existing = this.seen
      ? this.seen.sheets.map((s) => s.name)
      : await this.run(async (context) => (await loadSheetList(context)).map((s) => s.name));
    const owned = [...new Set([...readOwned(this.settings.get(OWNED_KEY)).map((o) => o.name), ...this.recordedOwned])].filter((n) =>
      existing.includes(n),
    );
    return { existing, owned };
  }

  async apply(plan: WritePlan, progress?: ProgressFn): Promise<ApplyResult> {
    const seen = this.seen;
    this.seen = undefined;
    const notices: string[] = [];
    try {
      await this.write(plan, notices, seen, progress);
    } catch (err) {
      if (!seen) throw err;
      // The workbook changed since the read (a rule or note moved or went, a sheet was protected or
      // deleted): what was written so far is in the record, so look again and write once more.
      notices.length = 0;
      await this.write(plan, notices, undefined, progress);
    }
    return { notices };
  }

  async clearMarks(): Promise<void> {
    await refreshSettings(this.settings);
    const old = readMarkRecord(this.settings.get(MARKS_KEY));
    this.seen = undefined;
    if (!old) return;
    const notices: string[] = [];
    const owned = this.ownedNames();
    const record = await this.run(async (context) => {
      const { sheets, scan } = await inspectForClear(context, this.features, old, owned);
      const marks = planMarks({ context, features: this.features, sheets, owned, lang: this.lang, notices }, [], old, scan);
      this.storeMarkRecord(marks.interim);
      await saveSettings(this.settings);
      await queueInBatches(context, marks.ops);
      await context.sync();
      if (!marks.coloursUntouched) return marks.record;
      // Our colour rules could not be listed, so they are still there: keep the record for a later try.
      notices.push(notice(this.lang, 'rulesUnreadableClear'));
      return old;
    });
    this.storeMarkRecord(record);
    await saveSettings(this.settings);
    // What is left is on protected sheets, needs a newer Excel, or could not be listed: say so rather than pretend it is clear.
    if (record) throw new Error(notices.join('\n'));
  }

  async select(sheet: string, address: string): Promise<void> {
    await this.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
  }

  /** One attempt at writing marks and sheets: from what the read saw, or after a look of its own. */
  private async write(plan: WritePlan, notices: string[], seen: WorkbookState | undefined, progress?: ProgressFn): Promise<void> {
    await refreshSettings(this.settings);
    const old = readMarkRecord(this.settings.get(MARKS_KEY));
    const ownedBefore = unionOwned(
      readOwned(this.settings.get(OWNED_KEY)),
      this.recordedOwned.map((name) => ({ name, role: '' })),
    );
    const { record, owned, known } = await this.run(async (context) => {
      const state = seen ?? (await inspect(context, this.features, old, this.ownedNames()));
      progress?.('marks', 0, plan.marks.length);
      const job = { context, features: this.features, sheets: state.sheets, owned: this.ownedNames(), lang: this.lang };
      const outNotices: string[] = [];
      const out = planOutSheets({ ...job, notices: outNotices, owned: ownedBefore, tables: state.tables }, plan);
      // Recorded before writing: a write that fails half-way leaves nothing that cannot be undone. (The
      // interim record does not depend on rule ids: planned here only for it.)
      this.storeMarkRecord(planMarks({ ...job, notices: [] }, plan.marks, old, state.scan).interim);
      this.settings.set(OWNED_KEY, unionOwned(ownedBefore, out.owned));
      await saveSettings(this.settings);
      // Our rules looked up once more right before they are deleted: their ids are positions, and the person
      // may have added or deleted a rule since the scan (one round trip, only when there are rules of ours).
      const marks = planMarks({ ...job, notices }, plan.marks, old, await refreshRules(context, state.scan));
      if (marks.coloursUntouched) notices.push(notice(this.lang, 'rulesUnreadable'));
      notices.push(...outNotices);
      await queueInBatches(context, marks.ops);
      progress?.('marks', plan.marks.length, plan.marks.length);
      await queueInBatches(context, out.ops);
      await context.sync();
      progress?.('summary', plan.sheets.length, plan.sheets.length);
      return { record: marks.record, owned: out.owned, known: knownAfter(state.sheets, this.ownedNames(), out.owned, out.recordSheetId()) };
    });
    this.storeMarkRecord(record);
    this.settings.set(OWNED_KEY, owned);
    this.settings.set(SHEETS_KEY, known);
    await saveSettings(this.settings);
  }

  /** Names of the sheets LedgerCheck wrote (its record sheet included). */
  private ownedNames(): Set<string> {
    return new Set([...readOwned(this.settings.get(OWNED_KEY)).map((o) => o.name), ...this.recordedOwned, OWNED_SHEET]);
  }

  private storeMarkRecord(record: MarkRecord | undefined): void {
    if (record) this.settings.set(MARKS_KEY, record);
    else this.settings.remove(MARKS_KEY);
  }
}

/**
 * A look of its own, for an apply with no read before it: the sheet list and tables, then the rules
 * of each unprotected sheet that is not LedgerCheck's (`owned`) and how many notes and comments it
 * has, then where each of those is.
 */
async function inspect(
  context: Excel.RequestContext,
  features: ExcelFeatures,
  record: MarkRecord | undefined,
  owned: Set<string>,
): Promise<WorkbookState> {
  const collection = context.workbook.worksheets;
  collection.load(SHEET_PROPERTIES);
  const tables = context.workbook.tables;
  tables.load(TABLE_PROPERTIES);
  await context.sync();
  const sheets = collection.items.map(sheetInfo);
  const inspection = new MarkInspection(features, record, true);
  const queueSheets = () =>
    collection.items.forEach((ws, i) => {
      if (!sheets[i].protected && !owned.has(sheets[i].name)) inspection.queueSheet(sheets[i].id, ws);
    });
  queueSheets();
  try {
    await context.sync();
  } catch (err) {
    // As in the read: once more without the conditional formats, if they may be what failed.
    if (!isItemNotFound(err) || !inspection.withoutRules()) throw err;
    queueSheets();
    await context.sync().catch(() => {
      throw err;
    });
  }
  await loadInBatches(context, inspection.followUps());
  return { sheets, tables: tableList(tables), scan: inspection.result() };
}

/**
 * The look before 清除标记, whose writes follow in the same batch: the sheet list, and in the same
 * round trip the sheets the record names (by id), with their notes' texts (removed by position). A
 * sheet added since marking (a copy may carry marks) takes one more round trip. If a recorded sheet
 * was deleted since, or the notes' texts are too much for one response, it takes the longer look.
 */
async function inspectForClear(
  context: Excel.RequestContext,
  features: ExcelFeatures,
  record: MarkRecord,
  owned: Set<string>,
): Promise<{ sheets: SheetInfo[]; scan: MarkScan }> {
  const worksheets = context.workbook.worksheets;
  const inspection = new MarkInspection(features, record, false);
  const looked = new Set(recordedSheetIds(record));
  worksheets.load(SHEET_PROPERTIES);
  for (const id of looked) inspection.queueSheet(id, worksheets.getItem(id));
  const longer = (err: unknown) => {
    if (!isItemNotFound(err) && !isPayloadTooLarge(err)) throw err;
    return inspect(context, features, record, owned);
  };
  try {
    await context.sync();
  } catch (err) {
    return longer(err);
  }
  const sheets = worksheets.items.map(sheetInfo);
  const rest = worksheets.items.filter((_, i) => !looked.has(sheets[i].id) && !sheets[i].protected && !owned.has(sheets[i].name));
  if (rest.length) {
    for (const ws of rest) inspection.queueSheet(ws.id, ws);
    try {
      await context.sync();
    } catch (err) {
      return longer(err);
    }
  }
  const locked = new Set(sheets.filter((s) => s.protected).map((s) => s.id));
  return { sheets, scan: inspection.result((id) => !locked.has(id)) };
}

/** Office.js's error for something not there: a sheet deleted since, or (issues #5222, #6827, #6835) rules made in Excel's UI that it cannot read. */
function isItemNotFound(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'ItemNotFound';
}

/** The sheets the next read can ask for early: those read now that are still not LedgerCheck's, and its record sheet. */
function knownAfter(sheets: SheetInfo[], ownedBefore: Set<string>, ownedNow: OwnedSheet[], writtenRecordId: string | undefined): KnownSheets {
  const owned = new Set([...ownedBefore, ...ownedNow.map((o) => o.name)]);
  const ledgers = sheets.filter((s) => !owned.has(s.name));
  const locked = ledgers.filter((s) => s.protected).map((s) => s.id);
  const record = writtenRecordId ?? sheets.find((s) => s.name === OWNED_SHEET)?.id;
  return { ledger: ledgers.map((s) => s.id), ...(locked.length ? { locked } : {}), ...(record ? { record } : {}) };
}

function tableList(tables: Excel.TableCollection): { name: string; sheet: string }[] {
  return tables.items.map((t) => ({ name: t.name, sheet: t.worksheet.name }));
}

function unionOwned(a: OwnedSheet[], b: OwnedSheet[]): OwnedSheet[] {
  const names = new Set(a.map((o) => o.name));
  return [...a, ...b.filter((o) => !names.has(o.name))];
}

async function loadSheetList(context: Excel.RequestContext): Promise<SheetInfo[]> {
  const collection = context.workbook.worksheets;
  collection.load(SHEET_PROPERTIES);
  await context.sync();
  return collection.items.map(sheetInfo);
}

export function createExcelPort(options?: ExcelPortOptions): WorkbookPort {
  return new ExcelWorkbookPort(options);
}
