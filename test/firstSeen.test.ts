import fc from 'fast-check';
import { FirstSeen, hashOf } from '../src/core/firstSeen';

describe('the first row of each key (duplicate check)', () => {
  it('answers as a Map of first values would, through growth and colliding slots, whatever size it was made for', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'b', '项', '目', '1', '-', '（', '\u{1F600}'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 3000 }), fc.nat(4000), (keys, sizeHint) => {
        const table = new FirstSeen<number>(sizeHint);
        const byMap = new Map<string, number>();
        keys.forEach((k, i) => {
          const expected = byMap.get(k);
          if (expected === undefined) byMap.set(k, i);
          expect(table.firstOrAdd(k, i)).toBe(expected);
        });
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('tells apart keys whose hashes are equal', () => {
    // Found by searching random strings: two keys, one hash.
    const [a, b] = ['4建道5三6设E', 'EB八道8程路工'];
    expect(hashOf(a)).toBe(hashOf(b));
    const table = new FirstSeen<string>();
    expect(table.firstOrAdd(a, 'a')).toBeUndefined();
    expect(table.firstOrAdd(b, 'b')).toBeUndefined();
    expect([table.firstOrAdd(a, 'x'), table.firstOrAdd(b, 'x')]).toEqual(['a', 'b']);
  });

  it('keeps 100,000 distinct keys apart and finds each again', () => {
    const table = new FirstSeen<number>();
    for (let i = 0; i < 100000; i++) expect(table.firstOrAdd(`2024-${i}-项目`, i)).toBeUndefined();
    for (let i = 0; i < 100000; i += 997) expect(table.firstOrAdd(`2024-${i}-项目`, -1)).toBe(i);
  });
});
