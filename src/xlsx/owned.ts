import type ExcelJS from 'exceljs';

/**
 * A very hidden sheet where LedgerCheck keeps what it needs for the next run: column A lists the
 * sheets it wrote (replaced next time, nothing else is), columns C–F each marked cell with its fill
 * and note from before the mark (restored before marking again, so marks never stack).
 */
export const OWNED_SHEET = '_LedgerCheck';

export function ownedSheets(wb: ExcelJS.Workbook): string[] {
  const ws = wb.getWorksheet(OWNED_SHEET);
  if (!ws) return [];
  const names: string[] = [];
  ws.getColumn(1).eachCell((cell) => {
    if (typeof cell.value === 'string') names.push(cell.value);
  });
  return names;
}

export interface MarkRecord {
  sheet: string;
  address: string;
  /** JSON of the cell's fill and note before the mark ("null" when it had none). */
  fill: string;
  note: string;
}

export function markRecords(wb: ExcelJS.Workbook): MarkRecord[] {
  const ws = wb.getWorksheet(OWNED_SHEET);
  if (!ws) return [];
  const out: MarkRecord[] = [];
  ws.eachRow((row) => {
    const [sheet, address, fill, note] = [3, 4, 5, 6].map((c) => row.getCell(c).value);
    if (typeof sheet === 'string' && typeof address === 'string' && typeof fill === 'string' && typeof note === 'string') {
      out.push({ sheet, address, fill, note });
    }
  });
  return out;
}

export function writeRecord(ws: ExcelJS.Worksheet, owned: string[], marks: MarkRecord[]): void {
  owned.forEach((name, i) => {
    ws.getCell(i + 1, 1).value = name;
  });
  marks.forEach((m, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(3).value = m.sheet;
    row.getCell(4).value = m.address;
    row.getCell(5).value = m.fill;
    row.getCell(6).value = m.note;
  });
}
