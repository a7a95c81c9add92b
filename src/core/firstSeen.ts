/**
 * The first entry seen for each string key, in a hash table of one typed array.
 *
 * The duplicate check keys every project row by name and by code. With a Map of 100k fresh strings
 * each lookup missed the cache several times (bucket, entry, key) and the two maps were over half the
 * check; here a slot holds a key's hash beside its entry's number, so a lookup reads one place of one
 * Int32Array. Keys are not kept (arrays of 100k keys and rows, grown as they came, were a fifth of the
 * check): when two hashes match, `keyOf` gives the earlier entry's key again to compare.
 */
export class FirstSeen {
  /** Slot i is [2i] the key's hash and [2i + 1] its entry + 1 (0: empty). */
  private table: Int32Array;
  private size = 0;

  /**
   * `keyOf`: the key an entry was added with. `expected`: about how many keys will be added; made big
   * enough for them, the table need not grow.
   */
  constructor(
    private readonly keyOf: (entry: number) => string,
    expected = 0,
  ) {
    let slots = 1024;
    while (slots < expected * 2) slots *= 2;
    this.table = new Int32Array(slots * 2);
  }

  /**
   * The entry (0 or more) first seen with the key `entry` has; when there is none yet, `entry` becomes it
   * and -1 is returned. `hash`: hashOf(keyOf(entry)), which a caller may work out without making the key
   * (keys are made only when two hashes match).
   */
  firstOrAdd(entry: number, hash: number): number {
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let i = hash & mask;
    let key: string | undefined;
    for (let e = table[2 * i + 1]; e !== 0; e = table[2 * i + 1]) {
      if (table[2 * i] === hash && this.keyOf(e - 1) === (key ??= this.keyOf(entry))) return e - 1;
      i = (i + 1) & mask;
    }
    table[2 * i] = hash;
    table[2 * i + 1] = entry + 1;
    // At most half full, so probes stay short.
    if (++this.size * 4 > table.length) this.grow();
    return -1;
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s + 1] === 0) continue;
      let i = old[s] & mask;
      while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
      table[2 * i] = old[s];
      table[2 * i + 1] = old[s + 1];
    }
    this.table = table;
  }
}

/** FNV-1a over UTF-16 code units, in steps (for callers that hash a key while working it out): the start. */
export const HASH_START = 0x811c9dc5 | 0;

/** One code unit into a running hash. */
export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** A running hash, mixed so the low bits (the slot) depend on every unit. */
export function hashEnd(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}

/** A key's hash; NaN for the empty key, which keys nothing. */
export const keyHash = (key: string): number => (key ? hashOf(key) : NaN);

/** A key's hash. */
export function hashOf(s: string): number {
  let h = HASH_START;
  for (let i = 0; i < s.length; i++) h = hashStep(h, s.charCodeAt(i));
  return hashEnd(h);
}
