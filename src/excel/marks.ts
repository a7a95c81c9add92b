/**
 * Cell marks: a fill by severity and a short note on each flagged cell, undone exactly.
 *
 * Before a cell is first marked, its fill (colour, pattern, pattern colour, tints — ExcelApi 1.9
 * cell properties) is recorded; the record lives in the workbook's add-in settings so that it can be
 * read without a round trip. Marking again starts from the record, so marks never stack, and clearing
 * restores each recorded fill. A note is only added to a cell that has none: the person's notes and
 * comments are never edited, and ours are removed only while their text is still what we wrote.
 *
 * Round trips: one to inspect (fills of newly marked cells, which notes exist, how many threaded
 * comments there are), one more only when the workbook has threaded comments (their cells), and one
 * to write; large batches are split at about 4 MB.
 */
import { columnIndex } from '../core/grid';
import type { Mark } from '../core/port';
import type { Severity } from '../core/types';
import { addressLists, cellAddress, columnRuns, runAddress, splitSheetAddress, type CellPos } from './address';
import { COMMAND_BYTES, textBytes, type QueuedOp } from './batch';
import type { ExcelFeatures } from './features';
import { notice, type NoticeLanguage } from './notices';
import type { SheetInfo } from './read';

export interface FillState {
  color?: string;
  pattern?: string;
  patternColor?: string;
  patternTintAndShade?: number;
  tintAndShade?: number;
}

export type NoteKind = 'note' | 'comment' | 'none';

/** What settings key ledgercheck.marks holds. */
export interface MarkRecord {
  v: 1;
  noteKind: NoteKind;
  sheets: { id: string; name: string }[];
  states: FillState[];
  /** [cell address, index into sheets, index into states, hash of the note we added or ''] */
  cells: [string, number, number, string][];
}

export const MARK_FILL: Record<Severity, string> = {
  error: '#FFC7CE',
  warning: '#FFEB9C',
  info: '#DDEBF7',
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const OUR_COLOURS = new Set(Object.values(MARK_FILL).map((c) => c.toUpperCase()));

const positionKey = (p: CellPos) => `${p.col}:${p.row}`;

/** "C12" → its position. */
function parseCell(address: string): CellPos {
  const m = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { row: Number(m[2]), col: columnIndex(m[1]) };
}
const FILL_PROPERTIES = {
  format: { fill: { color: true, pattern: true, patternColor: true, patternTintAndShade: true, tintAndShade: true } },
};
/** Gradients have stops the API cannot read back: such a cell is not colour-marked. */
const UNRESTORABLE_PATTERNS = new Set(['LinearGradient', 'RectangularGradient']);
/** Request bytes of getRange(a).getCellProperties({fill…}): the range's object path plus the method and its options. */
const FILL_READ_BYTES = 350;
/** Response bytes of one cell's fill properties. */
const FILL_RESPONSE_BYTES = 160;
/** Request and response bytes of notes.getItemOrNullObject(a).load('content') on a cell without a note. */
const NOTE_CHECK_BYTES = 270;
const NOTE_CHECK_RESPONSE = 60;

interface OldCell {
  sheet: SheetInfo | undefined;
  sheetName: string;
  address: string;
  state: FillState;
  noteHash: string;
}

interface TargetCell {
  sheet: SheetInfo;
  address: string;
  pos: CellPos;
  severity: Severity;
  note: string;
  fill?: FillState;
}

interface Attachment {
  content: string;
  note?: Excel.Note;
}

export interface MarkJob {
  context: Excel.RequestContext;
  features: ExcelFeatures;
  sheets: SheetInfo[];
  lang: NoticeLanguage;
  notices: string[];
  /** Threaded comments in the workbook, when the last read counted them. */
  commentCount?: number;
}

export interface MarkWrites {
  ops: QueuedOp[];
  /** The record once the ops have run. */
  record: MarkRecord | undefined;
  /**
   * The record to keep while they run: also the cells being restored, so that if the write fails
   * half-way every cell that may carry a mark can still be cleared.
   */
  interim: MarkRecord | undefined;
}

/** Queued reads of one marking pass; planWrites() turns what they loaded into writes. */
export interface MarkInspection {
  /** Loads to queue (in bounded batches) and sync before anything else. */
  reads: QueuedOp[];
  /** True when a second read is needed: the workbook has threaded comments and we must know their cells. */
  needsCommentCells(): boolean;
  /** That second read: each comment's text and cell. */
  commentCellReads(): QueuedOp[];
  planWrites(): MarkWrites;
}

export function hashNote(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text.replace(/\r\n?/g, '\n').trim()) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export function readMarkRecord(raw: unknown): MarkRecord | undefined {
  const r = raw as MarkRecord | undefined;
  if (!r || r.v !== 1 || !Array.isArray(r.cells) || !Array.isArray(r.sheets) || !Array.isArray(r.states)) return undefined;
  return r;
}

/**
 * Queue what must be known to replace `old` marks by `marks` (an empty list clears them all).
 * Nothing is written yet.
 */
export function inspectMarks(job: MarkJob, marks: Mark[], old: MarkRecord | undefined): MarkInspection {
  const { context, features, lang, notices } = job;
  const byName = new Map(job.sheets.map((s) => [s.name, s]));
  const byId = new Map(job.sheets.map((s) => [s.id, s]));
  const worksheets = context.workbook.worksheets;
  const noteKind: NoteKind = features.notes ? 'note' : features.comments ? 'comment' : 'none';
  // One proxy per sheet, reused by every command of this run.
  const proxies = new Map<string, Excel.Worksheet>();
  const sheetProxy = (id: string) => {
    let ws = proxies.get(id);
    if (!ws) proxies.set(id, (ws = worksheets.getItem(id)));
    return ws;
  };

  const oldCells = new Map<string, OldCell>();
  for (const [address, sheetIndex, stateIndex, noteHash] of old?.cells ?? []) {
    const ref = old!.sheets[sheetIndex];
    const sheet = byId.get(ref.id);
    oldCells.set(`${ref.id}!${address}`, { sheet, sheetName: ref.name, address, state: old!.states[stateIndex], noteHash });
  }

  const targets = new Map<string, TargetCell>();
  const skippedSheets = new Set<string>();
  for (const m of features.cellProperties ? marks : []) {
    const sheet = byName.get(m.sheet);
    if (!sheet || sheet.protected) {
      if (!skippedSheets.has(m.sheet)) notices.push(notice(lang, sheet ? 'protectedSheet' : 'missingSheet', m.sheet));
      skippedSheets.add(m.sheet);
      continue;
    }
    const address = cellAddress(m.row, m.col);
    const key = `${sheet.id}!${address}`;
    const same = targets.get(key);
    if (same) {
      // Several issues on one cell: one mark, the gravest colour, every note.
      if (SEVERITY_RANK[m.severity] < SEVERITY_RANK[same.severity]) same.severity = m.severity;
      if (m.note && !same.note.includes(m.note)) same.note = same.note ? `${same.note}\n${m.note}` : m.note;
    } else {
      targets.set(key, { sheet, address, pos: { row: m.row, col: m.col }, severity: m.severity, note: m.note });
    }
  }
  if (!features.cellProperties && marks.length) notices.push(notice(lang, 'noExactFill'));

  const reads: QueuedOp[] = [];
  // Fills of cells not marked before (a cell marked before shows our colour; its own fill is in the record).
  const fillReads: { cells: TargetCell[]; result?: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
  const unmarked = [...targets.entries()].filter(([k]) => !oldCells.has(k)).map(([, t]) => t);
  for (const [sheetId, cells] of groupBy(unmarked, (t) => t.sheet.id)) {
    const byPosition = new Map(cells.map((c) => [`${c.pos.col}:${c.pos.row}`, c]));
    for (const run of columnRuns(cells.map((c) => c.pos))) {
      const read: (typeof fillReads)[number] = { cells: [] };
      for (let row = run.top; row <= run.bottom; row++) read.cells.push(byPosition.get(`${run.col}:${row}`)!);
      fillReads.push(read);
      reads.push({
        bytes: FILL_READ_BYTES,
        response: read.cells.length * FILL_RESPONSE_BYTES,
        queue: () => (read.result = sheetProxy(sheetId).getRange(runAddress(run)).getCellProperties(FILL_PROPERTIES)),
      });
    }
  }

  // Fills of the cells marked last time, as they are now: a cell that no longer shows our colour was
  // refilled by the person or has moved (rows inserted, deleted or sorted) and is not restored.
  const oldFillsNow = new Map<string, FillState>();
  const oldReads: { keys: string[]; result?: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
  const readable = [...oldCells.entries()].filter(([, o]) => o.sheet && !o.sheet.protected);
  for (const [sheetId, cells] of groupBy(readable, ([, o]) => o.sheet!.id)) {
    const byPosition = new Map(cells.map(([key, o]) => [positionKey(parseCell(o.address)), key]));
    for (const run of columnRuns(cells.map(([, o]) => parseCell(o.address)))) {
      const read: (typeof oldReads)[number] = { keys: [] };
      for (let row = run.top; row <= run.bottom; row++) read.keys.push(byPosition.get(positionKey({ row, col: run.col }))!);
      oldReads.push(read);
      reads.push({
        bytes: FILL_READ_BYTES,
        response: read.keys.length * FILL_RESPONSE_BYTES,
        queue: () => (read.result = sheetProxy(sheetId).getRange(runAddress(run)).getCellProperties(FILL_PROPERTIES)),
      });
    }
  }
  const stillOurs = (key: string) => {
    const now = oldFillsNow.get(key);
    // Marking sets only the colour (a patterned cell keeps its pattern), so the colour is what tells.
    return !!now && OUR_COLOURS.has((now.color ?? '').toUpperCase());
  };

  // Which of the cells we touch carry a note now (ours from last time, or the person's); a sheet the
  // last read counted no notes on needs no look.
  const notesNow = new Map<string, Excel.Note>();
  if (features.notes) {
    const noteKeys = new Map<string, { sheet: SheetInfo; address: string }>();
    for (const [key, t] of targets) noteKeys.set(key, t);
    for (const [key, o] of oldCells) if (o.noteHash && o.sheet && !o.sheet.protected) noteKeys.set(key, { sheet: o.sheet, address: o.address });
    for (const [key, { sheet, address }] of noteKeys) {
      if (sheet.notes === 0) continue;
      reads.push({
        bytes: NOTE_CHECK_BYTES,
        response: NOTE_CHECK_RESPONSE,
        queue: () => {
          const note = sheetProxy(sheet.id).notes.getItemOrNullObject(address);
          note.load('content');
          notesNow.set(key, note);
        },
      });
    }
  }
  // The count comes from the read when it ran just before; otherwise it is loaded with the other look-ups.
  const comments: { counted?: number; loading?: OfficeExtension.ClientResult<number> } = { counted: job.commentCount };
  if (features.comments && comments.counted === undefined) {
    reads.push({ bytes: COMMAND_BYTES, queue: () => (comments.loading = context.workbook.comments.getCount()) });
  }
  const commentTotal = () => comments.counted ?? comments.loading?.value ?? 0;
  const commentsNow = new Map<string, string>();
  const commentReads: { comment: Excel.Comment; location: Excel.Range }[] = [];

  const attachmentAt = (key: string): Attachment | undefined => {
    const note = notesNow.get(key);
    if (note && !note.isNullObject) return { content: note.content, note };
    const comment = commentsNow.get(key);
    return comment === undefined ? undefined : { content: comment };
  };

  return {
    reads,
    needsCommentCells: () => commentTotal() > 0,
    commentCellReads() {
      return Array.from({ length: commentTotal() }, (_, i) => ({
        bytes: 3 * COMMAND_BYTES,
        response: 200,
        queue: () => {
          const comment = context.workbook.comments.getItemAt(i);
          comment.load('content');
          const location = comment.getLocation();
          location.load('address');
          commentReads.push({ comment, location });
        },
      }));
    },
    planWrites() {
      for (const { comment, location } of commentReads) {
        const at = splitSheetAddress(location.address);
        const sheet = byName.get(at.sheet);
        if (sheet) commentsNow.set(`${sheet.id}!${at.cell}`, comment.content);
      }
      for (const read of oldReads) {
        read.result!.value.forEach((row, i) => oldFillsNow.set(read.keys[i], { ...(row[0].format?.fill ?? {}) } as FillState));
      }
      for (const read of fillReads) {
        read.result!.value.forEach((row, i) => {
          const fill = row[0].format?.fill ?? {};
          read.cells[i].fill = { ...fill } as FillState;
        });
      }

      const ops: QueuedOp[] = [];
      const states: FillState[] = [];
      const stateIndex = new Map<string, number>();
      const indexOfState = (s: FillState) => {
        const k = JSON.stringify(s);
        if (!stateIndex.has(k)) {
          stateIndex.set(k, states.length);
          states.push(s);
        }
        return stateIndex.get(k)!;
      };
      const recordSheets: { id: string; name: string }[] = [];
      const recordSheetIndex = new Map<string, number>();
      const indexOfSheet = (id: string, name: string) => {
        if (!recordSheetIndex.has(id)) {
          recordSheetIndex.set(id, recordSheets.length);
          recordSheets.push({ id, name });
        }
        return recordSheetIndex.get(id)!;
      };
      const cells: MarkRecord['cells'] = [];
      const restoring: MarkRecord['cells'] = [];

      // 1. Take our notes away where they are still ours (the person may have edited or deleted them).
      const oursNow = (key: string, o: OldCell | undefined) => {
        if (!o?.noteHash) return undefined;
        const a = attachmentAt(key);
        return a && hashNote(a.content) === o.noteHash ? a : undefined;
      };
      const removeAttachment = (sheet: SheetInfo, address: string, a: Attachment) => {
        ops.push({
          bytes: COMMAND_BYTES,
          queue: () => {
            if (a.note) a.note.delete();
            else job.context.workbook.comments.getItemByCell(sheetProxy(sheet.id).getRange(address)).delete();
          },
        });
      };

      // 2. Cells marked last time and not now: restore their fill.
      const restore = new Map<string, Map<number, string[]>>(); // sheet id → state → addresses
      let moved = 0;
      const missingOld = new Set<string>();
      const protectedOld = new Set<string>();
      for (const [key, o] of oldCells) {
        if (!o.sheet) {
          missingOld.add(o.sheetName);
          continue;
        }
        if (o.sheet.protected) {
          // Cannot touch it now: keep the record so a later run can restore it.
          protectedOld.add(o.sheet.name);
          cells.push([o.address, indexOfSheet(o.sheet.id, o.sheet.name), indexOfState(o.state), o.noteHash]);
          continue;
        }
        const ours = oursNow(key, o);
        if (ours) removeAttachment(o.sheet, o.address, ours);
        if (!stillOurs(key)) {
          moved++;
          continue;
        }
        if (targets.has(key)) continue;
        const perSheet = restore.get(o.sheet.id) ?? new Map<number, string[]>();
        restore.set(o.sheet.id, perSheet);
        pushTo(perSheet, indexOfState(o.state), o.address);
        restoring.push([o.address, indexOfSheet(o.sheet.id, o.sheet.name), indexOfState(o.state), o.noteHash]);
      }
      if (moved) notices.push(notice(lang, 'movedMarks', moved));
      for (const name of missingOld) notices.push(notice(lang, 'missingSheet', name));
      for (const name of protectedOld) notices.push(notice(lang, 'protectedOldMarks', name));
      for (const [sheetId, perState] of restore) {
        for (const [si, addresses] of perState) {
          for (const list of addressLists(addresses)) {
            ops.push({ bytes: 3 * COMMAND_BYTES + list.length, queue: () => restoreFill(sheetProxy(sheetId).getRanges(list).format.fill, states[si]) });
          }
        }
      }

      // 3. New marks: colour by severity, then a note where the cell has none of the person's.
      let gradients = 0;
      let foreign = 0;
      const colour = new Map<string, Map<Severity, string[]>>();
      const notesToAdd: { sheet: SheetInfo; address: string; text: string }[] = [];
      for (const [key, t] of targets) {
        const o = oldCells.get(key);
        // Marked before and still showing our colour: its own fill is the recorded one; otherwise what it shows now.
        const previous = o && stillOurs(key) ? o.state : o ? oldFillsNow.get(key) ?? o.state : t.fill!;
        if (UNRESTORABLE_PATTERNS.has(previous.pattern ?? '')) {
          gradients++;
          continue;
        }
        const perSheet = colour.get(t.sheet.id) ?? new Map<Severity, string[]>();
        colour.set(t.sheet.id, perSheet);
        pushTo(perSheet, t.severity, t.address);
        let noteHash = '';
        const existing = attachmentAt(key);
        const ours = oursNow(key, o);
        if (existing && !ours) foreign++;
        else if (noteKind !== 'none' && t.note) {
          notesToAdd.push({ sheet: t.sheet, address: t.address, text: t.note });
          noteHash = hashNote(t.note);
        }
        cells.push([t.address, indexOfSheet(t.sheet.id, t.sheet.name), indexOfState(previous), noteHash]);
      }
      for (const [sheetId, perSeverity] of colour) {
        for (const [severity, addresses] of perSeverity) {
          for (const list of addressLists(addresses)) {
            ops.push({
              bytes: COMMAND_BYTES + list.length,
              queue: () => {
                sheetProxy(sheetId).getRanges(list).format.fill.color = MARK_FILL[severity];
              },
            });
          }
        }
      }
      for (const n of notesToAdd) {
        ops.push({
          bytes: COMMAND_BYTES + textBytes(n.text),
          queue: () => {
            const ws = sheetProxy(n.sheet.id);
            if (noteKind === 'note') ws.notes.add(ws.getRange(n.address), n.text);
            else job.context.workbook.comments.add(ws.getRange(n.address), n.text);
          },
        });
      }
      if (gradients) notices.push(notice(lang, 'gradientCells', gradients));
      if (foreign) notices.push(notice(lang, 'foreignNotes', foreign));
      if (targets.size && noteKind === 'comment') notices.push(notice(lang, 'commentsInsteadOfNotes'));
      if (targets.size && noteKind === 'none') notices.push(notice(lang, 'noNotes'));

      const kind = old && !targets.size ? old.noteKind : noteKind;
      const recordOf = (entries: MarkRecord['cells']): MarkRecord | undefined =>
        entries.length ? { v: 1, noteKind: kind, sheets: recordSheets, states, cells: entries } : undefined;
      return { ops, record: recordOf(cells), interim: recordOf([...cells, ...restoring]) };
    },
  };
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

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
