/** The rule catalogue: every rule of SPEC §4, by family. */
import type { Rule } from './rule';
import * as structure from './structure';
import * as classification from './classification';
import * as thresholds from './thresholds';
import * as deadlines from './deadlines';

export const RULES: Rule[] = [
  structure.missingColumn,
  structure.unitAssumed,
  structure.missingValue,
  structure.notANumber,
  structure.notADate,
  structure.negativeAmount,
  structure.amountScale,
  structure.duplicateProject,
  structure.invalidProjectCode,
  structure.invalidCreditCode,
  classification.unknownPhase,
  classification.phaseResolved,
  classification.unknownCategory,
  classification.categoryMismatch,
  classification.phaseConflict,
  classification.phaseDateMismatch,
  thresholds.belowThreshold,
  thresholds.annualExceedsRemaining,
  thresholds.cumulativeExceedsTotal,
  thresholds.behindSchedule,
  thresholds.subtotalMismatch,
  thresholds.startRateLow,
  thresholds.completionRateLow,
  thresholds.regionShareLow,
  deadlines.startOverdue,
  deadlines.completionOverdue,
  deadlines.approvalOverdue,
  deadlines.noticeOverdue,
  deadlines.lateApplication,
  deadlines.staleReport,
  deadlines.quietPeriodInspection,
  deadlines.dateOrder,
];

/** `no-ledger` is found by the engine itself (no sheet to run the others on), so it lives here as data. */
export const NO_LEDGER = {
  id: 'no-ledger',
  severity: 'error' as const,
  title: { zh: '未找到台账', en: 'No ledger found' },
  message: {
    zh: '工作簿中没有可识别的台账表头（需包含“项目名称”等列），无法校验',
    en: 'No sheet of the workbook has a ledger header (with a 项目名称 column and other known fields)',
  },
};

export const RULE_BY_ID = new Map<string, { id: string; severity: string; title: { zh: string; en: string } }>(
  [...RULES, NO_LEDGER].map((r) => [r.id, r]),
);

export type { Rule, RuleContext, Finding, Lang, Param } from './rule';
export { formatMessage } from './rule';
