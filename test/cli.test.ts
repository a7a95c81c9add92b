/** The command line end to end: exit codes, one clear line per bad file, the JSON report, the marked copy. */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { SAMPLES, loadTruth, type TruthIssue } from './truth';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin/ledger-check.js');

function cli(...args: string[]) {
  const r = spawnSync('node', [BIN, 'validate', '--as-of', '2024-11-30', '--year', '2024', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('bad files', () => {
  test.each(['zero.xlsx', 'corrupt.xlsx', 'csv-renamed.xlsx'])('%s: exit 2, one line naming it, no stack trace', (file) => {
    const r = cli(path.join(SAMPLES, 'bad', file));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('empty.xlsx has no ledger: no-ledger, exit 1', () => {
    const r = cli(path.join(SAMPLES, 'bad', 'empty.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no-ledger');
  });

  test('a good file in the same call is still checked and reported', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-'));
    const json = path.join(dir, 'report.json');
    const r = cli(path.join(SAMPLES, 'bad'), path.join(SAMPLES, 'sectioned.xlsx'), '--json', json);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(3);
    expect(r.stdout).toContain('sectioned.xlsx');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.files.map((f: { file: string }) => f.file).sort()).toEqual(['corrupt.xlsx', 'csv-renamed.xlsx', 'empty.xlsx', 'sectioned.xlsx', 'zero.xlsx']);
    expect(report.issues.filter((i: { file: string }) => i.file === 'sectioned.xlsx').length).toBeGreaterThan(0);
    expect(report.summary.byPhaseCategory.length).toBeGreaterThan(0);
  });

  test('usage errors exit 2 with the reason', () => {
    const r = spawnSync('node', [BIN, 'validate', 'x.xlsx', '--as-of', '2024-13-45'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--as-of');
  });
});

describe('the marked copy', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-out-'));
  const input = path.join(SAMPLES, 'sectioned.xlsx');
  let before: string;
  let r: ReturnType<typeof cli>;
  beforeAll(() => {
    before = sha(input);
    r = cli(input, '--out', dir, '--json', path.join(dir, 'report.json'));
  });

  test('exit 1 (errors found); the input bytes are unchanged', () => {
    expect(r.code).toBe(1);
    expect(sha(input)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'sectioned-校验.xlsx']);
  });

  test('keeps every original value and formula, adds results and summaries, marks flagged cells', async () => {
    const orig = new ExcelJS.Workbook();
    await orig.xlsx.readFile(input);
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.readFile(path.join(dir, 'sectioned-校验.xlsx'));
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const flagged = new Set(report.issues.filter((i: { row?: number }) => i.row).map((i: { column: string; row: number }) => `${i.column}${i.row}`));
    let cells = 0;
    for (const ws of orig.worksheets) {
      const cws = copy.getWorksheet(ws.name)!;
      ws.eachRow({ includeEmpty: false }, (row, rn) => {
        row.eachCell({ includeEmpty: false }, (cell, cn) => {
          cells++;
          const c = cws.getCell(rn, cn);
          expect([ws.name, rn, cn, c.value]).toEqual([ws.name, rn, cn, cell.value]);
          if (!flagged.has(cell.address)) expect([cell.address, c.fill, c.numFmt, c.font]).toEqual([cell.address, cell.fill, cell.numFmt, cell.font]);
        });
      });
    }
    expect(cells).toBeGreaterThan(1000);
    expect(copy.worksheets.map((w) => w.name)).toEqual(['重大项目计划表', '校验结果', '项目数据', '阶段×类别', '县区汇总', '_LedgerCheck']);
    const marked = copy.getWorksheet('重大项目计划表')!.getCell('H9');
    expect((marked.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(marked.note)).toContain('年度计划超过剩余投资');
    const results = copy.getWorksheet('校验结果')!;
    const link = results.getColumn(5).values.find((v) => typeof v === 'object' && v && 'hyperlink' in v) as { hyperlink: string };
    expect(link.hyperlink).toMatch(/^#'重大项目计划表'![A-Z]+\d+$/);
    const pc = copy.getWorksheet('阶段×类别')!;
    const formulaCell = pc.getCell('D3');
    expect((formulaCell.value as ExcelJS.CellFormulaValue).formula).toMatch(/^COUNTIFS\(/);
    expect((formulaCell.value as ExcelJS.CellFormulaValue).result).toBe(21);
  });

  test('marking the marked copy again replaces the marks: same fills, same notes, nothing stacked', async () => {
    const dir2 = mkdtempSync(path.join(os.tmpdir(), 'lc-out2-'));
    const again = cli(path.join(dir, 'sectioned-校验.xlsx'), '--out', dir2);
    expect(again.code).toBe(1);
    const first = new ExcelJS.Workbook();
    await first.xlsx.readFile(path.join(dir, 'sectioned-校验.xlsx'));
    const second = new ExcelJS.Workbook();
    await second.xlsx.readFile(path.join(dir2, 'sectioned-校验-校验.xlsx'));
    const ws1 = first.getWorksheet('重大项目计划表')!;
    const ws2 = second.getWorksheet('重大项目计划表')!;
    let notes = 0;
    ws1.eachRow({ includeEmpty: false }, (row, rn) => {
      row.eachCell({ includeEmpty: false }, (cell, cn) => {
        const c2 = ws2.getCell(rn, cn);
        expect([cell.address, c2.fill, c2.note]).toEqual([cell.address, cell.fill, cell.note]);
        if (cell.note) notes++;
      });
    });
    expect(notes).toBeGreaterThan(5);
    expect(second.worksheets.map((w) => w.name)).toEqual(first.worksheets.map((w) => w.name));
  });

  test('re-validating the marked copy ignores LedgerCheck\'s own sheets and gives the same issues', () => {
    const again = cli(path.join(dir, 'sectioned-校验.xlsx'));
    const first = cli(input);
    const issueLines = (s: string) => s.split('\n').filter((l) => l.includes('[错误]') || l.includes('[警告]'));
    expect(issueLines(again.stdout)).toEqual(issueLines(first.stdout));
  });
});

describe('the JSON report of the CLI on the samples', () => {
  test('contains every truth.json issue and no other warning or error, per file', () => {
    const truth = loadTruth();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-json-'));
    const json = path.join(dir, 'report.json');
    const r = cli(...truth.cases.map((c) => path.join(SAMPLES, c.file)), '--json', json);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { issues: (TruthIssue & { file: string; severity: string })[] };
    for (const c of truth.cases) {
      const key = (i: TruthIssue) => `${i.rule}|${i.sheet}|${i.row}`;
      const mine = report.issues.filter((i) => i.file === c.file && i.row !== undefined);
      const got = new Set(mine.map(key));
      const allowed = new Set([...c.issues, ...c.dontcare].map(key));
      expect([c.file, c.issues.filter((i) => !got.has(key(i)))]).toEqual([c.file, []]);
      expect([c.file, mine.filter((i) => i.severity !== 'info' && !allowed.has(key(i)))]).toEqual([c.file, []]);
    }
  });
});
