/** Shared test doubles for the Office.js port: document settings in memory and a port over a fake workbook. */
import { ExcelWorkbookPort } from '../../src/excel';
import type { ExcelFeatures } from '../../src/excel/features';
import type { DocumentSettings } from '../../src/excel/settings';
import type { FakeWorkbook } from './fakeExcel';

/** Settings as the document stores them: values survive only through saveAsync, as JSON. */
export class MemorySettings implements DocumentSettings {
  stored: Record<string, string> = {};
  private live: Record<string, unknown> = {};
  get(name: string): unknown {
    return this.live[name] ?? null;
  }
  set(name: string, value: unknown): void {
    this.live[name] = value;
  }
  remove(name: string): void {
    delete this.live[name];
  }
  saveAsync(callback?: (result: Office.AsyncResult<void>) => void): void {
    this.stored = Object.fromEntries(Object.entries(this.live).map(([k, v]) => [k, JSON.stringify(v)]));
    callback?.({ status: 'succeeded', value: undefined } as unknown as Office.AsyncResult<void>);
  }
  refreshAsync(callback?: (result: Office.AsyncResult<Office.Settings>) => void): void {
    this.live = Object.fromEntries(Object.entries(this.stored).map(([k, v]) => [k, JSON.parse(v)]));
    callback?.({ status: 'succeeded' } as unknown as Office.AsyncResult<Office.Settings>);
  }
}

export const ALL_FEATURES: ExcelFeatures = { pivots: true, cellProperties: true, comments: true, mergedAreas: true, notes: true };

export function portFor(book: FakeWorkbook, features: Partial<ExcelFeatures> = {}, settings = new MemorySettings()) {
  const port = new ExcelWorkbookPort({
    run: book.run,
    features: { ...ALL_FEATURES, ...features },
    settings,
    displayLanguage: 'zh-CN',
  });
  return { port, settings };
}
