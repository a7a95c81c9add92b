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

/** Each flag's bit in a row's rate bits (ProjectRow keeps them so). */
export const RATE_BIT: Readonly<Record<keyof RateFlags, number>> = { dueToStart: 1, started: 2, dueToComplete: 4, completed: 8 };

/** A row's rate flags as bits (RATE_BIT): a number, not an object a row. */
export function rateBits(p: ProjectRow, asOf: number): number {
  const plannedStart = p.date('plannedStart');
  const plannedCompletion = p.date('plannedCompletion');
  let bits = 0;
  if (p.phase === '新开工' && plannedStart && plannedStart.end <= asOf) bits |= RATE_BIT.dueToStart;
  if (hasStarted(p, asOf)) bits |= RATE_BIT.started;
  if (p.phase === '竣工投产' && plannedCompletion && plannedCompletion.end <= asOf) bits |= RATE_BIT.dueToComplete;
  if (hasCompleted(p, asOf)) bits |= RATE_BIT.completed;
  return bits;
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

export function countRates(items: readonly (RateFlags & { region?: string })[]): RateTally {
  const overall = empty();
  const byRegion = new Map<string, RateCounts>();
  // Indexed: this runs once per check, often before V8 optimises it, and a for-of made an iterator result a row.
  for (let i = 0; i < items.length; i++) {
    const p = items[i];
    tally(overall, p);
    if (!p.region) continue;
    let r = byRegion.get(p.region);
    if (!r) byRegion.set(p.region, (r = empty()));
    tally(r, p);
  }
  return { overall, byRegion };
}
