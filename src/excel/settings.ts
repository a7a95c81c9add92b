/**
 * What LedgerCheck keeps in the workbook's add-in settings (Office.context.document.settings): the
 * person's options (profile overrides, mapping corrections, asOf, plan year), the sheets it made, the
 * record of its cell marks, and the ids of the sheets the last check read (to ask for them early). Settings travel with the file and are visible only to this add-in.
 */
import type { Profile } from '../core';
import type { FieldKey } from '../core/types';

/** The subset of Office.Settings used here (an interface so tests can pass a fake). */
export interface DocumentSettings {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: (result: Office.AsyncResult<void>) => void): void;
  refreshAsync?(callback?: (result: Office.AsyncResult<Office.Settings>) => void): void;
}

export interface LedgerOptions {
  profile?: Partial<Profile>;
  mapping?: Record<string, Partial<Record<FieldKey, string>>>;
  asOf?: string;
  planYear?: number;
}

export const OPTIONS_KEY = 'ledgercheck.options';
export const OWNED_KEY = 'ledgercheck.owned';
export const MARKS_KEY = 'ledgercheck.marks';
export const SHEETS_KEY = 'ledgercheck.sheets';

export function documentSettings(): DocumentSettings {
  return Office.context.document.settings;
}

export function loadOptions(settings: DocumentSettings): LedgerOptions {
  const raw = settings.get(OPTIONS_KEY);
  if (!raw || typeof raw !== 'object') return {};
  const o = raw as Record<string, unknown>;
  const options: LedgerOptions = {};
  if (o.profile && typeof o.profile === 'object') options.profile = o.profile as Partial<Profile>;
  if (o.mapping && typeof o.mapping === 'object') options.mapping = o.mapping as LedgerOptions['mapping'];
  if (typeof o.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) options.asOf = o.asOf;
  if (typeof o.planYear === 'number' && Number.isInteger(o.planYear)) options.planYear = o.planYear;
  return options;
}

export async function saveOptions(settings: DocumentSettings, options: LedgerOptions): Promise<void> {
  settings.set(OPTIONS_KEY, options);
  await saveSettings(settings);
}

export function saveSettings(settings: DocumentSettings): Promise<void> {
  return new Promise((resolve, reject) => {
    settings.saveAsync((result) => {
      // A failed save carries its error; a successful one has none.
      if (result.error) reject(new Error(`无法保存工作簿设置：${result.error.message}`));
      else resolve();
    });
  });
}

/**
 * Re-read the settings stored in the document: the ribbon command and the task pane run in separate
 * runtimes, each with its own in-memory copy, so a copy may be stale.
 */
export function refreshSettings(settings: DocumentSettings): Promise<void> {
  const refresh = settings.refreshAsync?.bind(settings);
  if (!refresh) return Promise.resolve();
  return new Promise((resolve) => refresh(() => resolve()));
}
