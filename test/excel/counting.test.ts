/**
 * Round trips and payloads on a big ledger: the read syncs at most 3 times plus once per read batch,
 * each batch's response stays under Excel on the web's 5 MB, and 10,000 marks take at most 2 syncs.
 */
import type { Mark } from '../../src/core/port';
import { FakeWorkbook, type FakeValue } from './fakeExcel';
import { portFor } from './helpers';

const ROWS = 50_000;
const COLS = 20;
const FIVE_MB = 5 * 1024 * 1024;

function bigLedger(): FakeWorkbook {
  const header = ['序号', '项目名称', '项目阶段', '所属县区', '业主单位', '总投资', '年度计划投资', '本年完成投资'];
  while (header.length < COLS) header.push(`指标${header.length}`);
  const rows: FakeValue[][] = [header];
  for (let i = 1; i < ROWS; i++) {
    const row: FakeValue[] = [i, `第${i}号重大项目（道路改造及配套工程）`, i % 4 ? '续建' : '新开工', `第${i % 13}县`, `某某建设投资有限公司${i % 97}`];
    for (let c = row.length; c < COLS; c++) row.push(((i * 7919 + c * 104729) % 1_000_000) / 100);
    rows.push(row);
  }
  return new FakeWorkbook([{ name: '全市台账', rows, formats: { [`F2:H${ROWS}`]: '0.00' } }]);
}

describe('round trips on a 50,000-row sheet', () => {
  const book = bigLedger();
  const { port, settings } = portFor(book);
  let readSyncs = 0;

  it('reads in ≤ 3 syncs + 1 per read batch, each response ≤ 5 MB', async () => {
    const grid = await port.read();
    readSyncs = book.syncs.length;
    const batches = book.syncs.filter((s) => s.valueCells > 0);
    const cells = batches.reduce((n, s) => n + s.valueCells, 0);
    const totalBytes = batches.reduce((n, s) => n + s.responseBytes, 0);
    console.log(
      `read ${ROWS}×${COLS}: ${readSyncs} syncs, ${batches.length} read batches, ` +
        `response MB per batch: ${batches.map((s) => (s.responseBytes / 1048576).toFixed(2)).join(', ')}`,
    );
    expect(grid.sheets[0].values).toHaveLength(ROWS);
    expect(grid.sheets[0].values[ROWS - 1][1]).toBe(`第${ROWS - 1}号重大项目（道路改造及配套工程）`);
    expect(cells).toBe(ROWS * COLS);
    expect(readSyncs).toBeLessThanOrEqual(3 + batches.length);
    for (const s of book.syncs) expect(s.responseBytes).toBeLessThanOrEqual(FIVE_MB);
    // Batches are filled, not a sync per small chunk: on average at least half of the 5 MB is used.
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(totalBytes / (FIVE_MB / 2)) + 1);
    expect(port.lastReadStats?.syncs).toBe(readSyncs);
  });

  it('applies 10,000 marks in ≤ 2 syncs', async () => {
    const marks: Mark[] = Array.from({ length: 10_000 }, (_, i) => ({
      sheet: '全市台账',
      row: 2 + i * 4,
      col: 1 + (i % 3) * 4,
      severity: (['error', 'warning', 'info'] as const)[i % 3],
      note: `第${i}条：年度计划投资超过剩余投资`,
    }));
    const before = book.syncs.length;
    const { notices } = await port.apply({ marks, sheets: [], pivots: [], charts: [] });
    const applySyncs = book.syncs.length - before;
    const recordKb = Math.round(settings.stored['ledgercheck.marks'].length / 1024);
    console.log(`apply 10,000 marks: ${applySyncs} syncs; mark record in the document settings: ${recordKb} KB`);
    // Settings load with the document and are meant to be small: the record stays compact.
    expect(recordKb).toBeLessThan(512);
    expect(notices).toEqual([]);
    expect(applySyncs).toBeLessThanOrEqual(2);
    const sheet = book.sheet('全市台账');
    expect(sheet.notes.size).toBe(10_000);
    expect(sheet.cell(2 + 9_999 * 4 - 1, 1 + (9_999 % 3) * 4).fill.color).toBe('#FFC7CE');
  });

  it('clears them again in ≤ 4 syncs (a fresh sheet list, look-ups incl. the fills now, writes)', async () => {
    const before = book.syncs.length;
    await port.clearMarks();
    const clearSyncs = book.syncs.length - before;
    console.log(`clear 10,000 marks: ${clearSyncs} syncs`);
    // The look-ups read each marked cell's fill now (so a moved or refilled cell is never overwritten):
    // for 10,000 scattered cells that is one more ~4 MB batch.
    expect(clearSyncs).toBeLessThanOrEqual(4);
    expect(book.sheet('全市台账').notes.size).toBe(0);
  });
});

describe('a ledger of long texts', () => {
  it('still reads: a batch the host refuses as too large is retried smaller, and every accepted response is ≤ 5 MB', async () => {
    const long = '建设内容：新建道路及配套给排水、照明、绿化工程，'.repeat(12);
    const rows: FakeValue[][] = Array.from({ length: 2_000 }, (_, r) => Array.from({ length: 10 }, (_, c) => `${r}-${c}${long}`));
    const book = new FakeWorkbook([{ name: '项目简介', rows }]);
    const grid = await portFor(book).port.read();
    expect(grid.sheets[0].values[1999][9]).toBe(`1999-9${long}`);
    const refused = book.syncs.filter((s) => s.responseBytes > FIVE_MB);
    const accepted = book.syncs.filter((s) => s.responseBytes <= FIVE_MB && s.valueCells > 0);
    console.log(`long texts: ${refused.length} refused, ${accepted.length} accepted read batches`);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.reduce((n, s) => n + s.valueCells, 0)).toBe(20_000);
  });
});
