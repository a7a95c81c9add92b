/** Deadlines (SPEC §4): overdue starts and completions, approval and notice clocks in working days, dates. */
import { dayNumber, fromDayNumber, isoDate, type LedgerDate } from '../dates';
import { hasCompleted, hasStarted } from '../status';
import { DATE_SLOT } from '../cells';
import { NONE, both, type Finding, type Param, type RowRule } from './rule';
import { withItem } from '../lists';

/** A date as written, and for month or year precision the day it counts as. */
function when(d: LedgerDate): Param {
  if (d.precision === 'day') return isoDate(d.start);
  const written = isoDate(d.start).slice(0, d.precision === 'month' ? 7 : 4);
  return both(`${written}（按期末 ${isoDate(d.end)} 计）`, `${written} (counted as ${isoDate(d.end)})`);
}

export const startOverdue: RowRule = {
  id: 'start-overdue',
  severity: 'warning',
  scope: 'row',
  title: { zh: '逾期未开工', en: 'Start overdue' },
  messages: {
    '': {
      zh: '计划开工时间 {planned} 已过，尚无实际开工时间，形象进度也未显示开工',
      en: 'Planned start {planned} has passed with no actual start, and the progress does not say it started',
    },
  },
  check(p, _sheet, ctx) {
    const planned = p.date('plannedStart');
    if (p.phase !== '新开工' || !planned || planned.end >= ctx.asOf || hasStarted(p, ctx.asOf)) return NONE;
    return [{ field: 'plannedStart', params: { planned: when(planned) } }];
  },
};

export const completionOverdue: RowRule = {
  id: 'completion-overdue',
  severity: 'warning',
  scope: 'row',
  title: { zh: '逾期未竣工', en: 'Completion overdue' },
  messages: {
    '': {
      zh: '计划竣工时间 {planned} 已过，尚无实际竣工时间，形象进度也未显示竣工',
      en: 'Planned completion {planned} has passed with no actual completion, and the progress does not say it is complete',
    },
  },
  check(p, _sheet, ctx) {
    const planned = p.date('plannedCompletion');
    if ((p.phase !== '竣工投产' && p.phase !== '续建') || !planned || planned.end >= ctx.asOf || hasCompleted(p, ctx.asOf)) return NONE;
    return [{ field: 'plannedCompletion', params: { planned: when(planned) } }];
  },
};

export const approvalOverdue: RowRule = {
  id: 'approval-overdue',
  severity: 'error',
  scope: 'row',
  title: { zh: '审批超时', en: 'Approval overdue' },
  messages: {
    '': {
      zh: '受理（{accepted}）至办结（{approved}）用时 {days} 个工作日，超过 {limit} 个工作日时限',
      en: 'Accepted {accepted}, approved {approved}: {days} working days, over the limit of {limit}',
    },
    open: {
      zh: '受理（{accepted}）后已过 {days} 个工作日仍未办结，超过 {limit} 个工作日时限',
      en: 'Accepted {accepted} and still not approved after {days} working days, over the limit of {limit}',
    },
  },
  check(p, _sheet, ctx) {
    const accepted = p.date('acceptedDate');
    if (!accepted) return NONE;
    const approved = p.date('approvedDate');
    if (approved && approved.end < accepted.start) return NONE; // date-order reports it
    const to = approved ? approved.start : ctx.asOf;
    const days = ctx.calendar.workdaysAfter(accepted.end, to);
    if (days <= ctx.profile.approvalWorkdays) return NONE;
    return [{
      field: approved ? 'approvedDate' : 'acceptedDate',
      variant: approved ? '' : 'open',
      params: { accepted: when(accepted), approved: approved ? when(approved) : '', days, limit: ctx.profile.approvalWorkdays },
    }];
  },
};

export const noticeOverdue: RowRule = {
  id: 'notice-overdue',
  severity: 'error',
  scope: 'row',
  title: { zh: '补正通知超时', en: 'Correction notice late' },
  messages: {
    '': {
      zh: '补正通知（{notice}）在受理（{accepted}）后第 {days} 个工作日发出，超过 {limit} 个工作日时限',
      en: 'Correction notice {notice} came {days} working days after acceptance ({accepted}), over the limit of {limit}',
    },
  },
  check(p, _sheet, ctx) {
    const notice = p.date('noticeDate');
    const accepted = p.date('acceptedDate');
    if (!notice || !accepted || notice.end < accepted.start) return NONE;
    const days = ctx.calendar.workdaysAfter(accepted.end, notice.start);
    if (days <= ctx.profile.noticeWorkdays) return NONE;
    return [{ field: 'noticeDate', params: { notice: when(notice), accepted: when(accepted), days, limit: ctx.profile.noticeWorkdays } }];
  },
};

export const lateApplication: RowRule = {
  id: 'late-application',
  severity: 'warning',
  scope: 'row',
  title: { zh: '申报逾期', en: 'Late application' },
  messages: {
    '': {
      zh: '申报日期 {date} 晚于 {deadline}（{year} 年项目应于上年 10 月中旬前申报）',
      en: 'Applied {date}, after {deadline} (projects for {year} apply by mid-October of the year before)',
    },
  },
  check(p, sheet, ctx) {
    const d = p.date('applicationDate');
    if (!d) return NONE;
    const deadline = applicationDeadline(sheet.planYear, ctx.profile.applicationDeadline);
    if (d.end <= deadline) return NONE;
    return [{ field: 'applicationDate', params: { date: when(d), deadline: isoDate(deadline), year: sheet.planYear } }];
  },
};

/** The day applications for year `planYear` are due, from the profile's MM-DD: asked for every row, worked out once. */
let deadlineMemo = { planYear: NaN, monthDay: '', day: 0 };

function applicationDeadline(planYear: number, monthDay: string): number {
  if (deadlineMemo.planYear !== planYear || deadlineMemo.monthDay !== monthDay) {
    const [mm, dd] = monthDay.split('-').map(Number);
    deadlineMemo = { planYear, monthDay, day: dayNumber(planYear - 1, mm, dd) };
  }
  return deadlineMemo.day;
}

export const staleReport: RowRule = {
  id: 'stale-report',
  severity: 'warning',
  scope: 'row',
  title: { zh: '填报信息过期', en: 'Stale report' },
  messages: {
    '': {
      zh: '填报日期 {date} 距校验日 {asOf} 已 {days} 天，超过 {limit} 天（台账应按月更新）',
      en: 'Reported {date}, {days} days before the check date {asOf}: over {limit} days (the ledger is updated monthly)',
    },
  },
  check(p, _sheet, ctx) {
    const d = p.date('reportDate');
    if (!d) return NONE;
    const days = ctx.asOf - d.end;
    if (days <= ctx.profile.staleReportDays) return NONE;
    return [{ field: 'reportDate', params: { date: when(d), asOf: isoDate(ctx.asOf), days, limit: ctx.profile.staleReportDays } }];
  },
};

export const quietPeriodInspection: RowRule = {
  id: 'quiet-period-inspection',
  severity: 'warning',
  scope: 'row',
  title: { zh: '静默期内检查', en: 'Inspection in the quiet period' },
  messages: {
    '': {
      zh: '检查日期 {date} 在每月 1–{last} 日的重点项目“无事不扰”静默期内',
      en: 'Inspection on {date} falls on days 1–{last} of the month, inspection-free for key projects',
    },
  },
  check(p, _sheet, ctx) {
    const d = p.date('inspectionDate');
    if (!d || d.precision !== 'day') return NONE;
    if (fromDayNumber(d.start).d > ctx.profile.quietPeriodLastDay) return NONE;
    return [{ field: 'inspectionDate', params: { date: isoDate(d.start), last: ctx.profile.quietPeriodLastDay } }];
  },
};

/**
 * Date pairs that must be in order, and the variant of the message that says which. Each field's slot
 * is looked up once here: by a varying name on every row, the lookups were half the rule.
 */
const ORDER_PAIRS = (
  [
    ['plannedStart', 'plannedCompletion', 'planned'],
    ['actualStart', 'actualCompletion', 'actual'],
    ['acceptedDate', 'approvedDate', 'approval'],
    ['acceptedDate', 'noticeDate', 'notice'],
  ] as const
).map(([first, second, variant]) => ({ second, variant, firstSlot: DATE_SLOT[first], secondSlot: DATE_SLOT[second] }));

export const dateOrder: RowRule = {
  id: 'date-order',
  severity: 'error',
  scope: 'row',
  title: { zh: '日期先后颠倒', en: 'Dates out of order' },
  messages: {
    planned: { zh: '计划开工时间 {a} 晚于计划竣工时间 {b}', en: 'Planned start {a} is after planned completion {b}' },
    actual: { zh: '实际开工时间 {a} 晚于实际竣工时间 {b}', en: 'Actual start {a} is after actual completion {b}' },
    approval: { zh: '办结日期 {b} 早于受理日期 {a}', en: 'Approval {b} is before acceptance {a}' },
    notice: { zh: '补正通知日期 {b} 早于受理日期 {a}', en: 'Correction notice {b} is before acceptance {a}' },
    period: { zh: '建设起止年限“{text}”的起始晚于结束', en: 'Construction period “{text}” starts after it ends' },
  },
  check(p) {
    let out: Finding[] | undefined;
    for (const { second, variant, firstSlot, secondSlot } of ORDER_PAIRS) {
      const a = p.dateAt(firstSlot);
      const b = p.dateAt(secondSlot);
      if (a && b && a.start > b.end) out = withItem(out, { field: second, variant, params: { a: when(a), b: when(b) } });
    }
    if (p.period && p.period.start.start > p.period.end.end) {
      out = withItem(out, { field: 'period', variant: 'period', params: { text: p.period.text } });
    }
    return out ?? NONE;
  },
};
