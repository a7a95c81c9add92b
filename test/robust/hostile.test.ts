/**
 * Hostile and broken files through the CLI: each gets exit 2 and one clear line naming it (no stack
 * trace), or is checked where it is in fact a readable workbook; a good file in the same call is
 * still checked. Every file is made at test time in a temp dir.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { inflateRawSync } from 'zlib';
import { readWorkbook } from '../../src/xlsx';
import { checkMergedAreas, checkZipSizes, MAX_MERGED_CELLS, UnreadableWorkbookError, ZIP_LIMITS } from '../../src/xlsx/errors';
import { scanFeatures } from '../../src/xlsx/features';
import { buildCli, removeCli, runCli } from './cli';
import { rawWorkbook, smallLedger, writeZip, zipEntries } from './zip';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mulberry32 } = require('../../scripts/fixtures') as { mulberry32: (seed: number) => () => number };

const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-hostile-'));
const GOOD = path.join(dir, 'good.xlsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  report: { files: { file: string; error?: string }[]; issues: { file?: string; rule: string }[] };
  /** Peak resident memory of the CLI process, in MB. */
  peakMb: number;
}

/** Runs the CLI on `files` plus the good ledger, with a JSON report. */
function cli(...files: string[]): Run {
  const json = path.join(dir, `report-${path.basename(files[0])}.json`);
  const rssFile = `${json}.rss`;
  const r = runCli(build, ['validate', ...files, GOOD, '--as-of', '2024-11-30', '--json', json], rssFile);
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    report: JSON.parse(readFileSync(json, 'utf8')),
    peakMb: Number(readFileSync(rssFile, 'utf8')) / 1024,
  };
}

/**
 * The contract for a file that cannot be read: exit 2, one line naming it with the reason, the good
 * file still checked. A large file also gets progress lines ("  … name：读取工作表") before it.
 */
function expectRefused(r: Run, file: string, reason: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('  … '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(reason);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|内部错误/);
  expectGoodChecked(r);
  expect(r.report.files.find((f) => f.file === path.basename(file))?.error).toMatch(reason);
}

function expectGoodChecked(r: Run): void {
  expect(r.stdout).toContain('good.xlsx');
  expect(r.report.issues.some((i) => i.file === 'good.xlsx' && i.rule === 'negative-amount')).toBe(true);
}

function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** An OLE compound file: its magic, a 512-byte header, and a directory naming `stream` (UTF-16LE). */
function oleFile(stream: string): Buffer {
  const bytes = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes, 0);
  Buffer.from('Root Entry', 'utf16le').copy(bytes, 1024);
  Buffer.from(stream, 'utf16le').copy(bytes, 1152);
  return bytes;
}

let ledger: Buffer;
let build: string;
beforeAll(async () => {
  build = buildCli();
  ledger = await smallLedger();
  writeFileSync(GOOD, ledger);
});
afterAll(() => removeCli(build));

describe('the memory measure the limits below rely on', () => {
  test("is the CLI's own peak, not the Jest worker's it was forked from", () => {
    const ballast = Buffer.alloc(400 * 2 ** 20, 1);
    const r = cli(GOOD);
    expect(r.report.files).toHaveLength(2);
    expect(ballast[ballast.length - 1]).toBe(1);
    expect(r.peakMb).toBeLessThan(250);
  });
});

describe('files that are not readable workbooks', () => {
  test('a truncated .xlsx (the first half of a real one)', () => {
    const file = write('truncated.xlsx', ledger.subarray(0, Math.floor(ledger.length / 2)));
    expectRefused(cli(file), file, /损坏/);
  });

  test('random bytes', () => {
    const rng = mulberry32(6);
    const file = write('noise.xlsx', Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(rng() * 256))));
    expectRefused(cli(file), file, /不是有效的 \.xlsx/);
  });

  test('a CSV renamed to .xlsx', () => {
    const file = write('renamed.xlsx', '序号,项目名称,总投资（万元）\n1,南山至北岭高速公路,50000\n2,城南污水处理厂,3000\n');
    expectRefused(cli(file), file, /CSV/);
  });

  test('an encrypted workbook (OLE container with an EncryptedPackage stream)', () => {
    const file = write('encrypted.xlsx', oleFile('EncryptedPackage'));
    expectRefused(cli(file), file, /密码/);
  });

  test('an old .xls workbook (OLE container, no encryption)', () => {
    const file = write('old.xlsx', oleFile('Workbook'));
    expectRefused(cli(file), file, /\.xls 格式/);
  });

  test('a workbook.xml whose root element is renamed (ExcelJS finds no sheets list)', async () => {
    const entries = (await zipEntries(ledger)).map((e) =>
      e.name === 'xl/workbook.xml' ? { ...e, data: Buffer.from(e.data.toString('utf8').replace('<workbook ', '<workbookx ').replace('</workbook>', '</workbookx>')) } : e,
    );
    const file = write('no-sheets-list.xlsx', writeZip(entries));
    expectRefused(cli(file), file, /内部结构不完整/);
  });

  test('a ZIP whose directory is cut off mid-entry', () => {
    // Keeps the end-of-directory record but points it into the middle of the data.
    const bytes = Buffer.from(ledger);
    bytes.writeUInt32LE(Math.floor(bytes.length / 3), bytes.length - 6);
    const file = write('bad-directory.xlsx', bytes);
    expectRefused(cli(file), file, /损坏/);
  });
});

describe('ZIP bombs', () => {
  test('sharedStrings.xml unpacking to ~200 MB of one repeated string: refused from the ZIP directory, in bounded memory', async () => {
    const si = '<si><t>某某项目名称重复文本</t></si>';
    const count = Math.floor(200e6 / Buffer.byteLength(si));
    const sst = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${count}" uniqueCount="${count}">${si.repeat(count)}</sst>`,
    );
    const entries = (await zipEntries(ledger)).map((e) => (e.name === 'xl/sharedStrings.xml' ? { ...e, data: sst } : e));
    const bytes = writeZip(entries);
    expect(bytes.length).toBeLessThan(2e6);
    const file = write('bomb.xlsx', bytes);
    const r = cli(file);
    expectRefused(r, file, /sharedStrings\.xml.*压缩比 \d+:1.*压缩炸弹/);
    // Without the guard ExcelJS unpacks it: about 800 MB resident and half a minute (measured).
    expect(r.peakMb).toBeLessThan(400);
  });

  test('a part that unpacks to far more than its ZIP entry declares is stopped at the declared size', async () => {
    const entries = await zipEntries(ledger);
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    // The sheet padded with 50 MB of spaces inside <sheetData>, declared as its original size.
    const padded = Buffer.from(sheet.data.toString('utf8').replace('<sheetData>', `<sheetData>${' '.repeat(50e6)}`));
    const forged = write('forged-size.xlsx', writeZip(entries.map((e) => (e === sheet ? { ...e, data: padded, declaredSize: sheet.data.length } : e))));
    const r = cli(forged);
    expectRefused(r, forged, /xl\/worksheets\/sheet1\.xml 解压后超过它声明的 [\d,]+ 字节/);
    expect(r.peakMb).toBeLessThan(300);
  });

  test('a part whose declared size is over the total limit is refused before anything is unpacked', async () => {
    const entries = (await zipEntries(ledger)).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, declaredSize: 0xfffffffe } : e));
    const file = write('declared-4gb.xlsx', writeZip(entries));
    expectRefused(cli(file), file, /解压后约 4,096 MB，超过 200 MB 的上限/);
  });

  test('checkZipSizes: a real workbook passes; limits hold at their edges', async () => {
    expect(() => checkZipSizes(ledger)).not.toThrow();
    const entries = await zipEntries(ledger);
    const withPart = (data: Buffer, declaredSize?: number) => writeZip([...entries, { name: 'xl/media/pad.bin', data, declaredSize }]);
    // Highly compressible but under 10 MB: small XML parts compress that well and are fine.
    expect(() => checkZipSizes(withPart(Buffer.alloc(ZIP_LIMITS.ratioFromBytes, 0x41)))).not.toThrow();
    expect(() => checkZipSizes(withPart(Buffer.alloc(ZIP_LIMITS.ratioFromBytes + 1, 0x41)))).toThrow(UnreadableWorkbookError);
    // Random bytes do not compress: 12 MB at ratio 1 is fine.
    const rng = mulberry32(3);
    const words = Uint32Array.from({ length: 3 * 1024 ** 2 }, () => Math.floor(rng() * 2 ** 32));
    const noise = Buffer.from(words.buffer);
    expect(() => checkZipSizes(withPart(noise))).not.toThrow();
    expect(() => checkZipSizes(withPart(Buffer.alloc(10), ZIP_LIMITS.totalBytes))).toThrow(/上限/);
  });
});

describe('XML entities', () => {
  /** The small ledger with a DOCTYPE in sharedStrings.xml and the first project's name replaced by `reference`. */
  async function withEntities(doctype: string, reference: string): Promise<Buffer> {
    const entries = (await zipEntries(ledger)).map((e) => {
      if (e.name !== 'xl/sharedStrings.xml') return e;
      const xml = e.data.toString('utf8').replace('?>', `?>${doctype}`).replace('南山至北岭高速公路', reference);
      return { ...e, data: Buffer.from(xml) };
    });
    return writeZip(entries);
  }

  test('nested entities (billion laughs) are not expanded: refused on one line', async () => {
    const levels = ['<!ENTITY l0 "ha">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    const file = write('laughs.xlsx', await withEntities(`<!DOCTYPE sst [${levels.join('')}]>`, '&l9;'));
    const r = cli(file);
    expectRefused(r, file, /不允许的实体引用/);
    expect(r.peakMb).toBeLessThan(400);
  });

  test('an external entity is never resolved: the file it names does not reach the report', async () => {
    const secret = write('secret.txt', 'TOP-SECRET-LEDGER-LINE');
    const file = write('external.xlsx', await withEntities(`<!DOCTYPE sst [<!ENTITY x SYSTEM "file://${secret}">]>`, '&x;'));
    const r = cli(file);
    expectRefused(r, file, /不允许的实体引用/);
    expect(r.stdout + r.stderr + JSON.stringify(r.report)).not.toContain('TOP-SECRET');
  });
});

describe('ZIP64 directories', () => {
  test('a workbook written with ZIP64 records is read, its parts sized and found, and a bomb in it still refused', async () => {
    const entries = await zipEntries(await smallLedger((_, ws) => ws.mergeCells('D5:E6')));
    const zip64 = writeZip([...entries, { name: 'xl/charts/chart1.xml', data: Buffer.from('<x/>') }], { zip64: true });
    expect(() => checkZipSizes(zip64)).not.toThrow();
    expect(scanFeatures(zip64)).toEqual({ pivotTables: 0, charts: 1, macros: false });
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const mergeBomb = sheet.data.toString('utf8').replace('D5:E6', 'A3:XFD2000');
    const withBomb = writeZip(entries.map((e) => (e === sheet ? { ...e, data: Buffer.from(mergeBomb) } : e)), { zip64: true });
    await expect(checkMergedAreas(withBomb, async (p) => inflateRawSync(p))).rejects.toThrow(/A3:XFD2000/);
    const sizeBomb = writeZip(entries.map((e) => (e === sheet ? { ...e, declaredSize: 5 * 1024 ** 3 } : e)), { zip64: true });
    expect(() => checkZipSizes(sizeBomb)).toThrow(/解压后约 5,120 MB/);

    const file = write('zip64.xlsx', zip64);
    const r = cli(file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.report.issues.some((i) => i.file === 'zip64.xlsx' && i.rule === 'negative-amount')).toBe(true);
  });
});

describe('merged areas', () => {
  /** The small ledger with its one merged area D5:E6 replaced by `merges` (XML written as given). */
  async function withMerges(merges: string, opts: { stored?: boolean } = {}): Promise<Buffer> {
    const bytes = await smallLedger((_, ws) => ws.mergeCells('D5:E6'));
    const entries = (await zipEntries(bytes)).map((e) => {
      if (e.name !== 'xl/worksheets/sheet1.xml') return e;
      const xml = e.data.toString('utf8').replace(/<mergeCells[^]*<\/mergeCells>/, merges);
      return { ...e, data: Buffer.from(xml), stored: opts.stored };
    });
    return writeZip(entries);
  }

  test('a 6 KB workbook merging A3:XFD2000 is refused at once (ExcelJS would build 33 million cells and run out of memory)', async () => {
    const bytes = await withMerges('<mergeCells count="1"><mergeCell ref="A3:XFD2000"/></mergeCells>');
    expect(bytes.length).toBeLessThan(10_000);
    const file = write('merge-bomb.xlsx', bytes);
    const r = cli(file);
    expectRefused(r, file, /合并单元格过多.*A3:XFD2000/);
    expect(r.peakMb).toBeLessThan(400);
    // The web page reads through the same loader: refused there too, before ExcelJS builds anything.
    await expect(readWorkbook(bytes)).rejects.toThrow(/合并单元格过多/);
  });

  test('checkMergedAreas: the limit counts every merged cell of every area, in any namespace, stored or deflated', async () => {
    const check = (bytes: Uint8Array) => checkMergedAreas(bytes, async (p) => inflateRawSync(p));
    expect(MAX_MERGED_CELLS).toBe(2000 * 1000);
    // 2,000 rows × 1,000 columns (A:ALL) = exactly the limit: still read.
    await expect(check(await withMerges('<mergeCells count="1"><mergeCell ref="A1:ALL2000"/></mergeCells>'))).resolves.toBeUndefined();
    const overBy2 = await withMerges('<mergeCells count="2"><mergeCell ref="A1:ALL2000"/><mergeCell ref="A2001:B2001"/></mergeCells>');
    await expect(check(overBy2)).rejects.toThrow(UnreadableWorkbookError);
    const prefixed = await withMerges('<x:mergeCells count="1"><x:mergeCell ref="$A$1:$XFD$200"/></x:mergeCells>', { stored: true });
    await expect(check(prefixed)).rejects.toThrow(/A1:XFD200/);
    // A real ledger with a title merged over its columns passes, and so does a file that is not a ZIP.
    await expect(check(await withMerges('<mergeCells count="1"><mergeCell ref="A1:Y1"/></mergeCells>'))).resolves.toBeUndefined();
    await expect(check(Buffer.from('序号,项目名称\n'))).resolves.toBeUndefined();
  });
});

describe('huge content', () => {
  test('a sheet filled to the last row Excel has (1,048,576): refused on one line, in bounded time and memory', () => {
    const row = (r: number) => `<row r="${r}"><c r="A${r}"><v>${r - 1}</v></c><c r="B${r}" t="s"><v>3</v></c><c r="C${r}"><v>${r % 9000}</v></c></row>`;
    const rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'];
    for (let r = 2; r <= 1_048_576; r++) rows.push(row(r));
    const strings = ['序号', '项目名称', '总投资（万元）', '城南污水处理厂'].map((t) => `<si><t>${t}</t></si>`).join('');
    const file = write('last-row.xlsx', rawWorkbook({ sheet: rows.join(''), strings }));
    const r = cli(file);
    expectRefused(r, file, /数据行超过 200,000 行（读到工作表“台账”第 200,001 行时超出）/);
    expect(r.peakMb).toBeLessThan(1500);
  }, 120_000);

  test('10 million characters in one cell: checked, or refused with one clear line; never a crash', async () => {
    const bytes = await smallLedger((_, ws) => ws.addRow([3, '长'.repeat(10_000_000), '新开工', '基础设施', '七星区', 5000, 1000]));
    const file = write('ten-million.xlsx', bytes);
    const r = cli(file);
    expect(r.stderr).not.toMatch(/\n\s+at |内部错误/);
    if (r.code === 2) expectRefused(r, file, /.+/);
    else {
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('ten-million.xlsx');
      expectGoodChecked(r);
    }
  });
});

describe('a marked copy that cannot be made or written', () => {
  test('the file is named on one line, and the files after it are still checked and copied', async () => {
    const blocked = write('blocked.xlsx', ledger);
    const clash = write('clash.xlsx', await smallLedger((wb) => wb.addWorksheet('_ledgercheck').addRow(['我的笔记'])));
    // Document properties with a date ExcelJS cannot write back (found by mutating bytes).
    const props = (await zipEntries(ledger)).map((e) =>
      e.name === 'docProps/core.xml' ? { ...e, data: Buffer.from(e.data.toString('utf8').replace(/(<dcterms:created[^>]*>)[^<]*/, '$1yesterday')) } : e,
    );
    const badDate = write('bad-date.xlsx', writeZip(props));
    const after = write('after.xlsx', ledger);
    const out = mkdtempSync(path.join(dir, 'out-'));
    mkdirSync(path.join(out, 'blocked-校验.xlsx')); // a folder where the copy should go
    const json = path.join(out, 'report.json');
    const r = runCli(build, ['validate', blocked, clash, badDate, after, '--as-of', '2024-11-30', '--out', out, '--json', json]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at |内部错误/);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`✗ ${blocked}：无法写入标记副本 ${path.join(out, 'blocked-校验.xlsx')}（EISDIR）`);
    // A person's sheet named like LedgerCheck's record sheet in another case, and the bad date: each
    // copied, or refused on one line naming the file (both refused today: write.ts bugs, reported).
    for (const file of [clash, badDate]) {
      const line = lines.find((l) => l.startsWith(`✗ ${file}：`));
      if (line) expect(line).toMatch(/：无法生成标记副本（.+）$/);
      else expect(existsSync(path.join(out, `${path.basename(file, '.xlsx')}-校验.xlsx`))).toBe(true);
    }
    expect(lines.every((l) => [blocked, clash, badDate].some((f) => l.startsWith(`✗ ${f}：`)))).toBe(true);
    expect(existsSync(path.join(out, 'after-校验.xlsx'))).toBe(true);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(['blocked.xlsx', 'clash.xlsx', 'bad-date.xlsx', 'after.xlsx']);
    expect(report.files[0].error).toMatch(/EISDIR/);
    // Each file was checked: its issues are in the report even where its copy failed.
    for (const f of ['blocked.xlsx', 'clash.xlsx', 'bad-date.xlsx', 'after.xlsx']) {
      expect(report.issues.some((i: { file: string; rule: string }) => i.file === f && i.rule === 'negative-amount')).toBe(true);
    }
  });
});
