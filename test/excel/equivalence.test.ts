/**
 * Same workbook, two ports: built once with ExcelJS (as the command line and the web page read it)
 * and once in the Office.js fake (as the add-in reads it). The grids agree cell for cell, and so
 * does the engine's report.
 */
import ExcelJS from 'exceljs';
import { analyze, buildWritePlan } from '../../src/core';
import type { SheetGrid, WorkbookGrid } from '../../src/core/grid';
import { readWorkbook } from '../../src/xlsx';
import { FakeWorkbook, parseArea, type FakeSheetInit } from './fakeExcel';
import { portFor } from './helpers';

const SHEETS: FakeSheetInit[] = [
  {
    name: '续建项目',
    rows: [
      ['2024年某县重大项目建设计划表'],
      ['单位：万元'],
      ['序号', '项目名称', '项目阶段', '所属县区', '业主单位', '投资情况', null, null, '计划开工时间'],
      [null, null, null, null, null, '总投资', '截至上年底累计完成投资', '本年计划投资', null],
      [1, '某某高速公路', '续建', '甲县', '甲县交投', 120000, 30000, 20000, 44958],
      [2, '某某高速公路', '续建', '甲县', '甲县交投', 120000, 30000, 20000, 44958],
      [3, '城区污水处理厂', '续建', '乙县', '乙县水务', 2000, 500, 4000, '2023年5月'],
      [4, '县医院门诊楼', '在建', '乙县', '乙县卫健局', '待定', 0, 800, 45000],
      [5, '隐藏的项目', '续建', '甲县', '甲县城投', 9000, '#REF!', 1000, null],
      ['合计', null, null, null, null, 253000, 60500, 45800, null],
    ],
    formats: { 'F5:H10': '#,##0.00', 'I5:I8': 'yyyy-mm-dd' },
    merges: ['A1:I1', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:E4', 'F3:H3', 'I3:I4'],
    hiddenRows: [8],
  },
  { name: '说明', rows: [['填表说明：金额单位为万元']], visibility: 'Hidden' },
  {
    name: '新开工',
    rows: [[], [], [null, '项目名称', '项目阶段', '所属县区', '业主单位', '总投资', '本年计划投资'], [null, '某某物流园', '新开工', '丙县', '丙县商投', 1500, 300]],
    protected: true,
  },
];

async function excelJsBytes(sheets: FakeSheetInit[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.visibility === 'Hidden' ? 'hidden' : 'visible' });
    s.rows?.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === null) return;
        ws.getCell(r + 1, c + 1).value = typeof v === 'string' && v.startsWith('#') ? ({ error: v } as unknown as ExcelJS.CellErrorValue) : v;
      }),
    );
    for (const [address, fmt] of Object.entries(s.formats ?? {})) {
      const a = parseArea(address);
      for (let r = a.top; r <= a.bottom; r++) for (let c = a.left; c <= a.right; c++) ws.getCell(r + 1, c + 1).numFmt = fmt;
    }
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const r of s.hiddenRows ?? []) ws.getRow(r + 1).hidden = true;
    if (s.protected) await ws.protect('', {});
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The ports differ only in padding: trailing blanks, General formats, and flags left out when false. */
function normalise(wb: WorkbookGrid) {
  const trim = <T>(row: (T | null | undefined)[]) => {
    const out = Array.from(row, (v) => (v === undefined ? null : v));
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  };
  const rows = <T>(grid: (T | null | undefined)[][]) => {
    const out = Array.from(grid, (row) => trim(row ?? []));
    while (out.length && out[out.length - 1].length === 0) out.pop();
    return out;
  };
  return wb.sheets.map((s: SheetGrid) => ({
    name: s.name,
    hidden: !!s.hidden,
    protected: !!s.protected,
    values: rows(s.values),
    formats: rows(Array.from(s.formats ?? [], (r) => Array.from(r ?? [], (f) => (f && f !== 'General' ? f : null)))),
    merges: [...s.merges].sort((a, b) => a.top - b.top || a.left - b.left),
    hiddenRows: [...(s.hiddenRows ?? [])].sort((a, b) => a - b),
  }));
}

describe('Office.js port and ExcelJS port read the same workbook the same way', () => {
  let viaExcelJs: WorkbookGrid;
  let viaOffice: WorkbookGrid;
  beforeAll(async () => {
    viaExcelJs = await readWorkbook(await excelJsBytes(SHEETS));
    viaOffice = await portFor(new FakeWorkbook(SHEETS)).port.read();
  });

  it('gives the same grids', () => {
    expect(normalise(viaOffice)).toEqual(normalise(viaExcelJs));
    expect(viaOffice.sheets[0].values[8][6]).toBe('#REF!');
  });

  it('reads the same grid again once the Office.js port has marked the issues (marks change no value)', async () => {
    const book = new FakeWorkbook(SHEETS);
    const { port } = portFor(book);
    const first = await port.read();
    const { marks } = buildWritePlan(analyze(first, { asOf: '2024-06-30' }), { existing: SHEETS.map((s) => s.name), owned: [], summaries: false });
    expect(marks.length).toBeGreaterThan(3);
    await port.apply({ marks, sheets: [], pivots: [], charts: [] });
    expect(book.sheet('续建项目').conditionalFormats.length).toBeGreaterThan(0);
    expect(normalise(await port.read())).toEqual(normalise(viaExcelJs));
  });

  it('gives the same report', () => {
    const opts = { asOf: '2024-06-30' };
    const a = analyze(viaOffice, opts).report;
    const b = analyze(viaExcelJs, opts).report;
    expect(a.issues.length).toBeGreaterThan(3);
    expect(a.issues.map((i) => i.rule)).toEqual(expect.arrayContaining(['duplicate-project', 'not-a-number', 'annual-exceeds-remaining']));
    // As written out: a project's line in `rows` is its row object, whose JSON is the line.
    expect(JSON.parse(JSON.stringify(a))).toEqual(JSON.parse(JSON.stringify(b)));
  });
});
