#!/usr/bin/env node
'use strict';
/**
 * Benchmark (issue 5): how much LedgerCheck adds on top of merely reading the workbook.
 *
 *   npm run bench                      builds the CLI, then runs every size and writes bench/RESULTS.md
 *   node scripts/bench.js --sizes 1000,10000 --runs 3
 *
 * For sectioned ledgers of 1k, 10k and 100k project rows (25 columns, with faults), side by side:
 *   floor     a fresh node process that loads the file with ExcelJS and does nothing else
 *   validate  `node bin/ledger-check.js validate FILE --as-of … --year … --json …`, end to end
 *   engine    analyze() alone on the grid already in memory (dist-cli/core + dist-cli/xlsx)
 * Each figure is the median of a few runs, each run in its own process so one run's heap does
 * not flatter the next. Peak memory is the process's maximum resident set size.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const AS_OF = '2024-11-30';
const PLAN_YEAR = 2024;
const COLUMNS = 25;
const DEFAULT_SIZES = [1000, 10000, 100000];
/** Fewer runs where one run takes long. */
const runsFor = (rows, override) => override ?? (rows >= 100000 ? 3 : rows >= 10000 ? 3 : 5);
const BUDGET = { validateOverFloor: 1.3, engineRowsPerSecond: 200000, memoryOverFloor: 2.5 };
const TIME_BIN = '/usr/bin/time';
const RSS_MARK = 'BENCH_MAXRSS_KB=';

// ---------------------------------------------------------------- children

/** The process measured as "floor": read the bytes, load them with ExcelJS, exit. */
async function childFloor(file) {
  const ExcelJS = require('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file));
  if (wb.worksheets.length === 0) throw new Error('no sheets read');
}

/** Reads the grid; the ExcelJS workbook and the bytes go out of scope here, so analyze() runs without them. */
async function readGrid(file) {
  const { loadWorkbook, workbookToGrid } = require(path.join(ROOT, 'dist-cli', 'xlsx'));
  let t = process.hrtime.bigint();
  const wb = await loadWorkbook(new Uint8Array(fs.readFileSync(file)));
  const loadMs = ms(t);
  t = process.hrtime.bigint();
  const grid = workbookToGrid(wb);
  return { grid, loadMs, gridMs: ms(t) };
}

/** Engine alone: read the grid (timed apart), then analyze() `runs` times on it. */
async function childEngine(file, runs) {
  const { analyze } = require(path.join(ROOT, 'dist-cli', 'core'));
  const { grid, loadMs, gridMs } = await readGrid(file);
  const analyzeMs = [];
  let projects = 0;
  let issues = 0;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const { report } = analyze(grid, { asOf: AS_OF, planYear: PLAN_YEAR });
    analyzeMs.push(ms(t));
    projects = report.rows.filter((r) => r.kind === 'project').length;
    issues = report.issues.length;
  }
  process.stdout.write(JSON.stringify({ loadMs, gridMs, analyzeMs, projects, issues }));
}

/** Runs a node script with argv as given and reports its peak RSS where /usr/bin/time is missing. */
function childRss(script, args) {
  process.on('exit', () => process.stderr.write(`\n${RSS_MARK}${process.resourceUsage().maxRSS}\n`));
  process.argv = [process.argv[0], script, ...args];
  require(path.resolve(script));
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

// ---------------------------------------------------------------- measuring

/**
 * Runs `node ...args` in a fresh process: wall time from spawn to exit, peak RSS.
 * Exit codes in `okCodes` count as success (validate exits 1 when it found errors).
 */
function measureNode(args, okCodes = [0]) {
  const useTime = fs.existsSync(TIME_BIN);
  const cmd = useTime ? TIME_BIN : process.execPath;
  const full = useTime
    ? ['-v', process.execPath, ...args]
    : [__filename, '--child', 'rss', args[0], ...args.slice(1)];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = ms(t0);
  if (r.error) throw r.error;
  if (!okCodes.includes(r.status)) {
    throw new Error(`node ${args.join(' ')} exited ${r.status}:\n${(r.stderr || '').slice(-2000)}`);
  }
  const m = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr) : new RegExp(`${RSS_MARK}(\\d+)`).exec(r.stderr);
  if (!m) throw new Error(`no peak memory reported for node ${args.join(' ')}`);
  return { wallMs, rssMb: Number(m[1]) / 1024, stdout: r.stdout };
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Compares the CLI's JSON report with the generator's truth (the same test as the engine's fixtures). */
function truthCheck(reportFile, truth) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  const key = (i) => `${i.rule}|${i.sheet}|${i.row}`;
  const got = report.issues.filter((i) => i.severity !== 'info' && i.row !== undefined);
  const gotKeys = new Set(got.map(key));
  const allowed = new Set([...truth.issues, ...truth.dontcare].map(key));
  const missed = truth.issues.filter((i) => !gotKeys.has(key(i))).length;
  const falseAlarms = got.filter((i) => !allowed.has(key(i))).length;
  return { missed, falseAlarms, expected: truth.issues.length };
}

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() has the model
  }
  const nproc = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return {
    cpu, nproc, memoryGb: (os.totalmem() / 2 ** 30).toFixed(1), node: process.version,
    exceljs: require('exceljs/package.json').version, platform: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os.loadavg().map((x) => x.toFixed(1)).join(' / '),
  };
}

// ---------------------------------------------------------------- the run

function parseArgs(argv) {
  const out = { sizes: DEFAULT_SIZES, runs: undefined, out: path.join(ROOT, 'bench', 'RESULTS.md') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') out.sizes = argv[++i].split(',').map((s) => Number(s.replace(/k$/i, '000')));
    else if (argv[i] === '--runs') out.runs = Number(argv[++i]);
    else if (argv[i] === '--out') out.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return out;
}

async function bench(argv) {
  const opts = parseArgs(argv);
  const loadBefore = os.loadavg()[0].toFixed(1);
  for (const f of ['dist-cli/core/index.js', 'dist-cli/xlsx/index.js', 'dist-cli/cli/main.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build:cli\` first (npm run bench does)`);
  }
  const { writeLedger } = require('./fixtures');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgercheck-bench-'));
  const results = [];
  try {
    for (const rows of opts.sizes) {
      const runs = runsFor(rows, opts.runs);
      const file = path.join(dir, `sectioned-${rows}.xlsx`);
      let t = process.hrtime.bigint();
      const truth = await writeLedger({ layout: 'sectioned', rows, columns: COLUMNS, seed: 42, faults: true }, file);
      const generateMs = ms(t);
      const sizeMb = fs.statSync(file).size / 2 ** 20;
      log(`${rows} rows: generated ${sizeMb.toFixed(1)} MB in ${(generateMs / 1000).toFixed(1)} s; ${runs} runs each`);

      const floor = [];
      const validate = [];
      let check;
      for (let i = 0; i < runs; i++) {
        // Alternate the two so that a slow moment of the machine does not land on one side only.
        floor.push(measureNode([__filename, '--child', 'floor', file]));
        const json = path.join(dir, `report-${rows}.json`);
        validate.push(measureNode([path.join('bin', 'ledger-check.js'), 'validate', file, '--as-of', AS_OF,
          '--year', String(PLAN_YEAR), '--json', json], [0, 1]));
        check = truthCheck(json, truth);
        log(`  run ${i + 1}: floor ${(floor[i].wallMs / 1000).toFixed(2)} s ${floor[i].rssMb.toFixed(0)} MB, ` +
          `validate ${(validate[i].wallMs / 1000).toFixed(2)} s ${validate[i].rssMb.toFixed(0)} MB`);
      }
      const engineRun = spawnSync(process.execPath, [__filename, '--child', 'engine', file, String(runs)],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (engineRun.status !== 0) throw new Error(`engine run failed:\n${engineRun.stderr.slice(-2000)}`);
      const engine = JSON.parse(engineRun.stdout);
      const analyzeMs = median(engine.analyzeMs);
      const r = {
        rows, projects: engine.projects, sizeMb, runs, generateMs,
        floorMs: median(floor.map((x) => x.wallMs)), validateMs: median(validate.map((x) => x.wallMs)),
        floorRss: median(floor.map((x) => x.rssMb)), validateRss: median(validate.map((x) => x.rssMb)),
        loadMs: engine.loadMs, gridMs: engine.gridMs, analyzeMs, analyzeAll: engine.analyzeMs,
        rowsPerSecond: engine.projects / (analyzeMs / 1000), check,
      };
      results.push(r);
      log(`  floor ${sec(r.floorMs)}, validate ${sec(r.validateMs)} (×${(r.validateMs / r.floorMs).toFixed(2)}), ` +
        `engine ${sec(r.analyzeMs)} = ${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s, ` +
        `memory ${r.floorRss.toFixed(0)} → ${r.validateRss.toFixed(0)} MB; truth: ${check.missed} missed, ${check.falseAlarms} false alarms`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const md = renderResults(results, { ...machine(), loadBefore }, opts);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, md);
  console.log('\n' + md);
  log(`written to ${path.relative(process.cwd(), opts.out)}`);
}

const sec = (msValue) => `${(msValue / 1000).toFixed(2)} s`;
const log = (s) => process.stderr.write(s + '\n');

function renderResults(results, m, opts) {
  const verdict = (ok) => (ok ? 'within budget' : '**over budget**');
  const lines = [];
  lines.push('# LedgerCheck benchmark');
  lines.push('');
  lines.push(`Run: \`npm run bench\` (node scripts/bench.js${opts.sizes.join(',') === DEFAULT_SIZES.join(',') ? '' : ` --sizes ${opts.sizes.join(',')}`}), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
  lines.push('');
  lines.push(`Machine: ${m.cpu}, ${m.nproc} CPUs available, ${m.memoryGb} GiB RAM, ${m.platform}; Node ${m.node}, ExcelJS ${m.exceljs}. ` +
    `Load average (1 min) ${m.loadBefore} at the start, ${m.load} (1/5/15 min) at the end: other processes share these CPUs, so single figures wobble; compare ratios taken in the same run.`);
  lines.push('');
  lines.push(`Input: sectioned ledgers from \`scripts/fixtures.js\` (title, 单位：亿元, two-row merged header, 合计, 一、/（一） sections, ` +
    `text and Excel dates), ${COLUMNS} columns, one injected fault per single-row rule, seed 42. Checked with ` +
    `\`--as-of ${AS_OF} --year ${PLAN_YEAR}\`. Times are medians of separate processes; memory is peak RSS.`);
  lines.push('');
  lines.push('| project rows | file | floor: ExcelJS read | validate (CLI, end to end) | validate / floor | engine alone (analyze) | engine rows/s | peak RSS floor | peak RSS validate | RSS validate / floor | report vs truth |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    lines.push(`| ${r.projects.toLocaleString('en')} | ${r.sizeMb.toFixed(1)} MB | ${sec(r.floorMs)} | ${sec(r.validateMs)} | ` +
      `${(r.validateMs / r.floorMs).toFixed(2)} | ${(r.analyzeMs / 1000).toFixed(3)} s | ${Math.round(r.rowsPerSecond).toLocaleString('en')} | ` +
      `${r.floorRss.toFixed(0)} MB | ${r.validateRss.toFixed(0)} MB | ${(r.validateRss / r.floorRss).toFixed(2)} | ` +
      `${r.check.expected - r.check.missed}/${r.check.expected} found, ${r.check.falseAlarms} false alarms |`);
  }
  lines.push('');
  lines.push('Where the time of one in-process read goes (engine child, one run): ExcelJS load → grid conversion → analyze.');
  lines.push('');
  lines.push('| project rows | ExcelJS load | workbook → grid | analyze (median of runs) | analyze runs |');
  lines.push('| ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    lines.push(`| ${r.projects.toLocaleString('en')} | ${sec(r.loadMs)} | ${sec(r.gridMs)} | ${(r.analyzeMs / 1000).toFixed(3)} s | ${r.analyzeAll.map((x) => (x / 1000).toFixed(3)).join(', ')} |`);
  }
  const big = results.reduce((a, b) => (b.rows > a.rows ? b : a), results[0]);
  lines.push('');
  lines.push(`Budget (at ${big.projects.toLocaleString('en')} rows):`);
  lines.push('');
  lines.push(`- validate ≤ ${BUDGET.validateOverFloor} × floor: ${(big.validateMs / big.floorMs).toFixed(2)} × — ${verdict(big.validateMs / big.floorMs <= BUDGET.validateOverFloor)}`);
  lines.push(`- engine ≥ ${BUDGET.engineRowsPerSecond.toLocaleString('en')} project rows/s: ${Math.round(big.rowsPerSecond).toLocaleString('en')} — ${verdict(big.rowsPerSecond >= BUDGET.engineRowsPerSecond)}`);
  lines.push(`- peak memory ≤ ${BUDGET.memoryOverFloor} × floor's: ${(big.validateRss / big.floorRss).toFixed(2)} × — ${verdict(big.validateRss / big.floorRss <= BUDGET.memoryOverFloor)}`);
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------- entry

async function main(argv) {
  if (argv[0] === '--child') {
    const [, mode, ...rest] = argv;
    if (mode === 'floor') return childFloor(rest[0]);
    if (mode === 'engine') return childEngine(rest[0], Number(rest[1]));
    if (mode === 'rss') return childRss(rest[0], rest.slice(1));
    throw new Error(`unknown child mode ${mode}`);
  }
  return bench(argv);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
