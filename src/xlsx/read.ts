/** Reading an .xlsx: the grids to check (src/xlsx/grid.ts), and ExcelJS's workbook to write the marked copy from. */
import ExcelJS from 'exceljs';
import type { WorkbookGrid } from '../core/grid';
import { checkMergedAreas, checkWorkbookBytes, explainReadFailure } from './errors';
import { scanContent, scanFeatures } from './features';
import { readGrids } from './grid';
import { inflateRaw } from './zip';

/**
 * Loads .xlsx bytes into ExcelJS (to write the marked copy); throws UnreadableWorkbookError with a
 * clear reason for anything that is not a readable workbook. `prepare` gets the workbook before
 * ExcelJS reads into it.
 */
export async function loadWorkbook(bytes: Uint8Array, prepare?: (wb: ExcelJS.Workbook) => void): Promise<ExcelJS.Workbook> {
  checkWorkbookBytes(bytes);
  await checkMergedAreas(bytes, inflateRaw);
  const wb = new ExcelJS.Workbook();
  prepare?.(wb);
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw explainReadFailure(err);
  }
  return wb;
}

/** The grids to check, read straight from the bytes (src/xlsx/grid.ts); ExcelJS only writes the copy. */
export async function readWorkbook(bytes: Uint8Array | ArrayBuffer): Promise<WorkbookGrid> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  checkWorkbookBytes(data);
  const { grid, sheetEnds } = await readGrids(data, inflateRaw);
  grid.features = { ...scanFeatures(data), ...(await scanContent(data, sheetEnds)) };
  return grid;
}
