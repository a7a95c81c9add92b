/** Pure helpers that shape a report's issues for the results list (grouping, filters, cell addresses). */
import type { FieldKey, Issue, Report, Severity } from '../core/types';

export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export interface IssueFilter {
  severity: Severity | 'all';
  sheet: string | 'all';
}

export interface RuleGroup {
  rule: string;
  severity: Severity;
  issues: Issue[];
}

export function countBySeverity(issues: Issue[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const issue of issues) counts[issue.severity]++;
  return counts;
}

export function sheetsOf(issues: Issue[]): string[] {
  return [...new Set(issues.map((i) => i.sheet).filter((s): s is string => !!s))];
}

export function filterIssues(issues: Issue[], filter: IssueFilter): Issue[] {
  return issues.filter(
    (i) => (filter.severity === 'all' || i.severity === filter.severity) && (filter.sheet === 'all' || i.sheet === filter.sheet),
  );
}

/** One group per rule, worst severity first, then the largest groups; rows in sheet order. */
export function groupByRule(issues: Issue[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const issue of issues) {
    const group = groups.get(issue.rule) ?? { rule: issue.rule, severity: issue.severity, issues: [] };
    if (RANK[issue.severity] < RANK[group.severity]) group.severity = issue.severity;
    group.issues.push(issue);
    groups.set(issue.rule, group);
  }
  return [...groups.values()].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity] || b.issues.length - a.issues.length || a.rule.localeCompare(b.rule),
  );
}

/**
 * The cell to jump to: the faulty cell, else the row's name cell (where row-wide issues are marked),
 * else the whole row; sheet-wide issues go to A1. Workbook-wide issues have no place.
 */
export function issueAddress(issue: Issue, report: Report): string | undefined {
  if (!issue.sheet) return undefined;
  if (issue.row === undefined) return 'A1';
  if (issue.column) return `${issue.column}${issue.row}`;
  const nameColumn = sheetReport(report, issue.sheet, issue.file)?.mapping?.name;
  return nameColumn ? `${nameColumn}${issue.row}` : `${issue.row}:${issue.row}`;
}

export function sheetReport(report: Report, sheet: string, file?: string) {
  for (const f of report.files) {
    if (file && f.file !== file) continue;
    const found = f.sheets.find((s) => s.sheet === sheet);
    if (found) return found;
  }
  return undefined;
}

/** The column mapping each ledger sheet was read with (skipped sheets have none). */
export function detectedMapping(report: Report): Record<string, Partial<Record<FieldKey, string>>> {
  return Object.fromEntries(
    report.files.flatMap((f) => f.sheets.filter((s) => s.mapping && !s.skipped).map((s) => [s.sheet, s.mapping!])),
  );
}
