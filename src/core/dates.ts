/**
 * Dates as ledgers write them: Excel serials, text at day, month or year precision.
 * A date is kept as the span it names; deadline checks use its end ("by the end of that month").
 * Days are counted as integers since 1970-01-01 (UTC), so no time zone can shift a date.
 */

import { formatDecimals } from './numbers';

export type Precision = 'day' | 'month' | 'year';

export interface LedgerDate {
  precision: Precision;
  /** First and last day of the span, as day numbers. */
  start: number;
  end: number;
}

const EXCEL_EPOCH_OFFSET = 25569; // serial of 1970-01-01

export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86400000);
}

/**
 * Day number → calendar date, by arithmetic (proleptic Gregorian, as Date.UTC counts): the rules ask
 * this of every row, and a Date object with three getters was several times slower.
 */
export function fromDayNumber(day: number): { y: number; m: number; d: number } {
  const date = civilDate(day);
  const y = Math.floor(date / 512);
  const monthDay = date - y * 512;
  const m = Math.floor(monthDay / 32);
  return { y, m, d: monthDay - m * 32 };
}

/** The year of a day number (fromDayNumber's y, with no object made where V8 does not inline it). */
export function yearOfDay(day: number): number {
  return Math.floor(civilDate(day) / 512);
}

/** A day number's date as one number, y × 512 + m × 32 + d: a plain number even where a call is not inlined. */
function civilDate(day: number): number {
  // Days since 0000-03-01, in 400-year eras of 146,097 days (H. Hinnant's civil_from_days).
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const marchMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * marchMonth + 2) / 5) + 1;
  const m = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
  return (yearOfEra + era * 400 + (m <= 2 ? 1 : 0)) * 512 + m * 32 + d;
}

export function isoDate(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' → day number; undefined when invalid. */
export function parseIso(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  return validDay(+m[1], +m[2], +m[3]);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function excelSerialToDay(serial: number): number {
  return Math.floor(serial) - EXCEL_EPOCH_OFFSET;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  return m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : MONTH_DAYS[m - 1];
}

function validDay(y: number, m: number, d: number): number | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return dayNumber(y, m, d);
}

function ofDay(y: number, m: number, d: number): LedgerDate | undefined {
  const day = validDay(y, m, d);
  return day === undefined ? undefined : { precision: 'day', start: day, end: day };
}

function ofMonth(y: number, m: number): LedgerDate | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12) return undefined;
  return { precision: 'month', start: dayNumber(y, m, 1), end: dayNumber(y, m, daysInMonth(y, m)) };
}

function ofYear(y: number): LedgerDate | undefined {
  if (y < 1900 || y > 2200) return undefined;
  return { precision: 'year', start: dayNumber(y, 1, 1), end: dayNumber(y, 12, 31) };
}

const dateFormats = new Map<string, boolean>();

/** Does a number format display a date (y, m, d outside quotes and brackets)? */
export function isDateFormat(fmt: string | null | undefined): boolean {
  if (!fmt) return false;
  let known = dateFormats.get(fmt);
  if (known === undefined) dateFormats.set(fmt, (known = showsDate(fmt)));
  return known;
}

function showsDate(fmt: string): boolean {
  const f = fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[yd]/i.test(f) || /m/i.test(f.replace(/[hs]+:?m+|m+:?s+/gi, '')) || /[年月日]/.test(f);
}

const SEP = '[-/.．]';
const DAY_TEXT = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})${SEP}(\\d{1,2})(?:\\s+\\d{1,2}:\\d{2}(?::\\d{2})?)?$`);
const MONTH_TEXT = new RegExp(`^(\\d{4})${SEP}(\\d{1,2})$`);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CN_DATE = /^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?(?:底|末)?$/;

/** Parses a date cell: text forms, Excel serials (with or without a date format), bare years. */
export function parseDate(v: string | number | boolean | null, fmt?: string | null): LedgerDate | undefined {
  if (typeof v === 'number') return parseDateNumber(v, fmt);
  if (typeof v !== 'string') return undefined;
  let m = ISO_DAY.exec(v); // the common case, without normalising
  if (m) return ofDay(+m[1], +m[2], +m[3]);
  const t = v.normalize('NFKC').trim().replace(/\s*([年月日])\s*/g, '$1');
  m = DAY_TEXT.exec(t);
  if (m) return ofDay(+m[1], +m[2], +m[3]);
  m = MONTH_TEXT.exec(t);
  if (m) return ofMonth(+m[1], +m[2]);
  m = CN_DATE.exec(t);
  if (m) {
    if (m[3] !== undefined) return ofDay(+m[1], +m[2], +m[3]);
    if (m[2] !== undefined) return ofMonth(+m[1], +m[2]);
    return ofYear(+m[1]);
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return ofDay(+m[1], +m[2], +m[3]);
  if (/^\d{4}$/.test(t)) return ofYear(+t);
  if (/^\d+(\.\d+)?$/.test(t)) return parseDateNumber(Number(t), fmt);
  return undefined;
}

function parseDateNumber(n: number, fmt?: string | null): LedgerDate | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (!isDateFormat(fmt) && n >= 1900 && n <= 2200) {
    if (Number.isInteger(n)) return ofYear(n);
    // 2024.03 typed as a number: year.month, read as the cell shows it (2024.1 is January unless
    // its format shows two decimals, 2024.10).
    const month = Math.round((n - Math.floor(n)) * 100);
    const shownOneDecimal = Math.abs((n - Math.floor(n)) * 10 - Math.round((n - Math.floor(n)) * 10)) < 1e-9;
    return ofMonth(Math.floor(n), shownOneDecimal && month % 10 === 0 && formatDecimals(fmt) !== 2 ? month / 10 : month);
  }
  if (n >= 1 && n < 2958466) {
    const day = excelSerialToDay(n);
    return { precision: 'day', start: day, end: day };
  }
  return undefined;
}

/** 建设起止年限: "2024-2025", "2024年-2026年", "2024.03-2025.12", "2024至2026年". */
export function parsePeriod(v: string | number | boolean | null): { start: LedgerDate; end: LedgerDate } | undefined {
  if (typeof v === 'number') {
    const y = parseDate(v);
    return y ? { start: y, end: y } : undefined;
  }
  if (typeof v !== 'string') return undefined;
  const t = v.normalize('NFKC').replace(/\s+/g, '');
  const parts = t.split(/(?:[-~—–至到]|－)+/).filter((p) => p !== '');
  if (parts.length === 1) {
    const d = parseDate(parts[0]);
    return d ? { start: d, end: d } : undefined;
  }
  if (parts.length !== 2) {
    // Dashed full dates ("2024-03-15-2025-06-30") split into too many parts: read them as a pair.
    const iso = /^(\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?)[-~至到](\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?)$/.exec(t);
    if (!iso) return undefined;
    const a = parseDate(iso[1]);
    const b = parseDate(iso[2]);
    return a && b ? { start: a, end: b } : undefined;
  }
  const start = parseDate(parts[0]);
  const end = parseDate(parts[1]);
  return start && end ? { start, end } : undefined;
}

/** The last answer of monthsElapsed: behind-schedule asks it of every row, with the same year and day. */
const lastElapsed = { y: NaN, asOf: NaN, months: 0 };

/** Months of year y elapsed at day `asOf` (fractional; 0 before the year, 12 after it). */
export function monthsElapsed(y: number, asOf: number): number {
  if (y === lastElapsed.y && asOf === lastElapsed.asOf) return lastElapsed.months;
  const d = fromDayNumber(asOf);
  const months = d.y < y ? 0 : d.y > y ? 12 : d.m - 1 + d.d / daysInMonth(d.y, d.m);
  Object.assign(lastElapsed, { y, asOf, months });
  return months;
}
