import type ExcelJS from 'exceljs';

/** A very hidden sheet listing the sheets LedgerCheck wrote, so a re-run replaces them and nothing else. */
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
