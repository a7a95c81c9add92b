/**
 * WorkbookPort over Office.js: the add-in's way into the open workbook.
 * Typical round trips: read = 2 + one per ~4 MB read batch; apply right after a read = 2 (inspect,
 * write) — one more when the workbook has threaded comments, and one more per extra ~4 MB of writes.
 */
import type { WorkbookGrid } from '../core/grid';
import type { ApplyResult, ProgressFn, WorkbookPort, WritePlan } from '../core/port';
import { queueInBatches } from './batch';
import { officeFeatures, type ExcelFeatures } from './features';
import { inspectMarks, readMarkRecord, type MarkRecord } from './marks';
import { noticeLanguage, type NoticeLanguage } from './notices';
import { planOutSheets, readOwned, type OwnedSheet } from './outSheets';
import { readSheets, sheetInfo, type ReadStats, type SheetInfo } from './read';
import { OWNED_SHEET } from '../xlsx/owned';
import { MARKS_KEY, OWNED_KEY, documentSettings, refreshSettings, saveSettings, type DocumentSettings } from './settings';

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelPortOptions {
  /** Excel.run, or a test double. */
  run?: ExcelRun;
  features?: ExcelFeatures;
  settings?: DocumentSettings;
  /** Office.context.displayLanguage: notices in English when it is English. */
  displayLanguage?: string;
}

export class ExcelWorkbookPort implements WorkbookPort {
  /** Figures of the last read, for the pane's diagnostics and the tests. */
  lastReadStats?: ReadStats;
  private readonly run: ExcelRun;
  private readonly features: ExcelFeatures;
  private readonly settings: DocumentSettings;
  private readonly lang: NoticeLanguage;
  /** The sheet list seen by the last read: lets the apply that follows skip a round trip. */
  private sheetsSeen?: { sheets: SheetInfo[]; comments?: number };
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
    return this.run(async (context) => {
      const { workbook, sheets, stats, recorded } = await readSheets(context, this.features, (name) => owned.has(name), progress);
      this.sheetsSeen = { sheets, comments: stats.comments };
      this.recordedOwned = recorded;
      this.lastReadStats = stats;
      const existing = new Set(sheets.map((s) => s.name));
      workbook.ownedSheets = [...new Set([...owned, ...recorded, OWNED_SHEET])].filter((n) => existing.has(n));
      return workbook;
    });
  }

  async sheetNames(): Promise<{ existing: string[]; owned: string[] }> {
    await refreshSettings(this.settings);
    const existing = await this.run(async (context) => (await loadSheetList(context)).map((s) => s.name));
    const owned = [...new Set([...readOwned(this.settings.get(OWNED_KEY)).map((o) => o.name), ...this.recordedOwned])].filter((n) =>
      existing.includes(n),
    );
    return { existing, owned };
  }

  async apply(plan: WritePlan, progress?: ProgressFn): Promise<ApplyResult> {
    await refreshSettings(this.settings);
    const old = readMarkRecord(this.settings.get(MARKS_KEY));
    const notices: string[] = [];
    const ownedBefore = unionOwned(
      readOwned(this.settings.get(OWNED_KEY)),
      this.recordedOwned.map((name) => ({ name, role: '' })),
    );
    const { record, owned } = await this.run(async (context) => {
      const { sheets, comments } = await this.currentSheets(context);
      progress?.('marks', 0, plan.marks.length);
      const job = { context, features: this.features, sheets, lang: this.lang, notices, commentCount: comments };
      const inspection = inspectMarks(job, plan.marks, old);
      const tables = plan.sheets.some((s) => s.table) ? context.workbook.tables : undefined;
      tables?.load('items/name,items/worksheet/name');
      await queueInBatches(context, inspection.reads);
      await context.sync();
      if (inspection.needsCommentCells()) {
        await queueInBatches(context, inspection.commentCellReads());
        await context.sync();
      }
      const marks = inspection.planWrites();
      const out = planOutSheets(
        {
          context,
          features: this.features,
          sheets,
          owned: ownedBefore,
          tables: tables?.items.map((t) => ({ name: t.name, sheet: t.worksheet.name })) ?? [],
          lang: this.lang,
          notices,
        },
        plan,
      );
      // Recorded before writing: a write that fails half-way leaves nothing that cannot be undone.
      this.storeMarkRecord(marks.interim);
      this.settings.set(OWNED_KEY, unionOwned(ownedBefore, out.owned));
      await saveSettings(this.settings);
      await queueInBatches(context, marks.ops);
      progress?.('marks', plan.marks.length, plan.marks.length);
      await queueInBatches(context, out.ops);
      await context.sync();
      progress?.('summary', plan.sheets.length, plan.sheets.length);
      return { record: marks.record, owned: out.owned };
    });
    this.storeMarkRecord(record);
    this.settings.set(OWNED_KEY, owned);
    await saveSettings(this.settings);
    return { notices };
  }

  async clearMarks(): Promise<void> {
    await refreshSettings(this.settings);
    const old = readMarkRecord(this.settings.get(MARKS_KEY));
    if (!old) return;
    const notices: string[] = [];
    const record = await this.run(async (context) => {
      const { sheets, comments } = await this.currentSheets(context);
      const job = { context, features: this.features, sheets, lang: this.lang, notices, commentCount: comments };
      const inspection = inspectMarks(job, [], old);
      await queueInBatches(context, inspection.reads);
      await context.sync();
      if (inspection.needsCommentCells()) {
        await queueInBatches(context, inspection.commentCellReads());
        await context.sync();
      }
      const { ops, record, interim } = inspection.planWrites();
      this.storeMarkRecord(interim);
      await saveSettings(this.settings);
      await queueInBatches(context, ops);
      await context.sync();
      return record;
    });
    this.storeMarkRecord(record);
    await saveSettings(this.settings);
    // What is left is on protected sheets: say so rather than pretend it is clear.
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

  /** What the last read saw (used once), else a fresh sheet list. */
  private async currentSheets(context: Excel.RequestContext): Promise<{ sheets: SheetInfo[]; comments?: number }> {
    const seen = this.sheetsSeen;
    this.sheetsSeen = undefined;
    return seen ?? { sheets: await loadSheetList(context) };
  }

  private storeMarkRecord(record: MarkRecord | undefined): void {
    if (record) this.settings.set(MARKS_KEY, record);
    else this.settings.remove(MARKS_KEY);
  }
}

function unionOwned(a: OwnedSheet[], b: OwnedSheet[]): OwnedSheet[] {
  const names = new Set(a.map((o) => o.name));
  return [...a, ...b.filter((o) => !names.has(o.name))];
}

async function loadSheetList(context: Excel.RequestContext): Promise<SheetInfo[]> {
  const collection = context.workbook.worksheets;
  collection.load('items/id,items/name,items/visibility,items/protection/protected');
  await context.sync();
  return collection.items.map(sheetInfo);
}

export function createExcelPort(options?: ExcelPortOptions): WorkbookPort {
  return new ExcelWorkbookPort(options);
}
