/**
 * End to end: the production web page in a real Chromium, on a real sample ledger.
 *
 * dist/ is reused when dist/web.html and dist/web.js are newer than every source file,
 * webpack.config.js and package-lock.json; otherwise `webpack --mode production` rebuilds it.
 * dist/ is served by a tiny HTTP server on 127.0.0.1 (a free port), and the page must make
 * no request anywhere else. Screenshots go to test-results/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import type { AddressInfo } from 'net';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyze, buildWritePlan } from '../../src/core';
import { readWorkbook } from '../../src/xlsx';
import { rawWorkbook } from '../robust/zip';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const RESULTS = path.join(ROOT, 'test-results');
// CI checks shared/ out beside the clone, as on the development machine.
const SAMPLE = path.resolve(ROOT, '../shared/samples/sectioned.xlsx');
const CHROMIUM = '/usr/bin/chromium';
const AS_OF = '2024-11-30';
const PLAN_YEAR = 2024;
const INSTALL_HINT = 'run `apt-get update && apt-get install -y chromium fonts-noto-cjk`';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.png': 'image/png',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.map': 'application/json',
};

let server: http.Server;
let origin: string;
let browser: Browser;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuild() {
  const outputs = ['web.html', 'web.js'].map((f) => path.join(DIST, f));
  const inputs = Math.max(
    newestSource(path.join(ROOT, 'src')),
    ...['webpack.config.js', 'package-lock.json'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs),
  );
  const fresh = outputs.every((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs > inputs);
  if (fresh) return;
  try {
    execFileSync(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production'], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 9 * 60_000,
    });
  } catch (e) {
    const out = e as { stdout?: Buffer; stderr?: Buffer };
    const log = `${out.stdout?.toString() ?? ''}\n${out.stderr?.toString() ?? ''}`;
    throw new Error(`The production build (webpack --mode production) failed:\n${log.slice(-4000)}`);
  }
}

function serve(root: string): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): ${INSTALL_HINT}`);
  const cjk = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (!cjk.trim()) throw new Error(`No Chinese font is installed, screenshots would show boxes: ${INSTALL_HINT}`);
  if (!fs.existsSync(SAMPLE)) throw new Error(`Sample ledger not found at ${SAMPLE} (shared/ must sit beside the repository)`);
  ensureBuild();
  fs.mkdirSync(RESULTS, { recursive: true });
  server = await serve(DIST);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 10 * 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

test('the web page checks sectioned.xlsx like the engine does, and its marked copy keeps the data', async () => {
  const bytes = fs.readFileSync(SAMPLE);
  const analysis = analyze(await readWorkbook(new Uint8Array(bytes)), { asOf: AS_OF, planYear: PLAN_YEAR, file: 'sectioned.xlsx' });
  const expected = analysis.report.issues.length;
  expect(expected).toBeGreaterThan(0);

  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page: Page = await context.newPage();
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(`${origin}/web.html`);
  await expect(page.getByRole('heading', { name: '台账校验助手 · 网页版' }).isVisible()).resolves.toBe(true);
  await page.locator('input[type=file]').setInputFiles(SAMPLE);
  await page.getByLabel('检查日期').fill(AS_OF);
  await page.getByLabel('计划年度').fill(String(PLAN_YEAR));
  await page.getByRole('button', { name: '校验', exact: true }).click();

  const total = page.getByTestId('issue-total');
  await total.waitFor();
  expect(await total.textContent()).toBe(`共 ${expected} 个问题`);
  for (const severity of ['error', 'warning', 'info'] as const) {
    const count = analysis.report.issues.filter((i) => i.severity === severity).length;
    expect(await page.getByTestId(`count-${severity}`).textContent()).toMatch(new RegExp(` ${count}$`));
  }

  // Open the first rule group and click its first row-level issue: the preview row gets focus.
  const firstRowIssue = analysis.report.issues.find((i) => i.row !== undefined && i.sheet)!;
  const results = page.locator('section', { has: page.getByRole('heading', { name: /^校验结果/ }) });
  await results.getByRole('button', { name: new RegExp(`（\\d+）$`) }).first().waitFor();
  const groups = await results.locator('.fui-AccordionHeader button').all();
  for (const g of groups) await g.click();
  const row = firstRowIssue.row;
  await results.getByRole('button', { name: new RegExp(`^${escape(firstRowIssue.sheet!)}!(?:[A-Z]+${row}|${row}:${row}) — `) }).first().click();
  const focused = page.locator('tr:focus');
  await focused.waitFor();
  expect(await focused.locator('td').nth(0).textContent()).toBe(firstRowIssue.sheet);
  expect(await focused.locator('td').nth(1).textContent()).toBe(String(firstRowIssue.row));
  await page.screenshot({ path: path.join(RESULTS, 'web-results.png'), fullPage: true });

  await page.getByRole('button', { name: '生成汇总' }).click();
  const link = page.getByRole('link', { name: '下载标记副本（含汇总表）' });
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('sectioned-校验.xlsx');
  const saved = path.join(RESULTS, download.suggestedFilename());
  await download.saveAs(saved);
  await page.screenshot({ path: path.join(RESULTS, 'web-summary.png'), fullPage: false });

  const original = new ExcelJS.Workbook();
  await original.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.readFile(saved);
  const plan = buildWritePlan(analysis, { existing: original.worksheets.map((w) => w.name), owned: [], summaries: true });
  const copyNames = copy.worksheets.map((w) => w.name);
  expect(plan.sheets.some((s) => s.role === 'results')).toBe(true);
  for (const sheet of plan.sheets) expect(copyNames).toContain(sheet.name);

  // Every value the person typed is still there, unchanged.
  for (const sheet of original.worksheets) {
    const marked = copy.getWorksheet(sheet.name);
    expect(marked).toBeDefined();
    sheet.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        expect({ at: `${sheet.name}!${cell.address}`, value: marked!.getCell(r, c).value }).toEqual({ at: `${sheet.name}!${cell.address}`, value: cell.value });
      }),
    );
  }
  // And the flagged cells carry their notes.
  const mark = plan.marks[0];
  expect(copy.getWorksheet(mark.sheet)!.getCell(mark.row, mark.col + 1).note).toBeTruthy();

  expect(pageErrors).toEqual([]);
  const outside = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`blob:${origin}/`) && !u.startsWith('data:'));
  expect(outside).toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
  await context.close();
}, 5 * 60_000);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('hostile files on the web page: each gets a MessageBar with its reason, in bounded time and memory; the good file is still checked', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-web-hostile-'));
  const file = (name: string, bytes: Uint8Array | string) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };
  // A sheet filled to Excel's last row (about 120 MB of XML, 10 MB packed).
  const row = (r: number) => `<row r="${r}"><c r="A${r}"><v>${r - 1}</v></c><c r="B${r}" t="s"><v>3</v></c><c r="C${r}"><v>${r % 9000}</v></c></row>`;
  const rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'];
  for (let r = 2; r <= 1_048_576; r++) rows.push(row(r));
  const strings = ['序号', '项目名称', '总投资（万元）', '城南污水处理厂'].map((t) => `<si><t>${t}</t></si>`).join('');
  const files = [
    file('空文件.xlsx', new Uint8Array()),
    file('改名的.xlsx', '序号,项目名称\n1,某项目\n'),
    file('截断的.xlsx', fs.readFileSync(SAMPLE).subarray(0, 4000)),
    file('满表.xlsx', rawWorkbook({ sheet: rows.join(''), strings })),
    SAMPLE,
  ];

  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page: Page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${origin}/web.html`);
  await page.locator('input[type=file]').setInputFiles(files);
  await page.getByLabel('检查日期').fill(AS_OF);
  await page.getByRole('button', { name: '校验', exact: true }).click();
  // The bound on time: a reader that hung or crawled through the full sheet would not answer in 2 minutes.
  await page.getByTestId('issue-total').waitFor({ timeout: 120_000 });

  const reasons: [string, RegExp][] = [
    ['空文件.xlsx', /文件为空/],
    ['改名的.xlsx', /改了扩展名的 CSV/],
    ['截断的.xlsx', /损坏/],
    ['满表.xlsx', /数据行超过 200,000 行（读到工作表“台账”第 200,001 行时超出）/],
  ];
  for (const [name, reason] of reasons) {
    const bar = page.locator('.fui-MessageBar', { hasText: `无法读取“${name}”` });
    await expect(bar.count()).resolves.toBe(1);
    expect(await bar.textContent()).toMatch(reason);
  }
  await page.screenshot({ path: path.join(RESULTS, 'web-hostile.png'), fullPage: true });
  const heapMb = await page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1024 ** 2);
  expect(heapMb).toBeLessThan(1500);
  expect(pageErrors).toEqual([]);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
}, 5 * 60_000);
