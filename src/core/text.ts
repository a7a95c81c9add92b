/** Text normalisation shared by header matching, row reading and duplicate detection. */

/** NFKC, trimmed, inner whitespace removed: how a label is compared. */
export function normLabel(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

/** Cell value as display text ('' for empty). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  return String(v);
}

const PUNCT = /[\p{P}\p{S}\s]/gu;

/** Project-name key for duplicate detection: NFKC, no whitespace or punctuation, brackets unified (by removal). */
export function nameKey(s: string): string {
  return s.normalize('NFKC').replace(PUNCT, '').toLowerCase();
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
