/** Reading amounts as they are written: "1,234.5", "1234.5万元", numbers with their shown precision. */

import { needsTrim } from './text';

export type Unit = '万元' | '亿元' | '元' | '万美元';

/** Factor that converts an amount in `unit` to 万元 (USD needs the profile's exchange rate). */
export function toWanFactor(unit: Unit, usdRate: number): number {
  switch (unit) {
    case '亿元':
      return 10000;
    case '元':
      return 0.0001;
    case '万美元':
      return usdRate;
    default:
      return 1;
  }
}

/** Finds a unit named in a label or note: （亿元）, 单位：万元, 万美元. */
export function unitIn(text: string): Unit | undefined {
  const t = text.normalize('NFKC');
  if (/万美元/.test(t)) return '万美元';
  if (/亿元/.test(t)) return '亿元';
  if (/万元/.test(t)) return '万元';
  if (/(单位[:：]?\s*元|[(（]元[)）])/.test(t)) return '元';
  return undefined;
}

export interface ParsedAmount {
  /** Value in the unit of the cell (the column's, unless the text named another). */
  value: number;
  /** Decimals shown: the precision the figure was written at. */
  decimals: number;
  /** Unit named inside a text cell ("1.2亿元"), if any. */
  unit?: Unit;
}

/** Placeholders that mean "nothing entered" rather than a wrong value. */
const EMPTY_MARKERS = new Set(['-', '—', '--', '——', '/', '／', '无', '暂无', '\\']);

/** The longest marker: longer cells (nearly every one) skip the set lookup. */
const MARKER_LENGTH = Math.max(...Array.from(EMPTY_MARKERS, (m) => m.length));

/** A placeholder, with or without white space around it (the reader asks it of every text cell, mostly trimmed). */
export function isEmptyMarker(text: string): boolean {
  const t = needsTrim(text) ? text.trim() : text;
  return t.length <= MARKER_LENGTH && EMPTY_MARKERS.has(t);
}

const NUMBER_TEXT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;

/** Parses a text amount; undefined when it is not a number. */
export function parseAmountText(raw: string): ParsedAmount | undefined {
  let t = raw.normalize('NFKC').replace(/\s+/g, '');
  let unit: Unit | undefined;
  const m = /(万美元|亿元|万元|亿|万|元)$/.exec(t);
  if (m) {
    unit = m[1] === '亿' ? '亿元' : m[1] === '万' ? '万元' : (m[1] as Unit);
    t = t.slice(0, -m[1].length);
  }
  const n = NUMBER_TEXT.exec(t);
  if (!n || (n[2] === undefined && n[3] === undefined)) return undefined;
  const value = Number(t.replace(/,/g, ''));
  if (!Number.isFinite(value)) return undefined;
  return { value, decimals: n[3] ? n[3].length : 0, unit };
}

/** Decimals a number format shows: "0.00" → 2, "#,##0.0" → 1, General → undefined (use the value's own). */
const decimalsByFormat = new Map<string, number | undefined>();

/** The format asked for last, and its answer: a column's cells share one format, and asking the map was 2 lookups a cell. */
let lastFormat: string | undefined;
let lastDecimals: number | undefined;

export function formatDecimals(fmt: string | null | undefined): number | undefined {
  if (!fmt) return undefined;
  if (fmt === lastFormat) return lastDecimals;
  let d: number | undefined;
  if (decimalsByFormat.has(fmt)) d = decimalsByFormat.get(fmt);
  else decimalsByFormat.set(fmt, (d = decimalsOf(fmt)));
  lastFormat = fmt;
  lastDecimals = d;
  return d;
}

function decimalsOf(fmt: string): number | undefined {
  if (/^general$/i.test(fmt)) return undefined;
  const section = fmt.split(';')[0].replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  const m = /\.([0#?]+)/.exec(section);
  if (m) return m[1].length;
  return /[0#?]/.test(section) ? 0 : undefined;
}

/** Decimals of a number as General shows it (shortest round-trip form, at most 10). */
export function ownDecimals(v: number): number {
  if (Number.isInteger(v)) return 0;
  const s = String(Math.abs(v));
  if (s.includes('e')) return 10;
  const i = s.indexOf('.');
  return i < 0 ? 0 : Math.min(10, s.length - i - 1);
}

/** halfUnit of 0 to 10 decimals, for loops that look it up themselves (a call not inlined boxed its result). */
export const HALF_UNITS = Float64Array.from({ length: 11 }, (_, d) => 0.5 * Math.pow(10, -d));

/** Half a unit of the last shown decimal. */
export function halfUnit(decimals: number): number {
  // A range test, not `??` after the lookup: a maybe-undefined value made V8 box every result.
  return decimals >= 0 && decimals < HALF_UNITS.length ? HALF_UNITS[decimals] : 0.5 * Math.pow(10, -decimals);
}
