/**
 * The cells of a sheet's project rows, kept a column per field rather than an object per row.
 *
 * At 100k rows an object per row for texts, dates and amounts, and one per amount cell, was most of
 * the memory the engine kept; on a 2-core VM the first write to new memory is the engine's largest
 * cost. Rows read their cells through small views (`ProjectRow.text`, `.amounts`, `.dates`) made
 * on demand and never kept.
 */
import { AMOUNT_FIELDS, DATE_FIELDS, type AmountField, type DateField } from './header';
import { HALF_UNITS, halfUnit, type Unit } from './numbers';
import type { LedgerDate } from './dates';
import type { FieldKey } from './types';

/**
 * The text fields a row keeps: those something reads from a project row after it is read. Phase,
 * category and subcategory cells are read into the row's classification as it is read, and the period
 * keeps its text with its span (ProjectRow.period). Other mapped text columns (序号, 建设内容, 备注 …)
 * are read from the sheet where they matter, never per row: at 100k rows a column is 0.8 MB.
 */
const TEXT_FIELDS = ['code', 'name', 'region', 'owner', 'ownerCreditCode', 'progress'] as const satisfies readonly FieldKey[];
/** Whether a row keeps this field's text. */
export const keepsText = (field: FieldKey): field is TextField => (TEXT_FIELDS as readonly FieldKey[]).includes(field);
export type TextField = (typeof TEXT_FIELDS)[number];

/** What an amount cell's unit means: shared by every cell of a column (or every cell naming that unit). */
export interface AmountScale {
  unit: Unit;
  /** 万元 per unit. */
  factor: number;
}

/** An amount cell as the rules see it; made when asked for, from its column. */
export class AmountCell {
  constructor(
    /** As written, in the column's unit (or the unit the text named). */
    readonly value: number,
    readonly decimals: number,
    readonly col: number,
    readonly scale: AmountScale,
  ) {}

  get unit(): Unit {
    return this.scale.unit;
  }

  /** 万元 per unit of `value`. */
  get factor(): number {
    return this.scale.factor;
  }

  /** In 万元. */
  get wan(): number {
    return this.value * this.scale.factor;
  }

  /** Half a unit of the last shown decimal, in 万元: the precision the figure carries. */
  get halfWan(): number {
    return halfUnit(this.decimals) * this.scale.factor;
  }
}

/** A field's slot is its place in its kind's field list: rules looping over AMOUNT_FIELDS read slot i for field i. */
const slots = <F extends string>(fields: readonly F[]) => Object.fromEntries(fields.map((f, i) => [f, i])) as Record<F, number>;
export const TEXT_SLOT = slots(TEXT_FIELDS);
export const DATE_SLOT = slots(DATE_FIELDS);
export const AMOUNT_SLOT = slots(AMOUNT_FIELDS);

/** A column of a sheet's amounts: values as written (NaN: empty), their shown decimals, the column's scale. */
interface AmountColumn {
  values: Float64Array;
  /** 2 bytes a cell: a cell's text has at most 32,767 characters; more would be past any shown precision. */
  decimals: Uint16Array;
  col: number;
  scale: AmountScale;
}

/** Columns for the fields a sheet maps, sized for every row below its header; the rest stay undefined. */
export class SheetCells {
  private readonly texts: ((string | undefined)[] | undefined)[] = TEXT_FIELDS.map(() => undefined);
  /** A date's number in the check's table (DateCache.table), 0 for none. */
  private readonly dates: (Int32Array | undefined)[] = DATE_FIELDS.map(() => undefined);
  private readonly amounts: (AmountColumn | undefined)[] = AMOUNT_FIELDS.map(() => undefined);
  /** The few cells whose text named a unit other than their column's ("1.2亿元" under 万元): row × 5 + slot → scale. */
  private readonly otherScales = new Map<number, AmountScale>();

  constructor(
    /** The sheet's name: every row's `sheet`. */
    readonly sheet: string,
    /** The file it is in, when known: every row's `file`. */
    readonly file: string | undefined,
    private readonly capacity: number,
    /** The check's dates, which date columns point into. */
    private readonly dateTable: readonly LedgerDate[],
  ) {}

  addText(slot: number): void {
    this.texts[slot] = new Array<string | undefined>(this.capacity).fill(undefined);
  }

  addDate(slot: number): void {
    this.dates[slot] = new Int32Array(this.capacity);
  }

  addAmount(slot: number, col: number, scale: AmountScale): void {
    this.amounts[slot] = { values: new Float64Array(this.capacity).fill(NaN), decimals: new Uint16Array(this.capacity), col, scale };
  }

  setText(slot: number, row: number, text: string): void {
    this.texts[slot]![row] = text;
  }

  /** `date`: the date's number in the check's table. */
  setDate(slot: number, row: number, date: number): void {
    this.dates[slot]![row] = date;
  }

  setAmount(slot: number, row: number, value: number, decimals: number, scale: AmountScale): void {
    const column = this.amounts[slot]!;
    column.values[row] = value;
    column.decimals[row] = Math.min(decimals, 0xffff);
    if (scale !== column.scale) this.otherScales.set(row * AMOUNT_FIELDS.length + slot, scale);
  }

  textAt(slot: number, row: number): string | undefined {
    return this.texts[slot]?.[row];
  }

  dateAt(slot: number, row: number): LedgerDate | undefined {
    const id = this.dates[slot]?.[row];
    return id ? this.dateTable[id] : undefined;
  }

  amount(slot: number, row: number): AmountCell | undefined {
    const column = this.amounts[slot];
    const value = this.amountValue(slot, row);
    return Number.isNaN(value) ? undefined : new AmountCell(value, column!.decimals[row], column!.col, this.scaleAt(slot, row));
  }

  /** As written, NaN when empty. */
  amountValue(slot: number, row: number): number {
    // Not `?.` / `??` or a conditional with NaN: V8 boxed every value they gave (16 bytes a read, 80 a row per rule).
    const column = this.amounts[slot];
    let value = NaN;
    if (column !== undefined) value = column.values[row];
    return value;
  }

  /**
   * What rows `from` to `from + count - 1` add up to, in 万元, with the half-units they carry; empty
   * cells add nothing. Straight down the column: group totals pass every row once per enclosing group.
   */
  total(slot: number, from: number, count: number): { wan: number; halfWan: number } {
    let wan = 0;
    let halfWan = 0;
    const column = this.amounts[slot];
    if (column) {
      const { values, decimals } = column;
      for (let row = from; row < from + count; row++) {
        const value = values[row];
        if (Number.isNaN(value)) continue;
        const { factor } = this.scaleAt(slot, row);
        wan += value * factor;
        halfWan += halfUnit(decimals[row]) * factor;
      }
    }
    return { wan, halfWan };
  }

  /** The unit of a filled amount cell (its AmountCell's unit), undefined when empty. */
  unit(slot: number, row: number): Unit | undefined {
    return Number.isNaN(this.amountValue(slot, row)) ? undefined : this.scaleAt(slot, row).unit;
  }

  /*
   * wan and halfWan are read a few times per row by several rules. Written out rather than through
   * amountValue and scaleAt: V8 stopped inlining the longer chain after three or four calls in a rule,
   * and every call it did not inline boxed its result (16 bytes each).
   */

  /** The amount in 万元, 0 when empty: what summaries add up, without making a cell. */
  wan(slot: number, row: number): number {
    const column = this.amounts[slot];
    let wan = 0;
    if (column !== undefined) {
      const value = column.values[row];
      if (!Number.isNaN(value)) wan = value * (this.otherScales.size === 0 ? column.scale.factor : this.scaleAt(slot, row).factor);
    }
    return wan;
  }

  /** Half a unit of the amount's last shown decimal, in 万元 (its AmountCell's halfWan); 0 when empty. */
  halfWan(slot: number, row: number): number {
    const column = this.amounts[slot];
    let half = 0;
    if (column !== undefined && !Number.isNaN(column.values[row])) {
      const decimals = column.decimals[row];
      const unitHalf = decimals < HALF_UNITS.length ? HALF_UNITS[decimals] : halfUnit(decimals);
      half = unitHalf * (this.otherScales.size === 0 ? column.scale.factor : this.scaleAt(slot, row).factor);
    }
    return half;
  }

  /** A filled amount cell's scale: its column's, unless its text named another unit. */
  private scaleAt(slot: number, row: number): AmountScale {
    const own = this.otherScales.size === 0 ? undefined : this.otherScales.get(row * AMOUNT_FIELDS.length + slot);
    return own ?? this.amounts[slot]!.scale;
  }
}

/*
 * Views of one row's cells, with a getter per field (defined below from the field lists). Made
 * per access and dropped at once: short-lived objects cost little, kept ones cost their memory.
 */
abstract class RowView {
  constructor(
    protected readonly cells: SheetCells,
    protected readonly row: number,
  ) {}
}
class TextView extends RowView {}
class DateView extends RowView {}
class AmountView extends RowView {}

TEXT_FIELDS.forEach((field, slot) =>
  Object.defineProperty(TextView.prototype, field, {
    get(this: TextView) {
      return this.cells.textAt(slot, this.row);
    },
  }),
);
DATE_FIELDS.forEach((field, slot) =>
  Object.defineProperty(DateView.prototype, field, {
    get(this: DateView) {
      return this.cells.dateAt(slot, this.row);
    },
  }),
);
AMOUNT_FIELDS.forEach((field, slot) =>
  Object.defineProperty(AmountView.prototype, field, {
    get(this: AmountView) {
      return this.cells.amount(slot, this.row);
    },
  }),
);

export type RowTexts = Readonly<Partial<Record<TextField, string>>>;
export type RowDates = Readonly<Partial<Record<DateField, LedgerDate>>>;
export type RowAmounts = Readonly<Partial<Record<AmountField, AmountCell>>>;

// The getters are defined at run time, so TypeScript sees the views' fields only through these types.
export const textsOf = (cells: SheetCells, row: number) => new TextView(cells, row) as unknown as RowTexts;
export const datesOf = (cells: SheetCells, row: number) => new DateView(cells, row) as unknown as RowDates;
export const amountsOf = (cells: SheetCells, row: number) => new AmountView(cells, row) as unknown as RowAmounts;
