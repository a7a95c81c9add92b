import type { WorkbookGrid } from '../../src/core/grid';
import type { ApplyResult, ProgressFn, WorkbookPort, WritePlan } from '../../src/core/port';
import type { Report } from '../../src/core/types';
import { asRunError, headerColumns, runValidation, RunError, type AnalyzeOptions, type Engine, type Progress } from '../../src/taskpane/controller';
import { ISSUES, report } from './fixtures';

const GRID: WorkbookGrid = {
  sheets: [
    {
      name: '新开工',
      values: [
        ['2024年重大项目表', null, null, null],
        ['序号', '项目名称', '投资情况', null],
        [null, null, '总投资', '本年计划'],
        [1, '某某大桥', 5000, 1000],
      ],
      merges: [{ top: 1, left: 2, bottom: 1, right: 3 }],
    },
    { name: '续建', values: [['项目名称', '总投资']], merges: [], protected: true },
  ],
};

const PLAN: WritePlan = {
  marks: [
    { sheet: '新开工', row: 4, col: 2, severity: 'error', note: '总投资不是数字' },
    { sheet: '续建', row: 2, col: 1, severity: 'warning', note: '重复' },
  ],
  sheets: [{ role: 'results', name: '校验结果', rows: [[{ value: '级别' }]] }],
  pivots: [{ name: 'p', sheet: '汇总', anchor: 'A1', sourceTable: 't', rows: [], columns: [], values: [] }],
  charts: [],
};

function fakePort(overrides: Partial<WorkbookPort> = {}) {
  const applied: WritePlan[] = [];
  const port: WorkbookPort = {
    read: jest.fn(async (progress?: ProgressFn) => {
      progress?.('read', 1, 2);
      progress?.('read', 2, 2);
      return GRID;
    }),
    sheetNames: jest.fn(async () => ({ existing: ['新开工', '续建', '校验结果'], owned: ['校验结果'] })),
    apply: jest.fn(async (plan: WritePlan, progress?: ProgressFn): Promise<ApplyResult> => {
      applied.push(plan);
      progress?.('marks', plan.marks.length, plan.marks.length);
      if (plan.sheets.length) progress?.('summary', plan.sheets.length, plan.sheets.length);
      return { notices: ['数据透视表需要 ExcelApi 1.8'] };
    }),
    clearMarks: jest.fn(async () => undefined),
    select: jest.fn(async () => undefined),
    ...overrides,
  };
  return { port, applied };
}

function fakeEngine(): jest.Mocked<Engine> {
  const rep = report(ISSUES);
  rep.files[0].sheets = [{ sheet: '新开工', headerRow: 2, mapping: { name: 'B', totalInvestment: 'C' } }];
  return {
    analyze: jest.fn((_wb: WorkbookGrid, _opts: AnalyzeOptions) => ({ report: rep })),
    buildWritePlan: jest.fn((_analysis: { report: Report }, _opts: { existing: string[]; owned: string[]; summaries: boolean }) => PLAN),
  };
}

test('校验: read → analyse → marks, in that order, with counts; the plan for marks and 校验结果 is written', async () => {
  const { port, applied } = fakePort();
  const engine = fakeEngine();
  const steps: Progress[] = [];
  const outcome = await runValidation(port, engine, { asOf: '2024-11-30', planYear: 2024, summaries: false }, (p) => steps.push(p));

  expect(steps.map((s) => `${s.step} ${s.done}/${s.total}`)).toEqual(['read 0/0', 'read 1/2', 'read 2/2', 'analyse 0/2', 'analyse 2/2', 'marks 0/1', 'marks 1/1', 'summary 1/1']);
  // Sheets LedgerCheck wrote earlier are not read as ledgers.
  expect(engine.analyze).toHaveBeenCalledWith(GRID, { asOf: '2024-11-30', planYear: 2024, profile: undefined, mapping: undefined, ignoreSheets: ['校验结果'] });
  expect(engine.buildWritePlan).toHaveBeenCalledWith(expect.anything(), { existing: ['新开工', '续建', '校验结果'], owned: ['校验结果'], summaries: false });
  expect(applied).toHaveLength(1);
  expect(applied[0].sheets.map((s) => s.name)).toEqual(['校验结果']);
  // The protected sheet's mark is left out and named.
  expect(applied[0].marks.map((m) => m.sheet)).toEqual(['新开工']);
  expect(outcome.protectedSheets).toEqual(['续建']);
  expect(outcome.notices).toEqual(['数据透视表需要 ExcelApi 1.8']);
  expect(outcome.report.issues).toHaveLength(ISSUES.length);
});

test('生成汇总: the whole plan (result and summary sheets, pivots) is written', async () => {
  const { port, applied } = fakePort();
  const steps: string[] = [];
  await runValidation(port, fakeEngine(), { asOf: '2024-11-30', summaries: true }, (p) => steps.push(p.step));
  expect(applied[0].sheets.map((s) => s.name)).toEqual(['校验结果']);
  expect(applied[0].pivots).toHaveLength(1);
  expect(steps[steps.length - 1]).toBe('summary');
});

test('the engine runs only after the pane had a turn of the event loop to show the analyse step', async () => {
  const { port } = fakePort();
  const engine = fakeEngine();
  const order: string[] = [];
  engine.analyze.mockImplementation(() => {
    order.push('analyze');
    return { report: report([]) };
  });
  const run = runValidation(port, engine, { asOf: '2024-11-30', summaries: false }, (p) => order.push(p.step));
  setTimeout(() => order.push('timer'));
  await run;
  expect(order.indexOf('timer')).toBeGreaterThan(order.indexOf('analyse'));
  expect(order.indexOf('timer')).toBeLessThan(order.indexOf('analyze'));
});

test('host failures become errors the pane can explain', async () => {
  const locked = fakePort({ apply: jest.fn(async () => Promise.reject(Object.assign(new Error('locked'), { code: 'AccessDenied' }))) });
  await expect(runValidation(locked.port, fakeEngine(), { asOf: '2024-11-30', summaries: false }, () => {})).rejects.toMatchObject({ kind: 'protected' });
  const old = fakePort({ read: jest.fn(async () => Promise.reject(Object.assign(new Error('no api'), { code: 'ApiNotFound' }))) });
  await expect(runValidation(old.port, fakeEngine(), { asOf: '2024-11-30', summaries: false }, () => {})).rejects.toBeInstanceOf(RunError);
  expect(asRunError(new Error('boom'))).toMatchObject({ kind: 'failed', detail: 'boom' });
  expect(asRunError('text')).toMatchObject({ kind: 'failed', detail: 'text' });
});

test('column choices read the child header under a merged parent', () => {
  const rep = report([]);
  rep.files[0].sheets = [{ sheet: '新开工', headerRow: 2 }];
  expect(headerColumns(GRID, rep)).toEqual({
    新开工: [
      { letter: 'A', header: '序号' },
      { letter: 'B', header: '项目名称' },
      { letter: 'C', header: '总投资' },
      { letter: 'D', header: '本年计划' },
    ],
  });
});
