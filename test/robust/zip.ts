/**
 * Hostile workbooks made at test time (never committed): a minimal ZIP writer on Node's native
 * deflate, fast enough for a part of hundreds of megabytes, and small ledgers made with ExcelJS.
 */
import zlib from 'zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Size written into the central directory instead of the real one (a forged header). */
  declaredSize?: number;
  /** Store the part as is instead of deflating it. */
  stored?: boolean;
}

/**
 * A ZIP of `entries`. With `zip64`, the central directory gives every size and offset as 0xFFFFFFFF
 * with the real values in ZIP64 extra fields, and ends with ZIP64 end records, as streaming writers
 * (e.g. .NET's) produce for workbooks of any size.
 */
export function writeZip(entries: ZipEntry[], opts: { zip64?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = e.stored ? e.data : zlib.deflateRawSync(e.data, { level: 9 });
    const method = e.stored ? 0 : 8;
    const crc = zlib.crc32(e.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, packed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(45, 4);
    dir.writeUInt16LE(opts.zip64 ? 45 : 20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(crc, 16);
    const size = e.declaredSize ?? e.data.length;
    if (opts.zip64) {
      dir.writeUInt32LE(0xffffffff, 20);
      dir.writeUInt32LE(0xffffffff, 24);
      dir.writeUInt32LE(0xffffffff, 42);
      const extra = Buffer.alloc(28);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(packed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
      dir.writeUInt16LE(name.length, 28);
      dir.writeUInt16LE(extra.length, 30);
      central.push(dir, name, extra);
    } else {
      dir.writeUInt32LE(packed.length, 20);
      dir.writeUInt32LE(size, 24);
      dir.writeUInt16LE(name.length, 28);
      dir.writeUInt32LE(offset, 42);
      central.push(dir, name);
    }
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (!opts.zip64) {
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...chunks, directory, end]);
  }
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(entries.length), 24);
  record.writeBigUInt64LE(BigInt(entries.length), 32);
  record.writeBigUInt64LE(BigInt(directory.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...chunks, directory, record, locator, end]);
}

export async function zipEntries(bytes: Uint8Array): Promise<ZipEntry[]> {
  const zip = await JSZip.loadAsync(bytes);
  const out: ZipEntry[] = [];
  for (const file of Object.values(zip.files)) if (!file.dir) out.push({ name: file.name, data: await file.async('nodebuffer') });
  return out;
}

export const LEDGER_HEADER = ['序号', '项目名称', '项目阶段', '项目类别', '所属县区', '总投资（万元）', '年度计划投资（万元）'];

/** A small valid ledger workbook: one project row (and `rows` more) with a negative amount on row 3 (an error). */
export async function smallLedger(extra?: (wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(LEDGER_HEADER);
  ws.addRow([1, '南山至北岭高速公路', '新开工', '基础设施', '七星区', 50000, 20000]);
  ws.addRow([2, '城南污水处理厂', '续建', '基础设施', '象山区', -3000, 1000]);
  extra?.(wb, ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A workbook from raw parts: what other writers (Excel, WPS, .NET libraries) put in files. */
export function rawWorkbook(opts: { sheet: string; strings?: string; styles?: string; workbookPr?: string; prefix?: string }): Uint8Array {
  const p = opts.prefix ?? '';
  const ns = p ? `xmlns:${p.slice(0, -1)}` : 'xmlns';
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const part = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });
  return writeZip([
    part('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    part('_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    part('xl/workbook.xml', `<${p}workbook ${ns}="${main}" xmlns:r="${rel}">${opts.workbookPr ?? ''}<${p}sheets><${p}sheet name="图表" sheetId="2" r:id="rId9"/><${p}sheet name="台账" sheetId="1" r:id="rId1"/></${p}sheets></${p}workbook>`),
    part('xl/_rels/workbook.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId9" Type="${rel}/chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/></Relationships>`),
    part('xl/worksheets/sheet1.xml', `<${p}worksheet ${ns}="${main}"><${p}sheetData>${opts.sheet}</${p}sheetData></${p}worksheet>`),
    part('xl/sharedStrings.xml', `<${p}sst ${ns}="${main}">${opts.strings ?? ''}</${p}sst>`),
    part('xl/styles.xml', `<${p}styleSheet ${ns}="${main}">${opts.styles ?? ''}</${p}styleSheet>`),
  ]);
}
