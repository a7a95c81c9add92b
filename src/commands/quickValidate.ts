/**
 * 快速校验: check the whole workbook and mark problem cells, without the pane. The marks replace
 * earlier ones (as in the pane); no sheet is added — the results and summary sheets are the pane's.
 */
import type { Analysis, AnalyzeOptions } from '../core';
import type { WorkbookGrid } from '../core/grid';
import type { ApplyResult, WorkbookPort, WritePlan } from '../core/port';
import type { LedgerOptions } from '../excel/settings';
import { COMMAND_STRINGS, type CommandLanguage } from './strings';

export interface QuickValidateDeps {
  port: WorkbookPort;
  engine: {
    analyze(wb: WorkbookGrid, opts: AnalyzeOptions): Analysis;
    buildWritePlan(analysis: Analysis, opts: { existing: string[]; owned: string[]; summaries: boolean }): WritePlan;
  };
  options: LedgerOptions;
  today: string;
  lang: CommandLanguage;
}

export interface QuickValidateOutcome {
  message: string;
  notices: string[];
}

export async function quickValidate(deps: QuickValidateDeps): Promise<QuickValidateOutcome> {
  const t = COMMAND_STRINGS[deps.lang];
  try {
    const grid = await deps.port.read();
    const { existing, owned } = await deps.port.sheetNames();
    const analysis = deps.engine.analyze(grid, {
      asOf: deps.options.asOf ?? deps.today,
      planYear: deps.options.planYear,
      profile: deps.options.profile,
      mapping: deps.options.mapping,
      ignoreSheets: owned,
    });
    const plan = deps.engine.buildWritePlan(analysis, { existing, owned, summaries: false });
    const result: ApplyResult = await deps.port.apply({ marks: plan.marks, sheets: [], pivots: [], charts: [] });
    const issues = analysis.report.issues;
    const count = (s: string) => issues.filter((i) => i.severity === s).length;
    if (issues.some((i) => i.rule === 'no-ledger')) return { message: t.noLedger, notices: result.notices };
    const message = issues.length ? t.summary(count('error'), count('warning'), count('info')) : t.clean;
    return { message, notices: result.notices };
  } catch (err) {
    return { message: t.failed(err instanceof Error ? err.message : String(err)), notices: [] };
  }
}
