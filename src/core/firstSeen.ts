/**
 * The first value seen for each string key, in a hash table of typed arrays.
 *
 * The duplicate check keys every project row by name and by code. With a Map of 100k fresh strings
 * each lookup missed the cache several times (bucket, entry, key) and the two maps were over half the
 * check; here a lookup probes one Int32Array and compares strings only when their hashes match.
 */
export class FirstSeen<V> {
  private slots = new Int32Array(1024); // entry index + 1; 0 is empty
  private readonly hashes: number[] = [];
  private readonly keys: string[] = [];
  private readonly values: V[] = [];

  /** The value first seen with `key`; when there is none yet, `value` becomes it and undefined is returned. */
  firstOrAdd(key: string, value: V): V | undefined {
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (let e = this.slots[i]; e !== 0; e = this.slots[(i = (i + 1) & mask)]) {
      if (this.hashes[e - 1] === hash && this.keys[e - 1] === key) return this.values[e - 1];
    }
    this.slots[i] = this.keys.push(key);
    this.hashes.push(hash);
    this.values.push(value);
    // At most half full, so probes stay short.
    if (this.keys.length * 2 > this.slots.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.hashes.length; e++) {
      let i = this.hashes[e] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}

/**
 * FNV-1a over the UTF-16 code units, mixed at the end so the low bits (the slot) depend on every unit.
 * Exported for the test that keys two strings with one hash.
 */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}
