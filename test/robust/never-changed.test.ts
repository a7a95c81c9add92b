/**
 * Nothing the person typed is changed (SPEC §5): the input file's bytes are identical after the CLI
 * writes a marked copy, and in the copy every original cell keeps its value, formula, number format,
 * font, border and alignment; only flagged cells get a fill and a note. A workbook holding a chart,
 * a PivotTable or other things ExcelJS drops gets a copy that says what it lost.
 */
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyze, buildMarks, type Mark } from '../../src/core';
import { columnLetter } from '../../src/core/grid';
import { copyNotices, MARK_FILL, readWorkbook } from '../../src/xlsx';
import { SAMPLES } from '../truth';
import { buildCli, removeCli, runCli } from './cli';
import { wpsLedger } from './wps';
import { smallLedger, writeZip, zipEntries } from './zip';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixtures = require('../../scripts/fixtures');

const AS_OF = '2024-11-30';
const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-unchanged-'));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function cli(input: string, out: string) {
  const r = runCli(build, ['validate', input, '--as-of', AS_OF, '--year', '2024', '--out', out]);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, copy: path.join(out, `${path.basename(input, '.xlsx')}-校验.xlsx`) };
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** The marks the CLI puts on `file`: the engine is deterministic, so the same run in-process gives them. */
async function marksOf(file: string): Promise<Map<string, Mark>> {
  const analysis = analyze(await readWorkbook(readFileSync(file)), { asOf: AS_OF, planYear: 2024 });
  return new Map(buildMarks(analysis).map((m) => [`${m.sheet}!${columnLetter(m.col)}${m.row}`, m]));
}

interface Font {
  name?: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
}

/** The workbook's default font (font 0 of styles.xml): what a cell without a font of its own shows. */
async function defaultFont(file: string): Promise<Font> {
  const styles = (await zipEntries(readFileSync(file))).find((e) => e.name === 'xl/styles.xml')!.data.toString('utf8');
  const font = /<fonts[^>]*>\s*<font>([\s\S]*?)<\/font>/.exec(styles)![1];
  return { name: /<name val="([^"]*)"/.exec(font)?.[1], size: Number(/<sz val="([^"]*)"/.exec(font)?.[1]) };
}

/** JSON with keys sorted: ExcelJS gives a style's keys in the order the file wrote them. */
const canonical = (v: unknown) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([k], [l]) => k.localeCompare(l))) : x));

/** Fonts compared as they look: a cell without a font shows the workbook's default font. */
function sameFont(a: Partial<ExcelJS.Font> | undefined, b: Partial<ExcelJS.Font> | undefined, defA: Font, defB: Font): boolean {
  if (a && b) return canonical(a) === canonical(b);
  const look = (f: Partial<ExcelJS.Font> | undefined, def: Font) => JSON.stringify([f?.name ?? def.name, f?.size ?? def.size, !!f?.bold, !!f?.italic]);
  return look(a, defA) === look(b, defB);
}

const emptyBorder = (b: Partial<ExcelJS.Borders> | undefined) => (b && Object.keys(b).length ? b : undefined);

const noteText = (note: ExcelJS.Cell['note']) => (typeof note === 'string' ? note : note ? (note.texts ?? []).map((t) => t.text).join('') : '');

/** Compares every original cell with its copy; returns the differences as readable lines. */
function differences(orig: ExcelJS.Workbook, copy: ExcelJS.Workbook, marks: Map<string, Mark>, fonts: [Font, Font]): string[] {
  const diffs: string[] = [];
  let flagged = 0;
  for (const ws of orig.worksheets) {
    const cws = copy.getWorksheet(ws.name);
    if (!cws) {
      diffs.push(`sheet ${ws.name} missing`);
      continue;
    }
    if (JSON.stringify(cws.model.merges?.slice().sort()) !== JSON.stringify(ws.model.merges?.slice().sort())) diffs.push(`${ws.name}: merges differ`);
    if (cws.state !== ws.state) diffs.push(`${ws.name}: state ${ws.state} → ${cws.state}`);
    ws.columns?.forEach((col, i) => {
      if (cws.getColumn(i + 1).width !== col.width) diffs.push(`${ws.name}: width of column ${i + 1}`);
    });
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      const crow = cws.getRow(r);
      if (crow.hidden !== row.hidden || crow.height !== row.height) diffs.push(`${ws.name}: row ${r} hidden/height`);
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const copied = crow.getCell(c);
        const where = `${ws.name}!${cell.address}`;
        const same = (what: string, a: unknown, b: unknown) => {
          if (canonical(a) !== canonical(b)) diffs.push(`${where}: ${what} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
        };
        same('value', cell.value, copied.value);
        same('type', cell.type, copied.type);
        same('numFmt', cell.numFmt, copied.numFmt);
        if (!sameFont(cell.font, copied.font, ...fonts)) diffs.push(`${where}: font ${JSON.stringify(cell.font)} → ${JSON.stringify(copied.font)}`);
        same('border', emptyBorder(cell.border), emptyBorder(copied.border));
        // A cell without a style shows the Normal style's alignment, which ExcelJS does not read;
        // copy-look.test.ts compares those cells from the XML.
        if (cell.font) same('alignment', cell.alignment, copied.alignment);
        const mark = marks.get(where);
        if (!mark) {
          same('fill', cell.fill, copied.fill);
          same('note', noteText(cell.note), noteText(copied.note));
          return;
        }
        flagged++;
        same('mark fill', MARK_FILL[mark.severity], (copied.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb);
        if (!noteText(copied.note).includes(mark.note)) diffs.push(`${where}: note lacks the mark's text`);
        if (!noteText(copied.note).startsWith(noteText(cell.note))) diffs.push(`${where}: the person's note was not kept first`);
      });
    });
  }
  // Marks on cells that were empty in the original are checked too: the copy's only change there is ours.
  for (const [key, mark] of marks) {
    const [sheet, address] = [mark.sheet, key.slice(mark.sheet.length + 1)];
    const copied = copy.getWorksheet(sheet)?.getCell(address);
    if ((copied?.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb !== MARK_FILL[mark.severity]) diffs.push(`${key}: not marked in the copy`);
  }
  if (marks.size > 0 && flagged === 0) diffs.push('no marked cell was compared');
  return diffs;
}

async function checkUnchanged(input: string): Promise<void> {
  const out = mkdtempSync(path.join(dir, 'out-'));
  const before = sha(input);
  const r = cli(input, out);
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.code);
  expect(sha(input)).toBe(before);
  const marks = await marksOf(input);
  expect(marks.size).toBeGreaterThan(0);
  const fonts: [Font, Font] = [await defaultFont(input), await defaultFont(r.copy)];
  expect(differences(await load(input), await load(r.copy), marks, fonts)).toEqual([]);
}

let build: string;
beforeAll(() => {
  build = buildCli();
});
afterAll(() => removeCli(build));

describe('the input is never changed; the copy changes only the marked cells', () => {
  test.each(['flat.xlsx', 'sectioned.xlsx', 'per-phase.xlsx'])('sample %s', async (file) => {
    await checkUnchanged(path.join(SAMPLES, file));
  });

  test('a ledger saved by WPS: default font 宋体 11, built-in formats, a cell in Calibri', async () => {
    const input = path.join(dir, 'wps.xlsx');
    writeFileSync(input, wpsLedger());
    await checkUnchanged(input);
  });

  test('a generated sectioned ledger with faults, styles, merges and notes', async () => {
    const { workbook } = fixtures.generateLedger({ layout: 'sectioned', rows: 300, unit: '亿元', seed: 11, faults: true });
    // A note the person wrote on a cell that will also be flagged, and one on a cell that will not.
    const ws: ExcelJS.Worksheet = workbook.worksheets[0];
    const input = path.join(dir, 'generated.xlsx');
    await workbook.xlsx.writeFile(input);
    const marks = await marksOf(input);
    const flaggedMark = [...marks.values()].find((m) => m.sheet === ws.name)!;
    ws.getCell(flaggedMark.row, flaggedMark.col + 1).note = '负责人：张三';
    ws.getCell(1, 1).note = '本表为示例';
    await workbook.xlsx.writeFile(input);
    await checkUnchanged(input);
  });
});

describe('what the copy cannot keep', () => {
  test.each([
    ['a chart', 'xl/charts/chart1.xml', /1 个图表/],
    ['a PivotTable', 'xl/pivotTables/pivotTable1.xml', /1 个数据透视表/],
  ])('a workbook with %s: the CLI and 校验结果 say the copy lost it; the original is untouched', async (_, part, lost) => {
    const entries = await zipEntries(await smallLedger());
    entries.push({ name: part, data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><x/>') });
    const input = path.join(dir, `with-${path.basename(part, '.xml')}.xlsx`);
    writeFileSync(input, writeZip(entries));
    const before = sha(input);
    const out = mkdtempSync(path.join(dir, 'out-'));
    const r = cli(input, out);
    expect(r.code).toBe(1);
    expect(sha(input)).toBe(before);
    const notice = copyNotices((await readWorkbook(readFileSync(input))).features)[0];
    expect(notice).toMatch(lost);
    expect(r.stdout).toContain(notice);
    const results = (await load(r.copy)).getWorksheet('校验结果')!;
    expect(results.getCell('A1').value).toBe(notice);
    // The original still holds the part; the copy does not.
    expect((await zipEntries(readFileSync(input))).some((e) => e.name === part)).toBe(true);
    expect((await zipEntries(readFileSync(r.copy))).some((e) => e.name === part)).toBe(false);
  });

  test('a WPS ledger with an internal link, page breaks, an external link, a drop-down from another sheet and protection: the CLI and 校验结果 say so', async () => {
    const input = path.join(dir, 'wps-extras.xlsx');
    writeFileSync(input, wpsLedger(true));
    const before = sha(input);
    const r = cli(input, mkdtempSync(path.join(dir, 'out-')));
    expect(r.code).toBe(1);
    expect(sha(input)).toBe(before);
    const notice = copyNotices((await readWorkbook(readFileSync(input))).features)[0];
    expect(notice).toMatch(/超链接.*分页符.*外部工作簿链接.*数据验证.*保护/);
    expect(r.stdout).toContain(notice);
    expect((await load(r.copy)).getWorksheet('校验结果')!.getCell('A1').value).toBe(notice);
  });
});
