/** @jest-environment jsdom */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DEFAULT_PROFILE } from '../../src/core/profile';
import { TooManyRowsError } from '../../src/core/grid';
import { App, type PaneActions } from '../../src/taskpane/components/App';
import type { Progress, RunOutcome } from '../../src/taskpane/controller';
import { ISSUES, renderIn, report } from './fixtures';

const DEFAULTS = { ...DEFAULT_PROFILE };

function outcome(issues = ISSUES, extra: Partial<RunOutcome> = {}): RunOutcome {
  return { report: report(issues), notices: [], protectedSheets: [], columns: {}, ...extra };
}

function fakeActions(overrides: Partial<PaneActions> = {}): jest.Mocked<PaneActions> {
  return {
    run: jest.fn(async () => outcome()),
    clearMarks: jest.fn(async () => undefined),
    select: jest.fn(async () => undefined),
    saveSettings: jest.fn(async () => undefined),
    ...overrides,
  } as jest.Mocked<PaneActions>;
}

function renderApp(actions: PaneActions, lang: 'zh-CN' | 'en-US' = 'zh-CN', unsupported?: string) {
  return renderIn(
    lang,
    <App actions={actions} defaults={DEFAULTS} initialSettings={{ profile: {}, mapping: {} }} today="2024-11-30" unsupported={unsupported} />,
  );
}

test('idle: the commands and the run inputs are labelled and nothing has run yet', () => {
  const actions = fakeActions();
  renderApp(actions);
  expect(screen.getByRole('toolbar', { name: '操作' })).toBeTruthy();
  expect(screen.getByRole('button', { name: '校验' })).toBeTruthy();
  expect(screen.getByRole('button', { name: '生成汇总' })).toBeTruthy();
  expect(screen.getByRole('button', { name: '清除标记' })).toBeTruthy();
  expect((screen.getByLabelText('检查日期') as HTMLInputElement).value).toBe('2024-11-30');
  expect(screen.getByLabelText('计划年度')).toBeTruthy();
  expect(screen.getByText('点击“校验”检查当前工作簿。')).toBeTruthy();
  expect(actions.run).not.toHaveBeenCalled();
});

test('running: progress shows the step and its counts in a live region, and the buttons wait', async () => {
  let report!: (p: Progress) => void;
  let finish!: (o: RunOutcome) => void;
  const actions = fakeActions({
    run: jest.fn((_opts, onProgress) => {
      report = onProgress;
      return new Promise<RunOutcome>((resolve) => (finish = resolve));
    }),
  });
  renderApp(actions);
  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  act(() => report({ step: 'read', done: 2, total: 5 }));
  const status = screen.getByRole('status');
  expect(status.getAttribute('aria-live')).toBe('polite');
  expect(within(status).getByText('读取工作表：2 / 5')).toBeTruthy();
  expect(within(status).getByRole('progressbar')).toBeTruthy();
  expect((screen.getByRole('button', { name: '校验' }) as HTMLButtonElement).disabled).toBe(true);
  act(() => report({ step: 'marks', done: 40, total: 120 }));
  expect(within(status).getByText('写入标记：40 / 120')).toBeTruthy();

  await act(async () => finish(outcome()));
  expect(screen.queryByRole('progressbar')).toBeNull();
  expect(actions.run).toHaveBeenCalledWith(
    expect.objectContaining({ asOf: '2024-11-30', planYear: undefined, summaries: false }),
    expect.any(Function),
  );
});

test('results: totals, groups by rule, filters, and a click jumps to the cell; focus lands on the heading', async () => {
  const actions = fakeActions();
  renderApp(actions);
  await userEvent.clear(screen.getByLabelText('计划年度'));
  await userEvent.type(screen.getByLabelText('计划年度'), '2024');
  await userEvent.click(screen.getByRole('button', { name: '校验' }));

  const heading = await screen.findByRole('heading', { name: '校验结果' });
  await waitFor(() => expect(document.activeElement).toBe(heading));
  expect(actions.run.mock.calls[0][0].planYear).toBe(2024);
  expect(screen.getByTestId('issue-total').textContent).toBe('共 4 个问题');
  expect(screen.getByTestId('count-error').textContent).toBe('错误 2');
  expect(screen.getByTestId('count-warning').textContent).toBe('警告 1');
  expect(screen.getByTestId('count-info').textContent).toBe('提示 1');

  // Errors first, then warnings, then info.
  const headers = screen.getAllByRole('button', { expanded: false }).map((b) => b.textContent?.trim());
  expect(headers).toEqual(['金额不是数字（2）', '项目重复（1）', '未注明单位（按万元）（1）']);

  await userEvent.click(screen.getByRole('button', { name: /金额不是数字/ }));
  const cell = screen.getByRole('button', { name: '续建!G7 — 年度计划“约3000”不是数字' });
  await userEvent.click(cell);
  expect(actions.select).toHaveBeenCalledWith('续建', 'G7');

  // A row-wide issue jumps to the row's name cell.
  await userEvent.click(screen.getByRole('button', { name: /项目重复/ }));
  await userEvent.click(screen.getByRole('button', { name: '续建!C9 — 与第5行重复' }));
  expect(actions.select).toHaveBeenLastCalledWith('续建', 'C9');

  await userEvent.selectOptions(screen.getByLabelText('按级别筛选'), 'error');
  expect(screen.queryByRole('button', { name: /项目重复/ })).toBeNull();
  expect(screen.getByRole('button', { name: /金额不是数字（2）/ })).toBeTruthy();

  await userEvent.selectOptions(screen.getByLabelText('按工作表筛选'), '新开工');
  expect(screen.getByRole('button', { name: /金额不是数字（1）/ })).toBeTruthy();
  expect(screen.queryByRole('button', { name: /续建!G7/ })).toBeNull();

  await userEvent.selectOptions(screen.getByLabelText('按级别筛选'), 'warning');
  expect(screen.getByText('没有符合筛选条件的问题。')).toBeTruthy();
});

test('生成汇总 asks for the summary sheets and says when they are done', async () => {
  const actions = fakeActions({ run: jest.fn(async () => outcome(ISSUES, { notices: ['此 Excel 版本不支持数据透视表（需要 ExcelApi 1.8），已跳过。'] })) });
  renderApp(actions);
  await userEvent.click(screen.getByRole('button', { name: '生成汇总' }));
  expect(await screen.findByText('已生成汇总表。')).toBeTruthy();
  expect(actions.run.mock.calls[0][0].summaries).toBe(true);
  expect(screen.getByText('此 Excel 版本不支持数据透视表（需要 ExcelApi 1.8），已跳过。')).toBeTruthy();
});

test('empty result says clearly that nothing was found, with the report notes', async () => {
  const empty = outcome([]);
  empty.report.notes = ['工作日历未收录 2031 年，按周一至周五计算'];
  renderApp(fakeActions({ run: jest.fn(async () => empty) }));
  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  expect(await screen.findByText('未发现问题')).toBeTruthy();
  expect(screen.getByText('工作日历未收录 2031 年，按周一至周五计算')).toBeTruthy();
  expect(screen.queryByTestId('issue-total')).toBeNull();
});

test('errors: a protected sheet, an unexpected failure, no ledger, and an old Excel each get a MessageBar that says what to do', async () => {
  const actions = fakeActions({
    run: jest
      .fn()
      .mockRejectedValueOnce(Object.assign(new Error('The sheet is locked'), { code: 'AccessDenied' }))
      .mockRejectedValueOnce(new Error('网络中断'))
      .mockResolvedValueOnce(outcome([{ rule: 'no-ledger', severity: 'error', message: '没有工作表包含台账表头', messageEn: 'No sheet has a ledger header' }])),
  });
  renderApp(actions);
  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  expect(await screen.findByText('工作表受保护')).toBeTruthy();
  expect(screen.getByText(/撤销工作表保护/)).toBeTruthy();
  await waitFor(() => expect(document.activeElement?.textContent).toContain('工作表受保护'));

  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  expect(await screen.findByText(/操作未完成：网络中断/)).toBeTruthy();
  expect(screen.queryByText('工作表受保护')).toBeNull();

  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  expect(await screen.findByText('未找到台账')).toBeTruthy();
  expect(screen.getByText(/没有任何工作表包含台账表头/)).toBeTruthy();
});

test('a workbook over the row limit gets a MessageBar that says how to split it, in both languages', async () => {
  for (const [lang, title, text] of [
    ['zh-CN', '工作簿太大', /数据超过 200,000 行（到工作表“合并台账”时超出）.*按县区或阶段拆成几个工作簿/],
    ['en-US', 'Workbook too large', /More than 200,000 rows of data \(passed in sheet "合并台账"\).*Split the workbook by county or phase/],
  ] as const) {
    const { unmount } = renderApp(fakeActions({ run: jest.fn().mockRejectedValueOnce(new TooManyRowsError('合并台账', 200_001)) }), lang);
    await userEvent.click(screen.getByRole('button', { name: lang === 'zh-CN' ? '校验' : 'Validate' }));
    expect(await screen.findByText(title)).toBeTruthy();
    expect(screen.getByText(text)).toBeTruthy();
    unmount();
  }
});

test('protected sheets that could not be marked are named', async () => {
  renderApp(fakeActions({ run: jest.fn(async () => outcome(ISSUES, { protectedSheets: ['续建'] })) }));
  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  expect(await screen.findByText(/工作表“续建”受保护/)).toBeTruthy();
});

test('an unsupported Excel disables the commands and says so', () => {
  renderApp(fakeActions(), 'zh-CN', 'ExcelApi 1.7');
  expect(screen.getByText('Excel 版本过低')).toBeTruthy();
  expect(screen.getByText(/此功能需要 ExcelApi 1\.7/)).toBeTruthy();
  expect((screen.getByRole('button', { name: '校验' }) as HTMLButtonElement).disabled).toBe(true);
});

test('清除标记 calls the port and confirms', async () => {
  const actions = fakeActions();
  renderApp(actions);
  await userEvent.click(screen.getByRole('button', { name: '清除标记' }));
  expect(actions.clearMarks).toHaveBeenCalledTimes(1);
  expect(await screen.findByText('已清除全部标记。')).toBeTruthy();
});

test('settings: edit, reset to the defaults, correct a column, and save only the changes', async () => {
  const actions = fakeActions({
    run: jest.fn(async () =>
      outcome(ISSUES, {
        columns: { 新开工: [{ letter: 'A', header: '序号' }, { letter: 'B', header: '项目名称' }, { letter: 'C', header: '建设单位' }] },
      }),
    ),
  });
  renderApp(actions);
  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  await screen.findByTestId('issue-total');
  await userEvent.click(screen.getByRole('button', { name: '设置' }));
  expect(await screen.findByRole('heading', { name: '设置' })).toBeTruthy();

  const threshold = screen.getByLabelText('入库标准：总投资下限（万元）') as HTMLInputElement;
  expect(threshold.value).toBe('3000');
  await userEvent.clear(threshold);
  await userEvent.type(threshold, '5000');
  expect(threshold.value).toBe('5000');
  await userEvent.clear(screen.getByLabelText('上年申报截止日（月-日）'));
  await userEvent.type(screen.getByLabelText('上年申报截止日（月-日）'), '10月31日');
  expect(screen.getByText('请按“月-日”填写，例如 10-15')).toBeTruthy();
  await userEvent.click(screen.getByRole('button', { name: '恢复默认' }));
  expect((screen.getByLabelText('入库标准：总投资下限（万元）') as HTMLInputElement).value).toBe('3000');
  expect((screen.getByLabelText('上年申报截止日（月-日）') as HTMLInputElement).value).toBe('10-15');
  // Lists and tables of the profile are not form fields.
  expect(screen.queryByLabelText('reducedThresholdSubcategories')).toBeNull();

  const usdRate = screen.getByLabelText('美元汇率（元/美元）');
  await userEvent.clear(usdRate);
  await userEvent.type(usdRate, '0');
  expect(screen.getByText('请输入大于 0 的汇率，例如 7.1')).toBeTruthy();
  expect((screen.getByRole('button', { name: '保存' }) as HTMLButtonElement).disabled).toBe(true);
  await userEvent.clear(usdRate);
  await userEvent.type(usdRate, '7.1');
  expect(screen.queryByText('请输入大于 0 的汇率，例如 7.1')).toBeNull();

  await userEvent.clear(screen.getByLabelText('农业、社会事业项目下限（万元）'));
  expect(screen.getByText('请输入数字')).toBeTruthy();
  expect((screen.getByRole('button', { name: '保存' }) as HTMLButtonElement).disabled).toBe(true);
  await userEvent.type(screen.getByLabelText('农业、社会事业项目下限（万元）'), '800');

  // The detected mapping of 新开工 (name → C in the fixture) is shown and can be corrected.
  const sheetPanel = screen.getByRole('button', { name: '工作表“新开工”' });
  if (sheetPanel.getAttribute('aria-expanded') !== 'true') await userEvent.click(sheetPanel);
  const nameColumn = screen.getAllByLabelText('项目名称')[0] as HTMLSelectElement;
  expect(nameColumn.value).toBe('C');
  await userEvent.selectOptions(nameColumn, 'B');

  await userEvent.click(screen.getByRole('button', { name: '保存' }));
  expect(actions.saveSettings).toHaveBeenCalledWith({ profile: { reducedThreshold: 800 }, mapping: { 新开工: { name: 'B' } } });
  expect(await screen.findByText('设置已保存。')).toBeTruthy();

  // The next run uses what was saved.
  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  await waitFor(() => expect(actions.run).toHaveBeenCalledTimes(2));
  expect(actions.run.mock.calls[1][0]).toMatchObject({ profile: { reducedThreshold: 800 }, mapping: { 新开工: { name: 'B' } } });
});

test('English: the same pane in en-US', async () => {
  const actions = fakeActions({ run: jest.fn(async () => outcome([])) });
  renderApp(actions, 'en-US');
  expect(screen.getByRole('button', { name: 'Validate' })).toBeTruthy();
  expect(screen.getByLabelText('Check date')).toBeTruthy();
  await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
  expect(await screen.findByText('No issues found')).toBeTruthy();
  expect(screen.queryByText(/[\u4e00-\u9fff]/)).toBeNull();
});

test('English results use English rule titles and severity names', async () => {
  renderApp(fakeActions(), 'en-US');
  await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
  expect((await screen.findByTestId('issue-total')).textContent).toBe('4 issues in total');
  expect(screen.getByTestId('count-error').textContent).toBe('Errors 2');
  await userEvent.click(screen.getByRole('button', { name: /Amount is not a number \(2\)/ }));
  expect(await screen.findByText(/Annual plan “约3000” is not a number/)).toBeTruthy();
  expect(screen.queryByText(/年度计划“约3000”不是数字/)).toBeNull();
});

test('every control has an accessible name, on the results view and in 设置', async () => {
  const actions = fakeActions({
    run: jest.fn(async () => outcome(ISSUES, { columns: { 新开工: [{ letter: 'A', header: '序号' }, { letter: 'B', header: '项目名称' }] } })),
  });
  renderApp(actions);
  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  await screen.findByTestId('issue-total');
  for (const header of screen.getAllByRole('button', { expanded: false })) await userEvent.click(header);
  const unnamed = () =>
    ['button', 'textbox', 'spinbutton', 'combobox', 'switch', 'checkbox'].flatMap((role) =>
      screen.queryAllByRole(role).filter((el) => screen.queryAllByRole(role, { name: /\S/ }).indexOf(el) < 0),
    );
  expect(screen.getAllByRole('button').length).toBeGreaterThan(8);
  expect(unnamed()).toEqual([]);

  await userEvent.click(screen.getByRole('button', { name: '设置' }));
  await screen.findByRole('heading', { name: '设置' });
  for (const sheet of screen.getAllByRole('button', { name: /^工作表“/ })) await userEvent.click(sheet);
  expect(screen.getAllByRole('combobox').length).toBeGreaterThan(20);
  expect(unnamed()).toEqual([]);
});
