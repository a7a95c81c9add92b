/**
 * The grids as ExcelJS sees a workbook: how the CLI and web page read files before the grid reader
 * (src/xlsx/grid.ts). Kept as the tests' reference: the reader must see what ExcelJS sees, except
 * where ExcelJS is wrong (test/xlsxGrid.test.ts says where).
 */
import ExcelJS from 'exceljs';
import { columnIndex, type CellValue, type MergeArea, type SheetGrid, type WorkbookGrid } from '../src/core/grid';
import { OWNED_SHEET, ownedSheets } from '../src/xlsx/owned';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** ExcelJS dates are UTC midnights; the grid holds Excel serials like Office.js does. */
function dateToSerial(d: Date): number {
  return (d.getTime() - EXCEL_EPOCH_MS) / 86400000;
}

function toCellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return dateToSerial(v);
  if (typeof v === 'object') {
    if ('error' in v && v.error) return String(v.error);
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      return result === undefined ? null : toCellValue(result as ExcelJS.CellValue);
    }
    if ('text' in v) return typeof v.text === 'string' ? v.text : toCellValue(v.text as ExcelJS.CellValue);
  }
  return null;
}

function parseRange(ref: string): MergeArea | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref);
  if (!m) return undefined;
  return { top: +m[2] - 1, left: columnIndex(m[1]), bottom: +(m[4] ?? m[2]) - 1, right: columnIndex(m[3] ?? m[1]) };
}

function readSheet(ws: ExcelJS.Worksheet): SheetGrid {
  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];
  const hiddenRows: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const r = rowNumber - 1;
    const vals: CellValue[] = [];
    const fmts: (string | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      vals[colNumber - 1] = toCellValue(cell.value);
      if (cell.numFmt) fmts[colNumber - 1] = cell.numFmt;
    });
    for (let c = 0; c < vals.length; c++) if (vals[c] === undefined) vals[c] = null;
    values[r] = vals;
    formats[r] = fmts;
    if (row.hidden) hiddenRows.push(r);
  });
  for (let r = 0; r < values.length; r++) if (!values[r]) values[r] = [];
  const merges: MergeArea[] = [];
  for (const ref of (ws.model as { merges?: string[] }).merges ?? []) {
    const m = parseRange(ref);
    if (!m) continue;
    merges.push(m);
    // Office.js reports a merged area's value in its top-left cell only; so do we.
    for (let r = m.top; r <= m.bottom && r < values.length; r++) {
      for (let c = m.left; c <= m.right; c++) {
        if ((r !== m.top || c !== m.left) && values[r] && c < values[r].length) values[r][c] = null;
      }
    }
  }
  const protectedSheet = !!(ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet;
  return {
    name: ws.name,
    hidden: ws.state === 'hidden' || ws.state === 'veryHidden',
    values,
    formats,
    merges,
    hiddenRows,
    protected: protectedSheet,
  };
}

export function workbookToGrid(wb: ExcelJS.Workbook): WorkbookGrid {
  const owned = ownedSheets(wb);
  if (wb.getWorksheet(OWNED_SHEET)) owned.push(OWNED_SHEET);
  return { sheets: wb.worksheets.map(readSheet), ownedSheets: owned };
}
