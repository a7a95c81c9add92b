/**
 * The .xlsx grid reader (src/xlsx/grid.ts) against ExcelJS, which the CLI and web page used before
 * it: the same grids on the samples and generated ledgers, the same report; and, on hand-made XML,
 * the parts of the format ExcelJS never produces itself. Random workbooks are compared in
 * test/robust/property.test.ts.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { inflateRawSync } from 'zlib';
import ExcelJS from 'exceljs';
import { analyze } from '../src/core';
import { loadWorkbook, readWorkbook } from '../src/xlsx';
import { workbookToGrid } from './excelJsGrid';
import { readGrids } from '../src/xlsx/grid';
import { UnreadableWorkbookError } from '../src/xlsx/errors';
import { gridDifferences } from './helpers';
import { rawWorkbook, writeZip, zipEntries } from './robust/zip';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeLedger } = require('../scripts/fixtures');

const SAMPLES = path.join(__dirname, '..', '..', 'shared', 'samples');
const inflate = async (p: Uint8Array, limit: number) => inflateRawSync(p, { maxOutputLength: Math.max(1, limit) });
const fastGrid = async (bytes: Uint8Array) => (await readGrids(bytes, inflate)).grid;
const viaExcelJs = async (bytes: Uint8Array) => workbookToGrid(await loadWorkbook(bytes));
const report = (grid: Parameters<typeof analyze>[0]) => JSON.stringify(analyze(grid, { asOf: '2024-11-30', planYear: 2024 }).report);

describe('the grid reader gives what ExcelJS gave', () => {
  const samples = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.xlsx'));

  test.each(samples)('sample %s: same grids, same report', async (file) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(SAMPLES, file)));
    const [old, fast] = [await viaExcelJs(bytes), await fastGrid(bytes)];
    expect(gridDifferences(old, fast)).toEqual([]);
    expect(report(fast)).toBe(report(old));
  });

  const generated: [string, number][] = [['flat', 7], ['sectioned', 42], ['per-phase', 3], ['sectioned', 9]];
  test.each(generated)('generated %s ledger (seed %d): same grids, same report', async (layout, seed) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lc-grid-')), 'ledger.xlsx');
    await writeLedger({ layout, rows: 300, seed, faults: true, unit: seed === 42 ? '亿元' : '万元' }, file);
    const bytes = new Uint8Array(fs.readFileSync(file));
    const [old, fast] = [await viaExcelJs(bytes), await fastGrid(bytes)];
    expect(gridDifferences(old, fast)).toEqual([]);
    expect(report(fast)).toBe(report(old));
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test('values of every kind, formulas, merges, hidden rows and sheets, protection, the owned-sheets record', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '项目名称', '总投资（万元）', '开工时间', '备注']);
    ws.addRow([1, { richText: [{ text: '城南' }, { text: '污水厂', font: { bold: true } }] }, 1234.5, new Date(Date.UTC(2024, 2, 1)), true]);
    ws.addRow([2, 'a & b < c "d"', { formula: 'C2*2', result: 2469 }, { formula: 'D2+1', result: new Date(Date.UTC(2024, 2, 2)) }, { error: '#REF!' }]);
    ws.addRow([3, { formula: 'B2&"x"', result: '城南污水厂x' }, { formula: '1/0', result: { error: '#DIV/0!' } }, '2024.3', { formula: 'TRUE()', result: false }]);
    ws.addRow([4, { formula: 'NOW()' }, -0.000123, 45000.25, '']);
    ws.getCell('C2').numFmt = '#,##0.00';
    ws.getCell('D2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('D3').numFmt = 'yyyy-mm-dd';
    ws.mergeCells('A7:C8');
    ws.getCell('A7').value = '注：合并';
    ws.getRow(3).hidden = true;
    await ws.protect('', {});
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.getCell('B2').value = 'x';
    const record = wb.addWorksheet('_LedgerCheck', { state: 'veryHidden' });
    record.getCell('A1').value = '校验结果';
    record.getCell('A2').value = '项目数据';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const [old, fast] = [await viaExcelJs(bytes), await fastGrid(bytes)];
    // ExcelJS loses a formula's cached FALSE (<f>TRUE()</f><v>0</v> with t="b"); Excel shows it.
    expect(gridDifferences(old, fast)).toEqual(['台账!R4C5: null vs false']);
    const sheet = fast.sheets[0];
    expect(sheet.values[1]).toEqual([1, '城南污水厂', 1234.5, 45352, true]);
    expect(sheet.values[2].slice(1)).toEqual(['a & b < c "d"', 2469, 45353, '#REF!']);
    expect(sheet.values[3].slice(1)).toEqual(['城南污水厂x', '#DIV/0!', '2024.3', false]);
    expect(sheet.values[4].slice(1, 4)).toEqual([null, -0.000123, 45000.25]);
    expect(sheet.values[6]).toEqual(['注：合并']);
    expect(sheet.formats?.[1]?.[3]).toBe('yyyy"年"m"月"d"日"');
    expect(sheet).toMatchObject({ hiddenRows: [2], protected: true, hidden: false, merges: [{ top: 6, left: 0, bottom: 7, right: 2 }] });
    expect(fast.sheets.map((s) => [s.name, s.hidden])).toEqual([['台账', false], ['隐藏', true], ['_LedgerCheck', true]]);
    expect(fast.ownedSheets).toEqual(['校验结果', '项目数据', '_LedgerCheck']);
  });
});

describe('what ExcelJS never writes', () => {
  test('phonetic guides are not text; rich runs join; entities and _x000D_ escapes decode; cells without r follow on', async () => {
    const bytes = rawWorkbook({
      strings: '<si><r><t>重庆</t></r><r><t xml:space="preserve"> 项目</t></r><rPh sb="0" eb="2"><t>チョン</t></rPh><phoneticPr fontId="1"/></si><si><t>a&amp;b&#x4E00;_x000D_c</t></si><si/>',
      sheet: '<row r="2"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c r="F2" t="inlineStr"><is><t>内联</t></is></c></row><row><c t="d"><v>2024-03-01T00:00:00Z</v></c></row>',
    });
    const grid = await fastGrid(bytes);
    expect(grid.sheets.map((s) => s.name)).toEqual(['台账']);
    expect(grid.sheets[0].values).toEqual([[], ['重庆 项目', 'a&b一\rc', '', null, null, '内联'], [45352]]);
  });

  test('namespace prefixes, Chinese built-in date formats, the 1904 date system', async () => {
    const bytes = rawWorkbook({
      prefix: 'x:',
      workbookPr: '<x:workbookPr date1904="1"/>',
      styles: '<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="31"><x:alignment/></x:xf><x:xf numFmtId="2"/></x:cellXfs>',
      sheet: '<x:row r="1"><x:c r="A1" s="1"><x:v>43890</x:v></x:c><x:c r="B1" s="2"><x:v>43890</x:v></x:c></x:row>',
    });
    const sheet = (await fastGrid(bytes)).sheets[0];
    // 43890 in the 1904 system is 2024-03-01, which is 45352 counted from 1899-12-30.
    expect(sheet.values[0]).toEqual([45352, 43890]);
    expect(sheet.formats?.[0]).toEqual(['yyyy"年"m"月"d"日"', '0.00']);
  });

  test('what an independent review found in files from other writers', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const bytes = rawWorkbook({
        // Single quotes and spaces around '=', an empty <t/> with an attribute, CDATA, t="d" without a zone and a time alone.
        strings: `<si><r><t xml:space="preserve"/></r><r><rPr><b/></rPr><t>城南</t></r></si><si><t><![CDATA[a<b & c]]></t></si>`,
        styles:
          '<numFmts count="1"><numFmt numFmtId="176" formatCode="[&gt;=100000]0.00,&quot;万&quot;;0" /></numFmts>' +
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="43"/></cellXfs>' +
          '<dxfs count="1"><dxf><numFmt numFmtId="176" formatCode="0.000"/></dxf></dxfs>',
        sheet:
          "<row r='1'><c r = 'B1' t='s'><v>0</v></c><c r='C1' t='s'><v>1</v></c></row>" +
          '<row r="2"><c r="A2" t="d"><v>2024-03-01T00:00:00</v></c><c r="B2" t="d"><v>13:30:00</v></c><c r="C2" s="1"><v>5</v></c><c r="D2" s="2"><v>59000</v></c></row>',
      });
      const sheet = (await fastGrid(bytes)).sheets[0];
      expect(sheet.values).toEqual([[null, '城南', 'a<b & c'], [45352, 13.5 / 24, 5, 59000]]);
      expect(sheet.formats?.[1]?.slice(2)).toEqual(['[>=100000]0.00,"万";0', '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-']);
    } finally {
      process.env.TZ = zone;
    }
  });

  test('part names in any case; UTF-16 parts; cells outside the grid Excel has are refused', async () => {
    const upper = rawWorkbook({ strings: '<si><t>项目名称</t></si>', sheet: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' });
    const entries = await zipEntries(upper);
    const renamed = writeZip(entries.map((e) => (e.name === 'xl/sharedStrings.xml' ? { ...e, name: 'xl/SharedStrings.xml' } : e)));
    expect((await fastGrid(renamed)).sheets[0].values).toEqual([['项目名称']]);
    const utf16 = writeZip(
      entries.map((e) => (e.name === 'xl/sharedStrings.xml' ? { ...e, data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(e.data.toString('utf8'), 'utf16le')]) } : e)),
    );
    expect((await fastGrid(utf16)).sheets[0].values).toEqual([['项目名称']]);
    await expect(fastGrid(rawWorkbook({ sheet: '<row r="40000000"><c><v>1</v></c></row>' }))).rejects.toThrow(/第 40000000 行超出 Excel 的表格范围/);
    await expect(fastGrid(rawWorkbook({ sheet: '<row r="1"><c r="XFE1"><v>1</v></c></row>' }))).rejects.toThrow(/第 1 行第 16385 列超出/);
    // Shared strings never closed: read in one pass, nothing after the break.
    expect((await fastGrid(rawWorkbook({ strings: '<si><t>x</t>'.repeat(40_000), sheet: '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' }))).sheets[0].values).toEqual([]);
  });

  test('a package without a workbook, or with a damaged part, is refused with a reason', async () => {
    const notWorkbook = writeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    await expect(readWorkbook(notWorkbook)).rejects.toThrow(/没有 workbook\.xml/);
    const damaged = Buffer.from(rawWorkbook({ sheet: '<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(50) }));
    const at = damaged.indexOf('xl/worksheets/sheet1.xml') + 40;
    damaged.fill(0xff, at, at + 30);
    const error = await readWorkbook(damaged).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableWorkbookError);
  });
});
