/** National identifiers: the investment project code and the unified social credit code (GB 32100-2015). */

const PROJECT_CODE = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;

/** YYYY-AAAAAA-II-TT-NNNNNN: year, 6-digit division code, industry, type, serial. */
export function isProjectCode(raw: string): boolean {
  // A code already in ASCII digits is its own NFKC form: most rows skip normalising (and a second match).
  let code = raw;
  if (!PROJECT_CODE.test(code)) {
    code = raw.normalize('NFKC').trim();
    if (!PROJECT_CODE.test(code)) return false;
  }
  // The year from its digits: a slice made a new string per row.
  const year = (code.charCodeAt(0) - 48) * 1000 + (code.charCodeAt(1) - 48) * 100 + (code.charCodeAt(2) - 48) * 10 + (code.charCodeAt(3) - 48);
  return year >= 1990 && year <= 2100;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Value of each ASCII character in the code's alphabet; -1 for the rest. */
const CREDIT_VALUE = Int8Array.from({ length: 128 }, (_, c) => CREDIT_CHARS.indexOf(String.fromCharCode(c)));

/** 18 characters from the code's alphabet with a valid check character. */
export function isCreditCode(raw: string): boolean {
  // An 18-character code of upper-case ASCII is its own normal form: most rows skip normalising.
  return creditCodeValid(raw) || creditCodeValid(raw.normalize('NFKC').trim().toUpperCase());
}

function creditCodeValid(code: string): boolean {
  if (code.length !== 18) return false;
  let total = 0;
  for (let i = 0; i < 18; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? CREDIT_VALUE[c] : -1;
    if (v < 0) return false;
    if (i < 17) total += v * CREDIT_WEIGHTS[i];
    else return v === (31 - (total % 31)) % 31;
  }
  return false;
}
