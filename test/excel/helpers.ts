/** Shared test doubles for the Office.js port: document settings in memory and a port over a fake workbook. */
import { ExcelWorkbookPort } from '../../src/excel';
import type { ExcelFeatures } from '../../src/excel/features';
import type { DocumentSettings } from '../../src/excel/settings';
import { FakeWorkbook } from './fakeExcel';

/** Settings as the document stores them: values survive only through saveAsync, as JSON. */
export class MemorySettings implements DocumentSettings {
  stored: Record<string, string> = {};
  /** Runs once, during the next save (the person working while the host saves). */
  duringNextSave?: () => void;
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
    const during = this.duringNextSave;
    this.duringNextSave = undefined;
    during?.();
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

/** A small ledger: a title, a unit row, a one-row header, a duplicated project and an over-plan one. */
export function smallLedger(): FakeWorkbook {
  return new FakeWorkbook([
    {
      name: '续建',
      rows: [
        ['2024年某县重大项目建设计划表'],
        ['单位：万元'],
        ['序号', '项目名称', '项目阶段', '所属县区', '业主单位', '总投资', '截至上年底累计完成投资', '本年计划投资'],
        [1, '某某高速公路', '续建', '甲县', '甲县交投', 120000, 30000, 20000],
        [2, '某某高速公路', '续建', '甲县', '甲县交投', 120000, 30000, 20000],
        [3, '城区污水处理厂', '续建', '乙县', '乙县水务', 2000, 500, 4000],
      ],
    },
  ]);
}
