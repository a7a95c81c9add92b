/**
 * Round trips and payloads on a big ledger: the read syncs at most 3 times plus once per read batch,
 * each request and response stays under Excel on the web's 5 MB, 10,000 marks take at most 2 syncs,
 * and a whole validation from the pane is 3 round trips plus the read batches.
 */
import { analyze, buildWritePlan } from '../../src/core';
import type { Mark } from '../../src/core/port';
import { isMarkRule } from '../../src/excel/marks';
import { runValidation } from '../../src/taskpane/controller';
import { FakeWorkbook, type FakeValue } from './fakeExcel';
import { portFor, smallLedger } from './helpers';

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
    for (const s of book.syncs) {
      expect(s.responseBytes).toBeLessThanOrEqual(FIVE_MB);
      expect(s.requestBytes).toBeLessThanOrEqual(FIVE_MB);
    }
    // Batches are filled, not a sync per small chunk: on average at least half of the 5 MB is used.
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(totalBytes / (FIVE_MB / 2)) + 1);
    expect(port.lastReadStats?.syncs).toBe(readSyncs);
  });

  const marks: Mark[] = Array.from({ length: 10_000 }, (_, i) => ({
    sheet: '全市台账',
    row: 2 + i * 4,
    col: 1 + (i % 3) * 4,
    severity: (['error', 'warning', 'info'] as const)[i % 3],
    note: `第${i}条：年度计划投资超过剩余投资`,
  }));
  const lastCell = `${String.fromCharCode(65 + 1 + (9_999 % 3) * 4)}${2 + 9_999 * 4}`;

  it('applies 10,000 marks in ≤ 2 syncs, every request ≤ 5 MB', async () => {
    const before = book.syncs.length;
    const { notices } = await port.apply({ marks, sheets: [], pivots: [], charts: [] });
    const applySyncs = book.syncs.slice(before);
    const recordKb = Math.round(settings.stored['ledgercheck.marks'].length / 1024);
    console.log(
      `apply 10,000 marks: ${applySyncs.length} syncs, request MB: ${applySyncs.map((s) => (s.requestBytes / 1048576).toFixed(2)).join(', ')}; ` +
        `mark record in the document settings: ${recordKb} KB`,
    );
    // Settings load with the document and are meant to be small: the record stays compact.
    expect(recordKb).toBeLessThan(512);
    expect(notices).toEqual([]);
    expect(applySyncs.length).toBeLessThanOrEqual(2);
    for (const s of applySyncs) expect(s.requestBytes).toBeLessThanOrEqual(FIVE_MB);
    const sheet = book.sheet('全市台账');
    expect(sheet.notes.size).toBe(10_000);
    expect(sheet.shownColor(lastCell)).toBe('#FFC7CE');
    expect(sheet.cell(2 + 9_999 * 4 - 1, 1 + (9_999 % 3) * 4).fill.pattern).toBe('None');
  });

  it('validates again — 10,000 notes of ours to find on the way — in ≤ 3 syncs + 1 per read batch, read and writes together', async () => {
    let from = book.syncs.length;
    await port.read();
    const read = book.syncs.slice(from);
    const batches = read.filter((s) => s.valueCells > 0);
    from = book.syncs.length;
    // Half the issues again, half new: notes kept, rewritten, removed, added.
    const again = marks.map((m, i) => (i % 2 ? m : { ...m, note: `${m.note}（复核）` }));
    await port.apply({ marks: again.slice(0, 9_000), sheets: [], pivots: [], charts: [] });
    const apply = book.syncs.slice(from);
    console.log(`validate again: read ${read.length} syncs (${batches.length} read batches), apply ${apply.length} syncs`);
    expect(read.length + apply.length).toBeLessThanOrEqual(3 + batches.length);
    expect(apply.length).toBeLessThanOrEqual(2);
    for (const s of [...read, ...apply]) {
      expect(s.requestBytes).toBeLessThanOrEqual(FIVE_MB);
      expect(s.responseBytes).toBeLessThanOrEqual(FIVE_MB);
    }
    const sheet = book.sheet('全市台账');
    expect(sheet.notes.size).toBe(9_000);
    expect(sheet.notes.get('B2')?.content).toBe('第0条：年度计划投资超过剩余投资（复核）');
    expect(sheet.conditionalFormats.filter((cf) => isMarkRule(cf.formula)).length).toBeLessThan(100);
  });

  it('clears them in 2 syncs (the sheets the record names, then the writes), every request ≤ 5 MB', async () => {
    const before = book.syncs.length;
    await port.clearMarks();
    const clear = book.syncs.slice(before);
    console.log(`clear 9,000 marks: ${clear.length} syncs, request MB: ${clear.map((s) => (s.requestBytes / 1048576).toFixed(2)).join(', ')}`);
    expect(clear.length).toBe(2);
    for (const s of clear) expect(s.requestBytes).toBeLessThanOrEqual(FIVE_MB);
    const sheet = book.sheet('全市台账');
    expect(sheet.notes.size).toBe(0);
    expect(sheet.conditionalFormats).toEqual([]);
  });
});

describe('a validation from the task pane (read, sheet names, marks + 校验结果)', () => {
  it('takes 3 round trips + 1 per read batch, the second time too (it replaces the first one’s marks)', async () => {
    const book = smallLedger();
    book.sheet('续建').notes.set('B4', { content: '已核实' });
    const { port } = portFor(book);
    const run = () => runValidation(port, { analyze, buildWritePlan }, { asOf: '2024-06-30', summaries: false }, () => undefined);
    for (const pass of [1, 2]) {
      const from = book.syncs.length;
      const outcome = await run();
      const syncs = book.syncs.slice(from);
      const batches = port.lastReadStats!.batchBytes.length;
      expect(outcome.report.issues.length).toBeGreaterThan(0);
      expect(book.sheet('校验结果').tables).toHaveLength(1);
      // The second pass looks its rules up again before deleting them (their ids are positions), and
      // saves a round trip in the read: the sheets the first pass read are asked for with the sheet list.
      expect(syncs).toHaveLength(3 + batches);
      expect(syncs.every((s) => !s.error)).toBe(true);
      // The second pass replaces the first: as many of our rules as the first made.
      const ours = book.sheet('续建').conditionalFormats.filter((cf) => isMarkRule(cf.formula)).length;
      expect(ours).toBeGreaterThan(0);
      if (pass === 2) expect(ours).toBeLessThanOrEqual(3);
    }
  });
});

describe('a ledger with thousands of long notes of the person’s', () => {
  it('still reads: locating the notes, when a batch is refused as too large, is retried in smaller batches', async () => {
    const rows: FakeValue[][] = [['项目名称', '备注']];
    for (let i = 1; i <= 3_000; i++) rows.push([`项目${i}`, `备注${i}`]);
    const book = new FakeWorkbook([{ name: '台账', rows }]);
    const long = '该项目已与业主单位核实，资金来源为专项债券及地方配套，'.repeat(60);
    for (let i = 2; i <= 3_001; i++) book.sheet('台账').notes.set(`B${i}`, { content: `${i}：${long}` });
    const { port } = portFor(book);
    await port.read();
    const refused = book.syncs.filter((s) => s.error === 'ResponsePayloadSizeLimitExceeded');
    expect(refused.length).toBeGreaterThan(0);
    for (const s of book.syncs.filter((x) => !x.error)) expect(s.responseBytes).toBeLessThanOrEqual(FIVE_MB);
    // Every note was found where it is: marking those cells adds none over the person's.
    const marks: Mark[] = Array.from({ length: 3_000 }, (_, i) => ({ sheet: '台账', row: i + 2, col: 1, severity: 'warning', note: '备注过长' }));
    const { notices } = await port.apply({ marks, sheets: [], pivots: [], charts: [] });
    expect(notices.join('\n')).toMatch(/3000 个单元格已有您的批注或备注/);
    expect(book.sheet('台账').notes.get('B2')?.content).toBe(`2：${long}`);
    // Clearing: the notes' texts are too much to load at once, so it takes the bounded, longer look.
    const from = book.syncs.length;
    await port.clearMarks();
    expect(book.syncs[from].error).toBe('ResponsePayloadSizeLimitExceeded');
    expect(book.sheet('台账').conditionalFormats).toEqual([]);
    expect(book.sheet('台账').notes.size).toBe(3_000);
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
