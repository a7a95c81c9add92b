/** The summary of SPEC §5: phase × category (with subcategory lines), region × phase, and the rates. */
import taxonomy from './data/taxonomy.json';
import { countRates, type RateCounts, type RateFlags } from './rates';
import { CATEGORIES, PHASES, type Phase, type PhaseCategoryLine, type Rates, type RegionLine, type Summary } from './types';

/** One project as the summaries and the data table see it (amounts in 万元; not-a-number counts as 0). */
export interface ProjectRecord extends RateFlags {
  file?: string;
  sheet: string;
  row: number;
  name: string;
  phase?: Phase;
  category?: string;
  subcategory?: string;
  region?: string;
  totalInvestment: number;
  completedBeforeYear: number;
  annualPlan: number;
  completedThisYear: number;
  cumulativeCompleted: number;
  errors: number;
  warnings: number;
}

export const UNCLASSIFIED = '未分类';
const SUB_ORDER = Object.keys(taxonomy.subcategories);

/**
 * Running sums. A class, not an object literal: spread from a literal, a group's sums were kept as
 * boxed numbers and every addition made a new one (most of the summary's time at 100k rows).
 */
class Totals {
  count = 0;
  totalInvestment = 0;
  annualPlan = 0;
  completedThisYear = 0;
}

/** A category's totals within a phase, and its subcategories'. */
class CategoryTotals extends Totals {
  readonly subs = new Map<string, Totals>();
}

function add(t: Totals, totalInvestment: number, annualPlan: number, completedThisYear: number): void {
  t.count++;
  t.totalInvestment += totalInvestment;
  t.annualPlan += annualPlan;
  t.completedThisYear += completedThisYear;
}

const zero = () => new Totals();

/** Rounds sums to 6 decimals so binary noise from adding decimals never shows in a report. */
function tidy(t: Totals): Totals {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return { count: t.count, totalInvestment: r(t.totalInvestment), annualPlan: r(t.annualPlan), completedThisYear: r(t.completedThisYear) };
}

function rate(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** The value at `key`, made by `make` the first time. */
function at<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

const newMap = <K, V>() => new Map<K, V>();
const newCategory = () => new CategoryTotals();

/** `rates`: the projects' rate counts, when the caller has them already. */
export function summarise(projects: ProjectRecord[], rates = countRates(projects)): Summary {
  // Nested maps by phase, category, subcategory and region: no key string is made per project.
  const byPhase = new Map<Phase, Map<string, CategoryTotals>>();
  const byRegionPhase = new Map<string, Map<Phase, Totals>>();
  const regions = [...rates.byRegion.keys()];
  for (let i = 0; i < projects.length; i++) {
    const p = projects[i];
    const phase = p.phase;
    if (!phase) continue;
    const category = p.category;
    const cat = at(at(byPhase, phase, newMap<string, CategoryTotals>), category ?? UNCLASSIFIED, newCategory);
    // Each amount read once (a record's amounts are worked out from its cells when read).
    const total = p.totalInvestment;
    const annual = p.annualPlan;
    const thisYear = p.completedThisYear;
    add(cat, total, annual, thisYear);
    const sub = p.subcategory;
    if (sub && category) add(at(cat.subs, sub, zero), total, annual, thisYear);
    const region = p.region;
    if (region) add(at(at(byRegionPhase, region, newMap<Phase, Totals>), phase, zero), total, annual, thisYear);
  }
  const byPhaseCategory: PhaseCategoryLine[] = [];
  for (const phase of PHASES) {
    for (const category of [...CATEGORIES, UNCLASSIFIED]) {
      const t = byPhase.get(phase)?.get(category);
      if (!t) continue;
      byPhaseCategory.push({ phase, category, ...tidy(t) });
      for (const sub of SUB_ORDER) {
        const s = t.subs.get(sub);
        if (s) byPhaseCategory.push({ phase, category, subcategory: sub, ...tidy(s) });
      }
    }
  }
  const byRegion: RegionLine[] = [];
  for (const region of regions) {
    for (const phase of PHASES) {
      const t = byRegionPhase.get(region)?.get(phase);
      if (t) byRegion.push({ region, phase, ...tidy(t) });
    }
  }
  const toRates = (c: RateCounts): Rates => ({
    startRate: rate(c.started, c.dueToStart),
    completionRate: rate(c.completed, c.dueToComplete),
  });
  const ratesByRegion: Record<string, Rates> = {};
  for (const [region, c] of rates.byRegion) ratesByRegion[region] = toRates(c);
  return { byPhaseCategory, byRegion, rates: { overall: toRates(rates.overall), byRegion: ratesByRegion } };
}
