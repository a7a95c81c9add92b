import { columnIndex, MAX_ROWS } from '../core/grid';
import { indexOfAscii, packedData, zipParts } from './zip';

/** Why a file could not be read, in the person's words (Chinese, with the English for an English UI). */
export class UnreadableWorkbookError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(zh);
    this.name = 'UnreadableWorkbookError';
  }
}

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Encrypted .xlsx files are OLE containers holding an "EncryptedPackage" stream (name in UTF-16). */
function hasUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern = Array.from(text).flatMap((ch) => [ch.charCodeAt(0), 0]);
  const limit = Math.min(bytes.length, 1 << 20) - pattern.length;
  outer: for (let i = 0; i <= limit; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return true;
  }
  return false;
}

/** Checks the bytes before ExcelJS sees them, so each kind of bad file gets its own clear reason. */
export function checkWorkbookBytes(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new UnreadableWorkbookError('文件为空（0 字节）', 'The file is empty (0 bytes)');
  if (startsWith(bytes, CFB_MAGIC)) {
    if (hasUtf16(bytes, 'EncryptedPackage')) {
      throw new UnreadableWorkbookError('文件设置了打开密码（已加密），请在 Excel 中取消密码后再校验', 'The file is password-protected (encrypted); remove the password in Excel and try again');
    }
    throw new UnreadableWorkbookError('这是旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再校验', 'This is an old .xls file; save it as .xlsx in Excel and try again');
  }
  if (!startsWith(bytes, [0x50, 0x4b])) {
    const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512));
    const printable = head.replace(/[\x20-\x7e\s\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]/g, '').length < head.length * 0.05;
    if (printable && /[,，\t;]/.test(head)) {
      throw new UnreadableWorkbookError('这不是 .xlsx 文件：内容是文本（像是改了扩展名的 CSV），请在 Excel 中打开并另存为 .xlsx', 'This is not an .xlsx file: it is text (a renamed CSV?); open it in Excel and save it as .xlsx');
    }
    throw new UnreadableWorkbookError('这不是有效的 .xlsx 文件（文件头不是 ZIP 格式），可能已损坏', 'This is not a valid .xlsx file (not a ZIP container); it may be damaged');
  }
  checkZipSizes(bytes);
}

/**
 * Limits on what a ZIP says it unpacks to. ExcelJS inflates every part into memory and builds its
 * cells from it, so a small file that unpacks to gigabytes would exhaust memory before any message
 * could be shown. Measured: a 100,000-row ledger (17 MB, unpacking to 99 MB) peaks at
 * 2.4 GB in the CLI, and Node's heap stops near 4 GB, so more than 200 MB unpacked cannot be read
 * safely. Real workbooks unpack to 5–20 times their size; a part over 10 MB that unpacks to more than
 * 100 times its size is not a ledger.
 */
export const ZIP_LIMITS = { totalBytes: 200 * 1024 ** 2, ratio: 100, ratioFromBytes: 10 * 1024 ** 2 };

const megabytes = (n: number) => (n < 1024 ** 2 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${Math.round(n / 1024 ** 2).toLocaleString('en-US')} MB`);

/**
 * Refuses a ZIP bomb from its central directory, before anything is unpacked. Sizes a hostile file
 * declares falsely are not caught here (JSZip checks them only after unpacking).
 */
export function checkZipSizes(bytes: Uint8Array): void {
  const parts = zipParts(bytes);
  if (!parts) return; // No readable directory: JSZip reports the damage.
  const total = parts.reduce((t, p) => t + p.uncompressed, 0);
  if (total > ZIP_LIMITS.totalBytes) {
    throw new UnreadableWorkbookError(
      `工作簿解压后约 ${megabytes(total)}，超过 ${megabytes(ZIP_LIMITS.totalBytes)} 的上限，无法安全读取；请拆分工作簿或删除无关的工作表后再校验`,
      `The workbook unpacks to about ${megabytes(total)}, over the ${megabytes(ZIP_LIMITS.totalBytes)} limit; split it or remove unrelated sheets and try again`,
    );
  }
  const bomb = parts.find((p) => p.uncompressed > ZIP_LIMITS.ratioFromBytes && p.uncompressed > ZIP_LIMITS.ratio * Math.max(1, p.compressed));
  if (bomb) {
    const ratio = Math.round(bomb.uncompressed / Math.max(1, bomb.compressed));
    throw new UnreadableWorkbookError(
      `文件中的 ${bomb.name} 从 ${megabytes(bomb.compressed)} 解压为 ${megabytes(bomb.uncompressed)}（压缩比 ${ratio}:1），不像正常的工作簿（疑似“压缩炸弹”），已拒绝读取`,
      `${bomb.name} in the file unpacks from ${megabytes(bomb.compressed)} to ${megabytes(bomb.uncompressed)} (ratio ${ratio}:1); this is not a normal workbook (a ZIP bomb?) and was not read`,
    );
  }
}

/**
 * Merged cells a workbook may declare in all. ExcelJS builds every cell of a merged area while it
 * loads (about 400 bytes each: a 1-million-cell merge takes 4 s and 430 MB), so a 6 KB file merging
 * A3:XFD2000 runs Node out of memory after two minutes. Real ledgers merge a few hundred cells.
 */
export const MAX_MERGED_CELLS = 2_000_000;

const MERGE_CELL = /<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"/g;

/**
 * Refuses a workbook whose merged areas would exhaust memory while ExcelJS loads it. Reads the
 * `<mergeCell>` elements of each worksheet part before ExcelJS does; `inflateRaw` unpacks a deflated
 * part. Run after checkZipSizes, which bounds what it unpacks.
 */
export async function checkMergedAreas(
  bytes: Uint8Array,
  inflateRaw: (packed: Uint8Array) => Promise<Uint8Array>,
): Promise<void> {
  const parts = zipParts(bytes);
  if (!parts) return;
  let total = 0;
  for (const part of parts) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(part.name)) continue;
    const packed = packedData(bytes, part);
    if (!packed) continue;
    let xml: Uint8Array;
    try {
      xml = part.method === 0 ? packed : await inflateRaw(packed);
    } catch {
      continue; // Damaged data: ExcelJS reports it.
    }
    const at = indexOfAscii(xml, 'mergeCell');
    if (at < 0) continue;
    const text = new TextDecoder().decode(xml.subarray(Math.max(0, at - 16)));
    for (const m of text.matchAll(MERGE_CELL)) {
      const rows = Math.abs(Number(m[4] ?? m[2]) - Number(m[2])) + 1;
      const cols = Math.abs(columnIndex(m[3] ?? m[1]) - columnIndex(m[1])) + 1;
      total += rows * cols;
      if (total > MAX_MERGED_CELLS) throw tooManyMergedCells(part.name, m[3] ? `${m[1]}${m[2]}:${m[3]}${m[4]}` : `${m[1]}${m[2]}`);
    }
  }
}

export function tooManyMergedCells(part: string, ref: string): UnreadableWorkbookError {
  return new UnreadableWorkbookError(
    `合并单元格过多：${part} 中的合并区域 ${ref} 等合计超过 ${MAX_MERGED_CELLS.toLocaleString('en-US')} 个单元格，无法安全读取；请在 Excel 中取消这些合并后再校验`,
    `Too many merged cells: the merged area ${ref} in ${part} and others cover more than ${MAX_MERGED_CELLS.toLocaleString('en-US')} cells; unmerge them in Excel and try again`,
  );
}

export function tooManyRows(sheet: string, row: number): UnreadableWorkbookError {
  const limit = MAX_ROWS.toLocaleString('en-US');
  return new UnreadableWorkbookError(
    `数据行超过 ${limit} 行（读到工作表“${sheet}”第 ${row.toLocaleString('en-US')} 行时超出），超过一次可校验的上限；请按县区或阶段拆成几个文件后再校验（命令行可一次校验整个文件夹）`,
    `More than ${limit} rows of data (passed at row ${row.toLocaleString('en-US')} of sheet "${sheet}"), over what one check reads; split the workbook by county or phase into several files and check them together (the command line takes a folder)`,
  );
}

/** Workbooks never declare entities; a file that does is an entity bomb or reaches for other files. */
export function entitiesRefused(detail: string): UnreadableWorkbookError {
  return new UnreadableWorkbookError(
    `工作簿的 XML 中含有不允许的实体引用（${detail}），已拒绝读取；请在 Excel 中打开并另存为 .xlsx 后再校验`,
    `The workbook's XML holds entity references that are not allowed (${detail}); open it in Excel and save it as .xlsx again`,
  );
}

/** A part Excel always writes is missing or has the wrong root element. */
export function incompleteWorkbook(detail: string, detailEn: string): UnreadableWorkbookError {
  return new UnreadableWorkbookError(
    `工作簿内部结构不完整（${detail}），可能已损坏或由不兼容的软件生成；请在 Excel 中打开并另存为 .xlsx 后再校验`,
    `The workbook's structure is incomplete (${detailEn}); it may be damaged or made by incompatible software. Open it in Excel and save it as .xlsx again`,
  );
}

/** Maps a failure inside ExcelJS/JSZip to a clear reason. */
export function explainReadFailure(err: unknown): UnreadableWorkbookError {
  if (err instanceof UnreadableWorkbookError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/zip|central directory|end of data|corrupt|invalid|signature/i.test(msg)) {
    return new UnreadableWorkbookError('文件已损坏，无法解压（ZIP 结构不完整）', 'The file is damaged and cannot be unpacked (incomplete ZIP)');
  }
  // The XML parser refuses entity declarations: entity bombs and external-entity reads end here.
  if (/entity/i.test(msg)) return entitiesRefused(msg);
  // A part ExcelJS needs is missing or malformed: it fails on an undefined property.
  if (err instanceof TypeError) return incompleteWorkbook(msg, msg);
  return new UnreadableWorkbookError(`无法读取工作簿：${msg}`, `The workbook cannot be read: ${msg}`);
}
