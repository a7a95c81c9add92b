/**
 * A small in-memory Excel behind the slice of the Office.js object model that src/excel uses.
 *
 * Why not only office-addin-mock: its mock objects are static trees — a proxy returned by a method
 * (getRange, getRowProperties, getItemOrNullObject…) is never reached by its sync, writes are not
 * applied to any state, and nothing measures what a sync carries. This fake keeps the Office.js
 * rules that matter here:
 *  - commands run in order; a loaded property is readable only after the next context.sync()
 *    (reading it earlier throws PropertyNotLoaded, as Office.js does);
 *  - a failing command (missing sheet or item, a second note on a cell, a write on a protected
 *    sheet) rejects the next sync, like a RichApi error, and the commands queued after it in the
 *    same batch do not run;
 *  - every sync is logged with the bytes its loads return and an estimate of the bytes its request
 *    carries (each command ≈ 120 bytes of object path and action, plus its arguments as JSON); a
 *    response over 5 MB is rejected with ResponsePayloadSizeLimitExceeded, as Excel on the web does.
 *
 * It also plays the person: sorting rows and inserting rows move values, fills, notes and comments
 * the way Excel does. What a sort does to conditional formats differs between Excel's versions and
 * with how the rule's range was made, so the fake does either: 'stay' leaves each rule's range where
 * it is, 'move' takes each covered cell along with its row (a rule over several cells splits into
 * pieces). Inserting rows shifts a rule's range down, and widens one that spans the insertion point.
 */

export type FakeValue = string | number | boolean;

export interface FakeFill {
  color: string;
  pattern: string;
  patternColor: string;
  patternTintAndShade: number;
  tintAndShade: number;
}

export const NO_FILL: FakeFill = { color: '#FFFFFF', pattern: 'None', patternColor: '#000000', patternTintAndShade: 0, tintAndShade: 0 };

export interface FakeCell {
  value: FakeValue;
  formula?: string;
  numberFormat: string;
  fill: FakeFill;
  bold?: boolean;
  hyperlink?: Excel.RangeHyperlink;
}

export interface FakeNote {
  content: string;
}

export interface FakeComment {
  id: string;
  sheet: FakeSheet;
  address: string;
  content: string;
}

/** A conditional format: its rule's ranges, in priority order on its sheet (index 0 = top). */
export interface FakeConditionalFormat {
  id: string;
  type: string;
  /** The custom rule's formula (custom type only). */
  formula?: string;
  /** The fill colour the rule shows (custom type only). */
  fill?: string;
  stopIfTrue: boolean;
  areas: Area[];
}

export interface FakeSheetInit {
  name: string;
  /** Rows of values from A1 (null = blank). */
  rows?: (FakeValue | null)[][];
  formats?: Record<string, string>;
  merges?: string[];
  hiddenRows?: number[];
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
  protected?: boolean;
}

const RESPONSE_LIMIT = 5 * 1024 * 1024;
/** Request bytes of one command: its object path and action, before its arguments. */
const COMMAND_REQUEST_BYTES = 120;
const MAX_ROW = 1_048_575;
const MAX_COL = 16_383;

export class FakeSheet {
  id: string;
  name: string;
  visibility: string;
  protected: boolean;
  /** Loading this sheet's conditional formats fails with this error code (as the workbook-wide setting does). */
  rulesUnreadable?: string;
  cells = new Map<string, FakeCell>();
  merges: { top: number; left: number; bottom: number; right: number }[] = [];
  hiddenRows = new Set<number>();
  notes = new Map<string, FakeNote>();
  conditionalFormats: FakeConditionalFormat[] = [];
  tables: { name: string; address: string }[] = [];
  pivots: { name: string; source: string; anchor: string; rows: string[]; columns: string[]; values: { field: string; summarizeBy?: string; name?: string }[] }[] = [];
  charts: { type: string; source: string; title?: string; categories?: string; seriesName?: string; anchor?: string }[] = [];
  frozenRows = 0;
  columnWidths = new Map<number, number>();

  constructor(
    id: string,
    init: FakeSheetInit,
    private readonly book: FakeWorkbook,
  ) {
    this.id = id;
    this.name = init.name;
    this.visibility = init.visibility ?? 'Visible';
    this.protected = init.protected ?? false;
    init.rows?.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== null) this.cell(r, c).value = v;
      }),
    );
    for (const [address, fmt] of Object.entries(init.formats ?? {})) {
      const a = parseArea(address);
      for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) this.cell(r, c).numberFormat = fmt;
    }
    this.merges = (init.merges ?? []).map(parseArea);
    for (const r of init.hiddenRows ?? []) this.hiddenRows.add(r);
  }

  cell(r: number, c: number): FakeCell {
    const key = `${r},${c}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { value: '', numberFormat: 'General', fill: { ...NO_FILL } };
      this.cells.set(key, cell);
    }
    return cell;
  }

  peek(r: number, c: number): FakeCell | undefined {
    return this.cells.get(`${r},${c}`);
  }

  /** Extent of cells holding a value (getUsedRange(true)); A1 on an empty sheet. */
  usedArea(): Area {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (const [key, cell] of this.cells) {
      if (cell.value === '' && !cell.formula) continue;
      const [r, c] = key.split(',').map(Number);
      top = Math.min(top, r);
      left = Math.min(left, c);
      bottom = Math.max(bottom, r);
      right = Math.max(right, c);
    }
    return bottom < 0 ? { top: 0, left: 0, bottom: 0, right: 0 } : { top, left, bottom, right };
  }

  /** A conditional format the person made (or any test setup): added at the top, as Excel does. */
  addConditionalFormat(cf: Omit<FakeConditionalFormat, 'id' | 'stopIfTrue' | 'areas'> & { ranges: string; stopIfTrue?: boolean }): FakeConditionalFormat {
    const made: FakeConditionalFormat = {
      id: this.book.nextConditionalFormatId(),
      type: cf.type,
      formula: cf.formula,
      fill: cf.fill,
      stopIfTrue: cf.stopIfTrue ?? false,
      areas: cf.ranges.split(',').map(parseArea),
    };
    this.conditionalFormats.unshift(made);
    return made;
  }

  /**
   * The colour a cell shows: the top conditional format over it whose rule holds, else its own fill.
   * The fake evaluates only constant rules (ours, and =TRUE); any other rule counts as not holding.
   */
  shownColor(address: string): string | undefined {
    const { top: r, left: c } = parseArea(address);
    for (const cf of this.conditionalFormats) {
      if (!cf.fill || !cf.areas.some((a) => inArea(a, r, c))) continue;
      if (cf.formula === '=TRUE' || /^=ISTEXT\("[^"]*"\)$/.test(cf.formula ?? '')) return cf.fill;
    }
    const fill = this.peek(r, c)?.fill;
    return fill && fill.pattern !== 'None' ? fill.color : undefined;
  }

  /**
   * The person sorts rows first..last (0-based, inclusive) by the values of one column, as Excel's
   * Sort does: each row's cells, notes and comments move with it. Conditional formats stay or move
   * (see the file comment). Returns the old row index now at each position.
   */
  sortRows(first: number, last: number, byColumn: number, options: { descending?: boolean; conditionalFormats: 'stay' | 'move' }): number[] {
    const rows = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const key = (r: number) => this.peek(r, byColumn)?.value ?? '';
    const order = [...rows].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (options.descending ? -cmp : cmp) || a - b;
    });
    const newRowOf = new Map(order.map((oldRow, i) => [oldRow, first + i]));
    this.moveRows((r) => newRowOf.get(r) ?? r, options.conditionalFormats === 'move');
    return order;
  }

  /** The person inserts `count` blank rows before row `at` (0-based): everything from there moves down. */
  insertRows(at: number, count: number): void {
    this.moveRows((r) => (r >= at ? r + count : r), false);
    this.merges = this.merges.map((m) => (m.top >= at ? { ...m, top: m.top + count, bottom: m.bottom + count } : m));
    this.hiddenRows = new Set([...this.hiddenRows].map((r) => (r >= at ? r + count : r)));
    for (const cf of this.conditionalFormats) {
      cf.areas = cf.areas.map((a) =>
        a.top >= at ? { ...a, top: a.top + count, bottom: a.bottom + count } : a.bottom >= at ? { ...a, bottom: a.bottom + count } : a,
      );
    }
  }

  /** The person copies one cell onto another (Ctrl+C, Ctrl+V): value, fill, and its conditional formats as new rules there. */
  copyCell(from: string, to: string): void {
    const a = parseArea(from);
    const b = parseArea(to);
    const source = this.peek(a.top, a.left);
    const target = this.cell(b.top, b.left);
    target.value = source?.value ?? '';
    target.fill = { ...(source?.fill ?? NO_FILL) };
    const covering = this.conditionalFormats.filter((cf) => cf.areas.some((x) => inArea(x, a.top, a.left)));
    for (const cf of [...covering].reverse()) this.addConditionalFormat({ type: cf.type, formula: cf.formula, fill: cf.fill, ranges: to });
  }

  /**
   * The person clears a cell entirely (Home > Clear > Clear All): value, fill, and the cell drops out
   * of every conditional format's range, which splits a rule over several cells into pieces.
   */
  clearAll(address: string): void {
    const { top: row, left: col } = parseArea(address);
    this.cells.delete(`${row},${col}`);
    for (const cf of this.conditionalFormats) {
      const kept: { row: number; col: number }[] = [];
      for (const a of cf.areas) for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) if (r !== row || c !== col) kept.push({ row: r, col: c });
      cf.areas = columnRunAreas(kept);
    }
    this.conditionalFormats = this.conditionalFormats.filter((cf) => cf.areas.length > 0);
  }

  private moveRows(newRow: (r: number) => number, moveConditionalFormats: boolean): void {
    const cells = new Map<string, FakeCell>();
    for (const [key, cell] of this.cells) {
      const [r, c] = key.split(',').map(Number);
      cells.set(`${newRow(r)},${c}`, cell);
    }
    this.cells = cells;
    const moveAddress = (address: string) => {
      const a = parseArea(address);
      return areaAddress({ top: newRow(a.top), left: a.left, bottom: newRow(a.top), right: a.left });
    };
    this.notes = new Map([...this.notes].map(([address, note]) => [moveAddress(address), note]));
    for (const comment of this.book.comments) if (comment.sheet === this) comment.address = moveAddress(comment.address);
    if (!moveConditionalFormats) return;
    for (const cf of this.conditionalFormats) {
      const moved: { row: number; col: number }[] = [];
      for (const a of cf.areas) for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) moved.push({ row: newRow(r), col: c });
      cf.areas = columnRunAreas(moved);
    }
  }
}

export interface SyncRecord {
  responseBytes: number;
  /** Estimated bytes of the request (see the file comment). */
  requestBytes: number;
  /** Cells whose values were returned by this sync. */
  valueCells: number;
  /** Set when the sync was rejected. */
  error?: string;
}

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  comments: FakeComment[] = [];
  syncs: SyncRecord[] = [];
  active?: string;
  selected?: string;
  /** Runs a test hook just before the next sync's commands take effect (e.g. the person edits meanwhile). */
  beforeSync?: () => void;
  /**
   * What a conditional format's `id` is. The Office.js reference: "The priority of the conditional
   * format in the current ConditionalFormatCollection" — a position that moves when a rule above is
   * added or deleted ('priority', the default). 'stable' is an id that never changes.
   */
  conditionalFormatIds: 'priority' | 'stable' = 'priority';
  /** Loading a sheet's conditional formats fails with this error code (Office.js issues report ItemNotFound for some UI-made rules). */
  conditionalFormatsUnreadable?: string;
  private nextId = 1;
  private nextCfId = 1;
  private nextCommentId = 1;

  constructor(sheets: FakeSheetInit[]) {
    for (const s of sheets) this.addSheet(s);
  }

  addSheet(init: FakeSheetInit): FakeSheet {
    const sheet = new FakeSheet(`{${String(this.nextId++).padStart(8, '0')}-0001-0000-0000-000000000000}`, init, this);
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** A threaded comment the person wrote (or that the port added). */
  addComment(sheet: FakeSheet, address: string, content: string): FakeComment {
    const comment = { id: `comment-${this.nextCommentId++}`, sheet, address, content };
    this.comments.push(comment);
    return comment;
  }

  nextConditionalFormatId(): string {
    return `{CF-${String(this.nextCfId++).padStart(6, '0')}}`;
  }

  /** An Excel.run look-alike over this workbook. */
  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const context = new FakeContext(this);
    return batch(context as unknown as Excel.RequestContext);
  };
}

// ---------------------------------------------------------------- proxies

interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

class FakeContext {
  workbook: FakeWorkbookProxy;
  pendingLoads: Loadable[] = [];
  pendingError?: Error;
  requestBytes = 0;
  constructor(readonly book: FakeWorkbook) {
    this.workbook = new FakeWorkbookProxy(this);
  }
  /** A RichApi error: the batch stops here and its sync rejects. */
  fail(code: string, message: string): void {
    if (!this.pendingError) this.pendingError = Object.assign(new Error(`${code}: ${message}`), { code });
  }
  /** True once a command of this batch failed: later commands of the batch do not run. */
  get halted(): boolean {
    return this.pendingError !== undefined;
  }
  /** Counts one command's request bytes. */
  command(...args: unknown[]): void {
    this.requestBytes += COMMAND_REQUEST_BYTES + (args.length ? Buffer.byteLength(JSON.stringify(args)) : 0);
  }
  async sync(): Promise<void> {
    const hook = this.book.beforeSync;
    this.book.beforeSync = undefined;
    hook?.();
    const loads = this.pendingLoads;
    this.pendingLoads = [];
    const error = this.pendingError;
    this.pendingError = undefined;
    const requestBytes = this.requestBytes;
    this.requestBytes = 0;
    let bytes = 0;
    let valueCells = 0;
    for (const l of loads) {
      bytes += Buffer.byteLength(JSON.stringify(l.staged ?? null));
      valueCells += l.valueCells;
    }
    const record: SyncRecord = { responseBytes: bytes, requestBytes, valueCells };
    this.book.syncs.push(record);
    if (error) {
      record.error = (error as { code?: string }).code;
      for (const l of loads) l.discard();
      throw error;
    }
    if (bytes > RESPONSE_LIMIT) {
      record.error = 'ResponsePayloadSizeLimitExceeded';
      for (const l of loads) l.discard();
      throw Object.assign(new Error('ResponsePayloadSizeLimitExceeded'), { code: 'ResponsePayloadSizeLimitExceeded' });
    }
    for (const l of loads) l.commit();
  }
}

/** Base of every proxy that can be loaded: values are staged at load time and readable after sync. */
class Loadable {
  staged?: Record<string, unknown>;
  valueCells = 0;
  private data?: Record<string, unknown>;
  constructor(protected ctx: FakeContext) {}
  protected stage(data: Record<string, unknown>, valueCells = 0): void {
    this.staged = { ...(this.staged ?? {}), ...data };
    this.valueCells += valueCells;
    if (!this.ctx.pendingLoads.includes(this)) this.ctx.pendingLoads.push(this);
  }
  /** What this proxy adds to a response, for measuring (not the proxy's own plumbing). */
  toJSON(): unknown {
    return this.staged ?? null;
  }
  commit(): void {
    this.data = { ...(this.data ?? {}), ...this.staged };
    this.staged = undefined;
    this.valueCells = 0;
  }
  discard(): void {
    this.staged = undefined;
    this.valueCells = 0;
  }
  protected loaded<T>(prop: string): T {
    if (!this.data || !(prop in this.data)) throw new Error(`PropertyNotLoaded: ${prop} (load it and sync first)`);
    return this.data[prop] as T;
  }
}

class ClientResult<T> extends Loadable {
  constructor(ctx: FakeContext, compute: () => T) {
    super(ctx);
    ctx.command();
    this.stage({ value: compute() });
  }
  get value(): T {
    return this.loaded<T>('value');
  }
}

class FakeWorkbookProxy {
  worksheets: WorksheetCollection;
  tables: TableCollection;
  comments: CommentCollection;
  constructor(ctx: FakeContext) {
    this.worksheets = new WorksheetCollection(ctx);
    this.tables = new TableCollection(ctx);
    this.comments = new CommentCollection(ctx, () => ctx.book.comments);
  }
}

class WorksheetCollection extends Loadable {
  load(_paths: string): this {
    this.ctx.command(_paths);
    this.stage({ items: this.ctx.book.sheets.map((s) => new Worksheet(this.ctx, s, true)) });
    return this;
  }
  get items(): Worksheet[] {
    return this.loaded('items');
  }
  getItem(key: string): Worksheet {
    this.ctx.command(key);
    const s = this.ctx.book.sheets.find((x) => x.id === key || x.name === key);
    if (!s) {
      this.ctx.fail('ItemNotFound', `worksheet ${key}`);
      return new Worksheet(this.ctx, new FakeSheet('missing', { name: key }, this.ctx.book), false);
    }
    return new Worksheet(this.ctx, s, false);
  }
  add(name: string): Worksheet {
    this.ctx.command(name);
    if (this.ctx.halted) return new Worksheet(this.ctx, new FakeSheet('not-added', { name }, this.ctx.book), false);
    if (this.ctx.book.sheets.some((s) => s.name === name)) this.ctx.fail('ItemAlreadyExists', `worksheet ${name}`);
    return new Worksheet(this.ctx, this.ctx.book.addSheet({ name }), false);
  }
}

class Worksheet extends Loadable {
  notes: NoteCollection;
  comments: CommentCollection;
  tables: { add: (range: Range, hasHeaders: boolean) => { name: string } };
  pivotTables: { add: (name: string, source: { name: string }, destination: Range) => PivotTable };
  charts: { add: (type: string, source: Range, seriesBy: string) => Chart };
  freezePanes: { freezeRows: (n: number) => void };
  constructor(
    ctx: FakeContext,
    readonly sheet: FakeSheet,
    withProps: boolean,
  ) {
    super(ctx);
    if (withProps) {
      this.stage({ id: sheet.id, name: sheet.name, visibility: sheet.visibility, protection: { protected: sheet.protected } });
    }
    this.notes = new NoteCollection(ctx, this);
    this.comments = new CommentCollection(ctx, () => ctx.book.comments.filter((c) => c.sheet === sheet), sheet);
    const live = () => !ctx.halted;
    this.tables = {
      add: (range, hasHeaders) => {
        ctx.command(range.localAddress, hasHeaders);
        const table = { name: `Table${sheet.tables.length + 1}`, address: range.localAddress, hasHeaders };
        if (live()) sheet.tables.push(table);
        return table;
      },
    };
    this.pivotTables = {
      add: (name, source, destination) => {
        ctx.command(name, source.name, destination.localAddress);
        const pivot = { name, source: source.name, anchor: destination.localAddress, rows: [], columns: [], values: [] };
        if (live()) sheet.pivots.push(pivot);
        return new PivotTable(pivot);
      },
    };
    this.charts = {
      add: (type, source) => {
        ctx.command(type, source.localAddress);
        const chart = { type, source: source.localAddress };
        if (live()) sheet.charts.push(chart);
        return new Chart(chart);
      },
    };
    this.freezePanes = {
      freezeRows: (n) => {
        ctx.command(n);
        if (live()) sheet.frozenRows = n;
      },
    };
  }
  /** Properties of the sheet itself (id, name, visibility, protection), as they are when the batch runs. */
  load(props: string): this {
    this.ctx.command(props);
    const s = this.sheet;
    const all: Record<string, unknown> = { id: s.id, name: s.name, visibility: s.visibility, protection: { protected: s.protected } };
    const asked = props.split(',').map((p) => p.trim().split('/')[0]);
    this.stage(Object.fromEntries(asked.filter((p) => p in all).map((p) => [p, all[p]])));
    return this;
  }
  get id(): string {
    return this.loaded('id');
  }
  get name(): string {
    return this.loaded('name');
  }
  get visibility(): string {
    return this.loaded('visibility');
  }
  set visibility(v: string) {
    this.ctx.command(v);
    if (!this.ctx.halted) this.sheet.visibility = v;
  }
  get protection(): { protected: boolean } {
    return this.loaded('protection');
  }
  getUsedRange(_valuesOnly?: boolean): Range {
    this.ctx.command(_valuesOnly);
    return new Range(this.ctx, this, this.sheet.usedArea());
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): Range {
    this.ctx.command(row, col, rows, cols);
    return new Range(this.ctx, this, { top: row, left: col, bottom: row + rows - 1, right: col + cols - 1 });
  }
  /** With no address: the whole sheet. */
  getRange(address?: string): Range {
    this.ctx.command(address);
    return new Range(this.ctx, this, address === undefined ? { top: 0, left: 0, bottom: MAX_ROW, right: MAX_COL } : parseArea(address));
  }
  getCell(row: number, col: number): Range {
    return this.getRangeByIndexes(row, col, 1, 1);
  }
  getRanges(list: string): RangeAreas {
    this.ctx.command(list);
    if (list.length > 8192) this.ctx.fail('InvalidArgument', 'address list too long');
    return new RangeAreas(this.ctx, this, list.split(',').map(parseArea));
  }
  activate(): void {
    this.ctx.command();
    this.ctx.book.active = this.sheet.name;
  }
  delete(): void {
    this.ctx.command();
    if (this.ctx.halted) return;
    const book = this.ctx.book;
    book.sheets = book.sheets.filter((s) => s !== this.sheet);
    book.comments = book.comments.filter((c) => c.sheet !== this.sheet);
  }
  /** Writes to a protected sheet fail, as in Excel; nothing runs after a failed command. */
  guardWrite(): boolean {
    if (this.ctx.halted) return false;
    if (this.sheet.protected) this.ctx.fail('AccessDenied', `sheet ${this.sheet.name} is protected`);
    return !this.sheet.protected;
  }
}

class Range extends Loadable {
  format: RangeFormat;
  conditionalFormats: ConditionalFormatCollection;
  constructor(
    ctx: FakeContext,
    readonly ws: Worksheet,
    readonly area: Area,
  ) {
    super(ctx);
    this.format = new RangeFormat(ctx, ws, [area]);
    this.conditionalFormats = new ConditionalFormatCollection(ctx, ws, [area]);
  }
  get localAddress(): string {
    return areaAddress(this.area);
  }
  private grid<T>(f: (cell: FakeCell | undefined, r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = this.area.top; r <= this.area.bottom; r++) {
      const row: T[] = [];
      for (let c = this.area.left; c <= this.area.right; c++) row.push(f(this.ws.sheet.peek(r, c), r, c));
      out.push(row);
    }
    return out;
  }
  load(props: string): this {
    this.ctx.command(props);
    const data: Record<string, unknown> = {};
    let cells = 0;
    for (const p of props.split(',').map((s) => s.trim())) {
      if (p === 'values') {
        data.values = this.grid((c) => c?.value ?? '');
        cells = (this.area.bottom - this.area.top + 1) * (this.area.right - this.area.left + 1);
      } else if (p === 'numberFormat') data.numberFormat = this.grid((c) => c?.numberFormat ?? 'General');
      else if (p === 'rowIndex') data.rowIndex = this.area.top;
      else if (p === 'columnIndex') data.columnIndex = this.area.left;
      else if (p === 'rowCount') data.rowCount = this.area.bottom - this.area.top + 1;
      else if (p === 'columnCount') data.columnCount = this.area.right - this.area.left + 1;
      else if (p === 'address') data.address = `${quoteSheet(this.ws.sheet.name)}!${this.localAddress}`;
      else throw new Error(`fake Range cannot load ${p}`);
    }
    this.stage(data, cells);
    return this;
  }
  get values(): FakeValue[][] {
    return this.loaded('values');
  }
  set values(_v: FakeValue[][]) {
    throw new Error('the port writes formulas, not values');
  }
  get numberFormat(): string[][] {
    return this.loaded('numberFormat');
  }
  set numberFormat(v: string[][]) {
    this.ctx.command(v);
    if (!this.ws.guardWrite()) return;
    this.each((r, c, i, j) => (this.ws.sheet.cell(r, c).numberFormat = v[i][j]));
  }
  set formulas(v: FakeValue[][]) {
    this.ctx.command(v);
    if (!this.ws.guardWrite()) return;
    this.each((r, c, i, j) => {
      const cell = this.ws.sheet.cell(r, c);
      const x = v[i][j];
      if (typeof x === 'string' && x.startsWith('=')) {
        cell.formula = x;
        cell.value = 0;
      } else {
        cell.formula = undefined;
        cell.value = typeof x === 'string' && x.startsWith("'") ? x.slice(1) : x;
      }
    });
  }
  set hyperlink(h: Excel.RangeHyperlink) {
    this.ctx.command(h);
    if (!this.ws.guardWrite()) return;
    const cell = this.ws.sheet.cell(this.area.top, this.area.left);
    cell.hyperlink = h;
    if (h.textToDisplay !== undefined) cell.value = h.textToDisplay;
  }
  get rowIndex(): number {
    return this.loaded('rowIndex');
  }
  get columnIndex(): number {
    return this.loaded('columnIndex');
  }
  get rowCount(): number {
    return this.loaded('rowCount');
  }
  get columnCount(): number {
    return this.loaded('columnCount');
  }
  get address(): string {
    return this.loaded('address');
  }
  private each(f: (r: number, c: number, i: number, j: number) => void): void {
    for (let r = this.area.top; r <= this.area.bottom; r++)
      for (let c = this.area.left; c <= this.area.right; c++) f(r, c, r - this.area.top, c - this.area.left);
  }
  getMergedAreasOrNullObject(): RangeAreas {
    this.ctx.command();
    const inside = this.ws.sheet.merges.filter(
      (m) => m.top <= this.area.bottom && m.bottom >= this.area.top && m.left <= this.area.right && m.right >= this.area.left,
    );
    return new RangeAreas(this.ctx, this.ws, inside, inside.length === 0);
  }
  getRowProperties(_opts: unknown): ClientResult<{ rowIndex: number; rowHidden: boolean }[]> {
    return new ClientResult(this.ctx, () => {
      const rows = [];
      for (let r = this.area.top; r <= this.area.bottom; r++) rows.push({ rowIndex: r, rowHidden: this.ws.sheet.hiddenRows.has(r) });
      return rows;
    });
  }
  getCellProperties(_opts: unknown): ClientResult<{ format: { fill: FakeFill } }[][]> {
    return new ClientResult(this.ctx, () => this.grid((c) => ({ format: { fill: { ...(c?.fill ?? NO_FILL) } } })));
  }
  clear(): void {
    this.ctx.command();
    if (!this.ws.guardWrite()) return;
    this.each((r, c) => this.ws.sheet.cells.delete(`${r},${c}`));
  }
  select(): void {
    this.ctx.command();
    this.ctx.book.selected = `${this.ws.sheet.name}!${this.localAddress}`;
  }
}

class RangeAreas extends Loadable {
  format: RangeFormat;
  conditionalFormats: ConditionalFormatCollection;
  areas: { items: Range[] };
  private areasList: Range[];
  constructor(
    ctx: FakeContext,
    ws: Worksheet,
    areas: Area[],
    private readonly isNull = false,
  ) {
    super(ctx);
    this.format = new RangeFormat(ctx, ws, areas);
    this.conditionalFormats = new ConditionalFormatCollection(ctx, ws, areas);
    this.areas = { items: [] };
    this.areasList = areas.map((a) => new Range(ctx, ws, a));
  }
  load(_paths: string): this {
    this.ctx.command(_paths);
    for (const r of this.areasList) r.load('rowIndex,columnIndex,rowCount,columnCount');
    this.areas = { items: this.areasList };
    this.stage({ isNullObject: this.isNull });
    return this;
  }
  get isNullObject(): boolean {
    return this.loaded('isNullObject');
  }
}

class RangeFormat {
  fill: RangeFill;
  font: { bold: boolean };
  private setWidth: (points: number) => void;
  constructor(ctx: FakeContext, ws: Worksheet, areas: Area[]) {
    this.fill = new RangeFill(ctx, ws, areas);
    const each = (f: (cell: FakeCell) => void) => {
      if (!ws.guardWrite()) return;
      for (const a of areas) for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) f(ws.sheet.cell(r, c));
    };
    this.font = {
      set bold(v: boolean) {
        ctx.command(v);
        each((cell) => (cell.bold = v));
      },
      get bold(): boolean {
        throw new Error('not loaded');
      },
    };
    this.setWidth = (points) => {
      ctx.command(points);
      if (!ws.guardWrite()) return;
      for (const a of areas) for (let c = a.left; c <= a.right; c++) ws.sheet.columnWidths.set(c, points);
    };
  }
  set columnWidth(points: number) {
    this.setWidth(points);
  }
}

class RangeFill {
  constructor(
    private ctx: FakeContext,
    private ws: Worksheet,
    private areas: Area[],
  ) {}
  private each(arg: unknown, f: (fill: FakeFill) => void): void {
    this.ctx.command(arg);
    if (!this.ws.guardWrite()) return;
    for (const a of this.areas)
      for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) f(this.ws.sheet.cell(r, c).fill);
  }
  set color(v: string) {
    // As in Excel: giving a colour to an unfilled cell makes its fill solid, and a new colour has no tint.
    this.each(v, (f) => {
      f.color = v;
      f.tintAndShade = 0;
      if (f.pattern === 'None') f.pattern = 'Solid';
    });
  }
  set pattern(v: string) {
    this.each(v, (f) => (f.pattern = v));
  }
  set patternColor(v: string) {
    this.each(v, (f) => (f.patternColor = v));
  }
  set patternTintAndShade(v: number) {
    this.each(v, (f) => (f.patternTintAndShade = v));
  }
  set tintAndShade(v: number) {
    this.each(v, (f) => (f.tintAndShade = v));
  }
  clear(): void {
    this.each(undefined, (f) => Object.assign(f, NO_FILL));
  }
}

// ---------------------------------------------------------------- conditional formats

/** The conditional formats that intersect a range (Range / RangeAreas .conditionalFormats). */
class ConditionalFormatCollection extends Loadable {
  constructor(
    ctx: FakeContext,
    private ws: Worksheet,
    private areas: Area[],
  ) {
    super(ctx);
  }
  private inRange(): FakeConditionalFormat[] {
    return this.ws.sheet.conditionalFormats.filter((cf) => cf.areas.some((a) => this.areas.some((b) => overlaps(a, b))));
  }
  add(type: string): ConditionalFormat {
    this.ctx.command(type);
    if (!this.ws.guardWrite()) return new ConditionalFormat(this.ctx, this.ws, undefined);
    const cf: FakeConditionalFormat = { id: this.ctx.book.nextConditionalFormatId(), type, stopIfTrue: false, areas: this.areas.map((a) => ({ ...a })) };
    // Excel adds a new conditional format at the top priority.
    this.ws.sheet.conditionalFormats.unshift(cf);
    return new ConditionalFormat(this.ctx, this.ws, cf);
  }
  getItem(id: string): ConditionalFormat {
    this.ctx.command(id);
    const cf = this.ctx.book.conditionalFormatIds === 'priority' ? this.inRange()[Number(id)] : this.inRange().find((x) => x.id === id);
    if (!cf) this.ctx.fail('ItemNotFound', `conditional format ${id}`);
    return new ConditionalFormat(this.ctx, this.ws, cf);
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.ctx, () => this.inRange().length);
  }
  /** Supports what the port loads: id, type, priority, and the custom rule's formula through customOrNullObject. */
  load(paths: string): this {
    this.ctx.command(paths);
    const wanted = paths.split(',').map((p) => p.trim());
    const cfs = this.inRange();
    for (const p of wanted) {
      if (!['items/id', 'items/type', 'items/priority', 'items/customOrNullObject/rule/formula', 'items/custom/rule/formula'].includes(p)) {
        throw new Error(`fake ConditionalFormatCollection cannot load ${p}`);
      }
      // As in Excel (office-js issue 2180): `custom` on a rule of another type fails the batch.
      if (p === 'items/custom/rule/formula' && cfs.some((cf) => cf.type !== 'Custom')) this.ctx.fail('InvalidOperation', 'custom on a non-custom rule');
    }
    const unreadable = this.ws.sheet.rulesUnreadable ?? this.ctx.book.conditionalFormatsUnreadable;
    if (unreadable && cfs.length) this.ctx.fail(unreadable, 'conditional format');
    const items = cfs.map((cf) => {
      const data: Record<string, unknown> = {};
      if (wanted.includes('items/id')) data.id = this.ctx.book.conditionalFormatIds === 'priority' ? String(cfs.indexOf(cf)) : cf.id;
      if (wanted.includes('items/type')) data.type = cf.type;
      if (wanted.includes('items/priority')) data.priority = this.ws.sheet.conditionalFormats.indexOf(cf);
      if (wanted.includes('items/customOrNullObject/rule/formula')) {
        data.customOrNullObject = cf.type === 'Custom' ? { isNullObject: false, rule: { formula: cf.formula ?? '' } } : { isNullObject: true };
      }
      return data;
    });
    this.stage({ items });
    return this;
  }
  get items(): Record<string, unknown>[] {
    return this.loaded('items');
  }
}

class ConditionalFormat {
  custom: { rule: { formula: string }; format: { fill: { color: string } } };
  constructor(
    private ctx: FakeContext,
    private ws: Worksheet,
    private cf: FakeConditionalFormat | undefined,
  ) {
    const write = (f: (cf: FakeConditionalFormat) => void, arg: unknown) => {
      ctx.command(arg);
      if (cf && ws.guardWrite()) f(cf);
    };
    this.custom = {
      rule: {
        set formula(v: string) {
          write((x) => (x.formula = v), v);
        },
        get formula(): string {
          throw new Error('PropertyNotLoaded: formula');
        },
      },
      format: {
        fill: {
          set color(v: string) {
            write((x) => (x.fill = v), v);
          },
          get color(): string {
            throw new Error('PropertyNotLoaded: color');
          },
        },
      },
    };
  }
  set stopIfTrue(v: boolean) {
    this.ctx.command(v);
    if (this.cf && this.ws.guardWrite()) this.cf.stopIfTrue = v;
  }
  delete(): void {
    this.ctx.command();
    if (!this.cf || !this.ws.guardWrite()) return;
    const list = this.ws.sheet.conditionalFormats;
    const i = list.indexOf(this.cf);
    if (i < 0) this.ctx.fail('ItemNotFound', `conditional format ${this.cf.id}`);
    else list.splice(i, 1);
  }
}

// ---------------------------------------------------------------- notes and comments

class NoteCollection extends Loadable {
  constructor(
    ctx: FakeContext,
    private ws: Worksheet,
  ) {
    super(ctx);
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.ctx, () => this.ws.sheet.notes.size);
  }
  getItem(address: string): Note {
    this.ctx.command(address);
    const key = address.toUpperCase();
    if (!this.ws.sheet.notes.has(key)) this.ctx.fail('ItemNotFound', `note ${key}`);
    return new Note(this.ctx, this.ws, key);
  }
  getItemOrNullObject(address: string): Note {
    this.ctx.command(address);
    return new Note(this.ctx, this.ws, address.toUpperCase());
  }
  getItemAt(index: number): Note {
    this.ctx.command(index);
    let key: string | undefined;
    let i = 0;
    for (const k of this.ws.sheet.notes.keys()) if (i++ === index) key = k;
    if (key === undefined) this.ctx.fail('ItemNotFound', `note #${index}`);
    return new Note(this.ctx, this.ws, key ?? '');
  }
  load(paths: string): this {
    this.ctx.command(paths);
    if (paths !== 'items/content') throw new Error(`fake NoteCollection cannot load ${paths}`);
    this.stage({ items: [...this.ws.sheet.notes.values()].map((n) => ({ content: n.content })) });
    return this;
  }
  get items(): { content: string }[] {
    return this.loaded('items');
  }
  add(cell: Range | string, content: string): void {
    this.ctx.command(typeof cell === 'string' ? cell : cell.localAddress, content);
    if (this.ctx.halted) return;
    const address = typeof cell === 'string' ? cell : cell.localAddress;
    if (this.ws.sheet.notes.has(address)) this.ctx.fail('InvalidArgument', `a note exists at ${address}`);
    else if (this.ctx.book.comments.some((c) => c.sheet === this.ws.sheet && c.address === address))
      this.ctx.fail('InvalidArgument', `a comment exists at ${address}`);
    else if (this.ws.guardWrite()) this.ws.sheet.notes.set(address, { content });
  }
}

/** A note, bound to the note that was at its cell when the command ran (as Excel's proxy is). */
class Note extends Loadable {
  private readonly target?: FakeNote;
  constructor(
    ctx: FakeContext,
    private ws: Worksheet,
    private address: string,
  ) {
    super(ctx);
    this.target = ws.sheet.notes.get(address);
  }
  load(_props: string): this {
    this.ctx.command(_props);
    const note = this.ws.sheet.notes.get(this.address);
    this.stage({ isNullObject: !note, content: note?.content });
    return this;
  }
  get isNullObject(): boolean {
    return this.loaded('isNullObject');
  }
  get content(): string {
    return this.loaded('content');
  }
  set content(v: string) {
    this.ctx.command(v);
    if (this.ctx.halted || !this.target) return;
    if (this.ws.guardWrite()) this.target.content = v;
  }
  /** Where the note is now: notes move with their cells. */
  private where(): string | undefined {
    if (this.target && this.ws.sheet.notes.get(this.address) === this.target) return this.address;
    for (const [address, note] of this.ws.sheet.notes) if (note === this.target) return address;
    return undefined;
  }
  getLocation(): Range {
    this.ctx.command();
    return new Range(this.ctx, this.ws, parseArea(this.where() ?? 'A1'));
  }
  delete(): void {
    this.ctx.command();
    if (this.ctx.halted) return;
    const at = this.where();
    if (at === undefined) this.ctx.fail('ItemNotFound', `note ${this.address}`);
    else if (this.ws.guardWrite()) this.ws.sheet.notes.delete(at);
  }
}

class CommentCollection extends Loadable {
  constructor(
    ctx: FakeContext,
    private list: () => FakeComment[],
    private sheet?: FakeSheet,
  ) {
    super(ctx);
  }
  getCount(): ClientResult<number> {
    return new ClientResult(this.ctx, () => this.list().length);
  }
  getItemAt(i: number): Comment {
    this.ctx.command(i);
    const comment = this.list()[i];
    if (!comment) this.ctx.fail('ItemNotFound', `comment #${i}`);
    return new Comment(this.ctx, comment);
  }
  getItem(id: string): Comment {
    this.ctx.command(id);
    const comment = this.list().find((c) => c.id === id);
    if (!comment) this.ctx.fail('ItemNotFound', `comment ${id}`);
    return new Comment(this.ctx, comment);
  }
  load(paths: string): this {
    this.ctx.command(paths);
    if (paths !== 'items/id,items/content') throw new Error(`fake CommentCollection cannot load ${paths}`);
    this.stage({ items: this.list().map((c) => ({ id: c.id, content: c.content })) });
    return this;
  }
  get items(): { id: string; content: string }[] {
    return this.loaded('items');
  }
  add(cell: Range | string, content: string): void {
    const sheet = typeof cell === 'string' ? this.sheet! : cell.ws.sheet;
    const address = typeof cell === 'string' ? cell : cell.localAddress;
    this.ctx.command(address, content);
    if (this.ctx.halted) return;
    if (sheet.protected) this.ctx.fail('AccessDenied', `sheet ${sheet.name} is protected`);
    else if (sheet.notes.has(address) || this.ctx.book.comments.some((c) => c.sheet === sheet && c.address === address))
      this.ctx.fail('InvalidArgument', `cell ${address} already has a note or comment`);
    else this.ctx.book.addComment(sheet, address, content);
  }
}

class Comment extends Loadable {
  constructor(
    ctx: FakeContext,
    private comment: FakeComment | undefined,
  ) {
    super(ctx);
  }
  load(_props: string): this {
    this.ctx.command(_props);
    this.stage({ id: this.comment?.id, content: this.comment?.content });
    return this;
  }
  get id(): string {
    return this.loaded('id');
  }
  get content(): string {
    return this.loaded('content');
  }
  set content(v: string) {
    this.ctx.command(v);
    if (this.ctx.halted || !this.comment) return;
    if (this.comment.sheet.protected) this.ctx.fail('AccessDenied', `sheet ${this.comment.sheet.name} is protected`);
    else this.comment.content = v;
  }
  getLocation(): Range {
    this.ctx.command();
    const sheet = this.comment?.sheet ?? this.ctx.book.sheets[0];
    return new Range(this.ctx, new Worksheet(this.ctx, sheet, false), parseArea(this.comment?.address ?? 'A1'));
  }
  delete(): void {
    this.ctx.command();
    if (this.ctx.halted || !this.comment) return;
    const book = this.ctx.book;
    const i = book.comments.indexOf(this.comment);
    if (i < 0) this.ctx.fail('ItemNotFound', `comment ${this.comment.id}`);
    else if (this.comment.sheet.protected) this.ctx.fail('AccessDenied', `sheet ${this.comment.sheet.name} is protected`);
    else book.comments.splice(i, 1);
  }
}

// ---------------------------------------------------------------- tables, pivots, charts

class TableCollection extends Loadable {
  load(_paths: string): this {
    this.ctx.command(_paths);
    const items = this.ctx.book.sheets.flatMap((s) => s.tables.map((t) => ({ name: t.name, worksheet: { name: s.name } })));
    this.stage({ items });
    return this;
  }
  get items(): { name: string; worksheet: { name: string } }[] {
    return this.loaded('items');
  }
}

class PivotTable {
  hierarchies = { getItem: (name: string) => ({ name }) };
  rowHierarchies: { add: (h: { name: string }) => void };
  columnHierarchies: { add: (h: { name: string }) => void };
  dataHierarchies: { add: (h: { name: string }) => { summarizeBy?: string; name?: string } };
  constructor(pivot: FakeSheet['pivots'][number]) {
    this.rowHierarchies = { add: (h) => void pivot.rows.push(h.name) };
    this.columnHierarchies = { add: (h) => void pivot.columns.push(h.name) };
    this.dataHierarchies = {
      add: (h) => {
        const v: { field: string; summarizeBy?: string; name?: string } = { field: h.name };
        pivot.values.push(v);
        return v;
      },
    };
  }
}

class Chart {
  title: { text: string };
  series: { getItemAt: (i: number) => { setXAxisValues: (r: Range) => void; name: string } };
  constructor(private chart: FakeSheet['charts'][number]) {
    const c = chart;
    this.title = {
      set text(t: string) {
        c.title = t;
      },
      get text(): string {
        return c.title ?? '';
      },
    };
    this.series = {
      getItemAt: () => ({
        setXAxisValues: (r: Range) => (c.categories = r.localAddress),
        set name(n: string) {
          c.seriesName = n;
        },
        get name(): string {
          return c.seriesName ?? '';
        },
      }),
    };
  }
  setPosition(anchor: string): void {
    this.chart.anchor = anchor;
  }
}

// ---------------------------------------------------------------- addresses

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function colLetters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function parseArea(address: string): Area {
  const [a, b] = address.replace(/\$/g, '').split(':');
  const m1 = /^([A-Z]+)(\d+)$/i.exec(a)!;
  const m2 = /^([A-Z]+)(\d+)$/i.exec(b ?? a)!;
  return { top: Number(m1[2]) - 1, left: colIndex(m1[1]), bottom: Number(m2[2]) - 1, right: colIndex(m2[1]) };
}

export function areaAddress(a: Area): string {
  const tl = `${colLetters(a.left)}${a.top + 1}`;
  return a.top === a.bottom && a.left === a.right ? tl : `${tl}:${colLetters(a.right)}${a.bottom + 1}`;
}

function inArea(a: Area, r: number, c: number): boolean {
  return r >= a.top && r <= a.bottom && c >= a.left && c <= a.right;
}

function overlaps(a: Area, b: Area): boolean {
  return a.top <= b.bottom && a.bottom >= b.top && a.left <= b.right && a.right >= b.left;
}

/** Cells → areas, one per vertical run in a column. */
function columnRunAreas(cells: { row: number; col: number }[]): Area[] {
  const sorted = [...cells].sort((x, y) => x.col - y.col || x.row - y.row);
  const areas: Area[] = [];
  for (const { row, col } of sorted) {
    const last = areas[areas.length - 1];
    if (last && last.left === col && last.bottom + 1 === row) last.bottom = row;
    else areas.push({ top: row, left: col, bottom: row, right: col });
  }
  return areas;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
