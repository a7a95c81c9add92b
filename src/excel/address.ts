/** A1 addresses for the Office.js port: cells, column runs, and address lists short enough for getRanges. */
import { columnLetter } from '../core/grid';

/** Excel caps a RangeAreas address string; stay well under it. */
export const MAX_ADDRESS_CHARS = 8000;

export interface CellPos {
  /** 1-based Excel row. */
  row: number;
  /** 0-based column. */
  col: number;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

/** A run of vertically adjacent cells in one column: one Range instead of one per cell. */
export interface ColumnRun {
  col: number;
  top: number;
  bottom: number;
}

export function columnRuns(cells: CellPos[]): ColumnRun[] {
  const sorted = [...cells].sort((a, b) => a.col - b.col || a.row - b.row);
  const runs: ColumnRun[] = [];
  for (const c of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.col === c.col && last.bottom + 1 === c.row) last.bottom = c.row;
    else if (!(last && last.col === c.col && last.bottom === c.row)) runs.push({ col: c.col, top: c.row, bottom: c.row });
  }
  return runs;
}

export function runAddress(run: ColumnRun): string {
  const top = cellAddress(run.top, run.col);
  return run.top === run.bottom ? top : `${top}:${cellAddress(run.bottom, run.col)}`;
}

/** Join addresses into comma lists no longer than maxChars each (worksheet.getRanges input). */
export function addressLists(addresses: string[], maxChars = MAX_ADDRESS_CHARS): string[] {
  const lists: string[] = [];
  let current = '';
  for (const a of addresses) {
    if (current && current.length + 1 + a.length > maxChars) {
      lists.push(current);
      current = '';
    }
    current = current ? `${current},${a}` : a;
  }
  if (current) lists.push(current);
  return lists;
}

/** "'My Sheet'!B7" or "Sheet1!$B$7" → { sheet, cell: "B7" }. */
export function splitSheetAddress(address: string): { sheet: string; cell: string } {
  const bang = address.lastIndexOf('!');
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, cell: address.slice(bang + 1).replace(/\$/g, '').split(':')[0] };
}
