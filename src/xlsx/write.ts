/**
 * Writing the marked copy with ExcelJS: the person's workbook with marks, plus the plan's sheets.
 * The input bytes are never modified; every original value and formula is kept (ExcelJS re-writes
 * the cells it read), and what ExcelJS would lose of styles.xml is put back (styles.ts). What it
 * cannot keep (PivotTables, charts, macros, …) is said on 校验结果 (features.ts).
 */
import ExcelJS from 'exceljs';
import type { Mark, OutCell, OutSheet, WritePlan } from '../core/port';
import type { Severity } from '../core/types';
import { loadWorkbook } from './read';
import { markRecords, OWNED_SHEET, ownedSheets, writeRecord, type MarkRecord } from './owned';
import { keepStylesOnLoad, restoreStylesOnWrite, workbookLook } from './styles';
import { partText } from './zip';

/** Fills by severity: light red, amber, light blue. */
export const MARK_FILL: Record<Severity, string> = { error: 'FFFFC7CE', warning: 'FFFFEB9C', info: 'FFDDEBF7' };

/** ExcelJS has no way to remove a note but to drop the cell's comment. */
function setNote(cell: ExcelJS.Cell, note: ExcelJS.Comment | string | null): void {
  if (note === null) (cell as unknown as { _comment?: unknown })._comment = undefined;
  else cell.note = note;
}

/** Puts back the fill and note each cell had before an earlier run marked it. */
function restoreMarks(wb: ExcelJS.Workbook, records: MarkRecord[]): void {
  for (const r of records) {
    const ws = wb.getWorksheet(r.sheet);
    if (!ws) continue;
    const cell = ws.getCell(r.address);
    const fill = JSON.parse(r.fill) as ExcelJS.Fill | null;
    const style = { ...cell.style };
    if (fill) style.fill = fill;
    else delete style.fill;
    cell.style = style;
    setNote(cell, JSON.parse(r.note) as ExcelJS.Comment | string | null);
  }
}

function applyMarks(wb: ExcelJS.Workbook, marks: Mark[]): MarkRecord[] {
  const records: MarkRecord[] = [];
  for (const m of marks) {
    const ws = wb.getWorksheet(m.sheet);
    if (!ws) continue;
    const cell = ws.getCell(m.row, m.col + 1);
    records.push({ sheet: m.sheet, address: cell.address, fill: JSON.stringify(cell.style.fill ?? null), note: JSON.stringify(cell.note ?? null) });
    // ExcelJS shares one style object between cells read with the same style: give this cell its own,
    // or the fill would spread to every unmarked cell that shares it.
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: MARK_FILL[m.severity] } } };
    const previous = typeof cell.note === 'string' ? cell.note : cell.note ? (cell.note.texts ?? []).map((t) => t.text).join('') : '';
    cell.note = previous ? `${previous}\n——LedgerCheck——\n${m.note}` : m.note;
  }
  return records;
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
  const wb = await loadWorkbook(data, keepStylesOnLoad);
  // Read after loadWorkbook has refused ZIP bombs.
  const styles = await partText(data, 'xl/styles.xml');
  restoreStylesOnWrite(wb, styles === undefined ? undefined : workbookLook(styles));
  const owned = ownedSheets(wb);
  restoreMarks(wb, markRecords(wb));
  for (const name of [...owned, OWNED_SHEET]) {
    const ws = wb.getWorksheet(name);
    if (ws) wb.removeWorksheet(ws.id);
  }
  const marked = applyMarks(wb, plan.marks);
  for (const s of plan.sheets) writeSheet(wb, s);
  writeRecord(wb.addWorksheet(OWNED_SHEET, { state: 'veryHidden' }), plan.sheets.map((s) => s.name), marked);
  const out = await wb.xlsx.writeBuffer();
  return new Uint8Array(out as ArrayBuffer);
}
