/**
 * Reading parts of an .xlsx ZIP without a ZIP library: the central directory, one part's bytes, and
 * raw DEFLATE through DecompressionStream (browsers and Node 20). Used to check a workbook before
 * ExcelJS loads it and to read what ExcelJS does not keep.
 */

export interface ZipPart {
  name: string;
  compressed: number;
  uncompressed: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Offset of the part's local header. */
  offset: number;
}

/** Entries of the ZIP central directory (ZIP64 included), or undefined when there is none to read. */
export function zipParts(bytes: Uint8Array): ZipPart[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => u32(at) + u32(at + 4) * 2 ** 32;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  let count = u16(end + 10);
  let offset = u32(end + 16);
  const locator = end - 20;
  if ((count === 0xffff || offset === 0xffffffff) && locator >= 0 && u32(locator) === 0x07064b50) {
    const z64 = u64(locator + 8);
    if (z64 + 56 > bytes.length || u32(z64) !== 0x06064b50) return undefined;
    count = u64(z64 + 32);
    offset = u64(z64 + 48);
  }
  const parts: ZipPart[] = [];
  const decoder = new TextDecoder();
  for (let i = 0, at = offset; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) return undefined;
    const method = u16(at + 10);
    let compressed = u32(at + 20);
    let uncompressed = u32(at + 24);
    let local = u32(at + 42);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64: values that do not fit 32 bits are in the 0x0001 extra field, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength && x + 4 <= bytes.length; x += 4 + u16(x + 2)) {
      if (u16(x) !== 0x0001) continue;
      let field = x + 4;
      const wide = (value: number) => {
        if (value !== 0xffffffff || field + 8 > bytes.length) return value;
        field += 8;
        return u64(field - 8);
      };
      uncompressed = wide(uncompressed);
      compressed = wide(compressed);
      local = wide(local);
    }
    parts.push({ name, compressed, uncompressed, method, offset: local });
    at += 46 + nameLength + extraLength + u16(at + 32);
  }
  return parts;
}


/** Index of the first occurrence of an ASCII `word` in `bytes`, or -1. */
export function indexOfAscii(bytes: Uint8Array, word: string): number {
  const first = word.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first); i >= 0 && i <= bytes.length - word.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < word.length; j++) if (bytes[i + j] !== word.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}


/** A part's bytes as stored (deflated or not), or undefined when its local header lies outside the file. */
export function packedData(bytes: Uint8Array, part: ZipPart): Uint8Array | undefined {
  if (part.offset + 30 > bytes.length) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = part.offset + 30 + view.getUint16(part.offset + 26, true) + view.getUint16(part.offset + 28, true);
  return bytes.subarray(start, start + part.compressed);
}

/** A part that unpacks to more than the size its ZIP entry declares. */
export class OversizePartError extends Error {
  constructor(readonly limit: number) {
    super(`unpacks to more than ${limit} bytes`);
    this.name = 'OversizePartError';
  }
}

/**
 * Raw DEFLATE, as ZIP parts are stored; DecompressionStream exists in browsers and in Node 20.
 * Stops with OversizePartError past `limit` bytes: a size declared falsely cannot exhaust memory.
 */
export async function inflateRaw(packed: Uint8Array, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([packed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.length;
    if (size > limit) {
      await reader.cancel();
      throw new OversizePartError(limit);
    }
    chunks.push(r.value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A part's unpacked bytes; undefined when it is missing or damaged (ExcelJS reports the damage). */
export async function unpack(bytes: Uint8Array, part: ZipPart): Promise<Uint8Array | undefined> {
  const packed = packedData(bytes, part);
  if (!packed) return undefined;
  try {
    return part.method === 0 ? packed : await inflateRaw(packed);
  } catch {
    return undefined;
  }
}

/** The text of the part called `name`, or undefined. */
export async function partText(bytes: Uint8Array, name: string): Promise<string | undefined> {
  const part = zipParts(bytes)?.find((p) => p.name === name);
  const data = part && (await unpack(bytes, part));
  return data && new TextDecoder().decode(data);
}
