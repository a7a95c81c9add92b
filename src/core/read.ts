/**
 * Reading a ledger sheet as it really looks: every row below the header is a section heading,
 * a total, a project, a note or blank; headings nest by level and carry phase / category down;
 * projects are normalised (amounts in 万元 with their shown precision, dates with precision).
 */
import { columnIndex, type CellValue, type SheetGrid } from './grid';
import {
  AMOUNT_FIELDS, DATE_FIELDS, findHeader,
  type AmountField, type Column, type DateField, type HeaderInfo,
} from './header';
import { formatDecimals, isEmptyMarker, ownDecimals, parseAmountText, toWanFactor, type Unit } from './numbers';
import {
  AMOUNT_SLOT, AmountCell, DATE_SLOT, SheetCells, TEXT_SLOT, amountsOf, datesOf, keepsText, textsOf,
  type AmountScale, type RowAmounts, type RowDates, type RowTexts, type TextField,
} from './cells';
import { parseDate, parsePeriod, type LedgerDate } from './dates';
import {
  categoryOf, categoryOfSubcategory, headingClassification, headingTerm, inferSubcategory, NOT_INFERRED,
  phaseOf, readPhase, subcategoryOf, type Inference,
} from './classify';
import { cellText, chineseNumeral, isPlainLabel, needsTrim, normLabel } from './text';
import { CATEGORIES, PHASES, type Category, type FieldKey, type Phase, type RowInfo } from './types';
import type { Profile } from './profile';
import { RATE_BIT } from './rates';
import { withItem } from './lists';
import type { ProjectRecord } from './summary';

export interface BadCell {
  field: FieldKey;
  col: number;
  text: string;
}

/** Most rows have no bad cell: they share one empty list, replaced by the row's own on the first cell. */
const NO_CELLS: BadCell[] = [];
const withCell = (cells: BadCell[], cell: BadCell) => withItem(cells === NO_CELLS ? undefined : cells, cell);

export interface TextCell {
  text: string;
  col: number;
}

export interface Classification {
  phase?: Phase;
  category?: Category;
  subcategory?: string;
}

interface DuplicateOf {
  sheet: string;
  row: number;
  by: 'name' | 'code';
}

/** A project row's rarely set facts: kept apart, every row is 56 bytes smaller. */
class RowExtras {
  badAmounts: BadCell[] = NO_CELLS;
  badDates: BadCell[] = NO_CELLS;
  natureResolved?: { nature: string; phase: Phase } = undefined;
  unknownPhase?: TextCell = undefined;
  unknownCategory: BadCell[] = NO_CELLS;
  duplicateOf?: DuplicateOf = undefined;
  errors = 0;
  warnings = 0;
}

type DeclaredBy = 'cell' | 'section' | 'none';

/** A fact's code is its place in these lists; 0 is not known (for declaredBy, 'none'). */
const PHASE_OF_CODE: readonly (Phase | undefined)[] = [undefined, ...PHASES];
const CATEGORY_OF_CODE: readonly (Category | undefined)[] = [undefined, ...CATEGORIES];
const DECLARED_BY: readonly DeclaredBy[] = ['none', 'cell', 'section'];

/** Where each fact sits in ProjectRow.facts. */
const FACT_BITS = {
  phase: { shift: 0, mask: 7 },
  cellPhase: { shift: 3, mask: 7 },
  category: { shift: 6, mask: 7 },
  declaredBy: { shift: 9, mask: 3 },
  rates: { shift: 11, mask: 15 },
  subcategoryCell: { shift: 15, mask: 1 },
} as const;

/** The cells read only to classify their row, by their place in the row's scratch list (readProject). */
const CLASS_SLOT = { phase: 0, category: 1, subcategory: 2 } as const;
type ClassField = keyof typeof CLASS_SLOT;

/** A construction period (建设起止年限): its span, and its text for messages. */
export interface Period {
  start: LedgerDate;
  end: LedgerDate;
  text: string;
}

/**
 * A project row. Its cells live in its sheet's columns (SheetCells); `text`, `amounts` and `dates`
 * are views made when asked for. The rest is what reading and classifying the row concluded. It is
 * also the row's record for summaries and the data table (ProjectRecord) and its line in the report
 * (RowInfo, written as JSON by toJSON): at 100k rows a second object per row cost more than its getters.
 */
export class ProjectRow implements ProjectRecord, RowInfo {
  period?: Period = undefined;
  subcategory?: string = undefined;
  inferred: Inference = NOT_INFERRED;
  /**
   * Phase, phase cell, category, who declared it and the rate flags, in one small integer (bits as
   * FACT_BITS says): a field each was 8 bytes a row more.
   */
  private facts = 0;
  /** What few rows have (bad cells, a repeat, issues counted), in one object made when first set. */
  private extra?: RowExtras = undefined;

  constructor(
    private readonly cells: SheetCells,
    /** Index in the sheet's projects (and its columns). */
    private readonly index: number,
    /** 1-based Excel row. */
    readonly row: number,
    readonly section: Classification,
  ) {}

  private extras(): RowExtras {
    return (this.extra ??= new RowExtras());
  }

  get badAmounts(): BadCell[] {
    return this.extra?.badAmounts ?? NO_CELLS;
  }

  set badAmounts(cells: BadCell[]) {
    this.extras().badAmounts = cells;
  }

  get badDates(): BadCell[] {
    return this.extra?.badDates ?? NO_CELLS;
  }

  set badDates(cells: BadCell[]) {
    this.extras().badDates = cells;
  }

  /** 扩建/改建 resolved from the start date. */
  get natureResolved(): { nature: string; phase: Phase } | undefined {
    return this.extra?.natureResolved;
  }

  set natureResolved(resolved: { nature: string; phase: Phase } | undefined) {
    this.extras().natureResolved = resolved;
  }

  get unknownPhase(): TextCell | undefined {
    return this.extra?.unknownPhase;
  }

  set unknownPhase(cell: TextCell | undefined) {
    this.extras().unknownPhase = cell;
  }

  get unknownCategory(): BadCell[] {
    return this.extra?.unknownCategory ?? NO_CELLS;
  }

  set unknownCategory(cells: BadCell[]) {
    this.extras().unknownCategory = cells;
  }

  /** The earlier project row (any sheet of the workbook) this one repeats, by name or by code. */
  get duplicateOf(): DuplicateOf | undefined {
    return this.extra?.duplicateOf;
  }

  set duplicateOf(first: DuplicateOf | undefined) {
    this.extras().duplicateOf = first;
  }

  /** Errors and warnings raised on the row, counted once the rules have run. */
  get errors(): number {
    return this.extra?.errors ?? 0;
  }

  set errors(n: number) {
    this.extras().errors = n;
  }

  get warnings(): number {
    return this.extra?.warnings ?? 0;
  }

  set warnings(n: number) {
    this.extras().warnings = n;
  }

  get kind(): 'project' {
    return 'project';
  }

  get sheet(): string {
    return this.cells.sheet;
  }

  /** Text of the cells a row keeps as text (cells.ts TEXT_FIELDS), trimmed (the column is the sheet's: LedgerSheet.columns). */
  get text(): RowTexts {
    return textsOf(this.cells, this.index);
  }

  get amounts(): RowAmounts {
    return amountsOf(this.cells, this.index);
  }

  /** Dates of the row; shared between rows that wrote the same date (never modified). */
  get dates(): RowDates {
    return datesOf(this.cells, this.index);
  }

  /** One field's cell, for rules that go through fields in a loop (a view's getters are for named reads). */
  amount(field: AmountField): AmountCell | undefined {
    return this.cells.amount(AMOUNT_SLOT[field], this.index);
  }

  /** An amount as written, without making a cell: NaN when the cell is empty. */
  amountValue(field: AmountField): number {
    return this.cells.amountValue(AMOUNT_SLOT[field], this.index);
  }

  /**
   * amountValue by slot (AMOUNT_SLOT; field i of AMOUNT_FIELDS), for rules going through the fields in a
   * loop: a field name looked up again on every row cost more than the rest of such a rule.
   */
  amountValueAt(slot: number): number {
    return this.cells.amountValue(slot, this.index);
  }

  date(field: DateField): LedgerDate | undefined {
    return this.cells.dateAt(DATE_SLOT[field], this.index);
  }

  /** date by slot (DATE_SLOT), for rules going through date fields in a loop. */
  dateAt(slot: number): LedgerDate | undefined {
    return this.cells.dateAt(slot, this.index);
  }

  textOf(field: TextField): string | undefined {
    return this.cells.textAt(TEXT_SLOT[field], this.index);
  }

  /** The unit an amount was written in (its column's, unless its text named another); undefined when empty. */
  unit(field: AmountField): Unit | undefined {
    return this.cells.unit(AMOUNT_SLOT[field], this.index);
  }

  /** An amount in 万元, 0 when empty. */
  wan(field: AmountField): number {
    return this.cells.wan(AMOUNT_SLOT[field], this.index);
  }

  /** Half a unit of the amount's last shown decimal, in 万元; 0 when empty. */
  halfWan(field: AmountField): number {
    return this.cells.halfWan(AMOUNT_SLOT[field], this.index);
  }

  private fact(bits: { shift: number; mask: number }): number {
    return (this.facts >> bits.shift) & bits.mask;
  }

  private setFact(bits: { shift: number; mask: number }, code: number): void {
    // Only listed values have a code: anything else would spill into the neighbouring facts.
    if (code < 0 || code > bits.mask) throw new RangeError(`ProjectRow: no code for this value (${code})`);
    this.facts = (this.facts & ~(bits.mask << bits.shift)) | (code << bits.shift);
  }

  /** Phase as resolved (cell, else section, else title, else sheet name). */
  get phase(): Phase | undefined {
    return PHASE_OF_CODE[this.fact(FACT_BITS.phase)];
  }

  set phase(phase: Phase | undefined) {
    this.setFact(FACT_BITS.phase, PHASE_OF_CODE.indexOf(phase));
  }

  /** What the phase cell said, when it named a phase. */
  get cellPhase(): Phase | undefined {
    return PHASE_OF_CODE[this.fact(FACT_BITS.cellPhase)];
  }

  set cellPhase(phase: Phase | undefined) {
    this.setFact(FACT_BITS.cellPhase, PHASE_OF_CODE.indexOf(phase));
  }

  get category(): Category | undefined {
    return CATEGORY_OF_CODE[this.fact(FACT_BITS.category)];
  }

  set category(category: Category | undefined) {
    this.setFact(FACT_BITS.category, CATEGORY_OF_CODE.indexOf(category));
  }

  /** Category / subcategory declared by a cell or a section (not by the name). */
  get declaredBy(): DeclaredBy {
    return DECLARED_BY[this.fact(FACT_BITS.declaredBy)];
  }

  set declaredBy(by: DeclaredBy) {
    this.setFact(FACT_BITS.declaredBy, DECLARED_BY.indexOf(by));
  }

  /** Whether the row's subcategory (行业) cell holds text, known or not. */
  get subcategoryCell(): boolean {
    return this.fact(FACT_BITS.subcategoryCell) === 1;
  }

  set subcategoryCell(written: boolean) {
    this.setFact(FACT_BITS.subcategoryCell, written ? 1 : 0);
  }

  /** Whether the check date makes the row count towards 开工率 / 竣工投产率 (rateBits, worked out once, after reading). */
  setRateBits(bits: number): void {
    this.setFact(FACT_BITS.rates, bits);
  }

  get dueToStart(): boolean {
    return (this.fact(FACT_BITS.rates) & RATE_BIT.dueToStart) !== 0;
  }

  get started(): boolean {
    return (this.fact(FACT_BITS.rates) & RATE_BIT.started) !== 0;
  }

  get dueToComplete(): boolean {
    return (this.fact(FACT_BITS.rates) & RATE_BIT.dueToComplete) !== 0;
  }

  get completed(): boolean {
    return (this.fact(FACT_BITS.rates) & RATE_BIT.completed) !== 0;
  }

  // The record's fields, read through to the cells.
  get file(): string | undefined {
    return this.cells.file;
  }

  get name(): string {
    return this.cells.textAt(TEXT_SLOT.name, this.index) ?? '';
  }

  get region(): string | undefined {
    return this.cells.textAt(TEXT_SLOT.region, this.index);
  }

  get totalInvestment(): number {
    return this.wan('totalInvestment');
  }

  get completedBeforeYear(): number {
    return this.wan('completedBeforeYear');
  }

  get annualPlan(): number {
    return this.wan('annualPlan');
  }

  get completedThisYear(): number {
    return this.wan('completedThisYear');
  }

  get cumulativeCompleted(): number {
    return this.wan('cumulativeCompleted');
  }

  get inferredSubcategory(): string | undefined {
    return this.inferred.subcategory;
  }

  /** The row's report line as plain data (what JSON.stringify writes), keys in the order a heading's line has. */
  toJSON(): RowInfo {
    return {
      sheet: this.sheet,
      row: this.row,
      kind: 'project',
      file: this.file || undefined,
      phase: this.phase,
      category: this.category,
      subcategory: this.subcategory || undefined,
      inferredSubcategory: this.inferredSubcategory || undefined,
    };
  }
}

export interface Stated {
  count?: { value: number; col?: number };
  amounts: Partial<Record<AmountField, AmountCell>>;
}

export interface Group {
  /** 1-based row of the heading or total that states the figures. */
  row: number;
  kind: 'section' | 'subtotal' | 'total';
  /** The heading or total text as written, for messages. */
  label: string;
  level: number;
  ofWhich: boolean;
  parent?: Group;
  stated: Stated;
  /**
   * How many projects it holds: LedgerSheet.projects from `startIndex` on (a section's, counted when it
   * closes; a subtotal's, those since the last subtotal or heading; a total's, every project of the
   * sheet). A run, not a list: nested groups would copy each row.
   */
  memberCount: number;
  /** Of-which child groups (其中 blocks) directly under this group. */
  ofWhichChildren: Group[];
  classification: Classification;
  /** Level of the 其中 block opened directly under this group, if any. */
  ofWhichLevel?: number;
  /** Numbered headings (一、 （一） 1. （1）) fix levels; unnumbered ones sit one below the nearest numbered one. */
  numbered: boolean;
  /** What an unnumbered heading names: 0 a phase, 1 a category, 2 a subcategory, 3 anything else. */
  rank?: number;
  /** Index in LedgerSheet.projects of its first project (for a section, the first after the heading). */
  startIndex: number;
}

/** How each mapped column that a row keeps is read, decided once per sheet. */
export interface ColumnPlan {
  field: FieldKey;
  col: number;
  /** `class`: a phase, category or subcategory cell, read only to classify its row. */
  kind: 'amount' | 'date' | 'period' | 'class' | 'text';
  /** Where the field's column is kept in SheetCells (by kind: amount, date, text); for `class`, CLASS_SLOT; -1 for the period. */
  slot: number;
  /** An amount column's unit. */
  scale?: AmountScale;
}

export interface LedgerSheet {
  name: string;
  header: HeaderInfo;
  columns: Partial<Record<FieldKey, Column>>;
  plan: ColumnPlan[];
  /** Unit of each amount column. */
  units: Partial<Record<AmountField, Unit>>;
  /** Amount columns without any unit (万元 assumed). */
  unitAssumed: AmountField[];
  unit: Unit;
  planYear: number;
  titlePhase?: Phase;
  sheetNamePhase?: Phase;
  /** Project rows, in sheet order. */
  projects: ProjectRow[];
  /** Heading and total rows, in sheet order. */
  groups: Group[];
  /** The projects' cells, a column per mapped field. */
  cells: SheetCells;
}

const NOTE_WORDS = ['注', '说明', '备注', '填表人', '填报人', '审核人', '制表人', '制表', '联系人', '联系电话', '单位负责人', '负责人', '填报单位', '填表说明'];
const NOTE = new RegExp(`^(${NOTE_WORDS.join('|')})[:：]?`);
const NOTE_START = new Set(NOTE_WORDS.map((w) => w.charCodeAt(0)));
/** A note below the table (注：…, 填表人：…): the first character rules out nearly every row before the pattern runs. */
const isNote = (label: string) => NOTE_START.has(label.charCodeAt(0)) && NOTE.test(label);
const TOTAL = /^(.{0,8}?)(合计|总计|小计)(\(\d+\s*[个项]\))?$/;
const CN_NUM = '[一二三四五六七八九十]+';
const NUMBERED: [RegExp, number][] = [
  [new RegExp(`^${CN_NUM}[、.．,，]`), 1],
  [new RegExp(`^[（(]${CN_NUM}[)）]`), 2],
  [/^\d{1,3}[.、．](?!\d)/, 3],
  [/^[（(]\d{1,3}[)）]/, 4],
];
const SEQ_ONLY: [RegExp, number][] = [
  [new RegExp(`^${CN_NUM}[、.．]?$`), 1],
  [new RegExp(`^[（(]${CN_NUM}[)）]$`), 2],
  [/^\d{1,3}[.、．]$/, 3],
  [/^[（(]\d{1,3}[)）]$/, 4],
];
const COUNT_IN_TEXT = /(\d+)\s*(?:个|项)/;
const DETAIL_FIELDS: FieldKey[] = [
  'code', 'region', 'owner', 'ownerCreditCode', 'phase', 'plannedStart', 'actualStart', 'plannedCompletion',
  'actualCompletion', 'progress', 'period', 'content', 'department', 'leader', 'level', 'category', 'subcategory',
];

function numberingOf(seq: string, name: string): { level: number; rest: string } | undefined {
  const s = seq.normalize('NFKC').trim();
  if (s) {
    for (const [re, level] of SEQ_ONLY) if (re.test(s)) {
      if (level === 1 && Number.isNaN(chineseNumeral(s.replace(/[、.．]$/, '')))) continue;
      return { level, rest: name };
    }
  }
  const label = (s + name).normalize('NFKC').trim();
  for (const [re, level] of NUMBERED) {
    const m = re.exec(label);
    if (m) return { level, rest: label.slice(m[0].length) };
  }
  return undefined;
}

/** Which phase a title or a sheet name names, if exactly one. */
function phaseMentioned(text: string): Phase | undefined {
  const found = new Set<Phase>();
  const t = normLabel(text);
  for (const p of ['新开工', '续建', '竣工投产', '前期工作', '在建', '竣工', '投产', '前期', '储备', '预备', '谋划']) {
    if (t.includes(p)) {
      const phase = phaseOf(p);
      if (phase) found.add(phase);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function isEmpty(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && (v.length === 0 || (needsTrim(v) && v.trim() === '')));
}

// Plain loops: these run on every row, and a callback per row was a closure per row.
function anyFilled(row: CellValue[], cols: number[]): boolean {
  for (let i = 0; i < cols.length; i++) if (!isEmpty(row[cols[i]])) return true;
  return false;
}

function firstFilled(row: CellValue[]): CellValue | undefined {
  for (let i = 0; i < row.length; i++) if (!isEmpty(row[i])) return row[i];
  return undefined;
}

export interface ReadOptions {
  planYear?: number;
  asOfYear: number;
  profile: Profile;
  /** Column corrections from the person: field → column letter ('' removes a mapping). */
  mapping?: Partial<Record<FieldKey, string>>;
  /** The file the sheet is in, for reports over several files. */
  file?: string;
  /** Dates already read from other sheets of the same check (newDateCache). */
  dates?: DateCache;
}

/** Reads one sheet; undefined when it has no ledger header. */
export function readLedgerSheet(sheet: SheetGrid, opts: ReadOptions): LedgerSheet | undefined {
  const header = findHeader(sheet);
  if (!header) return undefined;
  const columns = applyMapping(header.columns, opts.mapping);
  if (!columns.name) return undefined;
  const units: Partial<Record<AmountField, Unit>> = {};
  const unitAssumed: AmountField[] = [];
  for (const f of AMOUNT_FIELDS) {
    const c = columns[f];
    if (!c) continue;
    const u = c.unit ?? header.sheetUnit;
    if (!u) unitAssumed.push(f);
    units[f] = u ?? '万元';
  }
  const unit = units.totalInvestment ?? header.sheetUnit ?? '万元';
  const planYear = opts.planYear ?? header.planYear ?? opts.asOfYear;
  const plan: ColumnPlan[] = Object.values(columns)
    .filter((c): c is Column => !!c && (isAmount(c.field) || isDate(c.field) || keepsText(c.field) || c.field === 'period' || c.field in CLASS_SLOT))
    .map((c): ColumnPlan => {
      if (isAmount(c.field)) return { field: c.field, col: c.col, kind: 'amount', slot: AMOUNT_SLOT[c.field], scale: scaleOf(units[c.field]!, opts.profile.usdRate) };
      if (isDate(c.field)) return { field: c.field, col: c.col, kind: 'date', slot: DATE_SLOT[c.field] };
      if (c.field === 'period') return { field: c.field, col: c.col, kind: 'period', slot: -1 };
      if (c.field in CLASS_SLOT) return { field: c.field, col: c.col, kind: 'class', slot: CLASS_SLOT[c.field as ClassField] };
      return { field: c.field, col: c.col, kind: 'text', slot: TEXT_SLOT[c.field as TextField] };
    });
  // Room for every row below the header: a column costs 4–12 bytes a row whether or not the row is a project.
  const dates = opts.dates ?? newDateCache();
  const cells = new SheetCells(sheet.name, opts.file, Math.max(0, sheet.values.length - header.bottom - 1), dates.table);
  for (const c of plan) {
    if (c.kind === 'amount') cells.addAmount(c.slot, c.col, c.scale!);
    else if (c.kind === 'date') cells.addDate(c.slot);
    else if (c.kind === 'text') cells.addText(c.slot);
  }
  const ledger: LedgerSheet = {
    name: sheet.name,
    header,
    columns,
    plan,
    units,
    unitAssumed,
    unit,
    planYear,
    titlePhase: phaseMentioned(header.titleText),
    sheetNamePhase: phaseMentioned(sheet.name),
    projects: [],
    groups: [],
    cells,
  };
  readRows(sheet, ledger, opts.profile, dates);
  return ledger;
}

const isAmount = (f: FieldKey): f is AmountField => (AMOUNT_FIELDS as readonly FieldKey[]).includes(f);
const isDate = (f: FieldKey): f is DateField => (DATE_FIELDS as readonly FieldKey[]).includes(f);

function applyMapping(
  detected: Partial<Record<FieldKey, Column>>,
  mapping: Partial<Record<FieldKey, string>> | undefined,
): Partial<Record<FieldKey, Column>> {
  if (!mapping) return detected;
  const out = { ...detected };
  for (const [field, letter] of Object.entries(mapping) as [FieldKey, string][]) {
    if (!letter) {
      delete out[field];
      continue;
    }
    if (!/^[A-Za-z]{1,3}$/.test(letter)) continue;
    const col = columnIndex(letter);
    const existing = Object.values(out).find((c) => c && c.col === col);
    out[field] = { field, col, label: existing?.label ?? letter, unit: existing?.unit ?? detected[field]?.unit };
  }
  return out;
}

function kindRank(c: { phase?: unknown; category?: unknown; subcategory?: unknown }): number {
  return c.phase ? 0 : c.subcategory ? 2 : c.category ? 1 : 3;
}

/**
 * An unnumbered heading sits one level below the nearest numbered heading above it (SPEC §3); among
 * unnumbered headings under it, a finer one (交通 under 续建项目) nests below a coarser one, and one of
 * the same kind is its sibling.
 */
function unnumberedLevel(stack: Group[], rank: number): number {
  let level = 1;
  for (const g of stack) {
    if (g.numbered) level = g.level + 1;
    else if ((g.rank ?? 3) < rank) level = g.level + 1;
  }
  return level;
}

function readRows(sheet: SheetGrid, ledger: LedgerSheet, profile: Profile, dates: DateCache): void {
  const { columns } = ledger;
  const stack: Group[] = [];
  let subtotalStart = 0;
  const seqCol = columns.seq?.col ?? -1;
  const nameCol = columns.name!.col;
  const mappedCols = Object.values(columns).flatMap((c) => (c && c.field !== 'seq' ? [c.col] : []));
  const detailCols = DETAIL_FIELDS.flatMap((f) => (columns[f] ? [columns[f]!.col] : []));

  for (let r = ledger.header.bottom + 1; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    const hasMapped = anyFilled(row, mappedCols);
    const seqIsNumber = typeof row[seqCol] === 'number';
    // A sequence number's text is wanted only on a row with nothing else mapped: not made for every row.
    const seqText = seqCol < 0 || seqIsNumber ? '' : cellText(row[seqCol]);
    const nameText = cellText(row[nameCol]);
    const firstValue = firstFilled(row);
    if (!hasMapped && firstValue === undefined) continue; // blank
    // A plain name (isPlainLabel: nearly every one) is told from a note, total or heading as written and
    // normalised only where one of those needs it (a project's name, inside the lexicon scan): 3 in 4 names
    // have full-width brackets, and a normalised copy of each was a new string per row.
    const plainName = isPlainLabel(nameText);
    const nameLabel = plainName ? nameText : normLabel(nameText);
    // A number is never a note (notes start with 注, 说明, 填表人 …): its text is made only to compare below.
    const firstIsNumber = typeof firstValue === 'number';
    const firstText = firstIsNumber ? '' : firstValue === row[nameCol] ? nameLabel : normLabel(cellText(firstValue ?? null));
    if (isNote(firstText) || isNote(nameLabel)) continue;
    if (!hasMapped) {
      const seq = seqIsNumber ? String(row[seqCol]) : seqText;
      const bareSequence = (seqIsNumber || normLabel(seq) === (firstIsNumber ? String(firstValue) : firstText)) && !numberingOf(seq, '');
      if (bareSequence) continue;
    }

    // The plain name as written, else normalised. Normalised once only where more than its words count
    // (labelOf): normLabel is not idempotent (a second NFKC can join a mark to the letter before it).
    const asWritten = (seqIsNumber || !seqText) && plainName;
    const looseLabel = seqIsNumber || !seqText ? nameLabel : normLabel(seqText + nameText);
    const display = seqIsNumber || !seqText ? nameText : nameText ? `${seqText} ${nameText}` : seqText;
    const excelRow = r + 1;
    // Every total label has 计 (合计, 总计, 小计): most rows skip the match.
    const totalLabel = looseLabel.includes('计') ? labelOf(looseLabel, asWritten) : undefined;
    const totalMatch = totalLabel === undefined ? null : TOTAL.exec(totalLabel.replace(/[：:]/g, ''));
    if (totalLabel !== undefined && totalMatch) {
      const isSubtotal = totalMatch[2] === '小计';
      // A subtotal holds the projects since the last subtotal or heading; a total, all the sheet's (set at the end).
      const from = isSubtotal ? Math.max(subtotalStart, stack[stack.length - 1]?.startIndex ?? 0) : 0;
      const group: Group = {
        row: excelRow,
        kind: isSubtotal ? 'subtotal' : 'total',
        label: display,
        level: 0,
        ofWhich: false,
        stated: readStated(sheet, r, totalLabel, ledger, profile.usdRate),
        memberCount: isSubtotal ? ledger.projects.length - from : 0,
        ofWhichChildren: [],
        classification: {},
        numbered: false,
        startIndex: from,
      };
      if (isSubtotal) subtotalStart = ledger.projects.length;
      ledger.groups.push(group);
      continue;
    }

    const hasDetail = anyFilled(row, detailCols);
    const numbered = seqIsNumber ? undefined : numberingOf(seqText, nameText);
    const ofWhich = looseLabel.startsWith('其中');
    // A heading's rest is what it names: numberingOf and headingClassification normalise it as they read it.
    let heading: { level: number; rest: string; numbered: boolean } | undefined;
    if (numbered && (numbered.level <= 2 || !hasDetail)) heading = { ...numbered, numbered: true };
    else if (ofWhich) {
      const rest = looseLabel.replace(/^其中[：:，,]?/, '');
      const inner = numberingOf('', rest);
      heading = inner ? { ...inner, numbered: true } : { level: 0, rest, numbered: false };
    } else if (!hasDetail && !seqIsNumber && headingTerm(looseLabel)) {
      heading = { level: 0, rest: looseLabel, numbered: false };
    }

    if (heading) {
      const rank = kindRank(headingClassification(heading.rest));
      if (!heading.numbered) heading.level = unnumberedLevel(stack, rank);
      while (stack.length && stack[stack.length - 1].level >= heading.level) closeSection(stack.pop()!, ledger);
      const parent = stack[stack.length - 1];
      const own = headingClassification(heading.rest);
      const ownCategory = own.category ?? (own.subcategory ? categoryOfSubcategory(own.subcategory) : undefined);
      const classification: Classification = {
        phase: own.phase ?? parent?.classification.phase,
        category: ownCategory ?? parent?.classification.category,
        subcategory: own.subcategory ?? (ownCategory ? undefined : parent?.classification.subcategory),
      };
      let isOfWhich = ofWhich;
      if (parent) {
        if (ofWhich) parent.ofWhichLevel = heading.level;
        else if (parent.ofWhichLevel === heading.level) isOfWhich = true;
      }
      const group: Group = {
        row: excelRow,
        kind: 'section',
        label: display,
        level: heading.level,
        ofWhich: isOfWhich,
        parent,
        stated: readStated(sheet, r, labelOf(looseLabel, asWritten), ledger, profile.usdRate),
        memberCount: 0,
        ofWhichChildren: [],
        classification,
        numbered: heading.numbered,
        rank,
        startIndex: ledger.projects.length,
      };
      if (isOfWhich && parent) parent.ofWhichChildren.push(group);
      stack.push(group);
      subtotalStart = ledger.projects.length;
      ledger.groups.push(group);
      continue;
    }

    const project = readProject(sheet, r, ledger, stack[stack.length - 1]?.classification ?? {}, profile, dates);
    if (project.textOf('name')) project.inferred = inferSubcategory(nameText);
    ledger.projects.push(project);
  }
  for (const g of stack) closeSection(g, ledger);
  // A total holds every project of its sheet (a list of the totals alone made V8 re-optimise this loop on later checks).
  for (const g of ledger.groups) if (g.kind === 'total') g.memberCount = ledger.projects.length;
}

/** A row's label normalised: `asWritten`, a plain name not yet normalised. */
function labelOf(looseLabel: string, asWritten: boolean): string {
  return asWritten ? normLabel(looseLabel) : looseLabel;
}

/** A section's members are the projects read while it was open: counted when it closes. */
function closeSection(g: Group, ledger: LedgerSheet): void {
  g.memberCount = ledger.projects.length - g.startIndex;
}

/** Figures a heading or total row states: a count (in its text or a count cell) and any amounts. */
function readStated(sheet: SheetGrid, r: number, label: string, ledger: LedgerSheet, usdRate: number): Stated {
  const row = sheet.values[r] ?? [];
  const out: Stated = { amounts: {} };
  const countCol = ledger.columns.count?.col;
  if (countCol !== undefined && typeof row[countCol] === 'number') {
    out.count = { value: row[countCol] as number, col: countCol };
  } else {
    const m = COUNT_IN_TEXT.exec(label);
    if (m) out.count = { value: Number(m[1]) };
  }
  for (const f of AMOUNT_FIELDS) {
    const c = ledger.columns[f];
    if (!c) continue;
    const a = readAmount(row[c.col], sheet.formats?.[r]?.[c.col], scaleOf(ledger.units[f]!, usdRate), c.col, usdRate);
    if (a && a !== 'bad') out.amounts[f] = a;
  }
  return out;
}

function readAmount(
  v: CellValue | undefined,
  fmt: string | null | undefined,
  scale: AmountScale,
  col: number,
  usdRate: number,
): AmountCell | 'bad' | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'bad';
    return new AmountCell(v, shownDecimals(v, fmt), col, scale);
  }
  if (typeof v === 'boolean') return 'bad';
  const t = v.trim();
  if (t === '' || isEmptyMarker(t)) return undefined;
  const p = parseAmountText(t);
  if (!p) return 'bad';
  return new AmountCell(p.value, p.decimals, col, p.unit && p.unit !== scale.unit ? scaleOf(p.unit, usdRate) : scale);
}

/** Decimals a number cell shows: its format's, else General's. */
const shownDecimals = (v: number, fmt: string | null | undefined) => formatDecimals(fmt) ?? ownDecimals(v);

const SCALES = new Map<string, AmountScale>();

/** One scale object per unit and exchange rate, shared by every cell in that unit. */
function scaleOf(unit: Unit, usdRate: number): AmountScale {
  const key = `${unit} ${usdRate}`;
  let scale = SCALES.get(key);
  if (!scale) SCALES.set(key, (scale = { unit, factor: toWanFactor(unit, usdRate) }));
  return scale;
}

/**
 * Ledgers repeat the same dates row after row: each distinct cell is parsed once per check (one cache
 * for all its sheets), and rows that wrote the same date share one (never modified) LedgerDate. Date
 * columns keep its number in `table` (4 bytes a cell, which the garbage collector never visits; 0: no
 * date). A number's meaning depends on its format (a serial date, or 2024.03 as a month), so numbers
 * are kept per format; text is not, unless it is digits.
 */
export interface DateCache {
  /** Every date read in this check, by number; 0 is no date. */
  table: LedgerDate[];
  text: Map<string, number>;
  numbers: Map<string, Map<number | string, number>>;
  periods: Map<string, Period | null>;
  /** Whole serials (nearly every number date) by format, indexed by serial; -1 not read yet. */
  serials: Map<string, Int32Array>;
  /** The format whose serials were asked for last, and those serials: a date column shares one format. */
  lastSerialFormat: string;
  lastSerials: Int32Array | undefined;
}

/** Whole serials below this (2079-06-06) are cached by index. */
const SERIAL_SLOTS = 65536;

export const newDateCache = (): DateCache => ({
  table: [NO_DATE],
  text: new Map(),
  numbers: new Map(),
  periods: new Map(),
  serials: new Map(),
  lastSerialFormat: '',
  lastSerials: undefined,
});

/** Table entry 0, never handed out: columns read 0 as no date. */
const NO_DATE: LedgerDate = Object.freeze({ precision: 'day', start: 0, end: 0 });

/** A date's number in the check's table; 0 when the cell is not a date. */
function dateId(cache: DateCache, v: string | number, fmt: string | null | undefined): number {
  const d = parseDate(v, fmt);
  return d ? cache.table.push(d) - 1 : 0;
}

function cachedDate(cache: DateCache, v: string | number, fmt: string | null | undefined): number {
  // Text seen before is answered before asking whether it is digits (digits are never in cache.text).
  const seen = typeof v === 'string' ? cache.text.get(v) : undefined;
  if (seen !== undefined) return seen;
  let byValue: Map<number | string, number> | undefined = cache.text;
  if (typeof v === 'number' || /^\d+(\.\d+)?$/.test(v)) {
    byValue = cache.numbers.get(fmt ?? '');
    if (!byValue) cache.numbers.set(fmt ?? '', (byValue = new Map()));
  }
  let id = byValue.get(v);
  if (id === undefined) byValue.set(v, (id = dateId(cache, v, fmt)));
  return id;
}

/** cachedDate for a number cell: the same answer, by index for whole serials. */
function cachedSerial(cache: DateCache, v: number, fmt: string | null | undefined): number {
  if (!(v >= 0 && v < SERIAL_SLOTS && Number.isInteger(v))) return cachedDate(cache, v, fmt);
  const key = fmt ?? '';
  let bySerial = key === cache.lastSerialFormat ? cache.lastSerials : cache.serials.get(key);
  if (!bySerial) cache.serials.set(key, (bySerial = new Int32Array(SERIAL_SLOTS).fill(-1)));
  cache.lastSerialFormat = key;
  cache.lastSerials = bySerial;
  let id = bySerial[v];
  if (id < 0) bySerial[v] = id = dateId(cache, v, fmt);
  return id;
}

function readProject(
  sheet: SheetGrid,
  r: number,
  ledger: LedgerSheet,
  section: Classification,
  profile: Profile,
  dates: DateCache,
): ProjectRow {
  const row = sheet.values[r] ?? [];
  const fmts = sheet.formats?.[r];
  const { cells } = ledger;
  const i = ledger.projects.length;
  const p = new ProjectRow(cells, i, r + 1, section);
  const { plan } = ledger;
  classCells[0] = classCells[1] = classCells[2] = undefined;
  for (let k = 0; k < plan.length; k++) {
    const c = plan[k];
    const v = row[c.col];
    if (v === null || v === undefined || v === '') continue;
    const field = c.field;
    if (c.kind === 'amount') {
      // Numbers, the common case, go straight to the column; text (and bad cells) the long way.
      if (typeof v === 'number' && Number.isFinite(v)) {
        cells.setAmount(c.slot, i, v, shownDecimals(v, fmts?.[c.col]), c.scale!);
        continue;
      }
      const a = readAmount(v, fmts?.[c.col], c.scale!, c.col, profile.usdRate);
      if (a === 'bad') p.badAmounts = withCell(p.badAmounts, { field, col: c.col, text: cellText(v) });
      else if (a) cells.setAmount(c.slot, i, a.value, a.decimals, a.scale);
      continue;
    }
    if (c.kind === 'date' && typeof v === 'number') {
      // Excel serials, the common case: no text to make.
      const d = cachedSerial(dates, v, fmts?.[c.col]);
      if (d !== 0) cells.setDate(c.slot, i, d);
      else p.badDates = withCell(p.badDates, { field, col: c.col, text: String(v) });
      continue;
    }
    const text = cellText(v);
    // "—", "/", "无" mean nothing was entered, in any column: not a bad code, phase or category.
    if (text === '' || isEmptyMarker(text)) continue;
    if (c.kind === 'date') {
      const d = cachedDate(dates, v as string, fmts?.[c.col]);
      if (d !== 0) cells.setDate(c.slot, i, d);
      else p.badDates = withCell(p.badDates, { field, col: c.col, text });
      continue;
    }
    if (c.kind === 'period') {
      // The period keeps its text too (for messages), with its span; rows that wrote the same cell share one.
      let period = typeof v === 'string' ? dates.periods.get(v) : periodOf(v, text);
      if (period === undefined && typeof v === 'string') dates.periods.set(v, (period = periodOf(v, text) ?? null));
      if (period) p.period = period;
      else p.badDates = withCell(p.badDates, { field, col: c.col, text });
      continue;
    }
    if (c.kind === 'class') {
      classCells[c.slot] = text;
      continue;
    }
    cells.setText(c.slot, i, text);
  }
  classifyProject(p, ledger, classCells);
  return p;
}

/** The row being read's phase, category and subcategory text (CLASS_SLOT): one list for every row, not one each. */
const classCells: (string | undefined)[] = [undefined, undefined, undefined];

/** A period cell's span and text; undefined when it is not a period. */
function periodOf(v: string | number | boolean, text: string): Period | undefined {
  const span = parsePeriod(v);
  return span && { start: span.start, end: span.end, text };
}

/** The phase, category and subcategory cells' text (CLASS_SLOT order), by classifyProject; undefined: empty. */
function classifyProject(p: ProjectRow, ledger: LedgerSheet, classCells: readonly (string | undefined)[]): void {
  // Phase: the cell, else the section, else the title, else the sheet name.
  const phaseCell = classCells[CLASS_SLOT.phase];
  let phase: Phase | undefined;
  if (phaseCell) {
    const reading = readPhase(phaseCell);
    if (reading && 'phase' in reading) {
      phase = reading.phase;
      p.cellPhase = phase;
    } else if (reading && 'nature' in reading) {
      const start = p.date('actualStart') ?? p.date('plannedStart');
      if (start) {
        const y = new Date(start.start * 86400000).getUTCFullYear();
        phase = y === ledger.planYear ? '新开工' : y < ledger.planYear ? '续建' : '前期工作';
        p.natureResolved = { nature: reading.nature, phase };
      }
    } else {
      p.unknownPhase = { text: phaseCell, col: ledger.columns.phase!.col };
    }
  }
  p.phase = phase ?? p.section.phase ?? ledger.titlePhase ?? ledger.sheetNamePhase;

  // Category and subcategory: cells, else the section (a subcategory alone gives its category).
  let category: Category | undefined;
  let subcategory: string | undefined;
  const catCell = classCells[CLASS_SLOT.category];
  if (catCell) {
    category = categoryOf(catCell);
    if (!category) {
      const sub = subcategoryOf(catCell);
      if (sub) {
        subcategory = sub;
        category = categoryOfSubcategory(sub);
      } else p.unknownCategory = withCell(p.unknownCategory, { field: 'category', col: ledger.columns.category!.col, text: catCell });
    }
  }
  const subCell = classCells[CLASS_SLOT.subcategory];
  p.subcategoryCell = subCell !== undefined;
  if (subCell) {
    const sub = subcategoryOf(subCell);
    if (sub) {
      subcategory = sub;
      category = category ?? categoryOfSubcategory(sub);
    } else {
      const cat = categoryOf(subCell);
      if (cat) category = category ?? cat;
      else p.unknownCategory = withCell(p.unknownCategory, { field: 'subcategory', col: ledger.columns.subcategory!.col, text: subCell });
    }
  }
  if (category || subcategory) p.declaredBy = 'cell';
  else if (p.section.category || p.section.subcategory) p.declaredBy = 'section';
  p.category = category ?? p.section.category;
  p.subcategory = subcategory ?? (category && category !== p.section.category ? undefined : p.section.subcategory);
}
