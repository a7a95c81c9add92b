/**
 * The grid model: how a worksheet looks to the engine, whichever host read it.
 * Both ports (Office.js and ExcelJS) produce exactly this shape, so the engine
 * gives the same report for the same workbook on every face.
 */

/** A cell's value as displayed data: text, number (dates are Excel serials), boolean, or empty. */
export type CellValue = string | number | boolean | null;

/** A merged area, 0-based inclusive, in sheet coordinates. */
export interface MergeArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetGrid {
  name: string;
  /** Hidden or very hidden sheets are not read as ledgers. */
  hidden?: boolean;
  /** values[r][c] is the cell at sheet row r, column c (0-based; row 0 is Excel row 1). */
  values: CellValue[][];
  /** Number format of each cell, same shape as values; absent or empty string = General. */
  formats?: (string | null | undefined)[][];
  merges: MergeArea[];
  /** 0-based indexes of hidden rows. */
  hiddenRows?: number[];
  /** Protected sheets can be read but not marked. */
  protected?: boolean;
}

/** What a rewritten copy would lose: ExcelJS drops PivotTables and charts, and .xlsm macros. */
export interface WorkbookFeatures {
  pivotTables?: number;
  charts?: number;
  macros?: boolean;
}

export interface WorkbookGrid {
  sheets: SheetGrid[];
  features?: WorkbookFeatures;
  /** Sheets LedgerCheck wrote on an earlier run (results, data, summaries, its record): never read as ledgers. */
  ownedSheets?: string[];
}

/** 0-based column index → Excel column letters (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Excel column letters → 0-based index. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Quote a sheet name for an A1 reference: 'My Sheet'!A1. */
export function sheetRef(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/**
 * Rows one check reads, over all sheets. Measured in the CLI: 100,000 rows take about 8 s and 0.8 GB;
 * a full 1,048,576-row sheet ran Node out of memory writing the report. Ledgers hold tens of thousands
 * of rows; a larger one is split by county or phase.
 */
export const MAX_ROWS = 200_000;

/** A workbook over MAX_ROWS: refused before its cells are read. */
export class TooManyRowsError extends Error {
  constructor(
    readonly sheet: string,
    readonly row: number,
  ) {
    super(`more than ${MAX_ROWS} rows (sheet ${sheet}, row ${row})`);
    this.name = 'TooManyRowsError';
  }
}
