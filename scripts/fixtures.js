#!/usr/bin/env node
'use strict';
/**
 * Deterministic generator of realistic major-project ledgers (台账) with a known answer.
 *
 * Plain CommonJS so Jest tests, the demo and the benchmark can require it without a build.
 * Every ledger is made to be checked `--as-of {planYear}-11-30 --year {planYear}`: healthy rows
 * sit far from every threshold of SPEC §4 (so they raise nothing) and, with `faults: true`, one
 * row per single-row rule carries an unmistakable fault, recorded in `truth.issues`. Issues that
 * a fault may also cause as a side effect are listed in `truth.dontcare`.
 *
 *   node scripts/fixtures.js --demo       writes assets/samples/示例台账-2024.xlsx (+ .truth.json)
 *   node scripts/fixtures.js --layout flat --rows 500 --unit 万元 --seed 7 --out /tmp/x.xlsx [--no-faults] [--columns 25]
 */
const fs = require('fs');
const path = require('path');
const ExcelJS = require('exceljs');
const calendar = require('chinese-days/dist/chinese-days.json');

/**
 * @typedef {'flat'|'sectioned'|'per-phase'} Layout
 * @typedef {'万元'|'亿元'} Unit
 * @typedef {'新开工'|'续建'|'竣工投产'|'前期工作'} Phase
 * @typedef {{ layout?: Layout, rows?: number, unit?: Unit, planYear?: number, seed?: number,
 *             faults?: boolean, columns?: number }} LedgerOptions
 * @typedef {{ rule: string, sheet: string, row: number }} RowIssue
 * @typedef {{ rule: string, region: string|null }} AggregateIssue
 * @typedef {{ phase: Phase, category: string, count: number, totalInvestment: number,
 *             annualPlan: number, completedThisYear: number }} SummaryLine
 * @typedef {{ layout: Layout, unit: Unit, planYear: number, asOf: string, seed: number,
 *             sheets: { name: string, headerRow: number|null, columns: string[] }[],
 *             issues: RowIssue[], dontcare: RowIssue[], aggregates: AggregateIssue[],
 *             aggregatesDontcare: AggregateIssue[], projects: number, summary: SummaryLine[],
 *             summaryUncertain: { sheet: string, row: number, why: string }[],
 *             classify: { sheet: string, row: number, name: string, sub: string }[],
 *             faults: { rule: string, sheet: string, row: number, field: string|null }[] }} Truth
 * @typedef {{ day: number|null, precision: 'day'|'month', text: boolean }} DateCell
 */

// ---------------------------------------------------------------- randomness and calendar

/** mulberry32: tiny, fast, and the same sequence on every machine. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi]. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  real(lo, hi) {
    return lo + this.next() * (hi - lo);
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted(weights) {
    const keys = Object.keys(weights);
    let total = 0;
    for (const k of keys) total += weights[k];
    let x = this.next() * total;
    for (const k of keys) {
      x -= weights[k];
      if (x < 0) return k;
    }
    return keys[keys.length - 1];
  }
}

const DAY_MS = 86400000;
const dayOf = (y, m, d) => Date.UTC(y, m - 1, d) / DAY_MS;
const ymdOf = (day) => {
  const dt = new Date(day * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
};
const isoOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const HOLIDAYS = new Set(Object.keys(calendar.holidays));
const MAKEUP_WORKDAYS = new Set(Object.keys(calendar.workdays));

/** China's official calendar: holidays off, 调休 make-up days on, else Monday–Friday. */
function isWorkingDay(day) {
  const iso = isoOf(day);
  if (MAKEUP_WORKDAYS.has(iso)) return true;
  if (HOLIDAYS.has(iso)) return false;
  const wd = new Date(day * DAY_MS).getUTCDay();
  return wd !== 0 && wd !== 6;
}

function addWorkingDays(day, n) {
  let d = day;
  while (n > 0) {
    d++;
    if (isWorkingDay(d)) n--;
  }
  return d;
}

/** Working days d with from < d ≤ to — the count the approval rules use. */
function workingDaysAfter(from, to) {
  let n = 0;
  for (let d = from + 1; d <= to; d++) if (isWorkingDay(d)) n++;
  return n;
}

function workingDayOnOrAfter(day) {
  while (!isWorkingDay(day)) day++;
  return day;
}

// ---------------------------------------------------------------- identifiers

/** GB 32100-2015 character set: digits and capitals without I, O, S, V, Z. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Check character of the first 17 characters of a unified social credit code. */
function creditCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

function isValidCreditCode(code) {
  if (typeof code !== 'string' || !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return creditCheckChar(code.slice(0, 17)) === code[17];
}

/** GB 11714 organisation code (8 characters + check), which fills positions 9–17 of a credit code. */
function orgCode(rng) {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let body = '';
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = rng.chance(0.8) ? String(rng.int(0, 9)) : rng.pick('ABCDEFGHJKLMNPQRTUWXY'.split(''));
    body += ch;
    sum += (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55) * weights[i];
  }
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** A valid credit code: registration office + organisation type, division code, org code, check. */
function creditCode(rng, prefix, division) {
  const first17 = prefix + division + orgCode(rng);
  return first17 + creditCheckChar(first17);
}

/** The same code with a wrong check character. */
function breakCreditCode(code, rng) {
  const right = code[17];
  let wrong = right;
  while (wrong === right) wrong = rng.pick(CREDIT_CHARS.split(''));
  return code.slice(0, 17) + wrong;
}

// ---------------------------------------------------------------- domain data

const PHASES = /** @type {Phase[]} */ (['新开工', '续建', '竣工投产', '前期工作']);
const CATEGORIES = ['基础设施', '产业', '社会公益', '节能环保'];
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const CITY = '清江市';
const REGIONS = [
  ['清江区', '469102'], ['城南区', '469103'], ['高新区', '469171'], ['临江县', '469121'],
  ['安平县', '469122'], ['永宁县', '469123'], ['宁远县', '469124'], ['兴和县', '469125'],
  ['长丰县', '469126'], ['丰乐县', '469127'], ['福山县', '469128'], ['石门县', '469129'],
].map(([name, code]) => ({ name, code, short: name.slice(0, -1) }));
const TOWNS = [
  '城关镇', '金田镇', '龙泉镇', '新安镇', '长乐镇', '太平镇', '安宁镇', '兴隆镇', '和平乡', '白沙镇',
  '青云镇', '凤凰镇', '黄花镇', '三合镇', '五里镇', '双江镇', '石岭镇', '马山镇', '大洞乡', '红星乡',
  '东岭乡', '西岭乡', '南岗镇', '北坪镇',
];
const AREAS = ['', '', '', '东片', '西片', '南片', '北片', '新区'];
const STAGES = ['', '', '', '（一期）', '（二期）', '（三期）', '（四期）', '（五期）', '（六期）', '（七期）', '（八期）'];

/**
 * Subcategories: category, share of projects, industry code of the project code, owner kind, and
 * name subjects. `lex` marks subjects whose keyword SPEC §2 itself lists, so their subcategory is
 * beyond doubt (they make up truth.classify). `road` subjects read "A至B…" instead of a town.
 */
const SUBCATEGORIES = {
  交通: { category: '基础设施', share: 12, industry: '48', owner: ['交通投资集团有限公司', '91'],
    subjects: [{ s: '高速公路', lex: true, road: true }, { s: '二级公路工程', lex: false, road: true },
      { s: '铁路专用线', lex: true }, { s: '通用机场', lex: true }, { s: '跨江大桥', lex: true }] },
  能源: { category: '基础设施', share: 9, industry: '44', owner: ['能源投资有限公司', '91'],
    subjects: [{ s: '110千伏变电站工程', lex: true }, { s: '风电场', lex: true }, { s: '光伏电站', lex: true },
      { s: '成品油库', lex: true }, { s: '天然气门站', lex: false }] },
  水利: { category: '基础设施', share: 8, industry: '76', owner: ['水利投资有限公司', '91'],
    subjects: [{ s: '水库除险加固工程', lex: true }, { s: '中型灌区节水改造', lex: true },
      { s: '防洪堤工程', lex: true }, { s: '水利枢纽工程', lex: true }] },
  城市基础设施: { category: '基础设施', share: 5, industry: '78', owner: ['城市建设投资有限公司', '91'],
    subjects: [{ s: '地下综合管廊工程', lex: false }, { s: '雨污分流改造工程', lex: false }] },
  信息基础设施: { category: '基础设施', share: 3, industry: '63', owner: ['数字产业发展有限公司', '91'],
    subjects: [{ s: '5G基站建设工程', lex: false }, { s: '大数据中心', lex: false }] },
  工业: { category: '产业', share: 14, industry: '30', owner: ['产业投资有限公司', '91'],
    subjects: [{ s: '新材料生产线', lex: true }, { s: '汽车零部件生产基地', lex: true },
      { s: '食品精深加工产业化项目', lex: true }, { s: '电子元件生产线', lex: true }] },
  服务业: { category: '产业', share: 9, industry: '59', owner: ['文化旅游投资有限公司', '91'],
    subjects: [{ s: '冷链物流园', lex: true }, { s: '景区提升工程', lex: true }, { s: '商贸物流中心', lex: true },
      { s: '温泉度假酒店', lex: true }] },
  农业: { category: '产业', share: 5, industry: '01', owner: ['农业投资发展有限公司', '91'],
    subjects: [{ s: '高标准农田建设项目', lex: false }, { s: '生猪标准化养殖场', lex: false },
      { s: '油茶种植示范基地', lex: false }] },
  教育: { category: '社会公益', share: 8, industry: '83', owner: ['教育局', '11'],
    subjects: [{ s: '第二中学', lex: true }, { s: '职业技术学院实训楼', lex: true }, { s: '实验学校', lex: true },
      { s: '第一中学新校区', lex: true }] },
  卫生: { category: '社会公益', share: 6, industry: '84', owner: ['卫生健康局', '11'],
    subjects: [{ s: '人民医院住院楼', lex: true }, { s: '中医医院', lex: true }, { s: '中心卫生院', lex: true }] },
  文化: { category: '社会公益', share: 4, industry: '88', owner: ['文化广电和旅游局', '11'],
    subjects: [{ s: '图书馆', lex: true }, { s: '博物馆', lex: true }, { s: '大剧院', lex: true }] },
  体育: { category: '社会公益', share: 2, industry: '89', owner: ['体育事业发展中心', '12'],
    subjects: [{ s: '体育中心', lex: true }, { s: '全民健身中心', lex: true }] },
  其他社会: { category: '社会公益', share: 4, industry: '85', owner: ['民政局', '11'],
    subjects: [{ s: '养老服务中心', lex: false }, { s: '保障性住房', lex: false }, { s: '社会福利院', lex: false }] },
  节能环保: { category: '节能环保', share: 11, industry: '77', owner: ['环保产业有限公司', '91'],
    subjects: [{ s: '污水处理厂', lex: true }, { s: '生活垃圾填埋场', lex: true }, { s: '截污纳管工程', lex: true },
      { s: '农村人居环境整治工程', lex: true }, { s: '矿山生态修复工程', lex: true }] },
};
const SUB_SHARES = Object.fromEntries(Object.entries(SUBCATEGORIES).map(([k, v]) => [k, v.share]));
const PHASE_SHARES = { 新开工: 30, 续建: 30, 竣工投产: 20, 前期工作: 20 };
const DEPARTMENTS = {
  基础设施: '市发展和改革委员会', 产业: '市工业和信息化局', 社会公益: '市社会事业发展局', 节能环保: '市生态环境局',
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高'.split('');
const GIVEN = ['建华', '志强', '海燕', '文军', '晓东', '国庆', '丽萍', '永红', '德明', '春生', '秀英', '卫东'];
const CONTENT = {
  基础设施: (r) => `新建或改造主体工程约${r.int(5, 80)}公里及配套设施`,
  产业: (r) => `新建厂房及配套用房约${r.int(2, 30)}万平方米，购置生产设备${r.int(20, 300)}台（套）`,
  社会公益: (r) => `新建业务用房约${r.int(1, 8)}万平方米及室外配套工程`,
  节能环保: (r) => `新建处理设施日处理能力${r.int(1, 20)}万吨及配套管网`,
};
const PROGRESS = {
  started: ['已开工建设', '已开工，正在进行基础施工', '已开工，完成场地平整'],
  continuing: ['主体施工中', '正在进行主体结构施工', '正在进行设备采购及安装'],
  completed: ['已竣工投产', '已建成投产', '已竣工验收'],
  finishing: ['设备安装调试', '收尾施工中'],
  preparing: ['正在开展可研', '正在进行初步设计', '正在办理用地手续'],
};

// ---------------------------------------------------------------- columns

/**
 * Every column a layout can have, in sheet order. `drop` ranks the columns given up first when
 * fewer columns are asked for (0 = never dropped).
 */
const COLUMN_SETS = {
  flat: ['seq', 'name', 'code', 'phase', 'category', 'subcategory', 'level', 'region', 'owner', 'ownerCreditCode',
    'department', 'leader', 'content', 'period', 'totalInvestment', 'completedBeforeYear', 'annualPlan',
    'completedThisYear', 'cumulativeCompleted', 'plannedStart', 'actualStart', 'plannedCompletion', 'actualCompletion',
    'progress', 'applicationDate', 'acceptedDate', 'noticeDate', 'approvedDate', 'reportDate', 'inspectionDate', 'remarks'],
  sectioned: ['seq', 'name', 'code', 'phase', 'subcategory', 'region', 'owner', 'ownerCreditCode', 'department',
    'content', 'period', 'totalInvestment', 'completedBeforeYear', 'annualPlan', 'completedThisYear',
    'cumulativeCompleted', 'plannedStart', 'actualStart', 'plannedCompletion', 'actualCompletion', 'progress',
    'applicationDate', 'acceptedDate', 'noticeDate', 'approvedDate', 'reportDate', 'inspectionDate', 'remarks'],
  'per-phase': ['seq', 'name', 'subcategory', 'region', 'owner', 'ownerCreditCode', 'code', 'totalInvestment',
    'completedBeforeYear', 'annualPlan', 'completedThisYear', 'cumulativeCompleted', 'plannedStart', 'actualStart',
    'plannedCompletion', 'actualCompletion', 'progress', 'applicationDate', 'acceptedDate', 'noticeDate',
    'approvedDate', 'reportDate', 'inspectionDate', 'remarks'],
};
const DROP_ORDER = ['remarks', 'leader', 'department', 'level', 'content', 'period', 'noticeDate', 'inspectionDate',
  'applicationDate', 'category', 'phase', 'cumulativeCompleted', 'code', 'ownerCreditCode', 'acceptedDate',
  'approvedDate', 'actualCompletion', 'plannedCompletion', 'reportDate', 'subcategory', 'seq'];
const AMOUNT_FIELDS = ['totalInvestment', 'completedBeforeYear', 'annualPlan', 'completedThisYear', 'cumulativeCompleted'];
const DATE_FIELDS = ['plannedStart', 'actualStart', 'plannedCompletion', 'actualCompletion', 'applicationDate',
  'acceptedDate', 'noticeDate', 'approvedDate', 'reportDate', 'inspectionDate'];
/** Dates a ledger may give at month precision without coming near a deadline. */
const MONTH_OK = new Set(['plannedStart', 'actualStart', 'plannedCompletion', 'actualCompletion']);

function headerLabel(field, layout, planYear, unit) {
  const inHeaderUnit = layout === 'sectioned' ? '' : `（${unit}）`;
  const labels = {
    seq: '序号', name: '项目名称', code: '项目代码', phase: '项目阶段', category: '项目类别',
    subcategory: layout === 'per-phase' ? '行业类别' : '行业', level: '层级', region: '所属县区', owner: '业主单位',
    ownerCreditCode: '统一社会信用代码', department: '责任单位', leader: '联系领导', content: '建设规模及内容',
    period: '建设起止年限', totalInvestment: '总投资', completedBeforeYear: '截至上年底累计完成投资',
    annualPlan: `${planYear}年计划投资`, completedThisYear: '1-11月完成投资', cumulativeCompleted: '累计完成投资',
    plannedStart: '计划开工时间', actualStart: '实际开工时间', plannedCompletion: '计划竣工时间',
    actualCompletion: '实际竣工时间', progress: layout === 'per-phase' ? '进展情况' : '形象进度',
    applicationDate: '申报日期', acceptedDate: '受理日期', noticeDate: '补正通知日期', approvedDate: '办结日期',
    reportDate: layout === 'per-phase' ? '更新日期' : '填报日期', inspectionDate: '检查日期', remarks: '备注',
  };
  const label = labels[field];
  return AMOUNT_FIELDS.includes(field) ? label + inHeaderUnit : label;
}

function columnWidth(field) {
  if (field === 'name') return 34;
  if (field === 'content') return 40;
  if (field === 'owner' || field === 'department') return 26;
  if (field === 'code' || field === 'ownerCreditCode') return 26;
  if (field === 'progress') return 22;
  if (field === 'seq') return 6;
  return 13;
}

function chooseColumns(layout, columns) {
  const all = COLUMN_SETS[layout];
  if (columns === undefined) return all.slice();
  const min = all.length - DROP_ORDER.filter((f) => all.includes(f)).length;
  if (!Number.isInteger(columns) || columns < min || columns > all.length) {
    throw new RangeError(`columns must be an integer from ${min} to ${all.length} for the ${layout} layout`);
  }
  const dropped = new Set(DROP_ORDER.filter((f) => all.includes(f)).slice(0, all.length - columns));
  return all.filter((f) => !dropped.has(f));
}

// ---------------------------------------------------------------- projects

/**
 * Amounts are kept as integer "ticks" of the sheet's last shown decimal (0.01 亿元 = 100 万元, or
 * 0.1 万元), so every figure and every sum is exact at the precision it is shown.
 */
function unitScale(unit) {
  return unit === '亿元' ? { tickWan: 100, decimals: 2 } : { tickWan: 0.1, decimals: 1 };
}

class ProjectFactory {
  constructor(rng, planYear, unit) {
    this.rng = rng;
    this.Y = planYear;
    this.scale = unitScale(unit);
    this.names = new Set();
    this.owners = new Map();
    this.serial = rng.int(0, 999999);
  }

  uniqueName(region, sub) {
    const r = this.rng;
    for (let attempt = 0; ; attempt++) {
      const subject = r.pick(SUBCATEGORIES[sub].subjects);
      let place;
      if (subject.road) {
        let other = r.pick(REGIONS);
        while (other === region) other = r.pick(REGIONS);
        place = `${region.short}至${other.short}`;
      } else {
        place = region.name + (r.chance(0.7) ? r.pick(TOWNS) : '') + r.pick(AREAS);
      }
      const stage = attempt > 20 ? `（${CN_NUM[r.int(0, 9)]}${CN_NUM[r.int(0, 9)]}期）` : r.pick(STAGES);
      const name = place + subject.s + stage;
      const key = normaliseName(name);
      if (!this.names.has(key)) {
        this.names.add(key);
        return { name, lex: subject.lex };
      }
    }
  }

  owner(region, sub) {
    const [kind, prefix] = SUBCATEGORIES[sub].owner;
    const name = region.name + kind;
    let o = this.owners.get(name);
    if (!o) {
      o = { name, credit: creditCode(this.rng, prefix, region.code) };
      this.owners.set(name, o);
    }
    return o;
  }

  nextSerial() {
    // 7919 is prime to 10^6, so serials stay distinct for a million projects.
    this.serial = (this.serial + 7919) % 1000000;
    return String(this.serial).padStart(6, '0');
  }

  make(index) {
    const r = this.rng;
    const Y = this.Y;
    const phase = /** @type {Phase} */ (r.weighted(PHASE_SHARES));
    const subcategory = r.weighted(SUB_SHARES);
    const category = SUBCATEGORIES[subcategory].category;
    const region = r.pick(REGIONS);
    const { name, lex } = this.uniqueName(region, subcategory);
    const owner = this.owner(region, subcategory);
    const p = {
      index, phase, category, subcategory, region, name, lex, owner: owner.name, credit: owner.credit,
      code: `${phase === '前期工作' ? Y : Y - 1}-${region.code}-${SUBCATEGORIES[subcategory].industry}-0${r.int(1, 3)}-${this.nextSerial()}`,
      level: r.pick(['省', '市', '市', '县', '县']),
      department: DEPARTMENTS[category],
      leader: r.pick(SURNAMES) + r.pick(GIVEN),
      content: CONTENT[category](r),
      remarks: r.chance(0.1) ? r.pick(['列入省重大项目', '市级重点项目', '省市县联动项目']) : null,
      fBefore: 0, fPlan: r.real(0.3, 0.5), fYtd: r.real(0.9, 1.0),
      totalT: 0, beforeT: /** @type {number|null} */ (null), planT: /** @type {number|null} */ (null),
      ytdT: /** @type {number|null} */ (null), cumT: /** @type {number|null} */ (null),
      plannedStart: 0, actualStart: /** @type {number|null} */ (null), plannedCompletion: 0,
      actualCompletion: /** @type {number|null} */ (null), progress: '', period: [0, 0],
      applicationDate: /** @type {number|null} */ (null), acceptedDate: /** @type {number|null} */ (null),
      noticeDate: /** @type {number|null} */ (null), approvedDate: /** @type {number|null} */ (null),
      reportDate: 0, inspectionDate: /** @type {number|null} */ (null),
      /** Cell values that replace the rendered ones (the faults). */
      overrides: /** @type {Record<string, unknown>} */ ({}),
      /** Fields whose dates must be written at day precision (they sit in a fault). */
      exactDates: new Set(),
      fault: /** @type {string|null} */ (null),
    };
    // Totals from 1 亿元 to 50 亿元, log-uniform like real project lists.
    const totalWan = Math.exp(r.real(Math.log(10000), Math.log(500000)));
    p.totalT = Math.max(1, Math.round(totalWan / this.scale.tickWan));
    const d = (y, m1, m2, dayLo = 1, dayHi = 28) => dayOf(y, r.int(m1, m2), r.int(dayLo, dayHi));
    switch (phase) {
      case '新开工':
        p.plannedStart = d(Y, 2, 8);
        p.actualStart = p.plannedStart + r.int(0, 20);
        p.plannedCompletion = d(Y + r.int(1, 2), 1, 12);
        p.progress = r.pick(PROGRESS.started);
        break;
      case '续建':
        p.fBefore = r.real(0.2, 0.5);
        p.plannedStart = d(Y - r.int(1, 4), 1, 10);
        p.actualStart = p.plannedStart + r.int(0, 15);
        p.plannedCompletion = d(Y + r.int(1, 2), 2, 12);
        p.progress = r.pick(PROGRESS.continuing);
        break;
      case '竣工投产':
        p.fBefore = r.real(0.5, 0.75);
        p.plannedStart = d(Y - r.int(1, 4), 1, 10);
        p.actualStart = p.plannedStart + r.int(0, 15);
        if (r.chance(0.75)) {
          p.plannedCompletion = d(Y, 3, 8);
          p.actualCompletion = p.plannedCompletion + r.int(-10, 10);
          p.progress = r.pick(PROGRESS.completed);
        } else {
          // Due in December: not late at the end of November.
          p.plannedCompletion = dayOf(Y, 12, r.int(5, 28));
          p.progress = r.pick(PROGRESS.finishing);
        }
        break;
      default:
        p.plannedStart = d(Y + 1, 1, 11);
        p.plannedCompletion = d(Y + r.int(2, 3), 1, 12);
        p.progress = r.pick(PROGRESS.preparing);
    }
    p.period = [ymdOf(p.actualStart ?? p.plannedStart).y, ymdOf(p.plannedCompletion).y];
    this.fillAmounts(p);
    if (r.chance(0.6)) p.applicationDate = d(Y - 1, 5, 9);
    if (r.chance(0.5)) {
      p.acceptedDate = workingDayOnOrAfter(d(Y, 1, 10));
      p.approvedDate = addWorkingDays(p.acceptedDate, r.int(2, 5));
      if (r.chance(0.25)) p.noticeDate = addWorkingDays(p.acceptedDate, 1);
    }
    // Reported this month, inspected on day 21 or later: far from the monthly and quiet-period rules.
    p.reportDate = dayOf(Y, 11, 30) - r.int(3, 22);
    if (r.chance(0.45)) p.inspectionDate = d(Y, 1, 10, 21, 28);
    return p;
  }

  /** Amounts in ticks from the total and the project's fractions, far inside every relation. */
  fillAmounts(p) {
    if (p.phase === '前期工作') return;
    p.beforeT = Math.round(p.totalT * p.fBefore);
    p.planT = Math.max(1, Math.round((p.totalT - p.beforeT) * p.fPlan));
    p.ytdT = Math.min(p.planT, Math.max(Math.ceil(p.planT * 0.9), Math.round(p.planT * p.fYtd)));
    p.cumT = p.beforeT + p.ytdT;
  }
}

/** NFKC, brackets unified, whitespace and punctuation dropped: the duplicate-project key. */
function normaliseName(name) {
  return name.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');
}

// ---------------------------------------------------------------- faults

/**
 * One fault per rule that a single row can trigger. `needs`: columns it writes into; `when`:
 * which projects can carry it; `apply` changes the project and returns the rules it may raise
 * as a side effect (dontcare). `field`: the cell at fault, for the record.
 */
function faultCatalogue(Y, scale, rng) {
  const t = (wan) => Math.round(wan / scale.tickWan);
  const building = (p) => p.phase !== '前期工作';
  return [
    { rule: 'below-threshold', field: 'totalInvestment', needs: ['totalInvestment'],
      when: (p) => building(p) && p.category !== '社会公益' && p.subcategory !== '农业',
      apply: (f) => { f.totalT = t(1500); return []; } },
    { rule: 'not-a-number', field: 'totalInvestment', needs: ['totalInvestment'], when: building,
      apply: (f, p, ctx) => {
        const shown = ctx.value(p.totalT);
        p.overrides.totalInvestment = `约${shown >= 10 ? Math.round(shown) : shown.toFixed(1)}`;
        return ['missing-value', 'below-threshold', 'annual-exceeds-remaining', 'cumulative-exceeds-total', 'amount-scale'];
      } },
    { rule: 'not-a-date', field: 'plannedStart', needs: ['plannedStart', 'actualStart'], when: (p) => p.phase === '新开工',
      apply: (f, p) => { p.overrides.plannedStart = `${Y}年13月`; return ['phase-date-mismatch', 'start-overdue', 'date-order']; } },
    { rule: 'negative-amount', field: 'completedThisYear', needs: ['completedThisYear'], when: (p) => p.phase === '续建',
      apply: (f) => { f.ytd = -1; return ['behind-schedule']; } },
    { rule: 'amount-scale', field: 'totalInvestment', needs: ['totalInvestment'],
      when: (p) => building(p) && p.totalT * scale.tickWan >= 20000,
      // Typed one unit too small: 万元 in a 亿元 sheet, 元 in a 万元 sheet — ×10,000 either way.
      apply: (f) => { f.scaleTotal = true; return []; } },
    { rule: 'invalid-credit-code', field: 'ownerCreditCode', needs: ['ownerCreditCode'], when: () => true,
      apply: (f, p) => { p.overrides.ownerCreditCode = breakCreditCode(p.credit, rng); return []; } },
    { rule: 'invalid-project-code', field: 'code', needs: ['code'], when: () => true,
      apply: (f, p) => { p.overrides.code = p.code.replace(/-(\d{6})-/, (m, div) => `-${div.slice(0, 4)}-`); return []; } },
    { rule: 'annual-exceeds-remaining', field: 'annualPlan', needs: ['totalInvestment', 'completedBeforeYear', 'annualPlan'],
      when: (p) => p.phase === '续建', apply: (f) => { f.planOverRemaining = true; return ['cumulative-exceeds-total', 'behind-schedule']; } },
    { rule: 'cumulative-exceeds-total', field: 'cumulativeCompleted', needs: ['cumulativeCompleted'],
      when: (p) => p.phase === '续建' || p.phase === '竣工投产', apply: (f) => { f.cumOverTotal = true; return []; } },
    { rule: 'missing-value', field: 'owner', needs: ['owner'], when: () => true,
      apply: (f, p) => { p.overrides.owner = null; return []; } },
    { rule: 'unknown-phase', field: 'phase', needs: ['phase'], when: (p) => p.phase === '续建',
      apply: (f, p) => { p.overrides.phase = '其他'; return ['missing-value', 'phase-date-mismatch', 'start-overdue',
        'completion-overdue', 'behind-schedule', 'phase-conflict']; } },
    { rule: 'unknown-category', field: 'subcategory', needs: ['subcategory'], when: () => true,
      apply: (f, p) => { p.overrides.subcategory = '综合开发'; return ['category-mismatch']; } },
    { rule: 'category-mismatch', field: 'subcategory', needs: ['subcategory'],
      // Declared 交通 for a name that plainly says 水利 or 能源 (same category, other subcategory).
      when: (p) => p.lex && p.category === '基础设施' && p.subcategory !== '交通',
      apply: (f, p) => { p.overrides.subcategory = '交通'; return []; } },
    { rule: 'phase-conflict', field: 'phase', needs: ['phase'], sectionedOnly: true, when: (p) => p.phase === '新开工',
      apply: (f, p) => { p.overrides.phase = '续建'; return ['phase-date-mismatch']; } },
    { rule: 'duplicate-project', field: 'name', needs: ['name'], when: () => true, apply: () => [] },
    { rule: 'date-order', field: 'plannedCompletion', needs: ['plannedStart', 'plannedCompletion'], when: (p) => p.phase === '新开工',
      apply: (f, p) => {
        p.plannedCompletion = p.plannedStart - 45;
        p.period = [Y, Y];
        p.exactDates.add('plannedStart').add('plannedCompletion');
        return [];
      } },
    { rule: 'stale-report', field: 'reportDate', needs: ['reportDate'], when: () => true,
      apply: (f, p) => { p.reportDate = dayOf(Y, 8, rng.int(1, 20)); return []; } },
    { rule: 'quiet-period-inspection', field: 'inspectionDate', needs: ['inspectionDate'], when: () => true,
      apply: (f, p) => { p.inspectionDate = dayOf(Y, rng.int(3, 10), rng.int(5, 15)); return []; } },
    { rule: 'late-application', field: 'applicationDate', needs: ['applicationDate'], when: () => true,
      apply: (f, p) => { p.applicationDate = dayOf(Y, rng.int(2, 4), rng.int(1, 28)); return []; } },
    { rule: 'approval-overdue', field: 'approvedDate', needs: ['acceptedDate', 'approvedDate'], when: () => true,
      apply: (f, p) => {
        p.acceptedDate = workingDayOnOrAfter(dayOf(Y, rng.int(3, 6), rng.int(1, 28)));
        p.approvedDate = addWorkingDays(p.acceptedDate, 25);
        p.noticeDate = null;
        return [];
      } },
    { rule: 'notice-overdue', field: 'noticeDate', needs: ['acceptedDate', 'noticeDate', 'approvedDate'], when: () => true,
      apply: (f, p) => {
        p.acceptedDate = workingDayOnOrAfter(dayOf(Y, rng.int(3, 6), rng.int(1, 28)));
        p.noticeDate = addWorkingDays(p.acceptedDate, 6);
        p.approvedDate = addWorkingDays(p.acceptedDate, 7);
        return [];
      } },
    { rule: 'start-overdue', field: 'actualStart', needs: ['plannedStart', 'actualStart'], when: (p) => p.phase === '新开工',
      apply: (f, p) => {
        p.plannedStart = dayOf(Y, rng.int(4, 8), rng.int(1, 28));
        p.actualStart = null;
        p.progress = '正在办理施工许可';
        f.ytd = 0;
        return ['behind-schedule'];
      } },
    { rule: 'completion-overdue', field: 'actualCompletion', needs: ['plannedCompletion', 'actualCompletion'],
      when: (p) => p.phase === '竣工投产' && p.actualCompletion !== null,
      apply: (f, p) => { p.actualCompletion = null; p.progress = '收尾施工中'; return []; } },
    { rule: 'phase-date-mismatch', field: 'actualStart', needs: ['plannedStart'], when: (p) => p.phase === '续建',
      apply: (f, p) => {
        p.plannedStart = dayOf(Y, rng.int(2, 5), rng.int(1, 28));
        p.actualStart = p.plannedStart + rng.int(0, 10);
        p.period[0] = Y;
        return [];
      } },
    { rule: 'behind-schedule', field: 'completedThisYear', needs: ['annualPlan', 'completedThisYear'],
      when: (p) => p.phase === '新开工' || p.phase === '续建', apply: (f) => { f.ytd = 0.2; return []; } },
  ];
}

/** Applies the amount changes a fault asked for, keeping the other relations as they were. */
function applyAmountFault(p, f, scale) {
  if (f.totalT !== undefined) {
    p.totalT = f.totalT;
    if (p.phase !== '前期工作') {
      // Small projects: plan a round share so the figures stay exact at two decimals.
      p.beforeT = Math.round(p.totalT * p.fBefore);
      p.planT = Math.max(1, Math.floor((p.totalT - p.beforeT) * 0.4));
      p.ytdT = p.planT;
      p.cumT = p.beforeT + p.ytdT;
    }
  }
  if (f.scaleTotal) p.totalT *= 10000;
  if (f.planOverRemaining) {
    p.planT = Math.round((p.totalT - p.beforeT) * 1.5);
    p.ytdT = Math.round(p.planT * 0.95);
    p.cumT = p.beforeT + p.ytdT;
  }
  if (f.cumOverTotal) p.cumT = Math.round(p.totalT * 1.3);
  if (f.ytd !== undefined) {
    p.ytdT = f.ytd < 0 ? -Math.max(1, Math.round(p.planT * 0.3)) : Math.round(p.planT * f.ytd);
    p.cumT = p.beforeT + p.ytdT;
  }
  void scale;
}

// ---------------------------------------------------------------- rendering

/**
 * @typedef {{ name: string, fields: string[], head: unknown[][], merges: string[], body: unknown[][],
 *             headerRow: number|null, numFmts: (string|undefined)[] }} SheetModel
 */

function dateText(day, style, precision) {
  const { y, m, d } = ymdOf(day);
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  if (precision === 'month') return [`${y}.${mm}`, `${y}年${m}月`, `${y}-${m}`][style % 3];
  return [`${y}-${mm}-${dd}`, `${y}/${m}/${d}`, `${y}年${m}月${d}日`, `${y}.${m}.${d}`][style % 4];
}

/** Column letters of a 1-based column number. */
function colLetter(n) {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function render(projects, opts, ctx, rng) {
  const { layout, unit, planYear: Y } = opts;
  const fields = ctx.fields;
  const amountFmt = layout === 'sectioned' || unit === '亿元' ? '0.00' : '#,##0.0';
  const numFmts = fields.map((f) => (AMOUNT_FIELDS.includes(f) ? amountFmt : DATE_FIELDS.includes(f) ? 'yyyy-mm-dd' : undefined));
  const textDates = layout === 'sectioned';

  /** A date cell: an Excel date, or in the sectioned layout often text, sometimes at month precision. */
  const dateCell = (p, field, day) => {
    if (day === null || day === undefined) return null;
    if (!textDates || rng.chance(0.35)) return new Date(day * DAY_MS);
    const month = MONTH_OK.has(field) && !p.exactDates.has(field) && rng.chance(0.35);
    return dateText(day, rng.int(0, 11), month ? 'month' : 'day');
  };

  const projectRow = (p, seq) =>
    fields.map((field) => {
      if (Object.prototype.hasOwnProperty.call(p.overrides, field)) return p.overrides[field];
      switch (field) {
        case 'seq': return seq;
        case 'name': return p.name;
        case 'code': return p.code;
        case 'phase': return p.phase;
        case 'category': return p.category;
        case 'subcategory': return p.subcategory;
        case 'level': return p.level;
        case 'region': return p.region.name;
        case 'owner': return p.owner;
        case 'ownerCreditCode': return p.credit;
        case 'department': return p.department;
        case 'leader': return p.leader;
        case 'content': return p.content;
        case 'period': return `${p.period[0]}-${p.period[1]}`;
        case 'totalInvestment': return ctx.value(p.totalT);
        case 'completedBeforeYear': return p.beforeT === null ? null : ctx.value(p.beforeT);
        case 'annualPlan': return p.planT === null ? null : ctx.value(p.planT);
        case 'completedThisYear': return p.ytdT === null ? null : ctx.value(p.ytdT);
        case 'cumulativeCompleted': return p.cumT === null ? null : ctx.value(p.cumT);
        case 'progress': return p.progress;
        case 'remarks': return p.remarks;
        default: return dateCell(p, field, p[field]);
      }
    });

  const lastCol = colLetter(fields.length);
  /** @type {SheetModel[]} */
  const sheets = [];

  if (layout === 'flat') {
    const name = `${Y}年重大项目台账`;
    const head = [fields.map((f) => headerLabel(f, layout, Y, unit))];
    const body = projects.map((p, i) => {
      ctx.place(p, name, 2 + i, []);
      return projectRow(p, i + 1);
    });
    sheets.push({ name, fields, head, merges: [], body, headerRow: 1, numFmts });
  } else if (layout === 'per-phase') {
    sheets.push({ name: '填报说明', fields: ['text'], headerRow: null, numFmts: [undefined], merges: [], body: [],
      head: [['填报说明'], ['1. 请按项目阶段分表填报，每个项目一行。'], [`2. 金额单位：${unit}；日期格式：YYYY-MM-DD。`]] });
    for (const phase of PHASES) {
      const name = phase;
      const members = projects.filter((p) => p.phase === phase);
      const title = `${Y}年${phase}重大项目表`;
      const head = [[title, ...fields.slice(1).map(() => null)], [`单位：${unit}`],
        fields.map((f) => headerLabel(f, layout, Y, unit))];
      const body = members.map((p, i) => {
        ctx.place(p, name, 4 + i, []);
        return projectRow(p, i + 1);
      });
      sheets.push({ name, fields, head, merges: [`A1:${lastCol}1`], body, headerRow: 3, numFmts });
    }
  } else {
    const name = `${Y}年重大项目建设计划`;
    const title = `${Y}年${CITY}重大项目建设计划表`;
    const groupStart = fields.indexOf('totalInvestment');
    const groupEnd = fields.indexOf('completedThisYear');
    const hasGroup = groupStart >= 0 && groupEnd === groupStart + 3;
    const top = fields.map((f, i) => (hasGroup && i >= groupStart && i <= groupEnd ? `投资情况（${unit}）` : headerLabel(f, layout, Y, unit)));
    const bottom = fields.map((f) => headerLabel(f, layout, Y, unit));
    const head = [[title, ...fields.slice(1).map(() => null)], [`单位：${unit}`], top, bottom];
    const merges = [`A1:${lastCol}1`];
    fields.forEach((f, i) => {
      const col = colLetter(i + 1);
      if (!(hasGroup && i >= groupStart && i <= groupEnd)) merges.push(`${col}3:${col}4`);
    });
    if (hasGroup) merges.push(`${colLetter(groupStart + 1)}3:${colLetter(groupEnd + 1)}3`);

    const amountCols = AMOUNT_FIELDS.map((f) => fields.indexOf(f)).filter((i) => i >= 0);
    const nameCol = fields.indexOf('name');
    const body = [];
    let rowNo = head.length + 1;
    const totalRowNo = rowNo;
    body.push(null); // the 合计 row, filled once its parts are known
    rowNo++;
    const levelOneRows = [];
    let seq = 0;
    /** Stated figures of a group: sums of its members' shown values (text counts as 0). */
    const statedRow = (label, members, omitted) => {
      const row = fields.map(() => null);
      row[nameCol] = label;
      for (const ci of amountCols) {
        const field = fields[ci];
        let ticks = 0;
        for (const p of members) if (p !== omitted) ticks += ctx.shownTicks(p, field);
        row[ci] = ctx.value(ticks);
      }
      return row;
    };
    const totalTicks = {};
    let l1 = 0;
    for (const phase of PHASES) {
      const inPhase = projects.filter((p) => p.phase === phase);
      if (inPhase.length === 0) continue;
      const l1Row = rowNo;
      levelOneRows.push(l1Row);
      body.push(statedRow(`${CN_NUM[l1++]}、${phase}项目（${inPhase.length}项）`, inPhase, null));
      rowNo++;
      let l2 = 0;
      for (const category of CATEGORIES) {
        const members = inPhase.filter((p) => p.category === category);
        if (members.length === 0) continue;
        const l2Row = rowNo;
        const omitted = ctx.subtotalFault && ctx.subtotalFault.phase === phase && ctx.subtotalFault.category === category
          ? ctx.subtotalFault.omit : null;
        body.push(statedRow(`（${CN_NUM[l2++]}）${category}类（${members.length}项）`, members, omitted));
        if (omitted) ctx.subtotalFault.row = l2Row;
        rowNo++;
        for (const p of members) {
          ctx.place(p, name, rowNo, [totalRowNo, l1Row, l2Row]);
          body.push(projectRow(p, ++seq));
          rowNo++;
        }
      }
    }
    for (const ci of amountCols) {
      let ticks = 0;
      for (const p of projects) ticks += ctx.shownTicks(p, fields[ci]);
      totalTicks[ci] = ticks;
    }
    const totalRow = fields.map(() => null);
    totalRow[nameCol] = '合计';
    for (const ci of amountCols) {
      const col = colLetter(ci + 1);
      totalRow[ci] = { formula: levelOneRows.map((r) => `${col}${r}`).join('+'), result: ctx.value(totalTicks[ci]) };
    }
    body[0] = totalRow;
    body.push(fields.map(() => null));
    const note = fields.map(() => null);
    note[0] = `注：1.本表由各县（市、区）发展改革部门填报；2.金额单位为${unit}；3.数据截至${Y}年11月底。`;
    body.push(note);
    merges.push(`A${rowNo + 1}:${lastCol}${rowNo + 1}`);
    sheets.push({ name, fields, head, merges, body, headerRow: 3, numFmts });
  }
  return sheets;
}

/**
 * Writes a sheet model into an ExcelJS worksheet: the in-memory one, or the streaming writer's
 * (then every row is committed as soon as it is added, so memory stays flat).
 */
function emitSheet(ws, model, streaming) {
  ws.columns = model.fields.map((f, i) => ({
    width: f === 'text' ? 60 : columnWidth(f),
    style: model.numFmts[i] ? { numFmt: model.numFmts[i] } : {},
  }));
  for (const values of model.head) ws.addRow(values);
  // Merges after the rows exist: merging first would create the rows and push addRow below them.
  const tail = model.merges.filter((m) => Number(/\d+/.exec(m)[0]) > model.head.length);
  for (const m of model.merges) if (!tail.includes(m)) ws.mergeCells(m);
  if (model.head.length > 0 && model.headerRow) {
    for (let r = model.headerRow; r <= model.head.length; r++) ws.getRow(r).font = { bold: true };
  }
  if (model.head.length > 0 && model.merges.length > 0) ws.getRow(1).font = { bold: true, size: 14 };
  if (streaming) for (let r = 1; r <= model.head.length; r++) ws.getRow(r).commit();
  const beforeTail = model.body.length - (tail.length > 0 ? 1 : 0);
  for (let i = 0; i < model.body.length; i++) {
    const row = ws.addRow(model.body[i]);
    if (i === beforeTail) for (const m of tail) ws.mergeCells(m);
    if (streaming) row.commit();
  }
}

/** Worksheet options: ledgers keep their header frozen while scrolling. */
function sheetOptions(model) {
  return model.headerRow ? { views: [{ state: 'frozen', ySplit: model.head.length, xSplit: 0 }] } : {};
}

// ---------------------------------------------------------------- the generator

/**
 * Builds the ledger model and its truth; shared by generateLedger (in-memory workbook) and
 * writeLedger (streaming writer).
 * @param {LedgerOptions} options
 */
function buildModel(options = {}) {
  const opts = {
    layout: options.layout ?? 'sectioned',
    rows: options.rows ?? 80,
    unit: options.unit ?? (options.layout === undefined || options.layout === 'sectioned' ? '亿元' : '万元'),
    planYear: options.planYear ?? 2024,
    seed: options.seed ?? 1,
    faults: options.faults ?? true,
  };
  if (!COLUMN_SETS[opts.layout]) throw new RangeError(`unknown layout ${opts.layout}`);
  if (opts.unit !== '万元' && opts.unit !== '亿元') throw new RangeError(`unit must be 万元 or 亿元, not ${opts.unit}`);
  if (!Number.isInteger(opts.rows) || opts.rows < 1) throw new RangeError('rows must be a positive integer');
  const fields = chooseColumns(opts.layout, options.columns);
  const Y = opts.planYear;
  const rng = new Rng(opts.seed);
  const scale = unitScale(opts.unit);
  const factory = new ProjectFactory(rng, Y, opts.unit);

  const generated = [];
  for (let i = 0; i < opts.rows; i++) generated.push(factory.make(i));
  // Ledgers list projects by phase, then category; the generation order breaks ties.
  const phaseIdx = (p) => PHASES.indexOf(p.phase);
  const catIdx = (p) => CATEGORIES.indexOf(p.category);
  const projects = generated.slice().sort((a, b) => phaseIdx(a) - phaseIdx(b) || catIdx(a) - catIdx(b) || a.index - b.index);
  projects.forEach((p, i) => { p.order = i; });

  const value = (ticks) => (scale.decimals === 2 ? ticks / 100 : ticks / 10);
  /** Ticks a reader sees in a cell: text and empty count as 0. */
  const shownTicks = (p, field) => {
    if (Object.prototype.hasOwnProperty.call(p.overrides, field)) return 0;
    const key = { totalInvestment: 'totalT', completedBeforeYear: 'beforeT', annualPlan: 'planT',
      completedThisYear: 'ytdT', cumulativeCompleted: 'cumT' }[field];
    return p[key] ?? 0;
  };

  /** @type {{ rule: string, field: string, p: any, dontcare: string[], related?: any }[]} */
  const injected = [];
  let subtotalFault = null;
  if (opts.faults) {
    const used = new Set();
    const pickFrom = (pool) => {
      const free = pool.filter((p) => !used.has(p));
      if (free.length === 0) return null;
      const p = free[rng.int(0, free.length - 1)];
      used.add(p);
      return p;
    };
    for (const fault of faultCatalogue(Y, scale, rng)) {
      if (!fault.needs.every((f) => fields.includes(f))) continue;
      if (fault.sectionedOnly && opts.layout !== 'sectioned') continue;
      if (fault.rule === 'duplicate-project') {
        // A later row repeats an earlier project's name with other brackets or spacing.
        const firstOfSub = new Map();
        for (const p of projects) if (!firstOfSub.has(p.subcategory)) firstOfSub.set(p.subcategory, p.order);
        const later = pickFrom(projects.filter((p) => p.order > firstOfSub.get(p.subcategory)));
        if (!later) continue;
        const first = pickFrom(projects.filter((q) => q.order < later.order && q.subcategory === later.subcategory));
        if (!first) { used.delete(later); continue; }
        later.name = /（/.test(first.name)
          ? first.name.replace('（', '(').replace('）', ')')
          : first.name.replace(SUBCATEGORIES[first.subcategory].subjects.find((s) => first.name.includes(s.s))?.s ?? '', (m) => ` ${m}`);
        Object.assign(later, { region: first.region, owner: first.owner, credit: first.credit, lex: first.lex });
        later.fault = fault.rule;
        injected.push({ rule: fault.rule, field: fault.field, p: later, dontcare: [] });
        continue;
      }
      const p = pickFrom(projects.filter(fault.when));
      if (!p) continue;
      const amounts = {};
      const dontcare = fault.apply(amounts, p, { value });
      applyAmountFault(p, amounts, scale);
      p.fault = fault.rule;
      injected.push({ rule: fault.rule, field: fault.field, p, dontcare });
    }
    if (opts.layout === 'sectioned') {
      // A category section whose stated figures miss one member (an inserted row outside the SUM).
      const groups = new Map();
      for (const p of projects) {
        const key = `${p.phase}|${p.category}`;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(p);
      }
      const candidates = [...groups.values()].filter((g) => g.length >= 2 && g.every((p) => !p.fault));
      if (candidates.length > 0) {
        const g = candidates[rng.int(0, candidates.length - 1)];
        const omit = g.reduce((a, b) => (b.totalT > a.totalT ? b : a));
        subtotalFault = { phase: g[0].phase, category: g[0].category, omit, row: 0 };
      }
    }
  }

  const placed = new Map();
  const ctx = {
    fields, value, shownTicks, subtotalFault,
    place: (p, sheet, row, ancestors) => placed.set(p, { sheet, row, ancestors }),
  };
  const sheets = render(projects, { ...opts }, ctx, rng);

  // ------------------------------------------------------------ truth
  /** @type {Truth} */
  const truth = {
    layout: opts.layout, unit: opts.unit, planYear: Y, asOf: `${Y}-11-30`, seed: opts.seed,
    sheets: sheets.map((s) => ({ name: s.name, headerRow: s.headerRow, columns: s.headerRow ? s.fields : [] })),
    issues: [], dontcare: [], aggregates: [], aggregatesDontcare: [], projects: projects.length,
    summary: [], summaryUncertain: [], classify: [], faults: [],
  };
  const seen = new Set();
  const add = (list, rule, sheet, row) => {
    const key = `${rule}|${sheet}|${row}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push({ rule, sheet, row });
  };
  for (const f of injected) {
    const at = placed.get(f.p);
    truth.faults.push({ rule: f.rule, sheet: at.sheet, row: at.row, field: f.field });
    add(truth.issues, f.rule, at.sheet, at.row);
  }
  if (subtotalFault) {
    const sheet = sheets[sheets.length - 1].name;
    truth.faults.push({ rule: 'subtotal-mismatch', sheet, row: subtotalFault.row, field: 'totalInvestment' });
    add(truth.issues, 'subtotal-mismatch', sheet, subtotalFault.row);
  }
  for (const f of injected) {
    const at = placed.get(f.p);
    for (const rule of f.dontcare) add(truth.dontcare, rule, at.sheet, at.row);
    // Groups above a text amount may or may not count it as 0; above a ×10,000 figure they are huge too.
    if (f.rule === 'not-a-number') for (const r of at.ancestors) add(truth.dontcare, 'subtotal-mismatch', at.sheet, r);
    if (f.rule === 'amount-scale') for (const r of at.ancestors) add(truth.dontcare, 'amount-scale', at.sheet, r);
  }

  // The phase a reader gives each row; rows whose phase is open to reading are "uncertain".
  const uncertain = new Map();
  for (const p of projects) {
    const at = placed.get(p);
    if (p.fault === 'unknown-phase') {
      uncertain.set(p, opts.layout === 'sectioned' ? 'phase cell unknown: the section gives its phase' : 'phase cannot be determined');
    } else if (p.fault === 'phase-conflict') {
      uncertain.set(p, 'phase cell disagrees with its section: the cell is taken');
    } else if (p.fault === 'unknown-category' && opts.layout === 'per-phase') {
      uncertain.set(p, 'no category known: counted as 未分类');
    }
    if (uncertain.has(p)) truth.summaryUncertain.push({ sheet: at.sheet, row: at.row, why: uncertain.get(p) });
  }
  const phaseRead = (p) => {
    if (p.fault === 'phase-conflict') return '续建';
    if (p.fault === 'unknown-phase' && opts.layout !== 'sectioned') return null;
    return p.phase;
  };
  const categoryRead = (p) => (p.fault === 'unknown-category' && opts.layout === 'per-phase' ? '未分类' : p.category);

  const lines = new Map();
  for (const p of projects) {
    const phase = phaseRead(p);
    if (!phase) continue;
    const category = categoryRead(p);
    const key = `${phase}|${category}`;
    if (!lines.has(key)) lines.set(key, { phase, category, count: 0, total: 0, plan: 0, ytd: 0 });
    const l = lines.get(key);
    l.count++;
    l.total += shownTicks(p, 'totalInvestment');
    l.plan += shownTicks(p, 'annualPlan');
    l.ytd += shownTicks(p, 'completedThisYear');
  }
  const wan = (ticks) => (scale.decimals === 2 ? ticks * 100 : ticks / 10);
  for (const phase of PHASES) {
    for (const category of [...CATEGORIES, '未分类']) {
      const l = lines.get(`${phase}|${category}`);
      if (l) truth.summary.push({ phase, category, count: l.count, totalInvestment: wan(l.total), annualPlan: wan(l.plan), completedThisYear: wan(l.ytd) });
    }
  }

  truth.aggregates = [];
  aggregateTruth(projects, opts, placed, phaseRead, truth);

  for (const p of projects) {
    if (!p.lex || p.fault === 'category-mismatch' || p.fault === 'unknown-category') continue;
    const at = placed.get(p);
    truth.classify.push({ sheet: at.sheet, row: at.row, name: p.name, sub: p.subcategory });
  }
  return { sheets, truth };
}

/**
 * start-rate-low and completion-rate-low, per region and overall, computed twice: with the
 * uncertain rows read as above, and without them. Firing both times → must fire; once, or
 * within 2 points of the threshold → don't care.
 */
function aggregateTruth(projects, opts, placed, phaseRead, truth) {
  const asOf = dayOf(opts.planYear, 11, 30);
  const fields = truth.sheets.find((s) => s.headerRow)?.columns ?? [];
  const has = (f) => fields.includes(f);
  const doubtful = (p) => ['unknown-phase', 'phase-conflict', 'not-a-date'].includes(p.fault);
  const rates = (withDoubtful) => {
    const acc = new Map();
    const bump = (key, rule, hit) => {
      const k = `${rule}|${key ?? ''}`;
      if (!acc.has(k)) acc.set(k, { rule, region: key, n: 0, hit: 0 });
      const a = acc.get(k);
      a.n++;
      if (hit) a.hit++;
    };
    for (const p of projects) {
      if (!withDoubtful && doubtful(p)) continue;
      const phase = phaseRead(p);
      const region = Object.prototype.hasOwnProperty.call(p.overrides, 'region') ? null : p.region.name;
      if (phase === '新开工' && has('plannedStart') && p.plannedStart <= asOf) {
        const started = (p.actualStart !== null && p.actualStart <= asOf) || /已开工|开工建设/.test(p.progress);
        bump(region, 'start-rate-low', started);
        bump(null, 'start-rate-low', started);
      }
      if (phase === '竣工投产' && has('plannedCompletion') && p.plannedCompletion <= asOf) {
        const done = (p.actualCompletion !== null && p.actualCompletion <= asOf) || /竣工|投产|建成/.test(p.progress);
        bump(region, 'completion-rate-low', done);
        bump(null, 'completion-rate-low', done);
      }
    }
    const out = new Map();
    for (const [k, a] of acc) {
      const threshold = a.rule === 'start-rate-low' ? 0.95 : 0.8;
      const rate = a.hit / a.n;
      out.set(k, { rule: a.rule, region: a.region, fires: rate < threshold, near: Math.abs(rate - threshold) < 0.02 });
    }
    return out;
  };
  const a = rates(true);
  const b = rates(false);
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    const ref = x ?? y;
    const entry = { rule: ref.rule, region: ref.region };
    const firesA = x ? x.fires : false;
    const firesB = y ? y.fires : false;
    if (firesA && firesB && !(x.near || y.near)) truth.aggregates.push(entry);
    else if (firesA || firesB || (x && x.near) || (y && y.near)) truth.aggregatesDontcare.push(entry);
  }
  const order = (e) => `${e.rule}|${e.region ?? ''}`;
  truth.aggregates.sort((m, n) => order(m).localeCompare(order(n)));
  truth.aggregatesDontcare.sort((m, n) => order(m).localeCompare(order(n)));
  void placed;
}

/** Fixed creation time, so the same options give the same file contents. */
const FIXED_TIME = new Date(Date.UTC(2024, 10, 30, 8, 0, 0));

/**
 * A ledger as an in-memory ExcelJS workbook, and what a correct check of it must report.
 * @param {LedgerOptions} options
 * @returns {{ workbook: import('exceljs').Workbook, truth: Truth }}
 */
function generateLedger(options = {}) {
  const { sheets, truth } = buildModel(options);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'LedgerCheck fixtures';
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  for (const model of sheets) emitSheet(workbook.addWorksheet(model.name, sheetOptions(model)), model, false);
  return { workbook, truth };
}

/**
 * Writes the ledger to `file` with ExcelJS's streaming writer (rows go to disk as they are
 * made, which keeps 100k-row ledgers quick and small in memory) and returns its truth.
 * @param {LedgerOptions} options
 * @param {string} file
 * @returns {Promise<Truth>}
 */
async function writeLedger(options, file) {
  const { sheets, truth } = buildModel(options);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  writer.creator = 'LedgerCheck fixtures';
  writer.created = FIXED_TIME;
  writer.modified = FIXED_TIME;
  for (const model of sheets) {
    const ws = writer.addWorksheet(model.name, sheetOptions(model));
    emitSheet(ws, model, true);
    ws.commit();
  }
  await writer.commit();
  return truth;
}

// ---------------------------------------------------------------- command line

const DEMO = { layout: 'sectioned', rows: 80, unit: '亿元', planYear: 2024, seed: 2024, faults: true };

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--demo') out.demo = true;
    else if (a === '--no-faults') out.faults = false;
    else if (a.startsWith('--')) out[a.slice(2)] = argv[++i];
  }
  return out;
}

async function main(argv) {
  const args = parseArgs(argv);
  let options;
  let file;
  if (args.demo) {
    options = DEMO;
    file = path.join(__dirname, '..', 'assets', 'samples', '示例台账-2024.xlsx');
  } else {
    if (!args.out) {
      console.error('usage: node scripts/fixtures.js --demo | --out FILE.xlsx [--layout flat|sectioned|per-phase] [--rows N] [--unit 万元|亿元] [--year 2024] [--seed N] [--columns N] [--no-faults]');
      return 2;
    }
    file = args.out;
    options = {
      layout: args.layout, rows: args.rows ? Number(args.rows) : undefined, unit: args.unit,
      planYear: args.year ? Number(args.year) : undefined, seed: args.seed ? Number(args.seed) : undefined,
      columns: args.columns ? Number(args.columns) : undefined, faults: args.faults,
    };
  }
  const truth = await writeLedger(options, file);
  const truthFile = file.replace(/\.xlsx$/i, '') + '.truth.json';
  fs.writeFileSync(truthFile, JSON.stringify(truth, null, 2) + '\n');
  console.log(`${file}: ${truth.projects} projects, ${truth.issues.length} expected issues; truth in ${truthFile}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

module.exports = {
  generateLedger, writeLedger, buildModel, isValidCreditCode, creditCheckChar, workingDaysAfter, isWorkingDay,
  normaliseName, mulberry32,
};
