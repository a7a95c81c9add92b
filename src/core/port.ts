/**
 * The one port between the engine and a workbook. The engine never touches Office.js or
 * ExcelJS: a face reads grids through a port, runs the engine, and hands the write plan back.
 * Implementations: src/excel (Office.js, inside Excel) and src/xlsx (ExcelJS, CLI and web page).
 */
import type { WorkbookGrid } from './grid';
import type { Severity } from './types';

/** One flagged cell. Row is 1-based (Excel), col 0-based. */
export interface Mark {
  sheet: string;
  row: number;
  col: number;
  severity: Severity;
  /** Short note shown on the cell (all issues of that cell, one per line). */
  note: string;
}

/** A cell written into a sheet LedgerCheck owns. */
export interface OutCell {
  value?: string | number | boolean | null;
  /** A formula such as "=SUMIFS(...)"; `value` then holds its computed result (ExcelJS writes it as the cached result). */
  formula?: string;
  /** An in-workbook link target such as "'Sheet 1'!B7". */
  link?: string;
  numFmt?: string;
  bold?: boolean;
}

export interface OutTable {
  name: string;
  /** Rows of the sheet the table covers: the header is rows[headerRow], data follows to the last row. */
  headerRow: number;
  columns: number;
}

export type OutSheetRole = 'results' | 'data' | 'phaseCategory' | 'region';

export interface OutSheet {
  role: OutSheetRole;
  /** Final sheet name (already free of clashes with the person's sheets). */
  name: string;
  rows: OutCell[][];
  table?: OutTable;
  columnWidths?: number[];
  freezeRows?: number;
}

export interface PivotSpec {
  name: string;
  /** Sheet (one of the plan's sheets, or a new one) where the PivotTable is placed, and its top-left cell. */
  sheet: string;
  anchor: string;
  /** Source: the Excel table on the data sheet. */
  sourceTable: string;
  rows: string[];
  columns: string[];
  values: { field: string; summarizeBy: 'Sum' | 'Count'; caption: string }[];
}

export interface ChartSpec {
  sheet: string;
  title: string;
  /** Range of category labels and of values on `sheet`, A1 style without the sheet name. */
  categories: string;
  values: string;
  seriesName: string;
  anchor: string;
}

export interface WritePlan {
  marks: Mark[];
  sheets: OutSheet[];
  pivots: PivotSpec[];
  charts: ChartSpec[];
}

export type ProgressStep = 'read' | 'analyse' | 'marks' | 'summary';
export type ProgressFn = (step: ProgressStep, done: number, total: number) => void;

export interface ApplyResult {
  /** What could not be written on this host, in the user's words (e.g. PivotTables need ExcelApi 1.8). */
  notices: string[];
}

export interface WorkbookPort {
  /** Read every sheet as a grid (hidden sheets flagged, not dropped). */
  read(progress?: ProgressFn): Promise<WorkbookGrid>;
  /** Names of the sheets the workbook has now, and of those LedgerCheck made earlier (safe to replace). */
  sheetNames(): Promise<{ existing: string[]; owned: string[] }>;
  /** Replace previous marks and owned sheets by the plan's. */
  apply(plan: WritePlan, progress?: ProgressFn): Promise<ApplyResult>;
  /** Remove every mark, restoring each cell's previous fill and note exactly. */
  clearMarks(): Promise<void>;
  /** Select a cell (jump to an issue). */
  select(sheet: string, address: string): Promise<void>;
}
