/**
 * The marked copy looks like the original (SPEC §5), judged from the XML of both files: the copy's
 * default font is the original's, and every original cell keeps its value, formula, number format,
 * font, fill, border, alignment and protection, the marked cells changing only their fill. The
 * workbook that matters is one saved by WPS or a Chinese Excel (default font 宋体 11, Normal style
 * centred vertically, 千位分隔 and 年月日 as built-in formats), which ExcelJS alone rewrites in its
 * own Calibri 11. What the copy still cannot keep is said in it.
 */
import { readFileSync } from 'fs';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyze, buildWritePlan, type Mark } from '../../src/core';
import { columnLetter } from '../../src/core/grid';
import { copyNotices, NO_PIVOTS_IN_COPY, readWorkbook, writeMarkedCopy } from '../../src/xlsx';
import { SAMPLES } from '../truth';
import { WPS_LEDGER_SHEET, wpsLedger } from './wps';
import { canon, child, children, readRaw, type RawBook, type XmlNode } from './xlsxml';

const AS_OF = '2024-11-30';

async function markedCopy(input: Uint8Array) {
  const grid = await readWorkbook(input);
  const analysis = analyze(grid, { asOf: AS_OF, planYear: 2024 });
  const notices = copyNotices(grid.features);
  const plan = buildWritePlan(analysis, {
    existing: grid.sheets.map((s) => s.name),
    owned: grid.ownedSheets ?? [],
    summaries: true,
    notices: [...notices, NO_PIVOTS_IN_COPY],
  });
  return { copy: await writeMarkedCopy(input, plan), marks: plan.marks, notices };
}

/**
 * Two things ExcelJS leaves out that change nothing on screen or on paper: a border colour of
 * "automatic" (a side without a colour is drawn in the automatic colour) and a font's character set
 * 0 (ANSI), a hint used only when the font is not installed.
 */
const unseen = (s: string) => s.replace(/<color auto="1"><\/color>/g, '').replace(/<charset val="0"><\/charset>/g, '');

/** Every original cell against its copy; only a marked cell's fill may differ. */
function cellDifferences(orig: RawBook, copy: RawBook, marks: Mark[]): string[] {
  const marked = new Set(marks.map((m) => `${m.sheet}!${columnLetter(m.col)}${m.row}`));
  const diffs: string[] = [];
  for (const sheet of orig.sheets) {
    const copied = copy.sheets.find((s) => s.name === sheet.name);
    if (!copied) {
      diffs.push(`sheet ${sheet.name} missing`);
      continue;
    }
    for (const [ref, cell] of sheet.cells) {
      const where = `${sheet.name}!${ref}`;
      const other = copied.cells.get(ref);
      if (!other) {
        diffs.push(`${where}: missing`);
        continue;
      }
      for (const key of Object.keys(cell) as (keyof typeof cell)[]) {
        if (key === 'fill' && marked.has(where)) continue;
        if (unseen(cell[key]) !== unseen(other[key])) diffs.push(`${where}: ${key} ${cell[key]} → ${other[key]}`);
      }
    }
  }
  return diffs;
}

/** Cells each data validation covers, one line per cell: ExcelJS may split a range into overlapping ones. */
function validatedCells(sheet: XmlNode): string[] {
  const out = new Set<string>();
  for (const v of children(child(sheet, 'dataValidations'), 'dataValidation')) {
    for (const range of v.attrs.sqref.split(/\s+/)) {
      const [from, to = from] = range.split(':');
      const [, c1, r1] = /([A-Z]+)(\d+)/.exec(from)!;
      const [, c2, r2] = /([A-Z]+)(\d+)/.exec(to)!;
      for (let r = Number(r1); r <= Number(r2); r++) for (const c of c1 === c2 ? [c1] : [c1, c2]) out.add(`${c}${r} ${v.attrs.type} ${canon(child(v, 'formula1'))}`);
    }
  }
  return [...out].sort();
}

/** Rows, columns, panes, merges, print settings and validations: what ExcelJS keeps of a sheet's layout. */
function layoutDifferences(orig: RawBook, copy: RawBook): string[] {
  const diffs: string[] = [];
  const pick = (n: XmlNode | undefined, keys: string[], defaults: Record<string, string> = {}) => keys.map((k) => `${k}=${n?.attrs[k] ?? defaults[k] ?? ''}`).join(' ');
  for (const sheet of orig.sheets) {
    const copied = copy.sheets.find((s) => s.name === sheet.name)!;
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${sheet.name}: ${what} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
    };
    const both = (f: (x: XmlNode) => unknown) => [f(sheet.xml), f(copied.xml)] as const;
    same('default row height and column width', ...both((x) => pick(child(x, 'sheetFormatPr'), ['defaultRowHeight', 'defaultColWidth'])));
    same('columns', ...both((x) => children(child(x, 'cols'), 'col').map((c) => pick(c, ['min', 'max', 'width', 'hidden', 'outlineLevel']))));
    same('rows', ...both((x) => children(child(x, 'sheetData'), 'row').map((r) => pick(r, ['r', 'ht', 'customHeight', 'hidden', 'outlineLevel']))));
    same('frozen pane', ...both((x) => canon(child(child(child(x, 'sheetViews'), 'sheetView'), 'pane'))));
    same('view', ...both((x) => pick(child(child(x, 'sheetViews'), 'sheetView'), ['showGridLines', 'zoomScale', 'view'], { zoomScale: '100' })));
    same('tab colour', ...both((x) => canon(child(child(x, 'sheetPr'), 'tabColor'))));
    same('merges', ...both((x) => children(child(x, 'mergeCells'), 'mergeCell').map(canon).sort()));
    same('autofilter', ...both((x) => canon(child(x, 'autoFilter'))));
    same('conditional formats', ...both((x) => children(x, 'conditionalFormatting').map(canon)));
    same('data validations', ...both(validatedCells));
    same('page setup', ...both((x) => pick(child(x, 'pageSetup'), ['paperSize', 'orientation', 'scale', 'fitToWidth', 'fitToHeight'], { fitToWidth: '1', fitToHeight: '1', scale: '100' })));
    same('fit to page', ...both((x) => canon(child(child(x, 'sheetPr'), 'pageSetUpPr'))));
    for (const tag of ['pageMargins', 'printOptions', 'headerFooter']) same(tag, ...both((x) => canon(child(x, tag))));
  }
  // Print titles and areas; ExcelJS writes $A1:$H8 for $A$1:$H$8, the same cells.
  const printNames = (b: RawBook) =>
    children(child(b.workbook, 'definedNames'), 'definedName')
      .filter((d) => /^_xlnm\.Print_/.test(d.attrs.name))
      .map((d) => `${d.attrs.name} ${d.attrs.localSheetId} ${d.text.replace(/\$/g, '')}`);
  if (JSON.stringify(printNames(orig)) !== JSON.stringify(printNames(copy))) diffs.push(`print names ${printNames(orig)} → ${printNames(copy)}`);
  return diffs;
}

describe('the copy looks like the original', () => {
  let orig: RawBook;
  let copy: RawBook;
  let marks: Mark[];
  let bytes: Uint8Array;
  beforeAll(async () => {
    const input = wpsLedger();
    const made = await markedCopy(input);
    [orig, copy, marks, bytes] = [await readRaw(input), await readRaw(made.copy), made.marks, made.copy];
  });

  test('a 宋体 11 workbook: the copy’s default font is 宋体 11, as in the original', () => {
    expect(orig.defaultFont).toContain('宋体');
    expect(copy.defaultFont).toBe(orig.defaultFont);
  });

  test('every original cell keeps value, formula, number format, font, fill, border, alignment and protection', () => {
    expect(marks.some((m) => m.sheet === WPS_LEDGER_SHEET)).toBe(true);
    expect(cellDifferences(orig, copy, marks)).toEqual([]);
  });

  test('the Normal style keeps its alignment, and the colour palette is kept', () => {
    const normal = (b: RawBook) => canon(child(child(b.styles, 'cellStyleXfs'), 'xf'));
    expect(normal(copy)).toBe(normal(orig));
    expect(canon(child(copy.styles, 'colors'))).toBe(canon(child(orig.styles, 'colors')));
  });

  test('rows, columns, panes, merges, print settings and validations are kept', () => {
    expect(layoutDifferences(orig, copy)).toEqual([]);
  });

  test('ExcelJS reads the copy back: its styles.xml is well formed', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet(WPS_LEDGER_SHEET)!.getCell('B4').font.name).toBe('宋体');
  });

  test.each(['flat.xlsx', 'sectioned.xlsx', 'per-phase.xlsx'])('sample %s', async (file) => {
    const input = readFileSync(path.join(SAMPLES, file));
    const made = await markedCopy(input);
    const [o, c] = [await readRaw(input), await readRaw(made.copy)];
    expect(c.defaultFont).toBe(o.defaultFont);
    expect(cellDifferences(o, c, made.marks)).toEqual([]);
    expect(layoutDifferences(o, c)).toEqual([]);
    expect(made.notices).toEqual([]);
  });
});

describe('what the copy still cannot keep is said in it', () => {
  test('internal links, page breaks, external links, drop-downs from another sheet, protection: named in Chinese and English, and really gone', async () => {
    const input = wpsLedger(true);
    const { copy, notices } = await markedCopy(input);
    expect(notices).toHaveLength(1);
    for (const what of ['1 个指向本工作簿内位置的超链接', '2 个手动分页符', '1 个外部工作簿链接', '1 条引用其他工作表的数据验证', '工作簿保护或工作表保护密码']) {
      expect(notices[0]).toContain(what);
    }
    const english = copyNotices((await readWorkbook(input)).features, 'en-US');
    expect(english[0]).toMatch(/^Note: .*1 hyperlink\(s\) to places in the workbook, 2 manual page break\(s\), 1 link\(s\) to other workbooks .*1 data validation\(s\) drawing on another sheet .*workbook protection or a sheet protection password/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(copy as unknown as ArrayBuffer);
    expect(wb.getWorksheet('校验结果')!.getCell('A1').value).toBe(notices[0]);
    // Each is really gone from the copy: were a newer ExcelJS to keep one, its line should go.
    const raw = await readRaw(copy);
    const sheet = raw.sheets.find((s) => s.name === WPS_LEDGER_SHEET)!.xml;
    expect(children(child(sheet, 'hyperlinks'), 'hyperlink').filter((h) => h.attrs.location)).toEqual([]);
    expect([child(sheet, 'rowBreaks'), child(sheet, 'colBreaks'), child(raw.workbook, 'workbookProtection')]).toEqual([undefined, undefined, undefined]);
    expect(child(sheet, 'sheetProtection')!.attrs.password).toBeUndefined();
    expect(canon(sheet)).not.toContain('x14:dataValidation');
    expect([...raw.parts.keys()].filter((n) => n.startsWith('xl/externalLinks/'))).toEqual([]);
  });
});
