/**
 * ledger-check validate <files or folders…>: checks each .xlsx, prints a readable summary, writes
 * the JSON report and, with --out, a marked copy of each workbook. Inputs are never written.
 * Exit 0: no error; 1: errors found; 2: an input could not be read (the others are still checked).
 */
import { promises as fs } from 'fs';
import path from 'path';
import { analyze, buildWritePlan, combineReports, type Analysis } from '../core';
import type { Profile } from '../core/profile';
import type { FileReport } from '../core/types';
import { copyNotices, NO_PIVOTS_IN_COPY, readWorkbook, UnreadableWorkbookError, writeMarkedCopy } from '../xlsx';
import { parseArgs, UsageError, USAGE } from './args';
import { formatFileSummary, formatPhaseCategory } from './print';

/** Files larger than this get progress lines on stderr. */
const PROGRESS_BYTES = 2 * 1024 * 1024;

async function expandInputs(inputs: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.xlsx$/i.test(e.name) && !e.name.startsWith('~$')) files.push(p);
    }
  };
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => undefined);
    if (!stat) missing.push(input);
    else if (stat.isDirectory()) await walk(input);
    else files.push(input);
  }
  return { files, missing };
}

/** A checked file whose marked copy could not be made or written. */
class CopyError extends Error {}

const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function loadProfile(file: string | undefined): Promise<Partial<Profile> | undefined> {
  if (!file) return undefined;
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new UsageError(`无法读取配置文件“${file}”`);
  });
  try {
    return JSON.parse(text) as Partial<Profile>;
  } catch {
    throw new UsageError(`配置文件“${file}”不是有效的 JSON`);
  }
}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    out.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  let exit = 0;
  try {
    const opts = parseArgs(argv);
    const profile = await loadProfile(opts.profile);
    const asOf = opts.asOf ?? today();
    const { files, missing } = await expandInputs(opts.inputs);
    const failed: FileReport[] = [];
    for (const m of missing) {
      err.write(`✗ ${m}：找不到该文件或文件夹\n`);
      failed.push({ file: m, sheets: [], error: '找不到该文件或文件夹' });
    }
    if (files.length === 0 && missing.length === 0) err.write('✗ 没有找到 .xlsx 文件\n');
    const analyses: Analysis[] = [];
    let failedAfterCheck = 0;
    if (opts.out) await fs.mkdir(opts.out, { recursive: true });
    for (const file of files) {
      const name = path.basename(file);
      const progress = (step: string) => err.write(`  … ${name}：${step}\n`);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await fs.readFile(file));
      } catch (e) {
        err.write(`✗ ${file}：无法打开（${(e as NodeJS.ErrnoException).code ?? e}）\n`);
        failed.push({ file, sheets: [], error: '无法打开' });
        continue;
      }
      const big = bytes.length > PROGRESS_BYTES;
      let analysis: Analysis | undefined;
      try {
        if (big) progress('读取工作表');
        const grid = await readWorkbook(bytes);
        if (big) progress('分析');
        analysis = analyze(grid, { asOf, planYear: opts.year, profile, file: name });
        analyses.push(analysis);
        const notices = copyNotices(grid.features);
        out.write(`${formatFileSummary(name, analysis.report, opts.out ? notices : [])}\n`);
        if (opts.out) {
          if (big) progress('写入标记副本');
          const plan = buildWritePlan(analysis, {
            existing: grid.sheets.map((s) => s.name),
            owned: grid.ownedSheets ?? [],
            summaries: true,
            notices: [...notices, NO_PIVOTS_IN_COPY],
          });
          const target = path.join(opts.out, `${name.replace(/\.xlsx$/i, '')}-校验.xlsx`);
          if (path.resolve(target) === path.resolve(file)) throw new UsageError(`标记副本不能覆盖原文件：${file}`);
          const copy = await writeMarkedCopy(bytes, plan).catch((e) => {
            throw new CopyError(`无法生成标记副本（${oneLine(e)}）`);
          });
          await fs.writeFile(target, copy).catch((e: NodeJS.ErrnoException) => {
            throw new CopyError(`无法写入标记副本 ${target}（${e.code ?? oneLine(e)}）`);
          });
          out.write(`  标记副本：${target}\n`);
        }
      } catch (e) {
        if (e instanceof UsageError) throw e;
        // One file's failure never stops the others: its reason on one line, then the next file.
        const reason = e instanceof UnreadableWorkbookError ? e.zh : e instanceof CopyError ? e.message : `处理该文件时出错（${oneLine(e)}）`;
        err.write(`✗ ${file}：${reason}\n`);
        if (analysis) {
          analysis.report.files[0].error = reason;
          failedAfterCheck++;
        } else failed.push({ file: name, sheets: [], error: reason });
      }
    }
    const report = combineReports(analyses, asOf, opts.year, failed);
    if (analyses.length > 0) out.write(`\n${formatPhaseCategory(report)}\n`);
    if (opts.json) {
      await fs.mkdir(path.dirname(path.resolve(opts.json)), { recursive: true });
      await fs.writeFile(opts.json, JSON.stringify(report, null, 2));
      out.write(`报告：${opts.json}\n`);
    }
    if (failed.length > 0 || failedAfterCheck > 0) exit = 2;
    else if (report.issues.some((i) => i.severity === 'error')) exit = 1;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`✗ ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    err.write(`✗ 内部错误：${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  return exit;
}
