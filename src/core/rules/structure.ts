/** Structure and values (SPEC §4): columns, missing and malformed values, scale, duplicates, codes. */
import { AMOUNT_FIELDS, type AmountField, type Column } from '../header';
import { nameKey, nameKeyHash } from '../text';
import type { FieldKey } from '../types';
import type { ProjectRow } from '../read';
import { FirstSeen, HASH_START, hashEnd, hashStep, keyHash } from '../firstSeen';
import { NONE, asShown, both, findingsFor, type Finding, type Param, type RowRule, type SheetRule } from './rule';
import { withItem } from '../lists';
import { isCreditCode, isProjectCode } from './codes';

const FIELD_NAMES: Partial<Record<FieldKey, [string, string]>> = {
  name: ['项目名称', 'project name'], totalInvestment: ['总投资', 'total investment'],
  annualPlan: ['年度计划投资', 'annual plan'], owner: ['业主单位', 'owner'], region: ['所属县区', 'region'],
  phase: ['项目阶段', 'phase'], completedBeforeYear: ['截至上年底累计完成投资', 'completed before this year'],
  completedThisYear: ['本年完成投资', 'completed this year'], cumulativeCompleted: ['累计完成投资', 'cumulative completed'],
  plannedStart: ['计划开工时间', 'planned start'], actualStart: ['实际开工时间', 'actual start'],
  plannedCompletion: ['计划竣工时间', 'planned completion'], actualCompletion: ['实际竣工时间', 'actual completion'],
  applicationDate: ['申报日期', 'application date'], acceptedDate: ['受理日期', 'acceptance date'],
  noticeDate: ['补正通知日期', 'correction notice date'], approvedDate: ['办结日期', 'approval date'],
  reportDate: ['填报日期', 'report date'], inspectionDate: ['检查日期', 'inspection date'],
  period: ['建设起止年限', 'construction period'], category: ['项目类别', 'category'], subcategory: ['行业', 'subcategory'],
};

/** A field's name in both languages, for messages. */
export function fieldName(f: FieldKey): Param {
  const n = FIELD_NAMES[f];
  return n ? both(n[0], n[1]) : f;
}

export const missingColumn: SheetRule = {
  id: 'missing-column',
  severity: 'error',
  scope: 'sheet',
  title: { zh: '缺少必要列', en: 'Required column missing' },
  messages: {
    '': {
      zh: '台账缺少“{field}”列，无法校验相关规则；请补充该列或在设置中指定对应列',
      en: 'The ledger has no “{field}” column, so the rules that need it cannot run; add the column or map it in Settings',
    },
  },
  check(sheet) {
    const out: Finding[] = [];
    if (!sheet.columns.totalInvestment) out.push({ field: 'totalInvestment', params: { field: fieldName('totalInvestment') } });
    if (!sheet.columns.annualPlan) out.push({ field: 'annualPlan', params: { field: fieldName('annualPlan') }, severity: 'warning' });
    return out;
  },
};

export const unitAssumed: SheetRule = {
  id: 'unit-assumed',
  severity: 'info',
  scope: 'sheet',
  title: { zh: '未注明金额单位', en: 'Amount unit assumed' },
  messages: { '': { zh: '金额列 {columns} 未注明单位，按万元计', en: 'Amount columns {columns} name no unit: 万元 (10,000 yuan) assumed' } },
  check(sheet) {
    if (sheet.unitAssumed.length === 0) return NONE;
    const columns = sheet.unitAssumed.map((f) => `“${sheet.columns[f]!.label}”`).join('、');
    return [{ row: sheet.header.bottom + 1, col: sheet.columns[sheet.unitAssumed[0]]!.col, params: { columns } }];
  },
};

/** An empty owner or region, required whenever its column exists. */
const requiredText = (c: Column): Finding => ({ col: c.col, field: c.field, params: { field: fieldName(c.field) } });

/**
 * An amount left empty (a cell that is there but unreadable is not-a-number's). A loop, not a
 * closure over `f`: this runs twice a row, and a closure's context was made on every call.
 */
function missingAmount(p: ProjectRow, f: AmountField): boolean {
  if (!Number.isNaN(p.amountValue(f))) return false;
  for (const b of p.badAmounts) if (b.field === f) return false;
  return true;
}

export const missingValue: RowRule = {
  id: 'missing-value',
  severity: 'error',
  scope: 'row',
  title: { zh: '必填项为空', en: 'Required value missing' },
  messages: {
    '': { zh: '“{field}”为空，该项为必填', en: '“{field}” is empty; it is required' },
    annual: { zh: '“年度计划投资”为空：{phase}项目必须填写年度计划投资', en: 'The annual plan is empty; a {phase} project must state it' },
    phase: { zh: '无法确定项目阶段：既无阶段列的值，也不在任何阶段分组下', en: 'The phase cannot be determined: no phase cell and no phase section above the row' },
  },
  check(p, sheet) {
    // A list is made only for a row with a finding: nearly every row has none.
    let out: Finding[] | undefined;
    const c = sheet.columns;
    if (!p.textOf('name')) out = withItem(out, { col: c.name!.col, field: 'name', params: { field: fieldName('name') } });
    if (c.totalInvestment && missingAmount(p, 'totalInvestment')) {
      out = withItem(out, { col: c.totalInvestment.col, field: 'totalInvestment', params: { field: fieldName('totalInvestment') } });
    }
    if (c.annualPlan && p.phase && p.phase !== '前期工作' && missingAmount(p, 'annualPlan')) {
      out = withItem(out, { col: c.annualPlan.col, field: 'annualPlan', params: { phase: p.phase }, variant: 'annual' });
    }
    if (!p.phase && !p.unknownPhase) {
      out = withItem(out, { col: (c.phase ?? c.name)!.col, field: 'phase', params: {}, variant: 'phase' });
    }
    // Named one by one, not in a loop over field names: looked up by a varying name, each cost more than the check.
    if (c.owner && !p.textOf('owner')) out = withItem(out, requiredText(c.owner));
    if (c.region && !p.textOf('region')) out = withItem(out, requiredText(c.region));
    return out ?? NONE;
  },
};

export const notANumber: RowRule = {
  id: 'not-a-number',
  severity: 'error',
  scope: 'row',
  title: { zh: '金额不是数字', en: 'Amount is not a number' },
  messages: { '': { zh: '“{field}”应为数字，实际为“{text}”', en: '“{field}” should be a number, but is “{text}”' } },
  check(p) {
    if (p.badAmounts.length === 0) return NONE;
    return findingsFor(p.badAmounts, (b) => ({ col: b.col, field: b.field, params: { field: fieldName(b.field), text: b.text } }));
  },
};

export const notADate: RowRule = {
  id: 'not-a-date',
  severity: 'error',
  scope: 'row',
  title: { zh: '日期无法识别', en: 'Date cannot be read' },
  messages: {
    '': {
      zh: '“{field}”无法识别为日期：“{text}”（可写作 2024-03-15、2024年3月 或 2024年）',
      en: '“{field}” cannot be read as a date: “{text}” (write 2024-03-15, 2024年3月 or 2024年)',
    },
  },
  check(p) {
    if (p.badDates.length === 0) return NONE;
    return findingsFor(p.badDates, (b) => ({ col: b.col, field: b.field, params: { field: fieldName(b.field), text: b.text } }));
  },
};

export const negativeAmount: RowRule = {
  id: 'negative-amount',
  severity: 'error',
  scope: 'row',
  title: { zh: '金额为负数', en: 'Negative amount' },
  messages: { '': { zh: '“{field}”为负数（{value}），金额不应小于零', en: '“{field}” is negative ({value}); an amount cannot be below zero' } },
  check(p) {
    let out: Finding[] | undefined;
    // By slot (field i of AMOUNT_FIELDS): the value alone rules out nearly every cell, and a cell is made only for a finding.
    for (let slot = 0; slot < AMOUNT_FIELDS.length; slot++) {
      if (!(p.amountValueAt(slot) < 0)) continue;
      const f = AMOUNT_FIELDS[slot];
      const a = p.amount(f)!;
      out = withItem(out, { col: a.col, field: f, params: { field: fieldName(f), value: asShown(a) } });
    }
    return out ?? NONE;
  },
};

export const amountScale: RowRule = {
  id: 'amount-scale',
  severity: 'warning',
  scope: 'row',
  title: { zh: '金额量级异常', en: 'Amount looks mis-scaled' },
  messages: {
    '': {
      zh: '总投资 {value} 超过 {limit}，疑似按“元”填写（本表单位为万元）',
      en: 'Total investment {value} exceeds {limit}: probably typed in yuan (the sheet is in 万元)',
    },
    yi: {
      zh: '“{field}”为 {value}，本表单位为亿元，数值过大，疑似按“万元”填写',
      en: '“{field}” is {value} in a sheet in 亿元: too large, probably typed in 万元',
    },
  },
  check(p, _sheet, ctx) {
    let out: Finding[] | undefined;
    // By slot (field i of AMOUNT_FIELDS): empty and small amounts, nearly all, are ruled out before a cell is made.
    for (let slot = 0; slot < AMOUNT_FIELDS.length; slot++) {
      const value = p.amountValueAt(slot);
      if (Number.isNaN(value)) continue;
      const f = AMOUNT_FIELDS[slot];
      if (!(value >= ctx.profile.amountScaleYi || (f === 'totalInvestment' && p.wan(f) >= ctx.profile.amountScaleWan))) continue;
      const a = p.amount(f)!;
      if (a.unit === '亿元' && a.value >= ctx.profile.amountScaleYi) {
        out = withItem(out, { col: a.col, field: f, variant: 'yi', params: { field: fieldName(f), value: asShown(a) } });
      } else if (f === 'totalInvestment' && a.wan >= ctx.profile.amountScaleWan) {
        out = withItem(out, { col: a.col, field: f, params: { value: asShown(a), limit: `${ctx.profile.amountScaleWan}万元` } });
      }
    }
    return out ?? NONE;
  },
};

export const invalidProjectCode: RowRule = {
  id: 'invalid-project-code',
  severity: 'error',
  scope: 'row',
  title: { zh: '项目代码格式错误', en: 'Invalid project code' },
  messages: {
    '': {
      zh: '项目代码“{code}”不符合全国投资项目代码格式 YYYY-AAAAAA-II-TT-NNNNNN',
      en: 'Project code “{code}” is not a national investment project code (YYYY-AAAAAA-II-TT-NNNNNN)',
    },
  },
  check(p, sheet) {
    const code = p.textOf('code');
    if (code === undefined || isProjectCode(code)) return NONE;
    return [{ col: sheet.columns.code!.col, field: 'code', params: { code } }];
  },
};

export const invalidCreditCode: RowRule = {
  id: 'invalid-credit-code',
  severity: 'error',
  scope: 'row',
  title: { zh: '统一社会信用代码错误', en: 'Invalid credit code' },
  messages: {
    '': {
      zh: '统一社会信用代码“{code}”不符合 GB 32100-2015（应为18位且校验位正确）',
      en: 'Credit code “{code}” fails GB 32100-2015 (18 characters with a valid check character)',
    },
  },
  check(p, sheet) {
    const code = p.textOf('ownerCreditCode');
    if (code === undefined || isCreditCode(code)) return NONE;
    return [{ col: sheet.columns.ownerCreditCode!.col, field: 'ownerCreditCode', params: { code } }];
  },
};

export const duplicateProject: RowRule = {
  id: 'duplicate-project',
  severity: 'warning',
  scope: 'row',
  title: { zh: '项目重复', en: 'Duplicate project' },
  messages: {
    name: { zh: '项目“{name}”与 {first} 的项目名称相同，疑似重复填报', en: 'Project “{name}” has the same name as {first}: listed twice?' },
    code: { zh: '项目代码“{code}”与 {first} 相同，疑似重复填报', en: 'Project code “{code}” is the same as on {first}: listed twice?' },
  },
  check(p, sheet) {
    const d = p.duplicateOf;
    if (!d) return NONE;
    return [{
      col: (d.by === 'name' ? sheet.columns.name : sheet.columns.code)!.col,
      field: d.by,
      variant: d.by,
      related: [{ sheet: d.sheet, row: d.row }],
      params: { name: p.text.name ?? '', code: p.text.code ?? '', first: both(`“${d.sheet}”第 ${d.row} 行`, `row ${d.row} of “${d.sheet}”`) },
    }];
  },
};

/**
 * Marks each project row whose normalised name or non-empty code equals an earlier row's, on any
 * sheet (`projects`: every project row of the workbook, in sheet order). Done once after reading, so
 * rules can tell a repeated row (whose other faults are the repeat's symptoms) from an original.
 */
export function markDuplicates(projects: readonly ProjectRow[]): void {
  // Rows are entries by their place in `projects`; a key is worked out again only when two hashes match.
  const byName = new FirstSeen((e) => nameKey(projects[e].textOf('name')!), projects.length);
  // Sized for every row only when rows have codes (2 MB at 100k rows): a ledger without a code column needs none.
  const withCodes = projects.some((p) => p.textOf('code') !== undefined) ? projects.length : 0;
  const byCode = new FirstSeen((e) => codeKey(projects[e].textOf('code')!), withCodes);
  for (let e = 0; e < projects.length; e++) {
    const p = projects[e];
    const name = p.textOf('name');
    const code = p.textOf('code');
    // Hashes of the keys, worked out without making them; NaN: no key.
    const nameHash = name ? nameKeyHash(name) : NaN;
    const codeHash = code ? codeKeyHash(code) : NaN;
    // A row is keyed by its name even when it repeats a code, and by its code even when it repeats a name.
    const firstByName = Number.isNaN(nameHash) ? -1 : byName.firstOrAdd(e, nameHash);
    const firstByCode = Number.isNaN(codeHash) ? -1 : byCode.firstOrAdd(e, codeHash);
    const first = firstByName >= 0 ? projects[firstByName] : firstByCode >= 0 ? projects[firstByCode] : undefined;
    if (first) p.duplicateOf = { sheet: first.sheet, row: first.row, by: firstByName >= 0 ? 'name' : 'code' };
  }
}

/** Codes are letters, digits and dashes: most need no normalising, which saves two new strings a row. */
const isPlainCodeUnit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d;

function isPlainCode(code: string): boolean {
  for (let i = 0; i < code.length; i++) if (!isPlainCodeUnit(code.charCodeAt(i))) return false;
  return true;
}

function codeKey(code: string): string {
  return isPlainCode(code) ? code : code.normalize('NFKC').replace(/\s+/g, '');
}

/** hashOf(codeKey(code)), for a plain code (nearly all) without a key made; NaN: no key. */
function codeKeyHash(code: string): number {
  let h = HASH_START;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (!isPlainCodeUnit(c)) return keyHash(codeKey(code));
    h = hashStep(h, c);
  }
  return code.length === 0 ? NaN : hashEnd(h);
}
