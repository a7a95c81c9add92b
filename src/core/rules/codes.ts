/** National identifiers: the investment project code and the unified social credit code (GB 32100-2015). */

const PROJECT_CODE = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;

/** YYYY-AAAAAA-II-TT-NNNNNN: year, 6-digit division code, industry, type, serial. */
export function isProjectCode(raw: string): boolean {
  const m = PROJECT_CODE.exec(raw.normalize('NFKC').trim());
  if (!m) return false;
  const year = Number(m[1]);
  return year >= 1990 && year <= 2100;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 18 characters from the code's alphabet with a valid check character. */
export function isCreditCode(raw: string): boolean {
  const code = raw.normalize('NFKC').trim().toUpperCase();
  if (code.length !== 18) return false;
  let total = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(code[i]);
    if (v < 0) return false;
    total += v * CREDIT_WEIGHTS[i];
  }
  const check = (31 - (total % 31)) % 31;
  return code[17] === CREDIT_CHARS[check];
}
