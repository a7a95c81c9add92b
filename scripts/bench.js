#!/usr/bin/env node
'use strict';
/**
 * Benchmark (issue 5): how much LedgerCheck adds on top of merely reading the workbook.
 *
 *   npm run bench                      builds the CLI, then runs every size and writes bench/RESULTS.md
 *   node scripts/bench.js --sizes 1000,10000 --runs 3 [--no-office]
 *   node scripts/bench.js --profile 10000    one cold analyze() under the V8 profiler: top self and inclusive time
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
/** Ledger size for the Office.js port figures (round trips and bytes do not depend on the machine). */
const OFFICE_ROWS = 10000;

// ---------------------------------------------------------------- children

/** The process measured as "floor": read the bytes, load them with ExcelJS, exit. */
async function childFloor(file) {
  const ExcelJS = require('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file));
  if (wb.worksheets.length === 0) throw new Error('no sheets read');
}

/**
 * Reads the grid as validate does (src/xlsx/grid.ts, straight from the bytes), and, for reference, times
 * ExcelJS loading the same bytes in the same process; neither's garbage is alive when analyze() runs.
 */
async function readGrid(file) {
  const { loadWorkbook, readWorkbook } = require(path.join(ROOT, 'dist-cli', 'xlsx'));
  const bytes = new Uint8Array(fs.readFileSync(file));
  let t = process.hrtime.bigint();
  await loadWorkbook(bytes);
  const loadMs = ms(t);
  global.gc?.();
  t = process.hrtime.bigint();
  const grid = await readWorkbook(bytes);
  return { grid, loadMs, gridMs: ms(t) };
}

/**
 * The host's speed at this moment, by two fixed workloads that allocate nothing: integer arithmetic in
 * registers, and a walk of dependent loads through 64 MB (each a likely cache miss, as the engine's
 * reads of the grid's cells are). On a shared VM both swing from minute to minute; the engine follows.
 */
function hostProbe(walk) {
  let t = process.hrtime.bigint();
  let h = 0x811c9dc5;
  for (let i = 0; i < 30_000_000; i++) h = Math.imul(h ^ (i & 0xff), 0x01000193) >>> 0;
  const cpuMs = ms(t);
  t = process.hrtime.bigint();
  let at = 0;
  for (let i = 0; i < 1_000_000; i++) at = walk[at];
  return { cpuMs, walkMs: ms(t), sink: h ^ at };
}

/** One cycle through every slot of an array of 16M slots (64 MB) in random order, touched before it is timed. */
function memoryWalk() {
  const n = 16 * 2 ** 20;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let seed = 42;
  for (let i = n - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const walk = new Int32Array(n);
  for (let i = 0; i < n; i++) walk[order[i]] = order[(i + 1) % n];
  return walk;
}

/** Engine alone: read the grid (timed apart), then analyze() `runs` times on it, each after a probe of the host. */
async function childEngine(file, runs) {
  const { analyze } = require(path.join(ROOT, 'dist-cli', 'core'));
  const { grid, loadMs, gridMs } = await readGrid(file);
  const walk = memoryWalk();
  const analyzeMs = [];
  const probes = [];
  let projects = 0;
  let issues = 0;
  for (let i = 0; i < runs; i++) {
    const { cpuMs, walkMs } = hostProbe(walk);
    probes.push({ cpuMs, walkMs });
    const t = process.hrtime.bigint();
    const { report } = analyze(grid, { asOf: AS_OF, planYear: PLAN_YEAR });
    analyzeMs.push(ms(t));
    projects = report.rows.filter((r) => r.kind === 'project').length;
    issues = report.issues.length;
  }
  // What one analysis keeps alive (rows read, records, the report), per project row.
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const kept = analyze(grid, { asOf: AS_OF, planYear: PLAN_YEAR });
  global.gc();
  const keptBytesPerRow = (process.memoryUsage().heapUsed - before) / projects;
  if (kept.report.issues.length !== issues) throw new Error('analyze() gave a different report on the same grid');
  process.stdout.write(JSON.stringify({ loadMs, gridMs, analyzeMs, probes, projects, issues, keptBytesPerRow }));
}

/**
 * One cold analyze() under the V8 profiler (the grid is read before the profiler starts, so the
 * profile holds the engine only), written as a .cpuprofile.
 */
async function childProfile(file, out) {
  const inspector = require('inspector');
  const { analyze } = require(path.join(ROOT, 'dist-cli', 'core'));
  const { grid } = await readGrid(file);
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 250 });
  await post('Profiler.start');
  analyze(grid, { asOf: AS_OF, planYear: PLAN_YEAR });
  const { profile } = await post('Profiler.stop');
  fs.writeFileSync(out, JSON.stringify(profile));
}

/** Self and inclusive time per function of a .cpuprofile, heaviest first. */
function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const keyOf = (n) => {
    const url = n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/dist-cli\//, 'dist-cli/');
    return url ? `${n.callFrame.functionName || '(anonymous)'}  ${url}:${n.callFrame.lineNumber + 1}` : n.callFrame.functionName;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  const walk = (id, onStack) => {
    const n = byId.get(id);
    const key = keyOf(n);
    let t = selfUs.get(id) ?? 0;
    total += t;
    self.set(key, (self.get(key) ?? 0) + t);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    for (const child of n.children ?? []) t += walk(child, onStack);
    if (fresh) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
    return t;
  };
  walk(profile.nodes[0].id, new Set());
  const top = (m, n, keep) => [...m].filter(([k]) => keep(k)).sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  // The profiler's own stop call shows up as "dispatch": not the engine's time.
  const ownTime = (k) => !/^(dispatch|\(root\)|\(program\)|\(idle\))$/.test(k);
  return [`analyze(): ${(total / 1000).toFixed(0)} ms sampled`, '', 'Top self time:', ...top(self, 20, ownTime), '',
    'Inclusive time, engine functions:', ...top(inclusive, 20, (k) => k.includes('dist-cli/core/'))].join('\n');
}

async function profileEngine(rows) {
  const { writeLedger } = require('./fixtures');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgercheck-profile-'));
  try {
    const file = path.join(dir, `sectioned-${rows}.xlsx`);
    await writeLedger({ layout: 'sectioned', rows, columns: COLUMNS, seed: 42, faults: true }, file);
    const out = path.join(dir, 'analyze.cpuprofile');
    const run = spawnSync(process.execPath, [__filename, '--child', 'profile', file, out], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`profile run failed:\n${run.stderr.slice(-2000)}`);
    console.log(summariseProfile(JSON.parse(fs.readFileSync(out, 'utf8'))));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a node script with argv as given and reports its peak RSS where /usr/bin/time is missing. On Linux
 * that is VmHWM: getrusage's maxRSS also counts the pages of the (large) bench process it was forked from.
 */
function childRss(script, args) {
  const peakKb = () => {
    try {
      return Number(/VmHWM:\s*(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
    } catch {
      return process.resourceUsage().maxRSS;
    }
  };
  process.on('exit', () => process.stderr.write(`\n${RSS_MARK}${peakKb()}\n`));
  process.argv = [process.argv[0], script, ...args];
  require(path.resolve(script));
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * Lets this process require the add-in's TypeScript (src/excel, test/excel/fakeExcel.ts) without a
 * build: each .ts file is transpiled to CommonJS on load. Used by the Office.js child only.
 */
function registerTypeScript() {
  const ts = require('typescript');
  require.extensions['.ts'] = (module, filename) => {
    const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    });
    module._compile(out.outputText, filename);
  };
}

/** The generated ledger as the fake Excel's sheets: values (dates as serials), number formats, merges. */
function fakeSheetsFrom(workbook) {
  const EPOCH = Date.UTC(1899, 11, 30);
  return workbook.worksheets.map((ws) => {
    const rows = [];
    const formats = {};
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const values = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        let v = cell.value;
        if (v instanceof Date) v = (v.getTime() - EPOCH) / 86400000;
        else if (v && typeof v === 'object') v = 'result' in v ? v.result : null;
        values[c - 1] = v ?? null;
        if (cell.numFmt && v !== null && v !== undefined) formats[cell.address] = cell.numFmt;
      });
      for (let c = 0; c < values.length; c++) if (values[c] === undefined) values[c] = null;
      rows[r - 1] = values;
    });
    for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = [];
    const merges = ws.model.merges ?? [];
    // The fake Excel, like Excel, shows a merged area's value in its top-left cell only.
    for (const m of merges) {
      const [a, b] = m.split(':').map((x) => /([A-Z]+)(\d+)/.exec(x));
      const col = (l) => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      for (let r = +a[2] - 1; r <= +b[2] - 1; r++) {
        for (let c = col(a[1]); c <= col(b[1]); c++) if (r !== +a[2] - 1 || c !== col(a[1])) if (rows[r]) rows[r][c] = null;
      }
    }
    return { name: ws.name, rows, formats, merges };
  });
}

/**
 * The Office.js port over the counting fake Excel (test/excel/fakeExcel.ts): round trips (context.sync)
 * and bytes for a validate of a 10k-row ledger (read, then marks + results sheet), for a second
 * validate (its marks found again and replaced), for 生成汇总, and for writing then clearing 10,000
 * marks. Request bytes are the fake's estimate of what each sync sends (every command ≈ 120 bytes of
 * object path and action, plus its arguments as JSON); response bytes are what the fake returns.
 */
async function childOffice(rows) {
  registerTypeScript();
  const { generateLedger } = require('./fixtures');
  const { FakeWorkbook } = require(path.join(ROOT, 'test', 'excel', 'fakeExcel.ts'));
  const { ExcelWorkbookPort } = require(path.join(ROOT, 'src', 'excel', 'index.ts'));
  const { analyze } = require(path.join(ROOT, 'dist-cli', 'core'));
  const { buildWritePlan } = require(path.join(ROOT, 'dist-cli', 'core', 'plan'));

  const { workbook, truth } = generateLedger({ layout: 'sectioned', rows, columns: COLUMNS, seed: 42, faults: true });
  const book = new FakeWorkbook(fakeSheetsFrom(workbook));
  const store = new Map();
  const settings = {
    get: (k) => store.get(k), set: (k, v) => store.set(k, JSON.parse(JSON.stringify(v))), remove: (k) => store.delete(k),
    saveAsync: (cb) => cb && cb({ status: 'succeeded' }),
  };
  const features = { pivots: true, cellProperties: true, comments: true, mergedAreas: true, notes: true };
  const port = new ExcelWorkbookPort({ run: book.run, features, settings, displayLanguage: 'zh-CN' });

  const step = async (label, fn) => {
    const syncsBefore = book.syncs.length;
    const t = process.hrtime.bigint();
    const result = await fn();
    const done = book.syncs.slice(syncsBefore);
    const sum = (f) => done.reduce((a, x) => a + f(x), 0);
    const max = (f) => Math.max(0, ...done.map(f));
    return { label, syncs: done.length, requestBytes: sum((x) => x.requestBytes), maxRequest: max((x) => x.requestBytes),
      responseBytes: sum((x) => x.responseBytes), maxResponse: max((x) => x.responseBytes), ms: ms(t), result };
  };
  const steps = [];
  const readStep = async (label) => ({ ...(await step(label, () => port.read())), readBatches: port.lastReadStats.batchBytes.length });
  const read = await readStep('read (validate, step 1)');
  steps.push(read);
  const analysis = analyze(read.result, { asOf: AS_OF, planYear: PLAN_YEAR });
  const names = book.sheets.map((x) => x.name);
  const plan = buildWritePlan(analysis, { existing: names, owned: [], summaries: false });
  steps.push(await step(`apply: ${plan.marks.length} marks + 校验结果 (validate, step 2)`, () => port.apply(plan)));
  steps.push(await readStep('read again (second validate: sheets asked for with the sheet list, our rules and notes found on the way)'));
  steps.push(await step(`apply again: ${plan.marks.length} marks replace the first ones`, () => port.apply(plan)));
  const names2 = book.sheets.map((x) => x.name);
  const full = buildWritePlan(analysis, { existing: names2, owned: names2.filter((n) => !names.includes(n)), summaries: true });
  steps.push(await step('apply with summaries (生成汇总: data table, 阶段×类别, 县区, pivots, chart)', () => port.apply(full)));
  await step('clear', () => port.clearMarks());

  // 10,000 marks: every project row's name cell and then more, mixed severities, one note each.
  const sheet = truth.sheets[0].name;
  const marks = [];
  const severities = ['error', 'warning', 'info'];
  for (let i = 0; marks.length < 10000; i++) {
    const row = 6 + (i % rows);
    const col = 1 + Math.floor(i / rows) * 3;
    marks.push({ sheet, row, col, severity: severities[i % 3], note: `校验：第${row}行的问题说明（${i}）` });
  }
  const tenK = { marks, sheets: [], pivots: [], charts: [] };
  // As in a validation, the apply follows a read (whose own round trips are the read's, above).
  await port.read();
  steps.push(await step('apply: 10,000 marks right after a read (no sheets)', () => port.apply(tenK)));
  steps.push(await step('clear the 10,000 marks (delete our rules and notes)', () => port.clearMarks()));
  const grid = read.result;
  const cells = grid.sheets.reduce((a, g) => a + g.values.reduce((b, r) => b + r.length, 0), 0);
  process.stdout.write(JSON.stringify({ rows, cells, issues: analysis.report.issues.length, marks: plan.marks.length,
    steps: steps.map(({ result, ...rest }) => rest) }));
}



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
  // New memory can cost far more than memory touched before (first-touch page faults, large on some VMs):
  // on such a machine every byte the engine keeps is time.
  const probe = Buffer.alloc(256 * 2 ** 20);
  let t = process.hrtime.bigint();
  probe.fill(1);
  const firstTouchMs = ms(t);
  t = process.hrtime.bigint();
  probe.fill(2);
  const retouchMs = ms(t);
  return {
    firstTouchMs, retouchMs,
    cpu, nproc, memoryGb: (os.totalmem() / 2 ** 30).toFixed(1), node: process.version,
    exceljs: require('exceljs/package.json').version, platform: `${os.type()} ${os.release()} ${os.arch()}`,
    load: os.loadavg().map((x) => x.toFixed(1)).join(' / '),
  };
}

// ---------------------------------------------------------------- the run

function parseArgs(argv) {
  const out = { sizes: DEFAULT_SIZES, runs: undefined, out: path.join(ROOT, 'bench', 'RESULTS.md'), office: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') out.sizes = argv[++i].split(',').map((s) => Number(s.replace(/k$/i, '000')));
    else if (argv[i] === '--runs') out.runs = Number(argv[++i]);
    else if (argv[i] === '--out') out.out = path.resolve(argv[++i]);
    else if (argv[i] === '--no-office') out.office = false;
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
      // analyze() runs are cheap next to the floor's: at least 5, so one slow moment of the machine does not set the median.
      const engineRun = spawnSync(process.execPath, ['--expose-gc', __filename, '--child', 'engine', file, String(Math.max(runs, 5))],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (engineRun.status !== 0) throw new Error(`engine run failed:\n${engineRun.stderr.slice(-2000)}`);
      const engine = JSON.parse(engineRun.stdout);
      const analyzeMs = median(engine.analyzeMs);
      const r = {
        rows, projects: engine.projects, sizeMb, runs, generateMs,
        floorMs: median(floor.map((x) => x.wallMs)), validateMs: median(validate.map((x) => x.wallMs)),
        // Each validate run is paired with the floor run just before it: on a shared machine the
        // median of these ratios is steadier than a ratio of two medians.
        ratio: median(validate.map((x, i) => x.wallMs / floor[i].wallMs)),
        rssRatio: median(validate.map((x, i) => x.rssMb / floor[i].rssMb)),
        floorRss: median(floor.map((x) => x.rssMb)), validateRss: median(validate.map((x) => x.rssMb)),
        loadMs: engine.loadMs, gridMs: engine.gridMs, analyzeMs, analyzeAll: engine.analyzeMs, probes: engine.probes,
        floorAll: floor.map((x) => x.wallMs), validateAll: validate.map((x) => x.wallMs),
        rowsPerSecond: engine.projects / (analyzeMs / 1000), keptBytesPerRow: engine.keptBytesPerRow, check,
      };
      results.push(r);
      log(`  floor ${sec(r.floorMs)}, validate ${sec(r.validateMs)} (×${r.ratio.toFixed(2)}), ` +
        `engine ${sec(r.analyzeMs)} = ${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s, ` +
        `memory ${r.floorRss.toFixed(0)} → ${r.validateRss.toFixed(0)} MB; truth: ${check.missed} missed, ${check.falseAlarms} false alarms`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  let office;
  if (opts.office && fs.existsSync(path.join(ROOT, 'src', 'excel', 'index.ts')) && fs.existsSync(path.join(ROOT, 'test', 'excel', 'fakeExcel.ts'))) {
    log(`Office.js port over the counting fake Excel, ${OFFICE_ROWS.toLocaleString('en')}-row ledger…`);
    const run = spawnSync(process.execPath, [__filename, '--child', 'office', String(OFFICE_ROWS)],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // The port and its fake are still moving: a failure here is reported, not fatal to the other figures.
    if (run.status === 0) office = JSON.parse(run.stdout);
    else {
      office = { error: run.stderr.trim().split('\n').slice(-3).join(' ') };
      log(`  Office.js run failed: ${office.error}`);
    }
  }
  const md = renderResults(results, { ...machine(), loadBefore }, opts, office);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, md);
  console.log('\n' + md);
  log(`written to ${path.relative(process.cwd(), opts.out)}`);
}

const sec = (msValue) => `${(msValue / 1000).toFixed(2)} s`;
const log = (s) => process.stderr.write(s + '\n');

function renderResults(results, m, opts, office) {
  const verdict = (ok) => (ok ? 'within budget' : '**over budget**');
  const lines = [];
  lines.push('# LedgerCheck benchmark');
  lines.push('');
  lines.push(`Run: \`npm run bench\` (node scripts/bench.js${opts.sizes.join(',') === DEFAULT_SIZES.join(',') ? '' : ` --sizes ${opts.sizes.join(',')}`}), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
  lines.push('');
  lines.push(`Machine: ${m.cpu}, ${m.nproc} CPUs available, ${m.memoryGb} GiB RAM, ${m.platform}; Node ${m.node}, ExcelJS ${m.exceljs}. ` +
    `Load average (1 min) ${m.loadBefore} at the start, ${m.load} (1/5/15 min) at the end: other processes share these CPUs, so single figures wobble; compare ratios taken in the same run. ` +
    `New memory: 256 MB written for the first time in ${sec(m.firstTouchMs)}, written again in ${sec(m.retouchMs)} ` +
    `(${(m.firstTouchMs / m.retouchMs).toFixed(0)} ×): here every byte a run keeps costs about ${(m.firstTouchMs / 256).toFixed(1)} ms per MB.`);
  lines.push('');
  lines.push(`Input: sectioned ledgers from \`scripts/fixtures.js\` (title, 单位：亿元, two-row merged header, 合计, 一、/（一） sections, ` +
    `text and Excel dates), ${COLUMNS} columns, one injected fault per single-row rule, seed 42. Checked with ` +
    `\`--as-of ${AS_OF} --year ${PLAN_YEAR}\`. Times are medians of separate processes; memory is peak RSS. ` +
    'The two “/ floor” columns are medians of per-run ratios (each validate run against the floor run just before it). ' +
    'Engine rows/s: project rows over the median analyze() time; the first analyze of a process (what the CLI pays) is the slowest of the runs listed below. ' +
    'Before each analyze() run the engine child times two fixed workloads that allocate nothing, to show the host\'s speed at that moment: ' +
    'a CPU loop (30M integer steps) and a memory walk (1M dependent loads through 64 MB, cache misses like the engine\'s reads of the grid).');
  lines.push('');
  lines.push('| project rows | file | floor: ExcelJS read | validate (CLI, end to end) | validate / floor | engine alone (analyze) | engine rows/s | peak RSS floor | peak RSS validate | RSS validate / floor | report vs truth |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    lines.push(`| ${r.projects.toLocaleString('en')} | ${r.sizeMb.toFixed(1)} MB | ${sec(r.floorMs)} | ${sec(r.validateMs)} | ` +
      `${r.ratio.toFixed(2)} | ${(r.analyzeMs / 1000).toFixed(3)} s | ${Math.round(r.rowsPerSecond).toLocaleString('en')} | ` +
      `${r.floorRss.toFixed(0)} MB | ${r.validateRss.toFixed(0)} MB | ${r.rssRatio.toFixed(2)} | ` +
      `${r.check.expected - r.check.missed}/${r.check.expected} found, ${r.check.falseAlarms} false alarms |`);
  }
  lines.push('');
  lines.push('Where the time of one in-process read goes (engine child: ExcelJS load for reference, then the grid reader validate uses → analyze), and every run:');
  lines.push('');
  lines.push('| project rows | ExcelJS load (not used by validate) | bytes → grid (grid reader) | analyze (median of runs) | memory one analysis keeps, per row | analyze runs (s) | host probe before each run: CPU loop / memory walk (ms) | floor runs (s) | validate runs (s) |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |');
  const list = (xs) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
  const probeList = (ps) => ps.map((p) => `${p.cpuMs.toFixed(0)} / ${p.walkMs.toFixed(0)}`).join(', ');
  for (const r of results) {
    lines.push(`| ${r.projects.toLocaleString('en')} | ${sec(r.loadMs)} | ${sec(r.gridMs)} | ${(r.analyzeMs / 1000).toFixed(3)} s | ${r.keptBytesPerRow.toFixed(0)} B | ${list(r.analyzeAll)} | ${probeList(r.probes)} | ${list(r.floorAll)} | ${list(r.validateAll)} |`);
  }
  const big = results.reduce((a, b) => (b.rows > a.rows ? b : a), results[0]);
  // Growth between consecutive sizes: a quadratic step would show as ×100 for ×10 rows.
  const sorted = [...results].sort((a, b) => a.rows - b.rows);
  const steps = sorted.slice(1).map((r, i) => {
    const prev = sorted[i];
    const times = (a, b) => `× ${(a / b).toFixed(1)}`;
    return `- ${prev.projects.toLocaleString('en')} → ${r.projects.toLocaleString('en')} rows (${times(r.projects, prev.projects)}): ` +
      `analyze ${times(r.analyzeMs, prev.analyzeMs)}, validate ${times(r.validateMs, prev.validateMs)}, floor ${times(r.floorMs, prev.floorMs)}`;
  });
  if (steps.length) {
    lines.push('');
    lines.push('Growth (linear would be the row ratio or less: fixed start-up costs and JIT warm-up weigh on small files):');
    lines.push('');
    lines.push(...steps);
  }
  lines.push('');
  lines.push(`Budget (at ${big.projects.toLocaleString('en')} rows):`);
  lines.push('');
  lines.push(`- validate ≤ ${BUDGET.validateOverFloor} × floor: ${big.ratio.toFixed(2)} × — ${verdict(big.ratio <= BUDGET.validateOverFloor)}`);
  lines.push(`- engine ≥ ${BUDGET.engineRowsPerSecond.toLocaleString('en')} project rows/s: ${Math.round(big.rowsPerSecond).toLocaleString('en')} — ${verdict(big.rowsPerSecond >= BUDGET.engineRowsPerSecond)} ` +
    `(host probes before those runs, medians: CPU loop ${median(big.probes.map((p) => p.cpuMs)).toFixed(0)} ms, memory walk ${median(big.probes.map((p) => p.walkMs)).toFixed(0)} ms)`);
  lines.push(`- peak memory ≤ ${BUDGET.memoryOverFloor} × floor's: ${big.rssRatio.toFixed(2)} × — ${verdict(big.rssRatio <= BUDGET.memoryOverFloor)}`);
  lines.push('');
  if (office?.error) {
    lines.push('## Office.js port (src/excel) over the counting fake Excel');
    lines.push('');
    lines.push(`Not measured in this run: driving the port over \`test/excel/fakeExcel.ts\` failed with “${office.error}”.`);
    lines.push('');
  } else if (office) {
    const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
    lines.push(`## Office.js port (src/excel) over the counting fake Excel`);
    lines.push('');
    lines.push(`The same generator, ${office.rows.toLocaleString('en')} project rows (${office.cells.toLocaleString('en')} cells), ` +
      'all ExcelApi sets up to 1.18 available; `test/excel/fakeExcel.ts` counts every `context.sync()` and the bytes its loads ' +
      'return (Excel on the web rejects more than 5 MB either way). Request bytes are the fake\'s estimate of what ' +
      'each sync sends (every command ≈ 120 bytes of object path and action, plus its arguments as JSON), not a measured wire size.');
    lines.push('');
    lines.push('| step | context.sync() | request (estimated) | largest request | response | largest response |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const st of office.steps) {
      lines.push(`| ${st.label} | ${st.syncs} | ${kb(st.requestBytes)} | ${kb(st.maxRequest)} | ${kb(st.responseBytes)} | ${kb(st.maxResponse)} |`);
    }
    const [read, validate, readAgain, validateAgain] = office.steps;
    const tenK = office.steps.find((x) => x.label.startsWith('apply: 10,000'));
    const largest = Math.max(...office.steps.map((x) => Math.max(x.maxRequest, x.maxResponse)));
    const within = (syncs, batches) => `${syncs} round trips for ${batches} read batches: ` +
      (syncs <= 3 + batches ? 'within' : '**over**') + ` the budget of 3 + 1 per read batch (${3 + batches})`;
    lines.push('');
    lines.push(`Per validate (read + marks + 校验结果): ${read.syncs + validate.syncs} round trips, ` +
      `${kb(read.requestBytes + validate.requestBytes)} sent, ${kb(read.responseBytes + validate.responseBytes)} received. ` +
      `Per 10,000 marks: ${tenK.syncs} round trips, ${kb(tenK.requestBytes)} sent (${Math.round(tenK.requestBytes / 10000)} bytes a mark).`);
    lines.push('');
    lines.push('Budget (Office path):');
    lines.push('');
    lines.push(`- first validate: ${within(read.syncs + validate.syncs, read.readBatches)}`);
    lines.push(`- second validate (replacing the first one's marks): ${within(readAgain.syncs + validateAgain.syncs, readAgain.readBatches)}`);
    lines.push(`- largest request or response: ${kb(largest)} — ${largest <= 5 * 1024 * 1024 ? 'within' : '**over**'} 5 MB`);
    lines.push(`- 10,000 marks: ${tenK.syncs} round trips — ${tenK.syncs <= 2 ? 'within' : '**over**'} the budget of 2`);
    lines.push('');
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- entry

async function main(argv) {
  if (argv[0] === '--child') {
    const [, mode, ...rest] = argv;
    if (mode === 'floor') return childFloor(rest[0]);
    if (mode === 'engine') return childEngine(rest[0], Number(rest[1]));
    if (mode === 'rss') return childRss(rest[0], rest.slice(1));
    if (mode === 'office') return childOffice(Number(rest[0]));
    if (mode === 'profile') return childProfile(rest[0], rest[1]);
    throw new Error(`unknown child mode ${mode}`);
  }
  if (argv[0] === '--profile') return profileEngine(Number((argv[1] ?? '10000').replace(/k$/i, '000')));
  return bench(argv);
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
