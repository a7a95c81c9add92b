import type { Mark, WritePlan } from '../../src/core/port';
import { MARK_FILL } from '../../src/excel/marks';
import { FakeWorkbook, NO_FILL, parseArea, type FakeFill } from './fakeExcel';
import { portFor } from './helpers';

const plan = (marks: Mark[]): WritePlan => ({ marks, sheets: [], pivots: [], charts: [] });
const mark = (sheet: string, address: string, severity: Mark['severity'], note: string): Mark => {
  const a = parseArea(address);
  return { sheet, row: a.top + 1, col: a.left, severity, note };
};

const YELLOW: FakeFill = { ...NO_FILL, color: '#FFFF00', pattern: 'Solid' };
const DARKENED: FakeFill = { ...NO_FILL, color: '#5B9BD5', pattern: 'Solid', tintAndShade: -0.25 };
const HATCHED: FakeFill = { color: '#FFFFFF', pattern: 'Gray25', patternColor: '#FF0000', patternTintAndShade: 0.4, tintAndShade: 0 };
const GRADIENT: FakeFill = { ...NO_FILL, color: '#00B050', pattern: 'LinearGradient' };

function ledger(): FakeWorkbook {
  const book = new FakeWorkbook([
    { name: '台账', rows: [['序号', '项目名称', '总投资', '本年计划', '业主', '备注', '进度', '填报日期']] },
    { name: '锁定', rows: [['项目名称']], protected: true },
  ]);
  const s = book.sheet('台账');
  for (let r = 1; r <= 4; r++) for (let c = 0; c < 8; c++) s.cell(r, c).value = `${r}-${c}`;
  s.cell(1, 2).fill = { ...YELLOW };
  s.cell(1, 3).fill = { ...DARKENED };
  s.cell(1, 4).fill = { ...HATCHED };
  s.cell(1, 6).fill = { ...GRADIENT };
  s.notes.set('F2', { content: '请核实（张三）' });
  return book;
}

/** Every cell's fill and every note, to compare before and after. */
function snapshot(book: FakeWorkbook) {
  return book.sheets.map((s) => ({
    name: s.name,
    fills: [...s.cells.entries()].map(([k, c]) => [k, { ...c.fill }]).sort(),
    notes: [...s.notes.entries()].sort(),
    values: [...s.cells.entries()].map(([k, c]) => [k, c.value]).sort(),
  }));
}

const firstMarks = [
  mark('台账', 'B2', 'error', '项目名称重复'),
  mark('台账', 'C2', 'warning', '总投资低于3000万元'),
  mark('台账', 'D2', 'info', '单位按万元处理'),
  mark('台账', 'E2', 'error', '业主缺失'),
  mark('台账', 'F2', 'warning', '备注格式'),
  mark('台账', 'G2', 'error', '进度'),
  mark('台账', 'B3', 'warning', '阶段与日期不符'),
  mark('台账', 'B3', 'error', '年度计划超过剩余投资'),
  mark('锁定', 'A1', 'error', '不会写'),
];

describe('marks', () => {
  it('fills by severity, notes only where the person has none, skips protected sheets and gradients', async () => {
    const book = ledger();
    const { port } = portFor(book);
    await port.read();
    const { notices } = await port.apply(plan(firstMarks));
    const s = book.sheet('台账');
    expect(s.cell(1, 1).fill.color).toBe(MARK_FILL.error);
    expect(s.cell(1, 2).fill.color).toBe(MARK_FILL.warning);
    expect(s.cell(1, 3).fill.color).toBe(MARK_FILL.info);
    expect(s.cell(1, 4).fill.color).toBe(MARK_FILL.error);
    // Two issues on one cell: the graver colour, both notes.
    expect(s.cell(2, 1).fill.color).toBe(MARK_FILL.error);
    expect(s.notes.get('B3')?.content).toBe('阶段与日期不符\n年度计划超过剩余投资');
    expect(s.notes.get('B2')?.content).toBe('项目名称重复');
    expect(s.notes.get('F2')?.content).toBe('请核实（张三）');
    expect(s.cell(1, 6).fill).toEqual(GRADIENT);
    expect(book.sheet('锁定').cell(0, 0).fill).toEqual(NO_FILL);
    expect(notices.join('\n')).toMatch(/锁定.*受保护/);
    expect(notices.join('\n')).toMatch(/1 个单元格使用渐变填充/);
    expect(notices.join('\n')).toMatch(/1 个单元格已有您的批注/);
  });

  it('apply then clearMarks restores every fill and note exactly', async () => {
    const book = ledger();
    const before = snapshot(book);
    const { port, settings } = portFor(book);
    await port.apply(plan(firstMarks));
    expect(snapshot(book)).not.toEqual(before);
    await expect(port.clearMarks()).resolves.toBeUndefined();
    expect(snapshot(book)).toEqual(before);
    expect(settings.stored['ledgercheck.marks']).toBeUndefined();
  });

  it('a second apply replaces the first: no stale mark, no stacked record', async () => {
    const book = ledger();
    const before = snapshot(book);
    const { port } = portFor(book);
    await port.apply(plan(firstMarks));
    await port.apply(plan([mark('台账', 'C2', 'error', '新问题'), mark('台账', 'H4', 'info', '填报日期')]));
    const s = book.sheet('台账');
    expect(s.cell(1, 1).fill).toEqual(NO_FILL);
    expect(s.cell(1, 3).fill).toEqual(DARKENED);
    expect(s.cell(1, 4).fill).toEqual(HATCHED);
    expect(s.cell(2, 1).fill).toEqual(NO_FILL);
    expect([...s.notes.keys()].sort()).toEqual(['C2', 'F2', 'H4']);
    expect(s.notes.get('C2')?.content).toBe('新问题');
    expect(s.cell(1, 2).fill.color).toBe(MARK_FILL.error);
    // C2 was yellow before LedgerCheck first marked it: clearing gives yellow back, not the first mark's amber.
    await port.clearMarks();
    expect(snapshot(book)).toEqual(before);
  });

  it('a marked cell the person refilled, or whose row moved (insert, delete, sort), is left as it is, and said so', async () => {
    const book = ledger();
    const { port } = portFor(book);
    await port.apply(plan(firstMarks));
    const s = book.sheet('台账');
    // The person colours B2 green; a row inserted above moves D2's mark down to D3, and D2 now holds
    // the row that was above it, with the person's own fill.
    const GREEN: FakeFill = { ...NO_FILL, color: '#00FF00', pattern: 'Solid' };
    s.cell(1, 1).fill = { ...GREEN };
    s.cell(2, 3).fill = { ...s.cell(1, 3).fill };
    s.cell(1, 3).fill = { ...YELLOW };
    const { notices } = await port.apply(plan([]));
    expect(s.cell(1, 1).fill).toEqual(GREEN);
    expect(s.cell(1, 3).fill).toEqual(YELLOW);
    // Cells still showing our colour where we put it are restored as before.
    expect(s.cell(1, 2).fill).toEqual(YELLOW);
    expect(s.cell(1, 4).fill).toEqual(HATCHED);
    expect(notices.join('\n')).toMatch(/2 个上次标记的单元格已不是标记颜色/);
  });

  it("a note the person edited or deleted since is theirs: clearing leaves it (and does not fail)", async () => {
    const book = ledger();
    const { port } = portFor(book);
    await port.apply(plan(firstMarks));
    const s = book.sheet('台账');
    s.notes.set('B2', { content: '项目名称重复——已与发改委确认不是重复' });
    s.notes.delete('C2');
    await port.clearMarks();
    expect(s.notes.get('B2')?.content).toBe('项目名称重复——已与发改委确认不是重复');
    expect(s.notes.has('C2')).toBe(false);
    expect(s.notes.has('D2')).toBe(false);
    expect(s.cell(1, 1).fill).toEqual(NO_FILL);
  });

  it('with comments instead of notes (ExcelApi 1.10 without 1.18) the person’s comments stay and ours go', async () => {
    const book = ledger();
    book.sheet('台账').notes.clear();
    book.comments.push({ sheet: book.sheet('台账'), address: 'B2', content: '王五：名称待定' });
    const before = snapshot(book);
    const { port } = portFor(book, { notes: false });
    const { notices } = await port.apply(plan(firstMarks.slice(0, 3)));
    expect(book.comments.map((c) => [c.address, c.content])).toEqual([
      ['B2', '王五：名称待定'],
      ['C2', '总投资低于3000万元'],
      ['D2', '单位按万元处理'],
    ]);
    expect(notices.join('\n')).toMatch(/以批注形式添加/);
    await port.clearMarks();
    expect(book.comments.map((c) => c.address)).toEqual(['B2']);
    expect(snapshot(book)).toEqual(before);
  });

  it('without ExcelApi 1.9 nothing is marked, and says why', async () => {
    const book = ledger();
    const before = snapshot(book);
    const { port } = portFor(book, { cellProperties: false });
    const { notices } = await port.apply(plan(firstMarks));
    expect(snapshot(book)).toEqual(before);
    expect(notices.join('\n')).toMatch(/ExcelApi 1\.9/);
  });

  it('marks left on a sheet protected after marking are kept for later, and clearMarks says so', async () => {
    const book = ledger();
    const { port, settings } = portFor(book);
    await port.apply(plan(firstMarks));
    book.sheet('台账').protected = true;
    await expect(port.clearMarks()).rejects.toThrow(/台账.*受保护/);
    expect(settings.stored['ledgercheck.marks']).toBeDefined();
    book.sheet('台账').protected = false;
    await port.clearMarks();
    expect(book.sheet('台账').cell(1, 1).fill).toEqual(NO_FILL);
    expect(settings.stored['ledgercheck.marks']).toBeUndefined();
  });
});
