/** Thresholds and consistency (SPEC §4): size limits, amounts against each other, progress, subtotals, rates. */
import { monthsElapsed } from '../dates';
import { AMOUNT_FIELDS, type AmountField } from '../header';
import type { Group, LedgerSheet } from '../read';
import { AMOUNT_SLOT, type AmountCell } from '../cells';
import type { RateCounts } from '../rates';
import type { Finding, RowRule, RuleContext, SheetRule, WorkbookRule } from './rule';
import { NONE, asShown, both, shown, wan } from './rule';
import { differs, exceeds, exceedsBeyond, type Total } from './precision';
import { fieldName } from './structure';

export const belowThreshold: RowRule = {
  id: 'below-threshold',
  severity: 'warning',
  scope: 'row',
  title: { zh: '总投资低于入库标准', en: 'Below the investment threshold' },
  messages: { '': { zh: '总投资 {value} 低于{kind}入库标准 {limit}', en: 'Total investment {value} is below the {kind}threshold of {limit}' } },
  check(p, _sheet, ctx) {
    // The value and unit rule out nearly every row: a cell is made only for a finding.
    const value = p.amountValue('totalInvestment');
    if (!(value >= 0)) return NONE;
    const { profile } = ctx;
    if (p.unit('totalInvestment') === '万美元') {
      if (value >= profile.thresholdUsd) return NONE;
      const t = p.amount('totalInvestment')!;
      return [{ col: t.col, field: 'totalInvestment', params: { value: asShown(t), kind: '', limit: `${profile.thresholdUsd}万美元` } }];
    }
    const reduced = (p.subcategory && profile.reducedThresholdSubcategories.includes(p.subcategory)) || p.category === '社会公益';
    const limit = reduced ? profile.reducedThreshold : profile.threshold;
    if (p.wan('totalInvestment') >= limit) return NONE;
    const t = p.amount('totalInvestment')!;
    return [{
      col: t.col,
      field: 'totalInvestment',
      params: {
        value: asShown(t),
        kind: reduced ? both(`${p.subcategory ?? p.category}类`, `${p.subcategory ?? p.category} `) : '',
        limit: `${limit}万元`,
      },
    }];
  },
};

export const annualExceedsRemaining: RowRule = {
  id: 'annual-exceeds-remaining',
  severity: 'error',
  scope: 'row',
  title: { zh: '年度计划超过剩余投资', en: 'Annual plan exceeds what remains' },
  messages: {
    '': {
      zh: '年度计划投资 {annual} 超过尚需投资 {remaining}（总投资 {total} − 截至上年底累计完成 {before}）',
      en: 'Annual plan {annual} exceeds what remains, {remaining} (total {total} − completed before this year {before})',
    },
    noBefore: { zh: '年度计划投资 {annual} 超过总投资 {total}', en: 'Annual plan {annual} exceeds the total investment {total}' },
  },
  check(p) {
    if (Number.isNaN(p.amountValue('annualPlan')) || Number.isNaN(p.amountValue('totalInvestment'))) return NONE;
    const hasBefore = !Number.isNaN(p.amountValue('completedBeforeYear'));
    // annual > total − before, i.e. annual + before > total, each side at its written precision
    // (from the columns: cells are made only for a finding's message).
    const left = hasBefore ? p.wan('annualPlan') + p.wan('completedBeforeYear') : p.wan('annualPlan');
    const leftHalf = hasBefore ? p.halfWan('annualPlan') + p.halfWan('completedBeforeYear') : p.halfWan('annualPlan');
    if (!exceedsBeyond(left, p.wan('totalInvestment'), leftHalf + p.halfWan('totalInvestment'))) return NONE;
    const annual = p.amount('annualPlan')!;
    const total = p.amount('totalInvestment')!;
    const before = p.amount('completedBeforeYear');
    return [{
      col: annual.col,
      field: 'annualPlan',
      variant: before ? '' : 'noBefore',
      params: {
        annual: asShown(annual),
        total: asShown(total),
        before: before ? asShown(before) : '',
        remaining: before ? shown((total.wan - before.wan) / total.factor, Math.max(total.decimals, before.decimals), total.unit) : '',
      },
    }];
  },
};

export const cumulativeExceedsTotal: RowRule = {
  id: 'cumulative-exceeds-total',
  severity: 'warning',
  scope: 'row',
  title: { zh: '累计完成超过总投资', en: 'Cumulative exceeds total (over budget)' },
  messages: { '': { zh: '累计完成投资 {cumulative} 超过总投资 {total}（超概算）', en: 'Cumulative completed {cumulative} exceeds the total investment {total} (over budget)' } },
  check(p) {
    if (Number.isNaN(p.amountValue('cumulativeCompleted')) || Number.isNaN(p.amountValue('totalInvestment'))) return NONE;
    if (!exceedsBeyond(p.wan('cumulativeCompleted'), p.wan('totalInvestment'), p.halfWan('cumulativeCompleted') + p.halfWan('totalInvestment'))) return NONE;
    const cum = p.amount('cumulativeCompleted')!;
    const total = p.amount('totalInvestment')!;
    return [{ col: cum.col, field: 'cumulativeCompleted', params: { cumulative: asShown(cum), total: asShown(total) } }];
  },
};

export const behindSchedule: RowRule = {
  id: 'behind-schedule',
  severity: 'warning',
  scope: 'row',
  title: { zh: '投资进度滞后', en: 'Behind schedule' },
  messages: {
    '': {
      zh: '本年完成投资 {done} 仅为年度计划 {plan} 的 {ratio}%，低于时序进度要求的 {expected}%',
      en: 'Completed this year {done} is {ratio}% of the annual plan {plan}, below the {expected}% due by now',
    },
  },
  check(p, sheet, ctx) {
    if (!p.phase || p.phase === '前期工作' || Number.isNaN(p.amountValue('annualPlan')) || Number.isNaN(p.amountValue('completedThisYear'))) return NONE;
    const planWan = p.wan('annualPlan');
    if (planWan <= 0) return NONE;
    const expected = (monthsElapsed(sheet.planYear, ctx.asOf) / 12) * ctx.profile.progressFactor;
    const ratio = p.wan('completedThisYear') / planWan;
    if (ratio >= expected) return NONE;
    const plan = p.amount('annualPlan')!;
    const done = p.amount('completedThisYear')!;
    return [{
      col: done.col,
      field: 'completedThisYear',
      params: { done: asShown(done), plan: asShown(plan), ratio: (ratio * 100).toFixed(1), expected: (expected * 100).toFixed(1) },
    }];
  },
};

/** What a group's members add up to, every amount field (from the columns: this runs over every row). */
function memberTotals(g: Group, sheet: LedgerSheet): Record<AmountField, Total> {
  const total = (f: AmountField) => sheet.cells.total(AMOUNT_SLOT[f], g.startIndex, g.memberCount);
  return {
    totalInvestment: total('totalInvestment'),
    completedBeforeYear: total('completedBeforeYear'),
    annualPlan: total('annualPlan'),
    completedThisYear: total('completedThisYear'),
    cumulativeCompleted: total('cumulativeCompleted'),
  };
}

export const subtotalMismatch: SheetRule = {
  id: 'subtotal-mismatch',
  severity: 'error',
  scope: 'sheet',
  title: { zh: '合计/小计与明细不符', en: 'Subtotal does not match its rows' },
  messages: {
    count: { zh: '“{label}”写明 {stated} 项，实际列出 {actual} 项', en: '“{label}” states {stated} projects; {actual} are listed' },
    amount: { zh: '“{label}”的{field}为 {stated}，所列项目合计为 {actual}', en: '“{label}” states {field} {stated}; its projects add up to {actual}' },
    ofWhichCount: { zh: '“{label}”的“其中”各项共 {actual} 项，超过其总数 {stated} 项', en: 'The “of which” lines of “{label}” count {actual} projects, more than its {stated}' },
    ofWhichAmount: { zh: '“{label}”的“其中”各项{field}合计 {actual}，超过其总额 {stated}', en: 'The “of which” lines of “{label}” add up to {field} {actual}, more than its {stated}' },
  },
  check(sheet) {
    const out: Finding[] = [];
    if (sheet.projects.length === 0) return out;
    const nameCol = sheet.columns.name!.col;
    const inUnit = (w: number, ref: AmountCell) => shown(w / ref.factor, ref.decimals, ref.unit);
    const totals = new Map<Group, Record<AmountField, Total>>();
    const totalsOf = (g: Group) => totals.get(g) ?? totals.set(g, memberTotals(g, sheet)).get(g)!;
    // The figure an of-which group contributes: what it states, else what its members add up to.
    const contribution = (g: Group, f: AmountField): Total => {
      const s = g.stated.amounts[f];
      return s ? { wan: s.wan, halfWan: s.halfWan } : totalsOf(g)[f];
    };
    for (const g of sheet.groups) {
      const summaryOnly = g.kind === 'section' && g.ofWhich && g.memberCount === 0;
      if (!summaryOnly) {
        if (g.stated.count && g.stated.count.value !== g.memberCount) {
          out.push({ row: g.row, col: g.stated.count.col ?? nameCol, variant: 'count', params: { label: g.label, stated: g.stated.count.value, actual: g.memberCount } });
        }
        for (const f of AMOUNT_FIELDS) {
          const s = g.stated.amounts[f];
          if (!s) continue;
          const members = totalsOf(g)[f];
          if (differs(s, members)) {
            out.push({ row: g.row, col: s.col, field: f, variant: 'amount', params: { label: g.label, field: fieldName(f), stated: shown(s.value, s.decimals, s.unit), actual: inUnit(members.wan, s) } });
          }
        }
      }
      if (g.ofWhichChildren.length === 0) continue;
      if (g.stated.count) {
        const counted = g.ofWhichChildren.reduce((n, c) => n + (c.stated.count?.value ?? c.memberCount), 0);
        if (counted > g.stated.count.value) {
          out.push({ row: g.row, col: g.stated.count.col ?? nameCol, variant: 'ofWhichCount', params: { label: g.label, stated: g.stated.count.value, actual: counted } });
        }
      }
      for (const f of AMOUNT_FIELDS) {
        const s = g.stated.amounts[f];
        if (!s) continue;
        const parts = g.ofWhichChildren.map((c) => contribution(c, f));
        const total: Total = { wan: parts.reduce((t, p) => t + p.wan, 0), halfWan: parts.reduce((t, p) => t + p.halfWan, 0) };
        if (exceeds([total], [s])) {
          out.push({ row: g.row, col: s.col, field: f, variant: 'ofWhichAmount', params: { label: g.label, field: fieldName(f), stated: shown(s.value, s.decimals, s.unit), actual: inUnit(total.wan, s) } });
        }
      }
    }
    return out;
  },
};

/** start-rate-low and completion-rate-low: the same check over a different pair of counts. */
function rateRule(
  id: string,
  title: { zh: string; en: string },
  message: { zh: string; en: string },
  counts: (c: RateCounts) => [done: number, due: number],
  min: (ctx: RuleContext) => number,
): WorkbookRule {
  return {
    id,
    severity: 'warning',
    scope: 'workbook',
    title,
    messages: { '': message },
    check(_sheets, ctx) {
      const { overall, byRegion } = ctx.rates;
      const limit = min(ctx);
      const out: Finding[] = [];
      for (const [region, c] of [[undefined, overall] as const, ...byRegion]) {
        const [num, den] = counts(c);
        if (den === 0 || num / den >= limit) continue;
        out.push({
          region,
          params: { scope: region ?? both('全部', 'All'), rate: ((num / den) * 100).toFixed(1), num, den, min: (limit * 100).toFixed(0) },
        });
      }
      return out;
    },
  };
}

export const startRateLow = rateRule(
  'start-rate-low',
  { zh: '开工率偏低', en: 'Start rate low' },
  {
    zh: '{scope}新开工项目开工率 {rate}%（应开工 {den} 个，已开工 {num} 个），低于 {min}%',
    en: '{scope}: start rate of 新开工 projects {rate}% ({num} of {den} due have started), below {min}%',
  },
  (c) => [c.started, c.dueToStart],
  (ctx) => ctx.profile.startRateMin,
);

export const completionRateLow = rateRule(
  'completion-rate-low',
  { zh: '竣工投产率偏低', en: 'Completion rate low' },
  {
    zh: '{scope}竣工投产项目竣工率 {rate}%（应竣工 {den} 个，已竣工 {num} 个），低于 {min}%',
    en: '{scope}: completion rate of 竣工投产 projects {rate}% ({num} of {den} due are complete), below {min}%',
  },
  (c) => [c.completed, c.dueToComplete],
  (ctx) => ctx.profile.completionRateMin,
);

export const regionShareLow: WorkbookRule = {
  id: 'region-share-low',
  severity: 'warning',
  scope: 'workbook',
  title: { zh: '县区年度计划占比偏低', en: 'Region share low' },
  messages: {
    '': {
      zh: '{region}年度计划投资合计 {plan}，仅占其固定资产投资 {fai} 的 {share}%，低于 {min}%',
      en: '{region}: annual plans add up to {plan}, {share}% of its fixed-asset investment {fai}, below {min}%',
    },
  },
  check(sheets, ctx) {
    const fai = ctx.profile.regionFixedAssetInvestment;
    const totals = new Map<string, number>();
    for (const s of sheets) {
      for (const p of s.projects) {
        const region = p.region;
        if (region && region in fai) totals.set(region, (totals.get(region) ?? 0) + p.wan('annualPlan'));
      }
    }
    const out: Finding[] = [];
    for (const [region, base] of Object.entries(fai)) {
      if (!(base > 0)) continue;
      const plan = totals.get(region) ?? 0;
      if (plan / base >= ctx.profile.regionShareMin) continue;
      out.push({ region, params: { region, plan: wan(plan), fai: wan(base), share: ((plan / base) * 100).toFixed(1), min: (ctx.profile.regionShareMin * 100).toFixed(0) } });
    }
    return out;
  },
};
