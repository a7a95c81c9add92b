/** 开工率 and 竣工投产率 (SPEC §4, §5), per region and overall: one count for the rules and the summary. */
import type { ProjectRow } from './read';
import { hasCompleted, hasStarted } from './status';

export interface RateFlags {
  /** A 新开工 project whose planned start is on or before the check date. */
  dueToStart: boolean;
  started: boolean;
  /** A 竣工投产 project whose planned completion is on or before the check date. */
  dueToComplete: boolean;
  completed: boolean;
}

export function rateFlags(p: ProjectRow, asOf: number): RateFlags {
  const plannedStart = p.date('plannedStart');
  const plannedCompletion = p.date('plannedCompletion');
  return {
    dueToStart: p.phase === '新开工' && !!plannedStart && plannedStart.end <= asOf,
    started: hasStarted(p, asOf),
    dueToComplete: p.phase === '竣工投产' && !!plannedCompletion && plannedCompletion.end <= asOf,
    completed: hasCompleted(p, asOf),
  };
}

export interface RateCounts {
  dueToStart: number;
  started: number;
  dueToComplete: number;
  completed: number;
}

const empty = (): RateCounts => ({ dueToStart: 0, started: 0, dueToComplete: 0, completed: 0 });

export interface RateTally {
  overall: RateCounts;
  /** Regions keep the order they first appear in. */
  byRegion: Map<string, RateCounts>;
}

function tally(t: RateCounts, p: RateFlags): void {
  if (p.dueToStart) {
    t.dueToStart++;
    if (p.started) t.started++;
  }
  if (p.dueToComplete) {
    t.dueToComplete++;
    if (p.completed) t.completed++;
  }
}

export function countRates(items: Iterable<RateFlags & { region?: string }>): RateTally {
  const overall = empty();
  const byRegion = new Map<string, RateCounts>();
  for (const p of items) {
    tally(overall, p);
    if (!p.region) continue;
    let r = byRegion.get(p.region);
    if (!r) byRegion.set(p.region, (r = empty()));
    tally(r, p);
  }
  return { overall, byRegion };
}
