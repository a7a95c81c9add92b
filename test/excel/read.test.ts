import { MAX_ROWS, TooManyRowsError, type WorkbookGrid } from '../../src/core/grid';
import type { WritePlan } from '../../src/core/port';
import { isMarkRule, type MarkScan } from '../../src/excel/marks';
import { FakeWorkbook } from './fakeExcel';
import { portFor } from './helpers';

/** A ledger with a title row and a two-row header whose parent cells are merged, a hidden sheet and a protected one. */
function threeSheetWorkbook(): FakeWorkbook {
  return new FakeWorkbook([
    {
      name: '续建项目',
      rows: [
        ['2024年XX县重大项目建设计划表'],
        ['序号', '项目名称', '投资情况', null, null, '计划开工时间'],
        [null, null, '总投资', '截至上年底累计完成', '本年计划', null],
        [1, '某某高速公路', 120000, 30000, 20000, 45366],
        [2, '某某污水处理厂', '#REF!', 100, 50, '2024年3月'],
        [3, '隐藏行项目', 5000, 0, 1000, null],
      ],
      formats: { F4: 'yyyy-mm-dd', 'C4:E6': '0.00' },
      merges: ['A1:F1', 'A2:A3', 'B2:B3', 'C2:E2', 'F2:F3'],
      hiddenRows: [5],
    },
    { name: '备用', rows: [['草稿']], visibility: 'Hidden' },
    {
      name: '县区汇总',
      rows: [[], [], [], [], [null, null, '县区', '项目数'], [null, null, '甲县', 3]],
      protected: true,
    },
  ]);
}

const _ = null;

describe('ExcelWorkbookPort.read', () => {
  it('reads every sheet into the grid the engine expects: values from A1, formats, merges, hidden rows, flags', async () => {
    const { port } = portFor(threeSheetWorkbook());
    const grid = await port.read();
    const expected: WorkbookGrid = {
      sheets: [
        {
          name: '续建项目',
          values: [
            ['2024年XX县重大项目建设计划表', _, _, _, _, _],
            ['序号', '项目名称', '投资情况', _, _, '计划开工时间'],
            [_, _, '总投资', '截至上年底累计完成', '本年计划', _],
            [1, '某某高速公路', 120000, 30000, 20000, 45366],
            [2, '某某污水处理厂', '#REF!', 100, 50, '2024年3月'],
            [3, '隐藏行项目', 5000, 0, 1000, _],
          ],
          formats: [
            [_, _, _, _, _, _],
            [_, _, _, _, _, _],
            [_, _, _, _, _, _],
            [_, _, '0.00', '0.00', '0.00', 'yyyy-mm-dd'],
            [_, _, '0.00', '0.00', '0.00', _],
            [_, _, '0.00', '0.00', '0.00', _],
          ],
          merges: [
            { top: 0, left: 0, bottom: 0, right: 5 },
            { top: 1, left: 0, bottom: 2, right: 0 },
            { top: 1, left: 1, bottom: 2, right: 1 },
            { top: 1, left: 2, bottom: 1, right: 4 },
            { top: 1, left: 5, bottom: 2, right: 5 },
          ],
          hiddenRows: [5],
        },
        { name: '备用', hidden: true, values: [['草稿']], formats: [[_]], merges: [] },
        {
          name: '县区汇总',
          protected: true,
          values: [
            [_, _, _, _],
            [_, _, _, _],
            [_, _, _, _],
            [_, _, _, _],
            [_, _, '县区', '项目数'],
            [_, _, '甲县', 3],
          ],
          formats: Array.from({ length: 6 }, () => [_, _, _, _]),
          merges: [],
        },
      ],
      ownedSheets: [],
    };
    expect(grid).toEqual(expected);
  });

  it('without ExcelApi 1.13 and 1.9 it still reads values, with no merges and no hidden-row list', async () => {
    const { port } = portFor(threeSheetWorkbook(), { mergedAreas: false, cellProperties: false });
    const grid = await port.read();
    expect(grid.sheets[0].values[3]).toEqual([1, '某某高速公路', 120000, 30000, 20000, 45366]);
    expect(grid.sheets[0].merges).toEqual([]);
    expect(grid.sheets[0].hiddenRows).toBeUndefined();
  });

  it('leaves out the sheets LedgerCheck wrote itself', async () => {
    const book = threeSheetWorkbook();
    book.addSheet({ name: '校验结果', rows: [['严重程度', '规则']] });
    const { port, settings } = portFor(book);
    settings.set('ledgercheck.owned', [{ name: '校验结果', role: 'results' }]);
    settings.saveAsync();
    const grid = await port.read();
    expect(grid.sheets.map((s) => s.name)).toEqual(['续建项目', '备用', '县区汇总']);
    expect(grid.ownedSheets).toEqual(['校验结果']);
    expect((await port.sheetNames()).owned).toEqual(['校验结果']);
  });

  it('knows the sheets a marked copy (command line, web page) lists in its _LedgerCheck sheet', async () => {
    const book = threeSheetWorkbook();
    book.addSheet({ name: '项目数据', rows: [['项目名称', '总投资'], ['甲', 1]] });
    book.addSheet({ name: '_LedgerCheck', rows: [['项目数据']], visibility: 'VeryHidden' });
    const { port } = portFor(book);
    const grid = await port.read();
    expect(grid.sheets.map((s) => s.name)).toEqual(['续建项目', '备用', '县区汇总']);
    expect(grid.ownedSheets).toEqual(['项目数据', '_LedgerCheck']);
    expect(await port.sheetNames()).toEqual({
      existing: ['续建项目', '备用', '县区汇总', '项目数据', '_LedgerCheck'],
      owned: ['项目数据'],
    });
  });
});

describe('a check after an earlier one: the sheets it read are asked for with the sheet list', () => {
  const results: WritePlan = {
    marks: [{ sheet: '续建项目', row: 4, col: 2, severity: 'error', note: '总投资小于累计完成' }],
    sheets: [{ role: 'results', name: '校验结果', rows: [[{ value: '严重程度' }, { value: '规则' }]] }],
    pivots: [],
    charts: [],
  };

  /** A workbook checked once: marks, 校验结果 and _LedgerCheck written, the settings saved. */
  async function checkedOnce() {
    const book = threeSheetWorkbook();
    const { port, settings } = portFor(book);
    const firstGrid = await port.read();
    await port.apply(results);
    return { book, port, settings, firstGrid };
  }

  /** What a read finds with no settings at all: the reference. */
  const freshRead = (book: FakeWorkbook) => portFor(book).port.read();

  it('reads in 1 round trip + 1 per read batch, the same grid as a first read', async () => {
    const { book, port, settings, firstGrid } = await checkedOnce();
    const known = JSON.parse(settings.stored['ledgercheck.sheets']);
    expect(known).toEqual({
      ledger: ['续建项目', '备用', '县区汇总'].map((n) => book.sheet(n).id),
      locked: [book.sheet('县区汇总').id],
      record: book.sheet('_LedgerCheck').id,
    });
    const from = book.syncs.length;
    const grid = await port.read();
    const syncs = book.syncs.slice(from);
    expect(syncs.every((s) => !s.error)).toBe(true);
    expect(syncs).toHaveLength(1 + port.lastReadStats!.batchBytes.length);
    expect(port.lastReadStats!.syncs).toBe(syncs.length);
    expect(grid.sheets).toEqual(firstGrid.sheets);
    expect(grid).toEqual(await freshRead(book));
    expect(grid.ownedSheets).toEqual(['校验结果', '_LedgerCheck']);
  });

  it('a sheet added since takes the second round trip, and is read in its place', async () => {
    const { book, port } = await checkedOnce();
    book.addSheet({ name: '新开工项目', rows: [['项目名称', '总投资'], ['城东学校', 800]] });
    book.sheets = [book.sheet('新开工项目'), ...book.sheets.filter((s) => s.name !== '新开工项目')];
    const from = book.syncs.length;
    const grid = await port.read();
    expect(book.syncs.slice(from)).toHaveLength(2 + port.lastReadStats!.batchBytes.length);
    expect(grid.sheets.map((s) => s.name)).toEqual(['新开工项目', '续建项目', '备用', '县区汇总']);
    expect(grid).toEqual(await freshRead(book));
  });

  it('a sheet deleted since: that round trip is refused, and the read starts again from the sheet list', async () => {
    const { book, port } = await checkedOnce();
    book.sheets = book.sheets.filter((s) => s.name !== '备用');
    const from = book.syncs.length;
    const grid = await port.read();
    const syncs = book.syncs.slice(from);
    expect(syncs.map((s) => s.error ?? 'ok').slice(0, 3)).toEqual(['ItemNotFound', 'ok', 'ok']);
    expect(syncs).toHaveLength(3 + port.lastReadStats!.batchBytes.length);
    expect(grid.sheets.map((s) => s.name)).toEqual(['续建项目', '县区汇总']);
    expect(grid).toEqual(await freshRead(book));
    // The failure was the deleted sheet's, not the rules': they are read, and the colours replaced.
    const { notices } = await port.apply(results);
    expect(notices).toEqual([]);
    expect(book.sheet('续建项目').conditionalFormats.filter((cf) => isMarkRule(cf.formula))).toHaveLength(1);
  });

  it('settings whose ids now name other sheets (a renamed ledger, a record id on a ledger sheet) still give the grid of a first read', async () => {
    const { book, port, settings } = await checkedOnce();
    const ledger = book.sheet('续建项目');
    const results = book.sheet('校验结果');
    results.name = '续建项目（修订）';
    results.cell(0, 0).value = '县区汇总';
    ledger.name = '校验结果';
    settings.set('ledgercheck.sheets', { ledger: [ledger.id], record: results.id });
    settings.saveAsync();
    const grid = await port.read();
    expect(grid).toEqual(await freshRead(book));
    // Column A of the sheet the record id named is not taken for the list of LedgerCheck's sheets.
    expect(grid.sheets.map((s) => s.name)).toEqual(['备用', '县区汇总', '续建项目（修订）']);
    expect(grid.ownedSheets).toEqual(['校验结果', '_LedgerCheck']);
  });

  it('settings of no use (malformed) are ignored', async () => {
    const { book, port, settings } = await checkedOnce();
    settings.set('ledgercheck.sheets', { ledger: [7], record: 3 });
    settings.saveAsync();
    const from = book.syncs.length;
    const grid = await port.read();
    expect(book.syncs.slice(from)).toHaveLength(2 + port.lastReadStats!.batchBytes.length);
    expect(grid).toEqual(await freshRead(book));
  });

  it('a workbook left with LedgerCheck’s sheets only (the ledgers deleted) reads as no ledger sheet, and its tables are known', async () => {
    const { book, port } = await checkedOnce();
    book.sheets = book.sheets.filter((s) => ['校验结果', '_LedgerCheck'].includes(s.name));
    for (const pass of [1, 2]) {
      const from = book.syncs.length;
      const grid = await port.read();
      expect(grid.sheets).toEqual([]);
      expect(grid.ownedSheets).toEqual(['校验结果', '_LedgerCheck']);
      // First the known ledgers are gone; then nothing is left to ask for but the sheet list and _LedgerCheck.
      expect(book.syncs.slice(from).map((s) => s.error ?? 'ok')).toEqual(pass === 1 ? ['ItemNotFound', 'ok', 'ok'] : ['ok']);
      // The apply that follows knows the tables (loaded with the sheet list): 校验结果 is replaced, its table name free.
      const { notices } = await port.apply({ ...results, marks: [] });
      expect(notices).toEqual([]);
      expect(book.sheets.map((s) => s.name)).toEqual(['_LedgerCheck', '校验结果']);
    }
  });

  it('a protected sheet whose rules Office.js cannot read leaves the other sheets’ colours alone, the first time and again', async () => {
    const book = threeSheetWorkbook();
    const locked = book.sheet('县区汇总');
    locked.addConditionalFormat({ type: 'Custom', formula: '=$D6>2', fill: '#FF0000', ranges: 'D6' });
    locked.rulesUnreadable = 'ItemNotFound';
    const { port } = portFor(book);
    for (const pass of [1, 2]) {
      const from = book.syncs.length;
      await port.read();
      const { notices } = await port.apply(results);
      expect(notices).toEqual([]);
      expect(book.sheet('续建项目').conditionalFormats.filter((cf) => isMarkRule(cf.formula))).toHaveLength(1);
      expect(book.syncs.slice(from).every((s) => !s.error)).toBe(true);
      // Again: the protected sheet is not inspected with the sheet list either.
      if (pass === 2) expect(book.syncs.length - from).toBe(3 + port.lastReadStats!.batchBytes.length);
    }
  });

  it('a sheet protected at the last check and not now is inspected again: the second round trip', async () => {
    const { book, port } = await checkedOnce();
    book.sheet('县区汇总').protected = false;
    book.sheet('县区汇总').notes.set('C6', { content: '甲县已核实' });
    const from = book.syncs.length;
    await port.read();
    expect(book.syncs.length - from).toBe(2 + port.lastReadStats!.batchBytes.length);
    // Its note was found on the way: a mark on that cell keeps the person's note and says so.
    const { notices } = await port.apply({ ...results, marks: [{ sheet: '县区汇总', row: 6, col: 2, severity: 'warning', note: '县区名称' }] });
    expect(notices.join('\n')).toMatch(/1 个单元格已有您的批注或备注/);
    expect(book.sheet('县区汇总').notes.get('C6')?.content).toBe('甲县已核实');
  });

  it('ids named twice, or naming LedgerCheck’s own sheets, are looked at as a first read would', async () => {
    const { book, port, settings } = await checkedOnce();
    const ids = ['续建项目', '续建项目', '校验结果', '_LedgerCheck'].map((n) => book.sheet(n).id);
    settings.set('ledgercheck.sheets', { ledger: ids, record: book.sheet('_LedgerCheck').id });
    settings.saveAsync();
    await port.read();
    const scanned = (p: unknown) => [...(p as { seen: { scan: MarkScan } }).seen.scan.sheets.keys()].sort();
    const fresh = portFor(book, {}, settings).port;
    settings.remove('ledgercheck.sheets');
    settings.saveAsync();
    await fresh.read();
    expect(scanned(port)).toEqual(scanned(fresh));
    expect(scanned(port)).toEqual([book.sheet('续建项目').id, book.sheet('备用').id].sort());
    // Our note on 续建项目 is found once: replacing it does not fail.
    const from = book.syncs.length;
    await port.apply(results);
    expect(book.syncs.slice(from).every((s) => !s.error)).toBe(true);
  });

  it('a sheet protected since, whose rules cannot be read, fails the early round trip only: the other sheets keep their colours', async () => {
    const { book, port } = await checkedOnce();
    const since = book.sheet('备用');
    since.protected = true;
    since.addConditionalFormat({ type: 'Custom', formula: '=$A1>0', fill: '#ABCDEF', ranges: 'A1' });
    since.rulesUnreadable = 'ItemNotFound';
    const from = book.syncs.length;
    const grid = await port.read();
    expect(book.syncs.slice(from).map((s) => s.error ?? 'ok').slice(0, 3)).toEqual(['ItemNotFound', 'ok', 'ok']);
    expect(grid).toEqual(await freshRead(book));
    const { notices } = await port.apply(results);
    expect(notices).toEqual([]);
    expect(book.sheet('续建项目').conditionalFormats.filter((cf) => isMarkRule(cf.formula))).toHaveLength(1);
  });

  it('a workbook whose rules cannot be read: the early round trip fails, then the sheet list, then the rest without them', async () => {
    const { book, port } = await checkedOnce();
    book.conditionalFormatsUnreadable = 'ItemNotFound';
    const from = book.syncs.length;
    const grid = await port.read();
    const errors = book.syncs.slice(from).map((s) => s.error ?? 'ok');
    // Every known sheet is still there, so the failure was the rules': the next round trip goes without them.
    expect(errors).toEqual(['ItemNotFound', 'ok', 'ok', ...port.lastReadStats!.batchBytes.map(() => 'ok')]);
    const { notices } = await port.apply(results);
    expect(notices.join('\n')).toMatch(/未能列出此工作簿的条件格式/);
    expect(grid).toEqual(await freshRead(book));
  });
});

describe('a workbook over the row limit', () => {
  it('is refused once the used ranges are known, before any cell is read', async () => {
    const rows: (string | number | null)[][] = [['序号', '项目名称', '总投资（万元）']];
    rows[1] = [1, '城南污水处理厂', 5000];
    rows[MAX_ROWS - 2] = [2, '两个表合计刚过上限', 1];
    const book = new FakeWorkbook([
      { name: '小表', rows: [['序号', '项目名称'], [1, '甲']] },
      { name: '大表', rows },
    ]);
    const { port } = portFor(book);
    const refusal = await port.read().then(() => undefined, (e: unknown) => e);
    expect(refusal).toBeInstanceOf(TooManyRowsError);
    expect(refusal).toMatchObject({ sheet: '大表', row: MAX_ROWS - 1 });
    // The sheet list, then the used ranges: no read batch.
    expect(book.syncs).toHaveLength(2);
    expect(book.syncs.every((s) => s.valueCells === 0)).toBe(true);
  });

  it('reads a workbook of exactly the limit', async () => {
    const rows: (string | number | null)[][] = [['序号', '项目名称', '总投资（万元）']];
    rows[MAX_ROWS - 1] = [1, '城南污水处理厂', 5000];
    const { port } = portFor(new FakeWorkbook([{ name: '台账', rows }]));
    const grid = await port.read();
    expect(grid.sheets[0].values).toHaveLength(MAX_ROWS);
  });
});
