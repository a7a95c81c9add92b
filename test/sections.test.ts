import { analyze, type CellValue } from '../src/core';

const HEADER = ['序号', '项目名称', '所属县区', '总投资（亿元）', '年度计划投资（亿元）', '计划开工时间', '实际开工时间'];
const F = '0.00';

/** A government-style sheet: title, unit note, header, sections with stated figures. */
function sheet(body: CellValue[][]) {
  const values: CellValue[][] = [['2024年重大项目建设计划表'], ['单位：亿元'], HEADER, ...body];
  const formats = values.map((r, i) => (i < 3 ? [] : r.map((_, c) => (c === 3 || c === 4 ? F : undefined))));
  return analyze(
    { sheets: [{ name: '计划表', values, formats, merges: [{ top: 0, left: 0, bottom: 0, right: 6 }] }] },
    { asOf: '2024-11-30' },
  );
}

const p = (n: number, name: string, total: number, annual: number): CellValue[] => [n, name, '七星区', total, annual, '2024-03-01', '2024-03-05'];

describe('reading a sectioned sheet', () => {
  test('title gives the plan year, the note gives the unit, sections give phase and category', () => {
    const a = sheet([
      ['一', '新开工项目（2项）', null, 1.0, 0.5],
      ['（一）', '基础设施类（2项）', null, 1.0, 0.5],
      p(1, '七星区一号公路', 0.5, 0.25),
      p(2, '七星区二号公路', 0.5, 0.25),
      [null, '注：金额单位为亿元'],
    ]);
    expect(a.report.files[0].sheets[0]).toMatchObject({ headerRow: 3, unit: '亿元', rows: 2, planYear: 2024 });
    expect(a.report.rows.map((r) => [r.row, r.kind, r.phase, r.category])).toEqual([
      [4, 'section', '新开工', undefined],
      [5, 'section', '新开工', '基础设施'],
      [6, 'project', '新开工', '基础设施'],
      [7, 'project', '新开工', '基础设施'],
    ]);
    expect(a.projects[0].totalInvestment).toBe(5000);
    expect(a.report.issues).toEqual([]);
  });

  test("the report's rows are plain lines in JSON, a project's with the same keys in the same order as a heading's", () => {
    const a = sheet([
      ['一', '新开工项目（2项）', null, 1.0, 0.5],
      p(1, '七星区污水处理厂', 0.5, 0.25),
      p(2, '七星区二号公路', 0.5, 0.25),
      ['合计', null, null, 1.0, 0.5],
    ]);
    const json = JSON.parse(JSON.stringify(a.report.rows)) as Record<string, unknown>[];
    const lines = json.map((r) => Object.entries(r));
    expect(lines).toEqual([
      [['sheet', '计划表'], ['row', 4], ['kind', 'section'], ['phase', '新开工']],
      [['sheet', '计划表'], ['row', 5], ['kind', 'project'], ['phase', '新开工'], ['inferredSubcategory', '节能环保']],
      [['sheet', '计划表'], ['row', 6], ['kind', 'project'], ['phase', '新开工'], ['inferredSubcategory', '交通']],
      [['sheet', '计划表'], ['row', 7], ['kind', 'total']],
    ]);
    // Read as objects, a project's line answers the same as its JSON.
    const project = a.report.rows[1];
    expect([project.kind, project.phase, project.inferredSubcategory, project.file]).toEqual(['project', '新开工', '节能环保', undefined]);
  });

  test('a heading or total is read normalised: counts in full-width digits, 其中 with a full-width colon, names with space', () => {
    const a = sheet([
      [null, '新开工项目（３项）', null, 1.0, 0.5],
      p(1, '七星区一号公路', 0.5, 0.25),
      p(2, '七星区 二号公路', 0.5, 0.25),
      [null, '其中：交通类（２项）', null, 1.0, 0.5],
      [null, '合计（３项）', null, 1.0, 0.5],
    ]);
    expect(a.report.rows.map((r) => [r.row, r.kind, r.category, r.subcategory])).toEqual([
      [4, 'section', undefined, undefined],
      [5, 'project', undefined, undefined],
      [6, 'project', undefined, undefined],
      [7, 'section', '基础设施', '交通'],
      [8, 'total', undefined, undefined],
    ]);
    // The counts, read from full-width digits, are checked: 3 stated, 2 listed.
    expect(a.report.issues.filter((i) => i.rule === 'subtotal-mismatch').map((i) => [i.row, i.message])).toEqual([
      [4, '“新开工项目（３项）”写明 3 项，实际列出 2 项'],
      [8, '“合计（３项）”写明 3 项，实际列出 2 项'],
    ]);
  });

  test('a label is normalised once: a second NFKC would join ´ (a space and a mark) to the letter before it', () => {
    // NFKC turns ´ into a space and a combining mark; without the space, NFKC again makes e´ one é, and
    // the label becomes short enough to read as a total.
    const a = sheet([p(1, '七星区一号公路', 0.5, 0.25), [null, 'ABCDEFGe\u00B4合计', '七星区', 0.5, 0.25], [2, '七星区e\u00B4xxxx小计', '七星区', 0.5, 0.25]]);
    expect(a.report.rows.map((r) => [r.row, r.kind])).toEqual([[4, 'project'], [5, 'project'], [6, 'project']]);
  });

  test('a row with only a sequence number (a number or its digits as text) and a note whose first cell is a number are not read', () => {
    const a = sheet([
      ['一', '新开工项目（1项）', null, 0.5, 0.25],
      p(1, '七星区一号公路', 0.5, 0.25),
      [2],
      ['3'],
      [4, '注：本表不含中央预算内项目'],
      ['（二）'],
    ]);
    expect(a.report.rows.map((r) => [r.row, r.kind])).toEqual([[4, 'section'], [5, 'project'], [9, 'section']]);
    expect(a.report.issues).toEqual([]);
  });

  test('subtotal-mismatch: a stated sum within the members\' rounding passes; beyond it fails; counts are exact', () => {
    const ok = sheet([
      ['一', '新开工项目（3项）', null, 1.0, null],
      p(1, '七星区一号公路', 0.33, 0.1),
      p(2, '七星区二号公路', 0.33, 0.1),
      p(3, '七星区三号公路', 0.33, 0.1),
    ]);
    expect(ok.report.issues).toEqual([]);
    const bad = sheet([
      ['一', '新开工项目（4项）', null, 1.1, null],
      p(1, '七星区一号公路', 0.33, 0.1),
      p(2, '七星区二号公路', 0.33, 0.1),
      p(3, '七星区三号公路', 0.33, 0.1),
    ]);
    expect(bad.report.issues.map((i) => [i.rule, i.row, i.column])).toEqual([
      ['subtotal-mismatch', 4, 'B'],
      ['subtotal-mismatch', 4, 'D'],
    ]);
  });

  test('合计 covers the whole sheet; 小计 closes its group', () => {
    const a = sheet([
      [null, '合计', null, 2.0, null],
      ['一', '新开工项目', null, null, null],
      p(1, '七星区一号公路', 0.5, 0.1),
      p(2, '七星区二号公路', 0.5, 0.1),
      [null, '小计', null, 1.0, 0.2],
      ['二', '续建项目', null, null, null],
      [3, '七星区三号公路', '七星区', 1.5, 0.3, '2022-03-01', '2022-03-05'],
      [null, '小计', null, 1.0, 0.3],
    ]);
    expect(a.report.issues.map((i) => [i.rule, i.row, i.column])).toEqual([
      ['subtotal-mismatch', 4, 'D'],
      ['subtotal-mismatch', 11, 'D'],
    ]);
  });

  test('of-which (其中) groups are part of the parent and must not exceed it; flagged on the parent', () => {
    const body = (transport: number): CellValue[][] => [
      ['一', '新开工项目（3项）', null, 3.0, null],
      p(1, '七星区一号公路', 1.0, 0.1),
      p(2, '七星区变电站工程', 1.0, 0.1),
      p(3, '七星区风电项目', 1.0, 0.1),
      [null, '其中：交通（1项）', null, transport, null],
      [null, '能源（2项）', null, 2.0, null],
    ];
    expect(sheet(body(1.0)).report.issues).toEqual([]);
    const over = sheet(body(1.5));
    expect(over.report.issues.map((i) => [i.rule, i.row])).toEqual([['subtotal-mismatch', 4]]);
    const rows = over.report.rows.filter((r) => r.kind === 'section').map((r) => [r.row, r.subcategory]);
    expect(rows).toEqual([[4, undefined], [8, '交通'], [9, '能源']]);
  });

  test('unnumbered headings (交通项目, 水利) sit under the nearest numbered heading and classify their rows', () => {
    const a = sheet([
      ['一', '新开工项目', null, null, null],
      [null, '交通项目（1项）', null, 1, null],
      p(1, '七星区一号公路', 1.0, 0.1),
      [null, '水利', null, null, null],
      p(2, '七星区防洪堤工程', 1.0, 0.1),
    ]);
    expect(a.report.rows.filter((r) => r.kind === 'project').map((r) => [r.phase, r.subcategory, r.category])).toEqual([
      ['新开工', '交通', '基础设施'],
      ['新开工', '水利', '基础设施'],
    ]);
    expect(a.report.issues).toEqual([]);
  });

  test('nested sections count their own rows, also those still open at the end of the sheet', () => {
    const body = (lastCount: number): CellValue[][] => [
      ['一', '新开工项目（3项）', null, 1.5, null],
      ['（一）', '交通（2项）', null, 1.0, null],
      p(1, '七星区一号公路', 0.5, 0.1),
      p(2, '七星区二号公路', 0.5, 0.1),
      ['（二）', '水利（1项）', null, 0.5, null],
      p(3, '七星区防洪堤工程', 0.5, 0.1),
      ['二', '续建项目（2项）', null, 1.0, null],
      ['（一）', `交通（${lastCount}项）`, null, 1.0, null],
      [4, '七星区三号公路', '七星区', 0.5, 0.1, '2022-03-01', '2022-03-05'],
      [5, '七星区四号公路', '七星区', 0.5, 0.1, '2022-03-01', '2022-03-05'],
    ];
    expect(sheet(body(2)).report.issues).toEqual([]);
    const off = sheet(body(3)).report.issues;
    expect(off.map((i) => [i.rule, i.row, i.message])).toEqual([
      ['subtotal-mismatch', 11, '“（一） 交通（3项）”写明 3 项，实际列出 2 项'],
    ]);
  });

  test('an amount written with its own unit counts in its group at that unit', () => {
    // 5000万元 under a column in 亿元 is 0.5亿元: the stated 1.00 holds; read as 5000亿元 it would not.
    const a = sheet([
      ['一', '新开工项目（2项）', null, 1.0, null],
      p(1, '七星区一号公路', 0.5, 0.1),
      [2, '七星区二号公路', '七星区', '5000万元', 0.1, '2024-03-01', '2024-03-05'],
    ]);
    expect(a.report.issues).toEqual([]);
    expect(a.projects[1].totalInvestment).toBe(5000);
  });

  test('a sheet called 续建 holds 续建 projects', () => {
    const values: CellValue[][] = [['序号', '项目名称', '所属县区', '总投资', '年度计划投资', '计划开工时间', '实际开工时间'], [1, '七星区一号公路', '七星区', 50000, 100, '2022-01-01', '2022-01-02']];
    const a = analyze({ sheets: [{ name: '续建', values, merges: [] }] }, { asOf: '2024-11-30' });
    expect(a.projects[0].phase).toBe('续建');
  });
});
