/**
 * Cell marks: each flagged cell shows a colour by severity and carries a short note; 清除标记 takes
 * every mark away again.
 *
 * The colour is a conditional format — a custom rule that always holds (ExcelApi 1.6) — over the
 * flagged cells, one per sheet and severity, added on top of the person's own rules. The cells' own
 * fills are never written, so removing the rule shows exactly the fill underneath, whatever the person
 * did meanwhile (refilled or cleared a cell, sorted, inserted rows). The rule's formula carries a
 * marker; replacing or clearing marks deletes every conditional format whose rule carries it, wherever
 * it is now (a sort, a row insert or a copy can move or split a rule), and no other.
 *
 * A note (ExcelApi 1.18; a threaded comment on older hosts, 1.10) goes only on a cell that has none.
 * Ours are found again by their text — the workbook's settings keep a hash of each one per sheet — in
 * whatever cell they moved to, and are removed only while their text is still what we wrote.
 *
 * Version 1 marked by filling cells and recorded every cell's previous fill. Such a record is honoured
 * once, as version 1 did: a cell still showing the mark colour gets its recorded fill back.
 *
 * Knowing what is there takes loads: see MarkInspection. Writing is planMarks(): its ops fit in one
 * round trip for thousands of marks (cut at about 4 MB by queueInBatches).
 */
import { columnIndex } from '../core/grid';
import type { Mark } from '../core/port';
import type { Severity } from '../core/types';
import { addressLists, cellAddress, columnRuns, runAddress, splitSheetAddress, type CellPos } from './address';
import { COMMAND_BYTES, textBytes, type QueuedOp } from './batch';
import type { ExcelFeatures } from './features';
import { notice, type NoticeLanguage } from './notices';
import type { SheetInfo } from './read';

export const MARK_FILL: Record<Severity, string> = {
  error: '#FFC7CE',
  warning: '#FFEB9C',
  info: '#DDEBF7',
};

/** Text that identifies our rules; a rule is ours when its formula contains it. */
const MARKER = 'LedgerCheck 台账校验标记';
/**
 * The rule's formula: always true, and readable where the person meets it (Conditional Formatting >
 * Manage Rules). A constant string keeps it unchanged wherever the rule is moved or copied.
 */
export const MARK_RULE = `=ISTEXT("${MARKER}：点“清除标记”即可移除")`;

export function isMarkRule(formula: string | null | undefined): boolean {
  return typeof formula === 'string' && formula.includes(MARKER);
}

/** A sheet that carries our marks, with the hashes of the notes (or comments) we added there. */
export interface MarkedSheet {
  id: string;
  name: string;
  notes: string[];
}

/** What settings key ledgercheck.marks holds. */
export interface MarkRecord {
  v: 2;
  marked: MarkedSheet[];
  /** Ids of the other sheets at marking time: 清除标记 looks at them in the same round trip, for marks copied there. */
  others: string[];
  /** Version-1 cells not restored yet because their sheet was protected (or the host lacked ExcelApi 1.9). */
  legacy?: LegacyRecord;
}

export interface FillState {
  color?: string;
  pattern?: string;
  patternColor?: string;
  patternTintAndShade?: number;
  tintAndShade?: number;
}

/** Version 1's record: each marked cell with the fill it had before. */
export interface LegacyRecord {
  v: 1;
  noteKind: 'note' | 'comment' | 'none';
  sheets: { id: string; name: string }[];
  states: FillState[];
  /** [cell address, index into sheets, index into states, hash of the note we added or ''] */
  cells: [string, number, number, string][];
}

/** A note or threaded comment as found: its text, its place in the sheet's collection, its cell when located, a comment's id. */
export interface Attachment {
  content: string;
  index: number;
  cell?: string;
  id?: string;
}

export interface SheetScan {
  id: string;
  /**
   * Ids of the conditional formats whose rule carries our marker, lowest priority first. The Office.js
   * reference gives a conditional format's id as its priority in the collection: deleting from the
   * bottom up keeps the ids still to delete pointing at the same rules.
   */
  rules: string[];
  notes: Attachment[];
  comments: Attachment[];
}

/** What marking needs to know about the workbook, as plain data (it may be used by a later Excel.run). */
export interface MarkScan {
  /** The sheets looked at, by id: never a protected one. */
  sheets: Map<string, SheetScan>;
  /**
   * True when every note's and comment's cell is known: needed to add notes (only where there is
   * none) and to write in a later batch. Otherwise notes are removed by position, in the same batch.
   */
  located: boolean;
  /** Version-1 cells' fills as they are now, by "sheet id!cell". */
  legacyFills: Map<string, FillState>;
  /** Excel refused to list the conditional formats: no colour is added or removed this time. */
  rulesUnreadable?: boolean;
}

export interface MarkJob {
  context: Excel.RequestContext;
  features: ExcelFeatures;
  /** Every sheet of the workbook now. */
  sheets: SheetInfo[];
  /** Sheets LedgerCheck wrote (they may be replaced in the same batch). */
  owned: Set<string>;
  lang: NoticeLanguage;
  notices: string[];
}

export interface MarkWrites {
  ops: QueuedOp[];
  /** The record once the ops have run. */
  record: MarkRecord | undefined;
  /** The record to keep while they run: old and new notes both, so a write that fails half-way leaves nothing unclearable. */
  interim: MarkRecord | undefined;
  /** The rules could not be listed: no colour was added, and earlier colours (if any) stay. */
  coloursUntouched: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const OUR_COLOURS = new Set(Object.values(MARK_FILL).map((c) => c.toUpperCase()));
/** What is loaded of each conditional format: customOrNullObject, because `custom` fails on rules of other types. */
const RULE_PROPERTIES = 'items/id,items/type,items/priority,items/customOrNullObject/rule/formula';
const FILL_PROPERTIES = {
  format: { fill: { color: true, pattern: true, patternColor: true, patternTintAndShade: true, tintAndShade: true } },
};
/** Request bytes of locating one note or comment: getItemAt, its load, getLocation and its load. */
const LOCATE_BYTES = 3 * COMMAND_BYTES;
/** Response bytes of one located note or comment (its text, cell and id), a generous guess. */
const LOCATE_RESPONSE_BYTES = 400;

export function hashNote(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text.replace(/\r\n?/g, '\n').trim()) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The record in the settings; a version-1 record is read as a version-2 one whose fills are still to restore. */
export function readMarkRecord(raw: unknown): MarkRecord | undefined {
  const r = raw as Partial<MarkRecord> | Partial<LegacyRecord> | null | undefined;
  if (r?.v === 2 && Array.isArray(r.marked) && Array.isArray(r.others)) return r as MarkRecord;
  if (r?.v !== 1 || !Array.isArray(r.cells) || !Array.isArray(r.sheets) || !Array.isArray(r.states)) return undefined;
  const legacy = r as LegacyRecord;
  const marked = legacy.sheets.map((s, i) => ({
    id: s.id,
    name: s.name,
    notes: [...new Set(legacy.cells.filter((c) => c[1] === i && c[3]).map((c) => c[3]))],
  }));
  return { v: 2, marked, others: [], legacy };
}

/** Ids of every sheet a record names. */
export function recordedSheetIds(record: MarkRecord): string[] {
  return [...new Set([...record.marked.map((m) => m.id), ...record.others, ...(record.legacy?.sheets.map((s) => s.id) ?? [])])];
}

interface SheetLoad {
  id: string;
  rules?: Excel.ConditionalFormatCollection;
  notes?: Excel.NoteCollection;
  comments?: Excel.CommentCollection;
  noteCount?: OfficeExtension.ClientResult<number>;
  commentCount?: OfficeExtension.ClientResult<number>;
  ws: Excel.Worksheet;
}

interface Locating {
  sheetId: string;
  kind: 'note' | 'comment';
  index: number;
  item?: Excel.Note | Excel.Comment;
  location?: Excel.Range;
}

/**
 * The loads that find our conditional formats, every note and comment, and version-1 fills.
 *
 * Located (for validation, riding on the read's round trips): queueSheet() with the used ranges counts
 * each sheet's notes and comments; followUps() then locates each of them (text and cell), in bounded
 * batches. Not located (for 清除标记, whose writes follow in the same batch): queueSheet() alone loads
 * every note's and comment's text, and planMarks() removes ours by position or id.
 */
export class MarkInspection {
  private loads: SheetLoad[] = [];
  private locating: Locating[] = [];
  private legacyReads: { sheetId: string; keys: string[]; result: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
  private rulesReadable = true;

  constructor(
    private readonly features: ExcelFeatures,
    private readonly record: MarkRecord | undefined,
    private readonly located: boolean,
  ) {}

  /** Queue the first look at one sheet (ws may be a proxy for a sheet not known to exist yet: the sync then fails with ItemNotFound). */
  queueSheet(id: string, ws: Excel.Worksheet): void {
    const rules = this.rulesReadable ? ws.getRange().conditionalFormats.load(RULE_PROPERTIES) : undefined;
    const load: SheetLoad = { id, rules, ws };
    if (this.located) {
      if (this.features.notes) load.noteCount = ws.notes.getCount();
      if (this.features.comments) load.commentCount = ws.comments.getCount();
    } else {
      if (this.features.notes) (load.notes = ws.notes).load('items/content');
      if (this.features.comments) (load.comments = ws.comments).load('items/id,items/content');
    }
    this.loads.push(load);
    this.queueLegacyFills(id, ws);
  }

  /**
   * For a batch that failed with these loads in it: forget them and queue again without the
   * conditional formats (Office.js issues report reading them failing on some workbooks). False when
   * they were left out already: the failure is not theirs.
   */
  withoutRules(): boolean {
    if (!this.rulesReadable) return false;
    this.rulesReadable = false;
    this.forget();
    return true;
  }

  /** For a batch that failed with these loads in it, queued again differently: forget them. */
  forget(): void {
    this.loads = [];
    this.legacyReads = [];
  }

  /**
   * After queueSheet()'s loads have synced (located only): one op per note and comment, finding its
   * text and cell, on the sheets `counts` keeps (not protected ones: they are not touched).
   */
  followUps(counts: (sheetId: string) => boolean = () => true): QueuedOp[] {
    const ops: QueuedOp[] = [];
    for (const load of this.loads) {
      if (!counts(load.id)) continue;
      const count = (kind: 'note' | 'comment') => (kind === 'note' ? load.noteCount : load.commentCount)?.value ?? 0;
      for (const kind of ['note', 'comment'] as const) {
        for (let index = 0; index < count(kind); index++) {
          const slot: Locating = { sheetId: load.id, kind, index };
          this.locating.push(slot);
          ops.push({
            bytes: LOCATE_BYTES,
            response: LOCATE_RESPONSE_BYTES,
            // Re-queued as a whole when a batch is refused as too large, so each run fills the slot afresh.
            queue: () => {
              if (kind === 'note') {
                const note = (slot.item = load.ws.notes.getItemAt(index));
                note.load('content');
                slot.location = note.getLocation();
              } else {
                const comment = (slot.item = load.ws.comments.getItemAt(index));
                comment.load('id,content');
                slot.location = comment.getLocation();
              }
              slot.location.load('address');
            },
          });
        }
      }
    }
    return ops;
  }

  /** Everything loaded, as data, of the sheets `counts` keeps (not protected ones: they are not touched). */
  result(counts: (sheetId: string) => boolean = () => true): MarkScan {
    const sheets = new Map<string, SheetScan>();
    for (const load of this.loads) {
      if (!counts(load.id)) continue;
      const scan: SheetScan = { id: load.id, rules: load.rules ? ourRules(load.rules) : [], notes: [], comments: [] };
      load.notes?.items.forEach((n, index) => scan.notes.push({ content: n.content, index }));
      load.comments?.items.forEach((c, index) => scan.comments.push({ content: c.content, index, id: c.id }));
      sheets.set(load.id, scan);
    }
    for (const slot of this.locating) {
      const scan = sheets.get(slot.sheetId);
      if (!scan || !slot.item || !slot.location) continue;
      const cell = splitSheetAddress(slot.location.address).cell;
      if (slot.kind === 'note') scan.notes.push({ content: slot.item.content, index: slot.index, cell });
      else scan.comments.push({ content: slot.item.content, index: slot.index, cell, id: (slot.item as Excel.Comment).id });
    }
    const legacyFills = new Map<string, FillState>();
    for (const read of this.legacyReads) {
      if (!counts(read.sheetId)) continue;
      read.result.value.forEach((row, i) => legacyFills.set(read.keys[i], { ...(row[0].format?.fill ?? {}) } as FillState));
    }
    return { sheets, located: this.located, legacyFills, ...(this.rulesReadable ? {} : { rulesUnreadable: true }) };
  }

  /** Version-1 cells on this sheet: their fills now, to tell whether they still show the mark colour. */
  private queueLegacyFills(sheetId: string, ws: Excel.Worksheet): void {
    const legacy = this.record?.legacy;
    if (!legacy || !this.features.cellProperties) return;
    const cells = legacy.cells.filter((c) => legacy.sheets[c[1]]?.id === sheetId).map((c) => parseCell(c[0]));
    for (const run of columnRuns(cells)) {
      const keys: string[] = [];
      for (let row = run.top; row <= run.bottom; row++) keys.push(`${sheetId}!${cellAddress(row, run.col)}`);
      this.legacyReads.push({ sheetId, keys, result: ws.getRange(runAddress(run)).getCellProperties(FILL_PROPERTIES) });
    }
  }
}

/** The ids of our rules in a loaded collection, lowest priority first (see SheetScan.rules). */
function ourRules(rules: Excel.ConditionalFormatCollection): string[] {
  return rules.items
    .filter((cf) => cf.type === 'Custom' && !cf.customOrNullObject.isNullObject && isMarkRule(cf.customOrNullObject.rule.formula))
    .sort((a, b) => b.priority - a.priority)
    .map((cf) => cf.id);
}

/**
 * Our rules as they are now, for writes in a later batch than the scan: an id is a priority, so a rule
 * the person added or deleted in between would make an old id name one of theirs. One round trip, and
 * only when there are rules of ours to replace; a sheet deleted meanwhile fails it (ItemNotFound).
 */
export async function refreshRules(context: Excel.RequestContext, scan: MarkScan): Promise<MarkScan> {
  const loads = [...scan.sheets.values()]
    .filter((s) => s.rules.length > 0)
    .map((s) => ({ s, rules: context.workbook.worksheets.getItem(s.id).getRange().conditionalFormats.load(RULE_PROPERTIES) }));
  if (loads.length === 0) return scan;
  await context.sync();
  const sheets = new Map(scan.sheets);
  for (const { s, rules } of loads) sheets.set(s.id, { ...s, rules: ourRules(rules) });
  return { ...scan, sheets };
}

interface Target {
  sheet: SheetInfo;
  address: string;
  pos: CellPos;
  severity: Severity;
  note: string;
}

/**
 * The writes that replace the marks `old` describes (and whatever `scan` found of ours) by `marks`; an
 * empty list clears them. Order: our rules and notes out, version-1 fills back, new rules and notes in.
 */
export function planMarks(job: MarkJob, marks: Mark[], old: MarkRecord | undefined, scan: MarkScan): MarkWrites {
  const { context, features, lang, notices } = job;
  const byName = new Map(job.sheets.map((s) => [s.name, s]));
  const byId = new Map(job.sheets.map((s) => [s.id, s]));
  const noteKind = features.notes ? 'note' : features.comments ? 'comment' : 'none';
  const proxies = new Map<string, Excel.Worksheet>();
  const sheetProxy = (id: string) => {
    let ws = proxies.get(id);
    if (!ws) proxies.set(id, (ws = context.workbook.worksheets.getItem(id)));
    return ws;
  };
  const ruleCollections = new Map<string, Excel.ConditionalFormatCollection>();
  const rulesOf = (id: string) => {
    let rules = ruleCollections.get(id);
    if (!rules) ruleCollections.set(id, (rules = sheetProxy(id).getRange().conditionalFormats));
    return rules;
  };

  // What to mark: one mark per cell, the gravest colour, every note.
  const targets = new Map<string, Target>();
  const skipped = new Set<string>();
  for (const m of marks) {
    const sheet = byName.get(m.sheet);
    if (!sheet || sheet.protected) {
      if (!skipped.has(m.sheet)) notices.push(notice(lang, sheet ? 'protectedSheet' : 'missingSheet', m.sheet));
      skipped.add(m.sheet);
      continue;
    }
    const address = cellAddress(m.row, m.col);
    const key = `${sheet.id}!${address}`;
    const same = targets.get(key);
    if (same) {
      if (SEVERITY_RANK[m.severity] < SEVERITY_RANK[same.severity]) same.severity = m.severity;
      if (m.note && !same.note.includes(m.note)) same.note = same.note ? `${same.note}\n${m.note}` : m.note;
    } else {
      targets.set(key, { sheet, address, pos: { row: m.row, col: m.col }, severity: m.severity, note: m.note });
    }
  }
  if (targets.size && !scan.located) throw new Error('marking needs the notes located (MarkInspection located)');

  const removals: QueuedOp[] = [];
  const additions: QueuedOp[] = [];

  // 1. Our rules, wherever they are now.
  for (const s of scan.sheets.values()) {
    for (const ruleId of s.rules) removals.push({ bytes: COMMAND_BYTES + ruleId.length, queue: () => rulesOf(s.id).getItem(ruleId).delete() });
  }

  // 2. Our notes and comments: the ones whose text hashes to one we wrote on that sheet. One that sits
  // on a cell marked again is kept (same text) or rewritten; the others go.
  const hashesOf = new Map((old?.marked ?? []).map((m) => [m.id, new Set(m.notes)]));
  const attachmentAt = new Map<string, { a: Attachment; kind: 'note' | 'comment'; ours: boolean }>();
  const ourLoose: { sheetId: string; a: Attachment; kind: 'note' | 'comment' }[] = [];
  for (const s of scan.sheets.values()) {
    const hashes = hashesOf.get(s.id);
    for (const [kind, list] of [['note', s.notes], ['comment', s.comments]] as const) {
      for (const a of list) {
        const ours = !!hashes?.has(hashNote(a.content));
        if (a.cell) attachmentAt.set(`${s.id}!${a.cell}`, { a, kind, ours });
        if (ours) ourLoose.push({ sheetId: s.id, a, kind });
      }
    }
  }
  const reused = new Set<Attachment>();

  // 3. Marks: a rule per sheet and severity, a note where the cell has none of the person's.
  const colour = new Map<string, Map<Severity, CellPos[]>>();
  const newHashes = new Map<string, Set<string>>();
  let foreign = 0;
  for (const [key, t] of targets) {
    const perSheet = colour.get(t.sheet.id) ?? new Map<Severity, CellPos[]>();
    colour.set(t.sheet.id, perSheet);
    pushTo(perSheet, t.severity, t.pos);
    if (!t.note) continue;
    const existing = attachmentAt.get(key);
    if (existing && !existing.ours) {
      foreign++;
      continue;
    }
    if (noteKind === 'none') continue;
    const hashes = newHashes.get(t.sheet.id) ?? new Set<string>();
    newHashes.set(t.sheet.id, hashes);
    hashes.add(hashNote(t.note));
    const ws = () => sheetProxy(t.sheet.id);
    if (existing && existing.kind === noteKind) {
      reused.add(existing.a);
      if (existing.a.content === t.note) continue;
      additions.push({
        bytes: COMMAND_BYTES + textBytes(t.note),
        queue: () => {
          const item = existing.kind === 'note' ? ws().notes.getItem(t.address) : ws().comments.getItem(existing.a.id!);
          item.content = t.note;
        },
      });
    } else {
      additions.push({
        bytes: (noteKind === 'note' ? 1 : 2) * COMMAND_BYTES + textBytes(t.note),
        queue: () => {
          if (noteKind === 'note') ws().notes.add(t.address, t.note);
          else ws().comments.add(ws().getRange(t.address), t.note);
        },
      });
    }
  }
  // Notes by position go last first, so that removing one does not move the next.
  const loose = ourLoose.filter((o) => !reused.has(o.a)).sort((x, y) => y.a.index - x.a.index);
  for (const { sheetId, a, kind } of loose) {
    removals.push({
      bytes: COMMAND_BYTES,
      queue: () => {
        const ws = sheetProxy(sheetId);
        if (kind === 'comment') ws.comments.getItem(a.id!).delete();
        else (a.cell ? ws.notes.getItem(a.cell) : ws.notes.getItemAt(a.index)).delete();
      },
    });
  }

  const ruleAdds: QueuedOp[] = [];
  // Without the list of rules, ours from before could not be removed: adding more would stack them.
  for (const [sheetId, perSeverity] of scan.rulesUnreadable ? [] : colour) {
    for (const [severity, cells] of perSeverity) {
      const addRule = (range: () => Excel.Range | Excel.RangeAreas, bytes: number) =>
        ruleAdds.push({
          bytes: 5 * COMMAND_BYTES + bytes,
          queue: () => {
            const rule = range().conditionalFormats.add('Custom');
            rule.custom.rule.formula = MARK_RULE;
            rule.custom.format.fill.color = MARK_FILL[severity];
            rule.stopIfTrue = false;
          },
        });
      const runs = columnRuns(cells).map(runAddress);
      if (features.cellProperties) {
        for (const list of addressLists(runs)) addRule(() => sheetProxy(sheetId).getRanges(list), list.length);
      } else {
        // Without ExcelApi 1.9 (no RangeAreas): one rule per run of adjacent cells.
        for (const run of runs) addRule(() => sheetProxy(sheetId).getRange(run), run.length);
      }
    }
  }

  // 4. Version-1 cells: their recorded fill back where the mark colour still shows.
  const legacy = planLegacy(job, old?.legacy, scan, sheetProxy);

  // 5. The record.
  const marked: MarkedSheet[] = [];
  const protectedOld = new Set<string>();
  for (const m of old?.marked ?? []) {
    const sheet = byId.get(m.id);
    // A protected sheet keeps its marks (and their record) until it is unprotected.
    if (sheet?.protected) {
      marked.push({ ...m, name: sheet.name });
      protectedOld.add(sheet.name);
    }
  }
  for (const name of legacy.protectedSheets) protectedOld.add(name);
  for (const name of protectedOld) notices.push(notice(lang, 'protectedOldMarks', name));
  for (const sheetId of colour.keys()) {
    const sheet = byId.get(sheetId)!;
    marked.push({ id: sheetId, name: sheet.name, notes: [...(newHashes.get(sheetId) ?? [])] });
  }
  if (scan.rulesUnreadable) {
    // Earlier colours could not be removed: their sheets stay in the record, so 清除标记 still finds them.
    const now = new Set(marked.map((m) => m.id));
    for (const m of old?.marked ?? []) {
      const sheet = byId.get(m.id);
      if (sheet && !now.has(m.id)) marked.push({ ...m, name: sheet.name });
    }
  }
  const markedIds = new Set(marked.map((m) => m.id));
  // Protected sheets are not looked at (loading their rules can fail the batch): one unprotected later takes 清除标记 a round trip more.
  const others = job.sheets.filter((s) => !markedIds.has(s.id) && !job.owned.has(s.name) && !s.protected).map((s) => s.id);
  const recordOf = (sheets: MarkedSheet[], legacyRecord: LegacyRecord | undefined): MarkRecord | undefined =>
    sheets.length || legacyRecord ? { v: 2, marked: sheets, others, ...(legacyRecord ? { legacy: legacyRecord } : {}) } : undefined;

  // While writing, the old notes may still be there: keep their hashes too.
  const interimSheets = new Map(marked.map((m) => [m.id, { ...m, notes: [...m.notes] }]));
  for (const m of old?.marked ?? []) {
    const sheet = byId.get(m.id);
    if (!sheet) continue;
    const entry = interimSheets.get(m.id) ?? { id: m.id, name: sheet.name, notes: [] };
    entry.notes = [...new Set([...entry.notes, ...m.notes])];
    interimSheets.set(m.id, entry);
  }

  if (foreign) notices.push(notice(lang, 'foreignNotes', foreign));
  if (targets.size && noteKind === 'comment') notices.push(notice(lang, 'commentsInsteadOfNotes'));
  if (targets.size && noteKind === 'none') notices.push(notice(lang, 'noNotes'));

  return {
    ops: [...removals, ...legacy.ops, ...ruleAdds, ...additions],
    record: recordOf(marked, legacy.kept),
    interim: recordOf([...interimSheets.values()], old?.legacy),
    coloursUntouched: !!scan.rulesUnreadable && (targets.size > 0 || !!old?.marked.length),
  };
}

/** Version 1's cells: restore where the mark colour still shows, keep those on protected sheets for later. */
function planLegacy(
  job: MarkJob,
  legacy: LegacyRecord | undefined,
  scan: MarkScan,
  sheetProxy: (id: string) => Excel.Worksheet,
): { ops: QueuedOp[]; kept: LegacyRecord | undefined; protectedSheets: Set<string> } {
  const protectedSheets = new Set<string>();
  if (!legacy) return { ops: [], kept: undefined, protectedSheets };
  const { lang, notices } = job;
  const byId = new Map(job.sheets.map((s) => [s.id, s]));
  const kept: LegacyRecord['cells'] = [];
  const restore = new Map<string, Map<number, string[]>>(); // sheet id → state → cells
  const missing = new Set<string>();
  let moved = 0;
  for (const cell of legacy.cells) {
    const [address, sheetIndex, stateIndex] = cell;
    const ref = legacy.sheets[sheetIndex];
    const sheet = byId.get(ref.id);
    if (!sheet) {
      missing.add(ref.name);
      continue;
    }
    if (sheet.protected || !job.features.cellProperties) {
      kept.push(cell);
      if (sheet.protected) protectedSheets.add(sheet.name);
      continue;
    }
    const now = scan.legacyFills.get(`${sheet.id}!${address}`);
    // Version 1 set only the colour, so the colour tells whether the cell still shows its mark.
    if (!now || !OUR_COLOURS.has((now.color ?? '').toUpperCase())) {
      moved++;
      continue;
    }
    const perSheet = restore.get(sheet.id) ?? new Map<number, string[]>();
    restore.set(sheet.id, perSheet);
    pushTo(perSheet, stateIndex, address);
  }
  for (const name of missing) notices.push(notice(lang, 'missingSheet', name));
  if (moved) notices.push(notice(lang, 'legacyMovedMarks', moved));
  if (!job.features.cellProperties && kept.length) notices.push(notice(lang, 'legacyNeedsApi'));
  const ops: QueuedOp[] = [];
  for (const [sheetId, perState] of restore) {
    for (const [stateIndex, addresses] of perState) {
      for (const list of addressLists(addresses)) {
        ops.push({
          bytes: 6 * COMMAND_BYTES + list.length,
          queue: () => restoreFill(sheetProxy(sheetId).getRanges(list).format.fill, legacy.states[stateIndex]),
        });
      }
    }
  }
  return { ops, kept: kept.length ? { ...legacy, cells: kept } : undefined, protectedSheets };
}

/** Put a recorded fill back: "None" clears it; otherwise every recorded property, colour first. */
function restoreFill(fill: Excel.RangeFill, state: FillState): void {
  if (!state.pattern || state.pattern === 'None') {
    fill.clear();
    return;
  }
  if (state.color !== undefined) fill.color = state.color;
  fill.pattern = state.pattern as Excel.FillPattern;
  if (state.patternColor !== undefined) fill.patternColor = state.patternColor;
  if (state.patternTintAndShade !== undefined) fill.patternTintAndShade = state.patternTintAndShade;
  if (state.tintAndShade !== undefined) fill.tintAndShade = state.tintAndShade;
}

/** "C12" → its position. */
function parseCell(address: string): CellPos {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { row: Number(m[2]), col: columnIndex(m[1]) };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
