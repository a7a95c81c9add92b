/** @jest-environment jsdom */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { WorkbookGrid } from '../../src/core/grid';
import { DEFAULT_PROFILE } from '../../src/core/profile';
import type { WritePlan } from '../../src/core/port';
import type { Report } from '../../src/core/types';
import type { AnalyzeOptions, Engine } from '../../src/taskpane/controller';
import type { XlsxPort } from '../../src/web/checker';
import { WebApp } from '../../src/web/WebApp';
import { copyNotices, type CopyFeatures } from '../../src/xlsx/features';
import { ISSUES, renderIn, report } from './fixtures';

const GRID: WorkbookGrid = {
  sheets: [
    { name: '新开工', values: [['序号', '项目代码', '项目名称'], [], [], [], [1, 'X', '城东污水处理厂']], merges: [] },
    { name: '续建', values: [[], [], [], [], [], [], [2, null, '某某大道改造'], [], [5, null, '重复的项目']], merges: [] },
    { name: '校验结果', values: [['级别', '规则']], merges: [] },
  ],
  ownedSheets: ['校验结果'],
};
const PLAN: WritePlan = { marks: [], sheets: [], pivots: [], charts: [] };

function fakes() {
  const rep: Report = report(ISSUES, { name: 'C' });
  const engine = {
    analyze: jest.fn((_wb: WorkbookGrid, opts: AnalyzeOptions) => ({ report: { ...rep, asOf: opts.asOf } })),
    buildWritePlan: jest.fn((_a: { report: Report }, _o: { existing: string[]; owned: string[]; summaries: boolean; notices?: string[] }) => PLAN),
  } satisfies Engine;
  const xlsx = {
    readWorkbook: jest.fn(async (bytes: Uint8Array | ArrayBuffer) => {
      if (new Uint8Array(bytes as ArrayBuffer)[0] !== 0x50)
        throw Object.assign(new Error('文件不是 .xlsx 工作簿（可能是 CSV 改了扩展名）'), { en: 'Not an .xlsx workbook (a renamed CSV?)' });
      return GRID;
    }),
    writeMarkedCopy: jest.fn(async () => new Uint8Array([0x50, 0x4b, 1])),
  } satisfies XlsxPort;
  return { engine, xlsx };
}

const xlsxFile = (name: string) => new File([new Uint8Array([0x50, 0x4b, 3, 4])], name);
const csvFile = (name: string) => new File(['序号,项目名称\n1,某项目'], name);

beforeAll(() => {
  let n = 0;
  URL.createObjectURL = jest.fn(() => `blob:copy-${++n}`);
  URL.revokeObjectURL = jest.fn();
});

test('pick files, validate: results, flagged-row preview, an unreadable file named, and a download link', async () => {
  const { engine, xlsx } = fakes();
  renderIn('zh-CN', <WebApp engine={engine} xlsx={xlsx} today="2024-11-30" defaults={{ ...DEFAULT_PROFILE }} />);
  const validate = screen.getByRole('button', { name: '校验' });
  expect((validate as HTMLButtonElement).disabled).toBe(true);

  await userEvent.upload(screen.getByLabelText('选择文件'), [xlsxFile('城区台账.xlsx'), csvFile('改名的.xlsx')]);
  expect(await screen.findByText(/已选择 2 个文件/)).toBeTruthy();
  await userEvent.click(validate);

  expect(await screen.findByText('无法读取“改名的.xlsx”')).toBeTruthy();
  expect(screen.getByText('文件不是 .xlsx 工作簿（可能是 CSV 改了扩展名）')).toBeTruthy();
  expect(screen.getByTestId('issue-total').textContent).toBe('共 4 个问题');
  // The results sheet of an earlier run is LedgerCheck's own: not read, and replaced in the copy.
  expect(engine.analyze).toHaveBeenCalledWith(GRID, expect.objectContaining({ asOf: '2024-11-30', file: '城区台账.xlsx', ignoreSheets: ['校验结果'] }));

  const table = screen.getByRole('table', { name: '问题行预览' });
  const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
  expect(rows).toEqual([
    ['新开工', '5', '城东污水处理厂', '金额不是数字 — 总投资“待定”不是数字'],
    ['续建', '7', '某某大道改造', '金额不是数字 — 年度计划“约3000”不是数字'],
    ['续建', '9', '重复的项目', '项目重复 — 与第5行重复'],
  ]);

  // Clicking an issue brings its row of the preview into focus.
  await userEvent.click(screen.getByRole('button', { name: /项目重复（1）/ }));
  await userEvent.click(screen.getByRole('button', { name: '续建!C9 — 与第5行重复' }));
  const focused = document.activeElement as HTMLElement;
  expect(focused.getAttribute('aria-selected')).toBe('true');
  expect(within(focused).getAllByRole('cell').map((c) => c.textContent).slice(0, 3)).toEqual(['续建', '9', '重复的项目']);

  const download = await screen.findByRole('link', { name: '下载标记副本' });
  expect(download.getAttribute('download')).toBe('城区台账-校验.xlsx');
  expect(download.getAttribute('href')).toMatch(/^blob:/);
  expect(engine.buildWritePlan).toHaveBeenLastCalledWith(expect.anything(), { existing: ['新开工', '续建', '校验结果'], owned: ['校验结果'], summaries: false, notices: [] });

  await userEvent.click(screen.getByRole('button', { name: '生成汇总' }));
  const withSummary = await screen.findByRole('link', { name: '下载标记副本（含汇总表）' });
  expect(engine.buildWritePlan).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ summaries: true }));
  expect(withSummary.getAttribute('href')).not.toBe(download.getAttribute('href'));
  expect(URL.revokeObjectURL).toHaveBeenCalledWith(download.getAttribute('href'));
});

test('several readable files get a tab each, and the copy follows the chosen file', async () => {
  const { engine, xlsx } = fakes();
  renderIn('zh-CN', <WebApp engine={engine} xlsx={xlsx} today="2024-11-30" defaults={{ ...DEFAULT_PROFILE }} />);
  await userEvent.upload(screen.getByLabelText('选择文件'), [xlsxFile('甲县.xlsx'), xlsxFile('乙县.xlsx')]);
  await userEvent.click(await screen.findByRole('button', { name: '校验' }));
  expect(await screen.findByRole('tab', { name: '甲县.xlsx（4）' })).toBeTruthy();
  await userEvent.click(screen.getByRole('tab', { name: '乙县.xlsx（4）' }));
  await waitFor(() => expect(screen.getByRole('link', { name: '下载标记副本' }).getAttribute('download')).toBe('乙县-校验.xlsx'));
  expect(screen.getByRole('heading', { name: '校验结果 · 乙县.xlsx' })).toBeTruthy();
});

test('English page, and the check date reaches the engine', async () => {
  const { engine, xlsx } = fakes();
  renderIn('en-US', <WebApp engine={engine} xlsx={xlsx} today="2026-11-28" defaults={{ ...DEFAULT_PROFILE }} />);
  const date = screen.getByLabelText('Check date') as HTMLInputElement;
  expect(date.value).toBe('2026-11-28');
  await userEvent.clear(date);
  await userEvent.type(date, '2024-11-30');
  await userEvent.upload(screen.getByLabelText('Choose files'), [xlsxFile('ledger.xlsx'), csvFile('list.xlsx')]);
  await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
  expect((await screen.findByTestId('issue-total')).textContent).toBe('4 issues in total');
  expect(engine.analyze.mock.calls[0][1].asOf).toBe('2024-11-30');
  expect(screen.getByText('Cannot read “list.xlsx”')).toBeTruthy();
  expect(screen.getByText('Not an .xlsx workbook (a renamed CSV?)')).toBeTruthy();
  expect((await screen.findByRole('link', { name: 'Download marked copy' })).getAttribute('download')).toBe('ledger-校验.xlsx');
});

test('what the copy cannot keep: said on the page in its language, and in Chinese on the copy’s results sheet', async () => {
  const { engine, xlsx } = fakes();
  const features: CopyFeatures = { pageBreaks: 2, internalLinks: 1 };
  const lossy: WorkbookGrid = { ...GRID, features };
  xlsx.readWorkbook.mockResolvedValue(lossy);
  renderIn('en-US', <WebApp engine={engine} xlsx={{ ...xlsx, copyNotices }} today="2024-11-30" defaults={{ ...DEFAULT_PROFILE }} />);
  await userEvent.upload(screen.getByLabelText('Choose files'), [xlsxFile('ledger.xlsx')]);
  await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
  expect(await screen.findByText(/^Note: the original workbook has 1 hyperlink\(s\) to places in the workbook, 2 manual page break\(s\);/)).toBeTruthy();
  await screen.findByRole('link', { name: 'Download marked copy' });
  expect(engine.buildWritePlan).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ notices: copyNotices(lossy.features) }));
  expect(copyNotices(lossy.features)[0]).toMatch(/^注意：原工作簿含1 个指向本工作簿内位置的超链接、2 个手动分页符，/);
});

test('设置 on the web page: a changed threshold and a corrected column reach the next validation', async () => {
  const { engine, xlsx } = fakes();
  renderIn('zh-CN', <WebApp engine={engine} xlsx={xlsx} today="2024-11-30" defaults={{ ...DEFAULT_PROFILE }} />);
  await userEvent.upload(screen.getByLabelText('选择文件'), [xlsxFile('台账.xlsx')]);
  await userEvent.click(await screen.findByRole('button', { name: '校验' }));
  await screen.findByTestId('issue-total');
  expect(engine.analyze.mock.calls[0][1]).toMatchObject({ profile: {}, mapping: {} });

  await userEvent.click(screen.getByRole('button', { name: '设置' }));
  const threshold = await screen.findByLabelText('入库标准：总投资下限（万元）');
  await userEvent.clear(threshold);
  await userEvent.type(threshold, '5000');
  await userEvent.click(screen.getByRole('button', { name: '工作表“新开工”' }));
  await userEvent.selectOptions(screen.getAllByLabelText('项目名称')[0], '');
  await userEvent.click(screen.getByRole('button', { name: '保存' }));
  expect(await screen.findByText(/设置已更新/)).toBeTruthy();

  await userEvent.click(screen.getByRole('button', { name: '校验' }));
  await waitFor(() => expect(engine.analyze).toHaveBeenCalledTimes(2));
  expect(engine.analyze.mock.calls[1][1]).toMatchObject({ profile: { threshold: 5000 }, mapping: { 新开工: { name: '' } } });
});
