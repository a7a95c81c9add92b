import { MAX_ROWS, TooManyRowsError, type WorkbookGrid } from '../../src/core/grid';
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
