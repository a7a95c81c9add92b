/**
 * A small in-memory Excel behind the slice of the Office.js object model that src/excel uses.
 *
 * Why not only office-addin-mock: its mock objects are static trees — a proxy returned by a method
 * (getRange, getRowProperties, getItemOrNullObject…) is never reached by its sync, writes are not
 * applied to any state, and nothing measures what a sync carries. This fake keeps the Office.js
 * rules that matter here:
 *  - commands run in order; a loaded property is readable only after the next context.sync()
 *    (reading it earlier throws PropertyNotLoaded, as Office.js does);
 *  - a failing command (missing sheet, a second note on a cell, a write on a protected sheet)
 *    rejects the next sync, like a RichApi error;
 *  - every sync is logged with the bytes its loads return, and a response over 5 MB is rejected
 *    with ResponsePayloadSizeLimitExceeded, as Excel on the web does.
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

export class FakeSheet {
  id: string;
  name: string;
  visibility: string;
  protected: boolean;
  cells = new Map<string, FakeCell>();
  merges: { top: number; left: number; bottom: number; right: number }[] = [];
  hiddenRows = new Set<number>();
  notes = new Map<string, FakeNote>();
  tables: { name: string; address: string }[] = [];
  pivots: { name: string; source: string; anchor: string; rows: string[]; columns: string[]; values: { field: string; summarizeBy?: string; name?: string }[] }[] = [];
  charts: { type: string; source: string; title?: string; categories?: string; seriesName?: string; anchor?: string }[] = [];
  frozenRows = 0;
  columnWidths = new Map<number, number>();

  constructor(id: string, init: FakeSheetInit) {
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
}

export interface SyncRecord {
  responseBytes: number;
  /** Cells whose values were returned by this sync. */
  valueCells: number;
}

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  comments: { sheet: FakeSheet; address: string; content: string }[] = [];
  syncs: SyncRecord[] = [];
  active?: string;
  selected?: string;
  private nextId = 1;

  constructor(sheets: FakeSheetInit[]) {
    for (const s of sheets) this.addSheet(s);
  }

  addSheet(init: FakeSheetInit): FakeSheet {
    const sheet = new FakeSheet(`{${String(this.nextId++).padStart(8, '0')}-0001-0000-0000-000000000000}`, init);
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
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
  constructor(readonly book: FakeWorkbook) {
    this.workbook = new FakeWorkbookProxy(this);
  }
  fail(code: string, message: string): void {
    if (!this.pendingError) this.pendingError = Object.assign(new Error(`${code}: ${message}`), { code });
  }
  async sync(): Promise<void> {
    const loads = this.pendingLoads;
    this.pendingLoads = [];
    const error = this.pendingError;
    this.pendingError = undefined;
    let bytes = 0;
    let valueCells = 0;
    for (const l of loads) {
      bytes += Buffer.byteLength(JSON.stringify(l.staged ?? null));
      valueCells += l.valueCells;
    }
    this.book.syncs.push({ responseBytes: bytes, valueCells });
    if (error) throw error;
    if (bytes > RESPONSE_LIMIT) {
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
  protected loaded<T>(prop: string): T {
    if (!this.data || !(prop in this.data)) throw new Error(`PropertyNotLoaded: ${prop} (load it and sync first)`);
    return this.data[prop] as T;
  }
}

class ClientResult<T> extends Loadable {
  constructor(ctx: FakeContext, compute: () => T) {
    super(ctx);
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
    this.comments = new CommentCollection(ctx);
  }
}

class WorksheetCollection extends Loadable {
  load(_paths: string): this {
    this.stage({ items: this.ctx.book.sheets.map((s) => new Worksheet(this.ctx, s, true)) });
    return this;
  }
  get items(): Worksheet[] {
    return this.loaded('items');
  }
  getItem(key: string): Worksheet {
    const s = this.ctx.book.sheets.find((x) => x.id === key || x.name === key);
    if (!s) {
      this.ctx.fail('ItemNotFound', `worksheet ${key}`);
      return new Worksheet(this.ctx, new FakeSheet('missing', { name: key }), false);
    }
    return new Worksheet(this.ctx, s, false);
  }
  add(name: string): Worksheet {
    if (this.ctx.book.sheets.some((s) => s.name === name)) this.ctx.fail('ItemAlreadyExists', `worksheet ${name}`);
    return new Worksheet(this.ctx, this.ctx.book.addSheet({ name }), false);
  }
}

class Worksheet extends Loadable {
  notes: NoteCollection;
  tables: { add: (range: Range, hasHeaders: boolean) => { name: string } };
  pivotTables: { add: (name: string, source: { name: string }, destination: Range) => PivotTable };
  charts: { add: (type: string, source: Range, seriesBy: string) => Chart };
  freezePanes: { freezeRows: (n: number) => void };
  constructor(ctx: FakeContext, readonly sheet: FakeSheet, withProps: boolean) {
    super(ctx);
    if (withProps) {
      this.stage({ id: sheet.id, name: sheet.name, visibility: sheet.visibility, protection: { protected: sheet.protected } });
    }
    this.notes = new NoteCollection(ctx, this);
    this.tables = {
      add: (range, hasHeaders) => {
        const table = { name: `Table${sheet.tables.length + 1}`, address: range.localAddress, hasHeaders };
        sheet.tables.push(table);
        return table;
      },
    };
    this.pivotTables = {
      add: (name, source, destination) => {
        const pivot = { name, source: source.name, anchor: destination.localAddress, rows: [], columns: [], values: [] };
        sheet.pivots.push(pivot);
        return new PivotTable(pivot);
      },
    };
    this.charts = {
      add: (type, source) => {
        const chart = { type, source: source.localAddress };
        sheet.charts.push(chart);
        return new Chart(chart);
      },
    };
    this.freezePanes = { freezeRows: (n) => (sheet.frozenRows = n) };
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
    this.sheet.visibility = v;
  }
  get protection(): { protected: boolean } {
    return this.loaded('protection');
  }
  getUsedRange(_valuesOnly?: boolean): Range {
    return new Range(this.ctx, this, this.sheet.usedArea());
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): Range {
    return new Range(this.ctx, this, { top: row, left: col, bottom: row + rows - 1, right: col + cols - 1 });
  }
  getRange(address: string): Range {
    return new Range(this.ctx, this, parseArea(address));
  }
  getCell(row: number, col: number): Range {
    return this.getRangeByIndexes(row, col, 1, 1);
  }
  getRanges(list: string): RangeAreas {
    if (list.length > 8192) this.ctx.fail('InvalidArgument', 'address list too long');
    return new RangeAreas(this.ctx, this, list.split(',').map(parseArea));
  }
  activate(): void {
    this.ctx.book.active = this.sheet.name;
  }
  delete(): void {
    const book = this.ctx.book;
    book.sheets = book.sheets.filter((s) => s !== this.sheet);
    book.comments = book.comments.filter((c) => c.sheet !== this.sheet);
  }
  /** Writes to a protected sheet fail, as in Excel. */
  guardWrite(): boolean {
    if (this.sheet.protected) this.ctx.fail('AccessDenied', `sheet ${this.sheet.name} is protected`);
    return !this.sheet.protected;
  }
}

class Range extends Loadable {
  format: RangeFormat;
  constructor(ctx: FakeContext, readonly ws: Worksheet, readonly area: Area) {
    super(ctx);
    this.format = new RangeFormat(ws, [area]);
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
    if (!this.ws.guardWrite()) return;
    this.each((r, c, i, j) => (this.ws.sheet.cell(r, c).numberFormat = v[i][j]));
  }
  set formulas(v: FakeValue[][]) {
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
    if (!this.ws.guardWrite()) return;
    this.each((r, c) => this.ws.sheet.cells.delete(`${r},${c}`));
  }
  select(): void {
    this.ctx.book.selected = `${this.ws.sheet.name}!${this.localAddress}`;
  }
}

class RangeAreas extends Loadable {
  format: RangeFormat;
  areas: { items: Range[] };
  constructor(ctx: FakeContext, ws: Worksheet, areas: Area[], private readonly isNull = false) {
    super(ctx);
    this.format = new RangeFormat(ws, areas);
    this.areas = { items: [] };
    this.areasList = areas.map((a) => new Range(ctx, ws, a));
  }
  private areasList: Range[];
  load(_paths: string): this {
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
  constructor(ws: Worksheet, areas: Area[]) {
    this.fill = new RangeFill(ws, areas);
    const each = (f: (cell: FakeCell) => void) => {
      if (!ws.guardWrite()) return;
      for (const a of areas) for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) f(ws.sheet.cell(r, c));
    };
    this.font = {
      set bold(v: boolean) {
        each((cell) => (cell.bold = v));
      },
      get bold(): boolean {
        throw new Error('not loaded');
      },
    };
    this.setWidth = (points) => {
      if (!ws.guardWrite()) return;
      for (const a of areas) for (let c = a.left; c <= a.right; c++) ws.sheet.columnWidths.set(c, points);
    };
  }
  set columnWidth(points: number) {
    this.setWidth(points);
  }
}

class RangeFill {
  constructor(private ws: Worksheet, private areas: Area[]) {}
  private each(f: (fill: FakeFill) => void): void {
    if (!this.ws.guardWrite()) return;
    for (const a of this.areas)
      for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) f(this.ws.sheet.cell(r, c).fill);
  }
  set color(v: string) {
    // As in Excel: giving a colour to an unfilled cell makes its fill solid, and a new colour has no tint.
    this.each((f) => {
      f.color = v;
      f.tintAndShade = 0;
      if (f.pattern === 'None') f.pattern = 'Solid';
    });
  }
  set pattern(v: string) {
    this.each((f) => (f.pattern = v));
  }
  set patternColor(v: string) {
    this.each((f) => (f.patternColor = v));
  }
  set patternTintAndShade(v: number) {
    this.each((f) => (f.patternTintAndShade = v));
  }
  set tintAndShade(v: number) {
    this.each((f) => (f.tintAndShade = v));
  }
  clear(): void {
    this.each((f) => Object.assign(f, NO_FILL));
  }
}

class NoteCollection {
  constructor(private ctx: FakeContext, private ws: Worksheet) {}
  getCount(): ClientResult<number> {
    return new ClientResult(this.ctx, () => this.ws.sheet.notes.size);
  }
  getItemOrNullObject(address: string): Note {
    return new Note(this.ctx, this.ws, address.toUpperCase());
  }
  add(cell: Range, content: string): void {
    const address = cell.localAddress;
    if (this.ws.sheet.notes.has(address)) this.ctx.fail('InvalidArgument', `a note exists at ${address}`);
    else if (this.ctx.book.comments.some((c) => c.sheet === this.ws.sheet && c.address === address))
      this.ctx.fail('InvalidArgument', `a comment exists at ${address}`);
    else if (this.ws.guardWrite()) this.ws.sheet.notes.set(address, { content });
  }
}

class Note extends Loadable {
  constructor(ctx: FakeContext, private ws: Worksheet, private address: string) {
    super(ctx);
  }
  load(_props: string): this {
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
  delete(): void {
    if (!this.ws.sheet.notes.has(this.address)) this.ctx.fail('ItemNotFound', `note ${this.address}`);
    else if (this.ws.guardWrite()) this.ws.sheet.notes.delete(this.address);
  }
}

class CommentCollection {
  constructor(private ctx: FakeContext) {}
  getCount(): ClientResult<number> {
    return new ClientResult(this.ctx, () => this.ctx.book.comments.length);
  }
  getItemAt(i: number): Comment {
    return new Comment(this.ctx, this.ctx.book.comments[i]);
  }
  add(cell: Range, content: string): void {
    const sheet = cell.ws.sheet;
    const address = cell.localAddress;
    if (sheet.notes.has(address) || this.ctx.book.comments.some((c) => c.sheet === sheet && c.address === address))
      this.ctx.fail('InvalidArgument', `cell ${address} already has a note or comment`);
    else this.ctx.book.comments.push({ sheet, address, content });
  }
  getItemByCell(cell: Range): { delete: () => void } {
    const sheet = cell.ws.sheet;
    const address = cell.localAddress;
    return {
      delete: () => {
        const i = this.ctx.book.comments.findIndex((c) => c.sheet === sheet && c.address === address);
        if (i < 0) this.ctx.fail('ItemNotFound', `comment at ${address}`);
        else this.ctx.book.comments.splice(i, 1);
      },
    };
  }
}

class Comment extends Loadable {
  constructor(ctx: FakeContext, private comment: { sheet: FakeSheet; address: string; content: string }) {
    super(ctx);
  }
  load(_props: string): this {
    this.stage({ content: this.comment.content });
    return this;
  }
  get content(): string {
    return this.loaded('content');
  }
  getLocation(): Range {
    const ws = new Worksheet(this.ctx, this.comment.sheet, false);
    return ws.getRange(this.comment.address);
  }
}

class TableCollection extends Loadable {
  load(_paths: string): this {
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

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
