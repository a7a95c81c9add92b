/**
 * The ledger generator (scripts/fixtures.js) that the demo, the benchmark and the engine tests
 * rely on: same seed → same cells, credit codes that pass GB 32100 except the injected fault,
 * section rows whose stated figures are their members' sums, approval dates on the official
 * working-day calendar. The checks here are written independently of the generator's own code.
 */
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import ExcelJS from 'exceljs';
import { isWorkday } from 'chinese-days';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixtures = require('../scripts/fixtures');

type Cell = ExcelJS.CellValue;
interface RowIssue { rule: string; sheet: string; row: number }
interface Fault extends RowIssue { field: string | null }

async function reload(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return copy;
}

/** Every non-empty cell as "sheet!A1 = value [format]". */
function cellDump(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value instanceof Date ? `D:${cell.value.toISOString()}` : JSON.stringify(cell.value);
        out.push(`${ws.name}!${cell.address} = ${v} [${cell.numFmt ?? ''}]`);
      });
    });
  });
  return out;
}

/** Column number (1-based) of each header label on the header row(s). */
function headerColumns(ws: ExcelJS.Worksheet, headerRows: number[]): Map<string, number> {
  const cols = new Map<string, number>();
  for (const r of headerRows) {
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell, c) => {
      if (typeof cell.value === 'string') cols.set(cell.value, c);
    });
  }
  return cols;
}

/** GB 32100-2015, written out from the standard: 31-character set, weights 3^i mod 31. */
function passesGb32100(code: unknown): boolean {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  if (typeof code !== 'string' || code.length !== 18) return false;
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < 17; i++) {
    const v = chars.indexOf(code[i]);
    if (v < 0) return false;
    sum += v * weight;
    weight = (weight * 3) % 31;
  }
  return chars[(31 - (sum % 31)) % 31] === code[17];
}

function isoDay(v: Cell): string {
  if (!(v instanceof Date)) throw new Error(`expected an Excel date, got ${JSON.stringify(v)}`);
  return v.toISOString().slice(0, 10);
}

/** Working days d with from < d ≤ to, counted with chinese-days' own API. */
function workdaysAfter(from: string, to: string): number {
  let n = 0;
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`).getTime();
  for (d.setUTCDate(d.getUTCDate() + 1); d.getTime() <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    if (isWorkday(d.toISOString().slice(0, 10))) n++;
  }
  return n;
}

describe('ledger generator', () => {
  test('the same seed gives the same cells, in memory and through the streaming writer', async () => {
    const opts = { layout: 'sectioned', rows: 60, seed: 11 };
    const a = cellDump(await reload(fixtures.generateLedger(opts).workbook));
    const b = cellDump(await reload(fixtures.generateLedger(opts).workbook));
    expect(a.length).toBeGreaterThan(60 * 10);
    expect(b).toEqual(a);

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lc-fixtures-')), 'ledger.xlsx');
    await fixtures.writeLedger(opts, file);
    const streamed = new ExcelJS.Workbook();
    await streamed.xlsx.readFile(file);
    expect(cellDump(streamed)).toEqual(a);

    const other = cellDump(await reload(fixtures.generateLedger({ ...opts, seed: 12 }).workbook));
    expect(other).not.toEqual(a);
  });

  test.each(['flat', 'sectioned', 'per-phase'])('%s: credit codes pass GB 32100 except the injected fault', async (layout) => {
    const { workbook, truth } = fixtures.generateLedger({ layout, rows: 120, seed: 3 });
    const wb = await reload(workbook);
    const broken = (truth.faults as Fault[]).filter((f) => f.rule === 'invalid-credit-code');
    expect(broken).toHaveLength(1);
    let checked = 0;
    for (const sheet of truth.sheets as { name: string; headerRow: number | null }[]) {
      if (!sheet.headerRow) continue;
      const ws = wb.getWorksheet(sheet.name)!;
      const headerRows = layout === 'sectioned' ? [sheet.headerRow, sheet.headerRow + 1] : [sheet.headerRow];
      const cols = headerColumns(ws, headerRows);
      const creditCol = cols.get('统一社会信用代码')!;
      const seqCol = cols.get('序号')!;
      ws.eachRow((row, r) => {
        if (typeof row.getCell(seqCol).value !== 'number') return; // only numbered project rows
        const code = row.getCell(creditCol).value;
        const isFault = broken.some((f) => f.sheet === sheet.name && f.row === r);
        expect({ row: r, code, passes: passesGb32100(code) }).toEqual({ row: r, code, passes: !isFault });
        checked++;
      });
    }
    expect(checked).toBe(truth.projects);
  });

  test('sectioned: every section states its members’ count and sums, except the injected subtotal fault', async () => {
    const { workbook, truth } = fixtures.generateLedger({ layout: 'sectioned', rows: 150, seed: 8 });
    const wb = await reload(workbook);
    const sheet = truth.sheets[0];
    const ws = wb.getWorksheet(sheet.name)!;
    const cols = headerColumns(ws, [sheet.headerRow, sheet.headerRow + 1]);
    const nameCol = cols.get('项目名称')!;
    const seqCol = cols.get('序号')!;
    const amountCols = ['总投资', '截至上年底累计完成投资', '2024年计划投资', '1-11月完成投资', '累计完成投资'].map((l) => cols.get(l)!);
    expect(amountCols.every((c) => c > 0)).toBe(true);

    interface Group { row: number; label: string; level: number; members: number; sums: number[] }
    const groups: Group[] = [];
    const open: Group[] = [];
    let total: { row: number; stated: number[] } | undefined;
    const num = (v: Cell): number => (typeof v === 'number' ? v : v && typeof v === 'object' && 'result' in v ? Number(v.result) : 0);
    const stated = new Map<number, number[]>();
    ws.eachRow((row, r) => {
      if (r <= sheet.headerRow + 1) return;
      const label = String(row.getCell(nameCol).value ?? '');
      const level = /^[一二三四五六七八九十]+、/.test(label) ? 1 : /^（[一二三四五六七八九十]+）/.test(label) ? 2 : 0;
      if (label === '合计') {
        total = { row: r, stated: amountCols.map((c) => num(row.getCell(c).value)) };
      } else if (level > 0) {
        while (open.length && open[open.length - 1].level >= level) open.pop();
        const g = { row: r, label, level, members: 0, sums: amountCols.map(() => 0) };
        groups.push(g);
        open.push(g);
        stated.set(r, amountCols.map((c) => num(row.getCell(c).value)));
        expect(row.getCell(amountCols[0]).numFmt).toBe('0.00');
      } else if (typeof row.getCell(seqCol).value === 'number') {
        const values = amountCols.map((c) => num(row.getCell(c).value));
        for (const g of open) {
          g.members++;
          values.forEach((v, i) => { g.sums[i] += v; });
        }
      }
    });
    expect(groups.filter((g) => g.level === 1).length).toBe(4);
    expect(total).toBeDefined();

    const injected = (truth.faults as Fault[]).filter((f) => f.rule === 'subtotal-mismatch');
    expect(injected).toHaveLength(1);
    const round2 = (x: number) => Math.round(x * 100) / 100;
    for (const g of groups) {
      expect({ label: g.label, count: Number(/（(\d+)项）$/.exec(g.label)?.[1]) }).toEqual({ label: g.label, count: g.members });
      const s = stated.get(g.row)!;
      const gaps = s.map((v, i) => Math.abs(v - round2(g.sums[i])));
      if (injected.some((f) => f.row === g.row)) {
        // The section misses one member's total investment: far beyond rounding (0.005 per figure).
        expect(gaps[0]).toBeGreaterThan(0.005 * (g.members + 1));
        expect(gaps.slice(1).every((gap) => gap < 1e-6)).toBe(true);
      } else {
        expect({ row: g.row, gap: Math.max(...gaps) < 1e-6 }).toEqual({ row: g.row, gap: true });
      }
    }
    const all = groups.filter((g) => g.level === 1);
    total!.stated.forEach((v, i) => {
      expect(Math.abs(v - round2(all.reduce((a, g) => a + g.sums[i], 0)))).toBeLessThan(1e-6);
    });
    expect(all.reduce((a, g) => a + g.members, 0)).toBe(truth.projects);
  });

  test('flat: approvals follow the official working-day calendar; only the injected one is overdue', async () => {
    const { workbook, truth } = fixtures.generateLedger({ layout: 'flat', rows: 200, seed: 21 });
    const wb = await reload(workbook);
    const sheet = truth.sheets[0];
    const ws = wb.getWorksheet(sheet.name)!;
    const cols = headerColumns(ws, [sheet.headerRow]);
    const overdue = (truth.faults as Fault[]).filter((f) => f.rule === 'approval-overdue').map((f) => f.row);
    const noticeLate = (truth.faults as Fault[]).filter((f) => f.rule === 'notice-overdue').map((f) => f.row);
    expect(overdue).toHaveLength(1);
    let approvals = 0;
    ws.eachRow((row, r) => {
      if (r <= sheet.headerRow) return;
      const accepted = row.getCell(cols.get('受理日期')!).value;
      if (!accepted) return;
      const approved = isoDay(row.getCell(cols.get('办结日期')!).value);
      const days = workdaysAfter(isoDay(accepted), approved);
      if (overdue.includes(r)) expect(days).toBeGreaterThanOrEqual(20);
      else expect({ row: r, tooLate: days > 7 }).toEqual({ row: r, tooLate: false });
      const notice = row.getCell(cols.get('补正通知日期')!).value;
      if (notice) {
        const late = workdaysAfter(isoDay(accepted), isoDay(notice));
        expect({ row: r, late: late > 2 }).toEqual({ row: r, late: noticeLate.includes(r) });
      }
      approvals++;
    });
    expect(approvals).toBeGreaterThan(50);
  });

  test('truth: every fault is on a distinct project row, and the summary counts every row once', () => {
    for (const layout of ['flat', 'sectioned', 'per-phase']) {
      const { truth } = fixtures.generateLedger({ layout, rows: 100, seed: 5 });
      const rows = (truth.faults as Fault[]).filter((f) => f.rule !== 'subtotal-mismatch').map((f) => `${f.sheet}!${f.row}`);
      expect(new Set(rows).size).toBe(rows.length);
      expect(rows.length).toBeGreaterThanOrEqual(22);
      const counted = (truth.summary as { count: number }[]).reduce((a, l) => a + l.count, 0);
      const dropped = layout === 'flat' ? 1 : 0; // the unknown phase cannot be placed without a section
      expect(counted).toBe(truth.projects - dropped);
    }
    const clean = fixtures.generateLedger({ layout: 'flat', rows: 100, seed: 5, faults: false }).truth;
    expect(clean.issues).toEqual([]);
    expect(clean.aggregates).toEqual([]);
  });
});
