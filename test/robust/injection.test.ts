/**
 * Formula injection: ledger text that starts with = + - @ (or a tab / CR before one) must reach the
 * 校验结果 and summary sheets as text, never as a formula, on both writers: the ExcelJS marked copy
 * (re-read here) and the Office.js port's `range.formulas` input (cellInput). Our own formulas may
 * carry ledger text only inside a quoted criteria string.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyze, buildWritePlan, type OutCell } from '../../src/core';
import { readWorkbook } from '../../src/xlsx';
import { cellInput } from '../../src/excel/outSheets';
import { buildCli, removeCli, runCli } from './cli';

const PAYLOADS = {
  title: '=HYPERLINK("http://example.invalid","2024年重大项目")',
  name: '=HYPERLINK("http://example.invalid/?"&A1,"点我")',
  plusName: "+cmd|' /C calc'!A0",
  minusName: '-1+1项目',
  atName: '@SUM(A1:A2)',
  tabName: '\t=1+1',
  crName: '\r=2+2',
  region: '=1+1区',
  quoteRegion: 'a"),HYPERLINK("http://example.invalid","y',
  minusRegion: '-2+3',
  owner: '@SUM(1)',
  amount: '=2*3',
  phase: '=新开工',
  sheet: '=台账',
};
const HOSTILE = Object.values(PAYLOADS);
const OURS = ['校验结果', '项目数据', '阶段×类别', '县区汇总'];
const HEADER = ['序号', '项目名称', '项目阶段', '项目类别', '行业', '所属县区', '业主单位', '总投资（万元）', '年度计划投资（万元）'];

async function hostileLedger(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(PAYLOADS.sheet);
  ws.addRow([PAYLOADS.title]);
  ws.addRow(HEADER);
  ws.addRow([1, PAYLOADS.name, '新开工', '基础设施', '交通', PAYLOADS.region, PAYLOADS.owner, 50000, 20000]);
  ws.addRow([2, PAYLOADS.plusName, '续建', '产业', '工业', PAYLOADS.quoteRegion, '某公司', PAYLOADS.amount, 1000]);
  ws.addRow([3, PAYLOADS.minusName, PAYLOADS.phase, '基础设施', '水利', PAYLOADS.minusRegion, '某公司', 8000, 100]);
  ws.addRow([4, PAYLOADS.atName, '新开工', '基础设施', '交通', PAYLOADS.region, '某公司', 9000, 100]);
  ws.addRow([5, PAYLOADS.tabName, '新开工', '基础设施', '交通', PAYLOADS.quoteRegion, '某公司', 9000, 100]);
  ws.addRow([6, PAYLOADS.crName, '新开工', '基础设施', '交通', PAYLOADS.region, '某公司', 9000, 100]);
  ws.addRow([7, PAYLOADS.name, '新开工', '基础设施', '交通', PAYLOADS.region, '某公司', 9000, 100]);
  // Text that sums to more than its members would make subtotal messages; keep the ledger plain.
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A formula with its quoted string literals ("" inside doubled) taken out. */
function outsideStrings(formula: string): string {
  const stripped = formula.replace(/"(?:[^"]|"")*"/g, '""');
  expect(stripped).not.toContain('"""'); // every literal closed where Excel would close it
  return stripped;
}

const OUR_FORMULA = /^(COUNTIFS|SUMIFS|SUM|COUNTA|IF|IFERROR)\(/;

let bytes: Buffer;
beforeAll(async () => {
  bytes = await hostileLedger();
});

describe('the write plan', () => {
  test('ledger text is never a formula; our formulas hold it only inside quoted criteria', async () => {
    const grid = await readWorkbook(bytes);
    const analysis = analyze(grid, { asOf: '2024-11-30', planYear: 2024 });
    expect(analysis.projects).toHaveLength(7);
    const plan = buildWritePlan(analysis, { existing: grid.sheets.map((s) => s.name), owned: [], summaries: true });
    const cells: OutCell[] = plan.sheets.flatMap((s) => s.rows.flat());
    const texts = cells.filter((c) => !c.formula && typeof c.value === 'string').map((c) => c.value as string);
    // The payloads do reach the plan (names, regions, the sheet name, messages quoting them).
    for (const p of [PAYLOADS.name, PAYLOADS.plusName, PAYLOADS.atName, PAYLOADS.region, PAYLOADS.quoteRegion, PAYLOADS.sheet]) {
      expect(texts).toContain(p);
    }
    expect(texts.some((t) => t.includes(PAYLOADS.amount))).toBe(true);
    expect(texts.some((t) => t.includes(PAYLOADS.phase))).toBe(true);

    const formulas = cells.filter((c) => c.formula).map((c) => c.formula!);
    expect(formulas.some((f) => f.includes(PAYLOADS.quoteRegion.replace(/"/g, '""')))).toBe(true);
    for (const f of formulas) {
      expect(f).toMatch(OUR_FORMULA);
      const code = outsideStrings(f);
      for (const p of HOSTILE) expect(code).not.toContain(p.trim());
      expect(code).not.toMatch(/HYPERLINK|cmd\|/i);
    }
  });

  test('Office.js: every text cell goes into range.formulas as text (apostrophe before = + - @, also after a tab or CR)', async () => {
    const grid = await readWorkbook(bytes);
    const analysis = analyze(grid, { asOf: '2024-11-30', planYear: 2024 });
    const plan = buildWritePlan(analysis, { existing: grid.sheets.map((s) => s.name), owned: [], summaries: true });
    let checked = 0;
    for (const c of plan.sheets.flatMap((s) => s.rows.flat())) {
      if (c.formula || typeof c.value !== 'string') continue;
      const input = cellInput(c);
      if (/^\s*[=+\-@]/.test(c.value)) {
        expect(input).toBe(`'${c.value}`);
        checked++;
      } else expect(String(input)).not.toMatch(/^=/);
    }
    expect(checked).toBeGreaterThanOrEqual(HOSTILE.length - 2);
  });
});

describe('the marked copy (CLI --out), re-read with ExcelJS', () => {
  let copy: ExcelJS.Workbook;
  beforeAll(async () => {
    const build = buildCli();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-inject-'));
    const input = path.join(dir, 'hostile.xlsx');
    writeFileSync(input, bytes);
    const r = runCli(build, ['validate', input, '--as-of', '2024-11-30', '--year', '2024', '--out', dir]);
    removeCli(build);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    copy = new ExcelJS.Workbook();
    await copy.xlsx.readFile(path.join(dir, 'hostile-校验.xlsx'));
  });

  test('our sheets hold the payloads as strings and no formula but our own', () => {
    const strings: string[] = [];
    for (const name of OURS) {
      const ws = copy.getWorksheet(name);
      expect(ws).toBeDefined();
      ws!.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula) {
            expect(cell.formula).toMatch(OUR_FORMULA);
            const code = outsideStrings(cell.formula);
            for (const p of HOSTILE) expect(code).not.toContain(p.trim());
            return;
          }
          if (cell.type === ExcelJS.ValueType.Hyperlink) {
            // Links jump inside the workbook only.
            expect((cell.value as ExcelJS.CellHyperlinkValue).hyperlink).toMatch(/^#'/);
            strings.push(cell.text);
            return;
          }
          if (typeof cell.value === 'string') {
            expect(cell.type).toBe(ExcelJS.ValueType.String);
            strings.push(cell.value);
          }
        }),
      );
    }
    // Names are read trimmed: the tab and CR payloads arrive as "=1+1" and "=2+2", which must still be text.
    for (const p of [PAYLOADS.name, PAYLOADS.plusName, PAYLOADS.minusName, PAYLOADS.atName, PAYLOADS.tabName.trim(), PAYLOADS.crName.trim(), PAYLOADS.region, PAYLOADS.quoteRegion, PAYLOADS.sheet]) {
      expect(strings).toContain(p);
    }
    expect(strings.some((s) => s.includes(PAYLOADS.phase))).toBe(true);
  });

  test("the person's hostile text stays text in their own sheet, and our notes are plain text", () => {
    const ws = copy.getWorksheet(PAYLOADS.sheet)!;
    expect(ws.getCell('A1').value).toBe(PAYLOADS.title);
    expect(ws.getCell('B3').value).toBe(PAYLOADS.name);
    expect(ws.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    let notes = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) throw new Error(`formula in the person's sheet at ${cell.address}`);
        if (cell.note) {
          notes++;
          expect(typeof cell.note === 'string' || Array.isArray(cell.note.texts)).toBe(true);
        }
      }),
    );
    expect(notes).toBeGreaterThan(0);
  });
});
