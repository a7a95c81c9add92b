/** What a rule is: id, severity, title, message template and a check, over a row, a sheet or the workbook. */
import { withItem } from '../lists';
import type { RateTally } from '../rates';
import type { WorkCalendar } from '../calendar';
import type { Profile } from '../profile';
import type { LedgerSheet, ProjectRow } from '../read';
import type { CellRef, FieldKey, Severity } from '../types';

export interface RuleContext {
  profile: Profile;
  /** The check date as a day number. */
  asOf: number;
  calendar: WorkCalendar;
  /** 开工率 / 竣工投产率 counts over every project of the workbook, counted once per analysis. */
  rates: RateTally;
}

/** One problem a check found; the engine adds rule id, severity, sheet and the message. */
export interface Finding {
  row?: number;
  col?: number;
  field?: FieldKey;
  /** Values for the message template's {placeholders}; words that differ by language as { zh, en }. */
  params: Record<string, Param>;
  related?: CellRef[];
  region?: string;
  /** For the few rules whose severity depends on the case (missing-column). */
  severity?: Severity;
  /** Template variant, when a rule has several wordings. */
  variant?: string;
}

interface RuleBase {
  id: string;
  severity: Severity;
  title: { zh: string; en: string };
  /** Message templates by variant ('' is the default), with {placeholders}: Chinese (the report's) and English. */
  messages: Record<string, { zh: string; en: string }>;
}

export interface RowRule extends RuleBase {
  scope: 'row';
  check(p: ProjectRow, sheet: LedgerSheet, ctx: RuleContext): Finding[];
}

export interface SheetRule extends RuleBase {
  scope: 'sheet';
  check(sheet: LedgerSheet, ctx: RuleContext): Finding[];
}

export interface WorkbookRule extends RuleBase {
  scope: 'workbook';
  /** Findings of a workbook rule name their sheet themselves (`sheet`), or none for workbook-wide ones. */
  check(sheets: LedgerSheet[], ctx: RuleContext): (Finding & { sheet?: string })[];
}

export type Rule = RowRule | SheetRule | WorkbookRule;

/** What a check returns when it finds nothing: one shared empty list, so clean rows allocate nothing. */
export const NONE: Finding[] = Object.freeze([]) as unknown as Finding[];

/**
 * A finding per item, in a list of the same kind as every other check's: Array.prototype.map made a
 * holey one (withItem's lists are packed), and the rule loop was thrown out of optimised code on meeting it in a later check.
 */
export function findingsFor<T>(items: readonly T[], finding: (item: T) => Finding): Finding[] {
  let found: Finding[] | undefined;
  for (let i = 0; i < items.length; i++) found = withItem(found, finding(items[i]));
  return found ?? NONE;
}

export type Lang = 'zh' | 'en';
export type Param = string | number | { zh: string; en: string };

/** A word in both languages, for params. */
export const both = (zh: string, en: string): Param => ({ zh, en });

/** Text quoted from a cell is cut here, so a message stays readable and within Excel's 32,767 characters a cell. */
export const MAX_QUOTED = 100;

export function formatMessage(template: string, params: Record<string, Param>, lang: Lang = 'zh'): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) return `{${k}}`;
    const text = typeof v === 'object' ? v[lang] : String(v);
    return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  });
}

/** A figure as the ledger shows it, for messages: at its shown decimals, in its unit. */
export function shown(value: number, decimals: number, unit: string): string {
  return `${value.toFixed(Math.min(Math.max(decimals, 0), 6))}${unit}`;
}

/** A cell's figure as written: its value at its shown decimals, in its unit. */
export function asShown(a: { value: number; decimals: number; unit: string }): string {
  return shown(a.value, a.decimals, a.unit);
}

/** Formats 万元 amounts for messages with up to 2 decimals, no trailing zeros. */
export function wan(value: number): string {
  return `${Number(value.toFixed(2))}万元`;
}
