/** Hand-made reports and a render helper for the pane tests (no engine, no Office). */
import * as React from 'react';
import { render } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { Issue, Report } from '../../src/core/types';
import { STRINGS, StringsContext, type Lang } from '../../src/taskpane/strings';

// jsdom has no ResizeObserver; Fluent's MessageBar uses one to reflow its actions.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= NoResizeObserver;

export function report(issues: Issue[], mapping: Report['files'][number]['sheets'][number]['mapping'] = { name: 'C', totalInvestment: 'F' }): Report {
  const sheets = [...new Set(issues.map((i) => i.sheet).filter(Boolean) as string[])];
  return {
    version: 1,
    asOf: '2024-11-30',
    planYear: 2024,
    files: [{ file: 'book.xlsx', sheets: (sheets.length ? sheets : ['台账']).map((sheet) => ({ sheet, headerRow: 2, mapping, rows: 10 })) }],
    issues,
    rows: [],
    summary: { byPhaseCategory: [], byRegion: [], rates: { overall: { startRate: null, completionRate: null }, byRegion: {} } },
    notes: [],
  };
}

export const ISSUES: Issue[] = [
  { rule: 'duplicate-project', severity: 'warning', sheet: '续建', row: 9, message: '与第5行重复', messageEn: 'Same as row 5' },
  { rule: 'not-a-number', severity: 'error', sheet: '新开工', row: 5, column: 'F', field: 'totalInvestment', message: '总投资“待定”不是数字', messageEn: 'Total “待定” is not a number' },
  { rule: 'not-a-number', severity: 'error', sheet: '续建', row: 7, column: 'G', field: 'annualPlan', message: '年度计划“约3000”不是数字', messageEn: 'Annual plan “约3000” is not a number' },
  { rule: 'unit-assumed', severity: 'info', sheet: '新开工', message: '金额列未注明单位，按万元计', messageEn: 'No unit: 万元 assumed' },
];

export function renderIn(lang: Lang, ui: React.ReactElement) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <StringsContext.Provider value={STRINGS[lang]}>{ui}</StringsContext.Provider>
    </FluentProvider>,
  );
}
