/** Shared by the sample tests: run the engine on ../shared/samples and compare with truth.json. */
import { readFileSync } from 'fs';
import path from 'path';
import { analyze, type Analysis } from '../src/core';
import { readWorkbook } from '../src/xlsx';

export const SAMPLES = path.resolve(__dirname, '../../shared/samples');

export interface TruthIssue {
  rule: string;
  sheet: string;
  row: number;
}

export interface TruthCase {
  file: string;
  issues: TruthIssue[];
  dontcare: TruthIssue[];
  classify: { sheet: string; row: number; name: string; sub: string }[];
  aggregates: { rule: string; region: string | null }[];
  summary: { phase: string; category: string; count: number; totalInvestment: number; annualPlan: number }[];
  rows: number;
  unit?: string;
  skippedSheets?: string[];
}

export interface Truth {
  asOf: string;
  planYear: number;
  cases: TruthCase[];
  bad: { unreadable: string[]; noLedger: string[] };
}

export function loadTruth(): Truth {
  return JSON.parse(readFileSync(path.join(SAMPLES, 'truth.json'), 'utf8')) as Truth;
}

export async function analyzeSample(file: string, truth: Truth): Promise<Analysis> {
  const grid = await readWorkbook(readFileSync(path.join(SAMPLES, file)));
  return analyze(grid, { asOf: truth.asOf, planYear: truth.planYear, file });
}

const key = (i: { rule: string; sheet?: string; row?: number }) => `${i.rule}|${i.sheet}|${i.row}`;

/** Issues the truth requires that the report lacks, and warnings/errors it raised that the truth does not allow. */
export function compare(analysis: Analysis, c: TruthCase) {
  const got = analysis.report.issues.filter((i) => i.row !== undefined);
  const gotKeys = new Set(got.map(key));
  const missing = c.issues.filter((i) => !gotKeys.has(key(i)));
  const allowed = new Set([...c.issues, ...c.dontcare].map(key));
  const extra = got.filter((i) => i.severity !== 'info' && !allowed.has(key(i)));
  const aggregates = analysis.report.issues.filter((i) => i.row === undefined && i.region !== undefined || /rate-low|region-share/.test(i.rule));
  return { missing, extra, aggregates };
}
