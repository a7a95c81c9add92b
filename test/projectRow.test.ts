import fc from 'fast-check';
import { analyze } from '../src/core';
import type { ProjectRow } from '../src/core/read';
import { CATEGORIES, PHASES, type Phase } from '../src/core/types';
import taxonomy from '../src/core/data/taxonomy.json';
import { RATE_BIT, type RateFlags } from '../src/core/rates';
import { grid, row } from './helpers';

const bitsOf = (flags: RateFlags) => (Object.keys(RATE_BIT) as (keyof RateFlags)[]).reduce((bits, f) => (flags[f] ? bits | RATE_BIT[f] : bits), 0);

/** A project row as the engine makes it. */
function aRow(): ProjectRow {
  return analyze(grid([row()]), { asOf: '2024-11-30', planYear: 2024 }).sheets[0].projects[0];
}

describe('a project row keeps its phase, category, who declared it and its rate flags apart', () => {
  it('reads back each fact as last set, whatever the others were set to', () => {
    const phase = fc.constantFrom(undefined, ...PHASES);
    const set = fc.oneof(
      fc.record({ fact: fc.constant('phase' as const), value: phase }),
      fc.record({ fact: fc.constant('cellPhase' as const), value: phase }),
      fc.record({ fact: fc.constant('category' as const), value: fc.constantFrom(undefined, ...CATEGORIES) }),
      fc.record({ fact: fc.constant('declaredBy' as const), value: fc.constantFrom('cell' as const, 'section' as const, 'none' as const) }),
      fc.record({
        fact: fc.constant('rates' as const),
        value: fc.record({ dueToStart: fc.boolean(), started: fc.boolean(), dueToComplete: fc.boolean(), completed: fc.boolean() }),
      }),
    );
    fc.assert(
      fc.property(fc.array(set, { maxLength: 30 }), (steps) => {
        const p = aRow();
        const expected: Record<string, unknown> = {
          phase: p.phase, cellPhase: p.cellPhase, category: p.category, declaredBy: p.declaredBy,
          rates: { dueToStart: p.dueToStart, started: p.started, dueToComplete: p.dueToComplete, completed: p.completed },
        };
        for (const s of steps) {
          if (s.fact === 'rates') p.setRateBits(bitsOf(s.value));
          else (p as unknown as Record<string, unknown>)[s.fact] = s.value;
          expected[s.fact] = s.value;
        }
        expect({
          phase: p.phase, cellPhase: p.cellPhase, category: p.category, declaredBy: p.declaredBy,
          rates: { dueToStart: p.dueToStart, started: p.started, dueToComplete: p.dueToComplete, completed: p.completed },
        }).toEqual(expected);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('has a code for every phase and category the taxonomy data names (one added there alone would be refused)', () => {
    expect(Object.keys(taxonomy.phases).filter((p) => !(PHASES as readonly string[]).includes(p))).toEqual([]);
    const categories = [...Object.keys(taxonomy.categories), ...Object.values(taxonomy.subcategories).map((s) => s.category)];
    expect(categories.filter((c) => !(CATEGORIES as readonly string[]).includes(c))).toEqual([]);
  });

  it('refuses a value it has no code for instead of spilling into the next fact', () => {
    const p = aRow();
    const before = [p.phase, p.cellPhase, p.category];
    expect(() => {
      p.phase = '开工' as Phase;
    }).toThrow(RangeError);
    expect([p.phase, p.cellPhase, p.category]).toEqual(before);
  });
});
