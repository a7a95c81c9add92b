/** 开工率 and 竣工投产率 (SPEC §4, §5), per region and overall. */
import type { LedgerSheet } from './read';
import { hasCompleted, hasStarted } from './status';

export interface RateCounts {
  dueToStart: number;
  started: number;
  dueToComplete: number;
  completed: number;
}

function empty(): RateCounts {
  return { dueToStart: 0, started: 0, dueToComplete: 0, completed: 0 };
}

/** Of the 新开工 projects due to start by asOf, how many started; of the 竣工投产 due to complete, how many did. */
export function computeRates(sheets: LedgerSheet[], asOf: number): { overall: RateCounts; byRegion: Map<string, RateCounts> } {
  const overall = empty();
  const byRegion = new Map<string, RateCounts>();
  for (const s of sheets) {
    for (const p of s.projects) {
      const region = p.text.region?.text;
      const targets = region ? [overall, byRegion.get(region) ?? byRegion.set(region, empty()).get(region)!] : [overall];
      if (p.phase === '新开工' && p.dates.plannedStart && p.dates.plannedStart.end <= asOf) {
        const ok = hasStarted(p, asOf);
        for (const t of targets) {
          t.dueToStart++;
          if (ok) t.started++;
        }
      }
      if (p.phase === '竣工投产' && p.dates.plannedCompletion && p.dates.plannedCompletion.end <= asOf) {
        const ok = hasCompleted(p, asOf);
        for (const t of targets) {
          t.dueToComplete++;
          if (ok) t.completed++;
        }
      }
    }
  }
  return { overall, byRegion };
}
