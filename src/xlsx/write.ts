/**
 * Writing the marked copy with ExcelJS: the person's workbook with marks, plus the plan's sheets.
 * The input bytes are never modified; every original value and formula is kept (ExcelJS re-writes
 * the cells it read). What ExcelJS cannot keep (PivotTables, charts, macros) is said on 校验结果.
 */
import ExcelJS from 'exceljs';
import type { Mark, OutCell, OutSheet, WritePlan } from '../core/port';
import type { Severity } from '../core/types';
import { loadWorkbook } from './read';
import { OWNED_SHEET, ownedSheets } from './owned';

/** Fills by severity: light red, amber, light blue. */
export const MARK_FILL: Record<Severity, string> = { error: 'FFFFC7CE', warning: 'FFFFEB9C', info: 'FFDDEBF7' };

function applyMarks(wb: ExcelJS.Workbook, marks: Mark[]): void {
  for (const m of marks) {
    const ws = wb.getWorksheet(m.sheet);
    if (!ws) continue;
    const cell = ws.getCell(m.row, m.col + 1);
    // ExcelJS shares one style object between cells read with the same style: give this cell its own,
    // or the fill would spread to every unmarked cell that shares it.
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: MARK_FILL[m.severity] } } };
    const previous = typeof cell.note === 'string' ? cell.note : cell.note ? (cell.note.texts ?? []).map((t) => t.text).join('') : '';
    cell.note = previous ? `${previous}\n——LedgerCheck——\n${m.note}` : m.note;
  }
}

function cellValue(c: OutCell): ExcelJS.CellValue {
  if (c.formula) return { formula: c.formula.replace(/^=/, ''), result: (c.value ?? undefined) as number | string | undefined } as ExcelJS.CellFormulaValue;
  if (c.link) return { text: String(c.value ?? ''), hyperlink: `#${c.link}` };
  return c.value ?? null;
}

function writeSheet(wb: ExcelJS.Workbook, out: OutSheet): void {
  const ws = wb.addWorksheet(out.name);
  const t = out.table;
  if (t) {
    const header = out.rows[t.headerRow].slice(0, t.columns).map((c) => String(c.value ?? ''));
    const body = out.rows.slice(t.headerRow + 1).map((r) => header.map((_, i) => {
      const c = r[i];
      return c?.formula ? c.value ?? null : c?.value ?? null;
    }));
    ws.addTable({
      name: t.name,
      ref: `A${t.headerRow + 1}`,
      headerRow: true,
      style: { theme: 'TableStyleLight9', showRowStripes: true },
      columns: header.map((name) => ({ name, filterButton: true })),
      rows: body.length ? body : [header.map(() => null)],
    });
  }
  out.rows.forEach((row, r) => {
    row.forEach((c, i) => {
      const cell = ws.getCell(r + 1, i + 1);
      const inTableBody = t && r > t.headerRow && i < t.columns;
      if (!inTableBody || c.link || c.formula) cell.value = cellValue(c);
      if (c.numFmt) cell.numFmt = c.numFmt;
      if (c.bold) cell.font = { bold: true };
    });
  });
  out.columnWidths?.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  if (out.freezeRows) ws.views = [{ state: 'frozen', ySplit: out.freezeRows }];
}

/** The marked copy of `bytes` with the plan applied. Pivots and charts are left to the Excel add-in. */
export async function writeMarkedCopy(bytes: Uint8Array | ArrayBuffer, plan: WritePlan): Promise<Uint8Array> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const wb = await loadWorkbook(data);
  const owned = ownedSheets(wb);
  for (const name of [...owned, OWNED_SHEET]) {
    const ws = wb.getWorksheet(name);
    if (ws) wb.removeWorksheet(ws.id);
  }
  applyMarks(wb, plan.marks);
  for (const s of plan.sheets) writeSheet(wb, s);
  const record = wb.addWorksheet(OWNED_SHEET, { state: 'veryHidden' });
  plan.sheets.forEach((s, i) => {
    record.getCell(i + 1, 1).value = s.name;
  });
  const out = await wb.xlsx.writeBuffer();
  return new Uint8Array(out as ArrayBuffer);
}
