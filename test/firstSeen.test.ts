import fc from 'fast-check';
import { FirstSeen, hashOf } from '../src/core/firstSeen';

describe('the first row of each key (duplicate check)', () => {
  it('answers as a Map of first values would, through growth and colliding slots, whatever size it was made for', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'b', '项', '目', '1', '-', '（', '\u{1F600}'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 3000 }), fc.nat(4000), (keys, sizeHint) => {
        const table = new FirstSeen((e) => keys[e], sizeHint);
        const byMap = new Map<string, number>();
        keys.forEach((k, i) => {
          const expected = byMap.get(k);
          if (expected === undefined) byMap.set(k, i);
          expect(table.firstOrAdd(i, hashOf(k))).toBe(expected ?? -1);
        });
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('tells apart keys whose hashes are equal', () => {
    // Found by searching random strings: two keys, one hash.
    const [a, b] = ['4建道5三6设E', 'EB八道8程路工'];
    expect(hashOf(a)).toBe(hashOf(b));
    const keys = [a, b, a, b];
    const table = new FirstSeen((e) => keys[e]);
    expect(table.firstOrAdd(0, hashOf(a))).toBe(-1);
    expect(table.firstOrAdd(1, hashOf(b))).toBe(-1);
    expect([table.firstOrAdd(2, hashOf(a)), table.firstOrAdd(3, hashOf(b))]).toEqual([0, 1]);
  });

  it('tells them apart also after the table has grown around them, and in a table made big', () => {
    const [a, b] = ['4建道5三6设E', 'EB八道8程路工'];
    for (const sizeHint of [0, 20000]) {
      const keys = [a, ...Array.from({ length: 5000 }, (_, i) => `项目${i}`), b];
      const last = keys.length - 1;
      const table = new FirstSeen((e) => keys[e], sizeHint);
      keys.forEach((k, i) => expect(table.firstOrAdd(i, hashOf(k))).toBe(-1));
      keys.push(b, a);
      expect([table.firstOrAdd(last + 1, hashOf(b)), table.firstOrAdd(last + 2, hashOf(a))]).toEqual([last, 0]);
    }
  });

  it('keeps 100,000 distinct keys apart and finds each again', () => {
    const keyOf = (e: number) => `2024-${e % 100000}-项目`;
    const table = new FirstSeen(keyOf);
    for (let i = 0; i < 100000; i++) expect(table.firstOrAdd(i, hashOf(keyOf(i)))).toBe(-1);
    const lost = Array.from({ length: 100000 }, (_, i) => i).filter((i) => table.firstOrAdd(100000 + i, hashOf(keyOf(i))) !== i);
    expect(lost).toEqual([]);
  });
});
