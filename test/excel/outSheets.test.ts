import type { OutCell, OutSheet, WritePlan } from '../../src/core/port';
import { FakeWorkbook } from './fakeExcel';
import { portFor } from './helpers';

function results(): OutSheet {
  return {
    role: 'results',
    name: '校验结果',
    rows: [
      ['严重程度', '规则', '工作表', '单元格', '说明'].map((value) => ({ value, bold: true })),
      [{ value: '错误' }, { value: 'duplicate-project' }, { value: '台账' }, { value: '台账!B3', link: "'台账'!B3" }, { value: '项目重复' }],
      [{ value: '警告' }, { value: 'below-threshold' }, { value: '台账' }, { value: '台账!C4', link: "'台账'!C4" }, { value: '总投资低于3000万元' }],
    ],
    table: { name: 'LC_Issues', headerRow: 0, columns: 5 },
    columnWidths: [8, 20],
    freezeRows: 1,
  };
}

function data(projects = 2): OutSheet {
  const rows: OutCell[][] = [['项目代码', '项目名称', '项目阶段', '总投资'].map((value) => ({ value, bold: true }))];
  for (let i = 0; i < projects; i++) {
    rows.push([{ value: `00${i + 1}` }, { value: `项目${i + 1}` }, { value: '续建' }, { value: 1234.5 * (i + 1), numFmt: '0.00' }]);
  }
  return { role: 'data', name: '项目数据', rows, table: { name: 'LC_Data', headerRow: 0, columns: 4 } };
}

function summary(): OutSheet {
  return {
    role: 'phaseCategory',
    name: '阶段×类别',
    rows: [
      [{ value: '类别', bold: true }, { value: '年度计划投资', bold: true }],
      [{ value: '基础设施' }, { formula: '=SUMIFS(LC_Data[总投资],LC_Data[项目阶段],"续建")', value: 3703.5 }],
    ],
  };
}

function fullPlan(projects = 2): WritePlan {
  return {
    marks: [],
    sheets: [results(), data(projects), summary(), { role: 'region', name: '县区汇总', rows: [[{ value: '县区' }]] }],
    pivots: [
      {
        name: 'PT_Phase',
        sheet: '数据透视',
        anchor: 'A3',
        sourceTable: 'LC_Data',
        rows: ['项目阶段'],
        columns: [],
        values: [
          { field: '总投资', summarizeBy: 'Sum', caption: '总投资合计' },
          { field: '项目名称', summarizeBy: 'Count', caption: '项目数' },
        ],
      },
    ],
    charts: [{ sheet: '阶段×类别', title: '年度计划投资（按类别）', categories: 'A2:A2', values: 'B2:B2', seriesName: '年度计划投资', anchor: 'D2' }],
  };
}

function workbook(): FakeWorkbook {
  return new FakeWorkbook([
    { name: '台账', rows: [['项目名称'], ['甲']] },
    { name: '县区汇总', rows: [['我自己做的汇总'], [42]] },
  ]);
}

describe('summary sheets, tables, PivotTables and chart', () => {
  it('writes every sheet of the plan LedgerCheck may write, and never a person’s sheet', async () => {
    const book = workbook();
    const { port, settings } = portFor(book);
    const { notices } = await port.apply(fullPlan());

    expect(book.sheets.map((s) => s.name)).toEqual(['台账', '县区汇总', '校验结果', '项目数据', '阶段×类别', '数据透视', '_LedgerCheck']);
    expect(book.sheet('县区汇总').cell(0, 0).value).toBe('我自己做的汇总');
    // The list a marked copy keeps too, so the command line and the web page know these sheets as LedgerCheck's.
    const record = book.sheet('_LedgerCheck');
    expect(record.visibility).toBe('VeryHidden');
    expect([0, 1, 2, 3].map((r) => record.cell(r, 0).value)).toEqual(['校验结果', '项目数据', '阶段×类别', '数据透视']);
    expect(notices.join('\n')).toMatch(/已有名为“县区汇总”的工作表且不是本工具创建的/);

    const res = book.sheet('校验结果');
    expect(res.cell(0, 4).value).toBe('说明');
    expect(res.cell(0, 0).bold).toBe(true);
    expect(res.cell(1, 0).bold).toBeUndefined();
    expect(res.cell(1, 3).hyperlink).toEqual({ documentReference: "'台账'!B3", textToDisplay: '台账!B3' });
    expect(res.tables).toEqual([{ name: 'LC_Issues', address: 'A1:E3', hasHeaders: true }]);
    expect(res.frozenRows).toBe(1);
    expect(res.columnWidths.get(0)).toBe(46);
    expect(res.columnWidths.get(1)).toBe(114);

    const dataSheet = book.sheet('项目数据');
    expect(dataSheet.cell(1, 0).value).toBe('001'); // a code stays text, not the number 1
    expect(dataSheet.cell(2, 3).value).toBe(2469);
    expect(dataSheet.cell(2, 3).numberFormat).toBe('0.00');
    expect(dataSheet.cell(2, 2).numberFormat).toBe('General');

    const sum = book.sheet('阶段×类别');
    expect(sum.cell(1, 1).formula).toBe('=SUMIFS(LC_Data[总投资],LC_Data[项目阶段],"续建")');
    expect(sum.charts).toEqual([
      { type: 'ColumnClustered', source: 'B2', title: '年度计划投资（按类别）', categories: 'A2', seriesName: '年度计划投资', anchor: 'D2' },
    ]);

    expect(book.sheet('数据透视').pivots).toEqual([
      {
        name: 'PT_Phase',
        source: 'LC_Data',
        anchor: 'A3',
        rows: ['项目阶段'],
        columns: [],
        values: [
          { field: '总投资', summarizeBy: 'Sum', name: '总投资合计' },
          { field: '项目名称', summarizeBy: 'Count', name: '项目数' },
        ],
      },
    ]);
    expect(JSON.parse(settings.stored['ledgercheck.owned']).map((o: { name: string }) => o.name).sort()).toEqual(
      ['校验结果', '项目数据', '阶段×类别', '数据透视'].sort(),
    );
  });

  it('a second run replaces its own sheets instead of adding more', async () => {
    const book = workbook();
    const { port } = portFor(book);
    await port.apply(fullPlan());
    book.sheet('校验结果').cell(5, 5).value = '旧内容';
    await port.apply(fullPlan(3));
    expect(book.sheets.map((s) => s.name)).toEqual(['台账', '县区汇总', '_LedgerCheck', '校验结果', '项目数据', '阶段×类别', '数据透视']);
    expect(book.sheet('_LedgerCheck').cells.size).toBe(4);
    expect(book.sheet('校验结果').peek(5, 5)).toBeUndefined();
    expect(book.sheet('项目数据').tables).toEqual([{ name: 'LC_Data', address: 'A1:D4', hasHeaders: true }]);
    expect(book.sheet('数据透视').pivots).toHaveLength(1);
  });

  it('guards PivotTables: no data rows, or no ExcelApi 1.8, gives a notice and still writes the sheets', async () => {
    const empty = workbook();
    const r1 = await portFor(empty).port.apply(fullPlan(0));
    expect(empty.sheet('项目数据').tables).toHaveLength(1);
    expect(empty.sheets.some((s) => s.pivots.length)).toBe(false);
    expect(r1.notices.join('\n')).toMatch(/没有项目行，未创建数据透视表“PT_Phase”/);

    const old = workbook();
    const r2 = await portFor(old, { pivots: false }).port.apply(fullPlan());
    expect(old.sheets.map((s) => s.name)).toContain('项目数据');
    expect(old.sheets.map((s) => s.name)).not.toContain('数据透视');
    expect(r2.notices.join('\n')).toMatch(/ExcelApi 1\.8/);
  });

  it('renames a table whose name a person’s table already uses', async () => {
    const book = workbook();
    book.sheet('台账').tables.push({ name: 'LC_Data', address: 'A1:A2' });
    const { notices } = await portFor(book).port.apply(fullPlan());
    expect(book.sheet('项目数据').tables[0].name).toBe('LC_Data_2');
    expect(notices.join('\n')).toMatch(/表名“LC_Data”.*“LC_Data_2”/);
  });
});
