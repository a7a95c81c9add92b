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
}

/** Maps a failure inside ExcelJS/JSZip to a clear reason. */
export function explainReadFailure(err: unknown): UnreadableWorkbookError {
  if (err instanceof UnreadableWorkbookError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/zip|central directory|end of data|corrupt|invalid|signature/i.test(msg)) {
    return new UnreadableWorkbookError('文件已损坏，无法解压（ZIP 结构不完整）', 'The file is damaged and cannot be unpacked (incomplete ZIP)');
  }
  return new UnreadableWorkbookError(`无法读取工作簿：${msg}`, `The workbook cannot be read: ${msg}`);
}
