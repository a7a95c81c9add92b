/**
 * The parts of the port that are a single Office.js call chain, driven through office-addin-mock:
 * jumping to a cell, and the options kept in the document settings.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { ExcelWorkbookPort } from '../../src/excel';
import { officeFeatures } from '../../src/excel/features';
import { loadOptions, saveOptions, type DocumentSettings } from '../../src/excel/settings';
import { ALL_FEATURES, MemorySettings } from './helpers';

describe('select (jump to an issue)', () => {
  it('activates the sheet and selects the cell in one sync', async () => {
    const calls: string[] = [];
    const excel = new OfficeMockObject({
      context: {
        workbook: {
          worksheets: {
            getItem: (name: string) => ({
              activate: () => calls.push(`activate ${name}`),
              getRange: (address: string) => ({ select: () => calls.push(`select ${name}!${address}`) }),
            }),
          },
        },
      },
    }) as unknown as { context: Excel.RequestContext };
    const sync = jest.spyOn(excel.context, 'sync');
    const port = new ExcelWorkbookPort({
      run: (batch) => batch(excel.context),
      features: ALL_FEATURES,
      settings: new MemorySettings(),
      displayLanguage: 'zh-CN',
    });
    await port.select('续建项目', 'C12');
    expect(calls).toEqual(['activate 续建项目', 'select 续建项目!C12']);
    expect(sync).toHaveBeenCalledTimes(1);
  });
});

describe('options in the document settings', () => {
  function mockSettings() {
    const store: Record<string, unknown> = {};
    const office = new OfficeMockObject({
      context: {
        document: {
          settings: {
            get: (name: string) => store[name] ?? null,
            set: (name: string, value: unknown) => (store[name] = value),
            remove: (name: string) => delete store[name],
            saveAsync: (cb: (r: { status: string }) => void) => cb({ status: 'succeeded' }),
          },
        },
      },
    }) as unknown as { context: { document: { settings: DocumentSettings } } };
    return { settings: office.context.document.settings, store };
  }

  it('saves and loads profile overrides, mapping corrections, asOf and plan year', async () => {
    const { settings } = mockSettings();
    const options = {
      profile: { reducedThreshold: 800 },
      mapping: { 续建: { totalInvestment: 'F' as const } },
      asOf: '2024-06-30',
      planYear: 2024,
    };
    await saveOptions(settings, options as never);
    expect(loadOptions(settings)).toEqual(options);
  });

  it('ignores what it cannot trust (a malformed date, a fractional year)', () => {
    const { settings } = mockSettings();
    settings.set('ledgercheck.options', { asOf: '2024/6/30', planYear: 2024.5, mapping: { 续建: { name: 'B' } } });
    expect(loadOptions(settings)).toEqual({ mapping: { 续建: { name: 'B' } } });
  });
});

describe('run-time requirement checks', () => {
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
  });

  it.each([
    ['1.7', { pivots: false, cellProperties: false, comments: false, mergedAreas: false, notes: false }],
    ['1.9', { pivots: true, cellProperties: true, comments: false, mergedAreas: false, notes: false }],
    ['1.17', { pivots: true, cellProperties: true, comments: true, mergedAreas: true, notes: false }],
    ['1.18', { pivots: true, cellProperties: true, comments: true, mergedAreas: true, notes: true }],
  ])('a host with ExcelApi up to %s', (highest, expected) => {
    const minor = (v: string) => Number(v.split('.')[1]);
    (globalThis as { Office?: unknown }).Office = new OfficeMockObject({
      context: {
        requirements: {
          isSetSupported: (name: string, version: string) => name === 'ExcelApi' && minor(version) <= minor(highest),
        },
      },
    });
    expect(officeFeatures()).toEqual(expected);
  });
});
