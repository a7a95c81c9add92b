/** Acceptance: on every sample in ../shared/samples the report matches truth.json. */
import { analyzeSample, compare, loadTruth } from './truth';

const truth = loadTruth();

describe.each(truth.cases.map((c) => [c.file, c] as const))('%s', (_file, c) => {
  let analysis: Awaited<ReturnType<typeof analyzeSample>>;
  beforeAll(async () => {
    analysis = await analyzeSample(c.file, truth);
  });

  test('raises every issue of truth.json and no other warning or error', () => {
    const { missing, extra } = compare(analysis, c);
    expect(missing).toEqual([]);
    expect(extra.map((i) => `${i.rule} ${i.sheet}!${i.column}${i.row}: ${i.message}`)).toEqual([]);
  });

  test('raises exactly the per-region and overall rate issues of truth.json', () => {
    const got = analysis.report.issues.filter((i) => i.row === undefined && i.rule !== 'no-ledger').map((i) => `${i.rule}|${i.region ?? null}`).sort();
    expect(got).toEqual(c.aggregates.map((a) => `${a.rule}|${a.region}`).sort());
  });

  test('byPhaseCategory category lines equal the truth summary', () => {
    const lines = analysis.report.summary.byPhaseCategory.filter((l) => l.subcategory === undefined);
    expect(lines).toHaveLength(c.summary.length);
    for (const s of c.summary) {
      const l = lines.find((x) => x.phase === s.phase && x.category === s.category);
      expect(l).toBeDefined();
      expect(l!.count).toBe(s.count);
      expect(l!.totalInvestment).toBeCloseTo(s.totalInvestment, 1);
      expect(l!.annualPlan).toBeCloseTo(s.annualPlan, 1);
    }
  });

  test('reads every project row, the unit and the skipped sheets', () => {
    expect(analysis.projects).toHaveLength(c.rows);
    if (c.unit) expect(analysis.report.files[0].sheets.find((s) => !s.skipped)!.unit).toBe(c.unit);
    const skipped = analysis.report.files[0].sheets.filter((s) => s.skipped).map((s) => s.sheet);
    expect(skipped).toEqual(c.skippedSheets ?? []);
  });

  test('every message is filled in, in Chinese and in English', () => {
    for (const i of analysis.report.issues) {
      expect([i.rule, i.message]).not.toEqual([i.rule, expect.stringMatching(/[{}]/)]);
      expect([i.rule, i.messageEn]).not.toEqual([i.rule, expect.stringMatching(/[{}]|^$/)]);
      expect(i.messageEn).not.toBe(i.message);
    }
  });

  test('infers the unambiguous subcategory of every name truth lists', () => {
    for (const k of c.classify) {
      const row = analysis.report.rows.find((r) => r.sheet === k.sheet && r.row === k.row);
      expect([k.name, row?.inferredSubcategory]).toEqual([k.name, k.sub]);
    }
  });
});
