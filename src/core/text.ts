/** Text normalisation shared by header matching, row reading and duplicate detection. */
import { HASH_START, hashEnd, hashStep, keyHash } from './firstSeen';

/** NFKC, trimmed, inner whitespace removed: how a label is compared. */
export function normLabel(s: string): string {
  return quickNormLabel(s) ?? s.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

const DROPPED = -1;
const NOT_QUICK = -2;

/**
 * How normLabel treats one UTF-16 code unit of a label made only of CJK ideographs, CJK punctuation,
 * ASCII and full-width ASCII (nearly every name and label): NFKC leaves the first three as they are and
 * maps full-width forms to ASCII, and none of them combine. The code it becomes; DROPPED for white
 * space; NOT_QUICK for anything else (the label needs NFKC).
 */
function quickCode(c: number): number {
  if ((c >= 0x4e00 && c <= 0x9fff) || (c > 0x20 && c < 0x7f) || (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011)) return c;
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c === 0x20 || c === 0x3000 || (c >= 0x09 && c <= 0x0d)) return DROPPED;
  return NOT_QUICK;
}

/** normLabel for labels quickCode covers, without NFKC; undefined for anything else (it runs on every header label and heading). */
function quickNormLabel(s: string): string | undefined {
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const code = quickCode(c);
    if (code === c) continue;
    if (code === NOT_QUICK) return undefined;
    out += s.slice(run, i) + (code === DROPPED ? '' : String.fromCharCode(code));
    run = i + 1;
  }
  return run === 0 ? s : out + s.slice(run);
}

/**
 * Whether normLabel changes `s` at most character for character (full-width forms to ASCII): no white
 * space and nothing for NFKC. Such a text starts with the same CJK words and holds the same ideographs
 * as its normalised form, so a row can be told from a note, total or heading without making that form.
 */
export function isPlainLabel(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (quickCode(s.charCodeAt(i)) < 0) return false;
  return true;
}

/**
 * normLabel(s) as code units, written into `out` from 0 (no string made); the count, or -1 when `s`
 * needs NFKC or is longer than `out`.
 */
export function normCodes(s: string, out: Uint16Array): number {
  if (s.length > out.length) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = quickCode(s.charCodeAt(i));
    if (code === NOT_QUICK) return -1;
    if (code !== DROPPED) out[n++] = code;
  }
  return n;
}

/** A code unit String.prototype.trim removes: ECMAScript white space and line terminators. */
function isTrimmedAway(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether trim would change `s`: most cells have nothing around them, and calling trim on each of the
 * reader's 2.5 million cells (100k rows) cost more than looking at their two ends.
 */
export function needsTrim(s: string): boolean {
  return s.length > 0 && (isTrimmedAway(s.charCodeAt(0)) || isTrimmedAway(s.charCodeAt(s.length - 1)));
}

/** Cell value as display text ('' for empty). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return needsTrim(v) ? v.trim() : v;
  return String(v);
}

const PUNCT = /[\p{P}\p{S}\s]/gu;

/** Project-name key for duplicate detection: NFKC, no whitespace or punctuation, brackets unified (by removal). */
export function nameKey(s: string): string {
  return quickNameKey(s) ?? s.normalize('NFKC').replace(PUNCT, '').toLowerCase();
}

/** Non-ASCII punctuation common in project names (1 by code unit): NFKC keeps it punctuation, so the key drops it either way. */
const QUICK_PUNCT = new Uint8Array(0x10000);
for (const c of '（）【】《》〈〉「」『』“”‘’、，。：；！？—–·・／＼～') QUICK_PUNCT[c.charCodeAt(0)] = 1;

/**
 * How nameKey treats one code unit of a name made only of CJK ideographs, ASCII and common punctuation
 * (nearly every ledger's): the code it keeps (A–Z lower-cased), DROPPED, or NOT_QUICK (the name needs NFKC).
 */
function nameKeyCode(c: number): number {
  // CJK Unified Ideographs and extension A have no compatibility mappings; digits and letters stay.
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) return c;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  // Past letters and digits, printable ASCII is all punctuation or symbol; tab to carriage return are white space.
  const dropped = c < 0x80 ? (c >= 0x20 && c < 0x7f) || (c >= 0x09 && c <= 0x0d) : c === 0x3000 || QUICK_PUNCT[c] === 1;
  return dropped ? DROPPED : NOT_QUICK;
}

/**
 * The same key without normalising, for the names nameKeyCode covers: nameKey ran over every row, and
 * NFKC with a Unicode-class replace was most of the duplicate check's time. undefined for anything else.
 */
function quickNameKey(s: string): string | undefined {
  let out = '';
  let run = 0;
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const code = nameKeyCode(c);
    if (code === c) continue;
    if (code === NOT_QUICK) return undefined;
    if (code !== DROPPED) {
      upper = true;
      continue;
    }
    out += s.slice(run, i);
    run = i + 1;
  }
  out = run === 0 ? s : out + s.slice(run);
  return upper ? out.toLowerCase() : out;
}

/**
 * hashOf(nameKey(s)) without making the key, for the names nameKeyCode covers: most names have
 * brackets, and their keys were a new string per row. NaN when the key is empty (no key).
 */
export function nameKeyHash(s: string): number {
  let h = HASH_START;
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    const code = nameKeyCode(s.charCodeAt(i));
    if (code === NOT_QUICK) return keyHash(nameKey(s));
    if (code === DROPPED) continue;
    h = hashStep(h, code);
    length++;
  }
  return length === 0 ? NaN : hashEnd(h);
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Chinese numerals up to 99 (一, 十二, 二十三); NaN when not a numeral. */
export function chineseNumeral(s: string): number {
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return NaN;
  if (s === '十') return 10;
  const ten = s.indexOf('十');
  if (ten < 0) return s.length === 1 ? CN_DIGITS[s] : NaN;
  const tens = ten === 0 ? 1 : CN_DIGITS[s[ten - 1]];
  const ones = ten === s.length - 1 ? 0 : CN_DIGITS[s[ten + 1]];
  return tens * 10 + ones;
}
