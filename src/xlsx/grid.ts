/**
 * Reading .xlsx bytes straight into the engine's grids, without building a spreadsheet model.
 *
 * Checking only needs each cell's value and number format, the merged areas, hidden rows and sheets,
 * and protection. ExcelJS builds a full object model of every cell (styles, addresses, row objects)
 * first, which at 100,000 rows costs about 12 s and 1.2 GB; this reader scans the worksheet XML once
 * and keeps only what the grid holds. ExcelJS is still what writes the marked copy.
 *
 * The grid is shaped as the Office.js port shapes it (src/excel/read.ts): values as Excel shows them
 * (serial numbers for dates, formula results, error text such as "#REF!"), a merged area's value in its
 * top-left cell only. It matches what ExcelJS gave on every workbook the tests build
 * (test/xlsxGrid.test.ts), except where ExcelJS was wrong: the built-in Chinese date formats
 * (ids 27–36, 50–58) keep their format code, and dates stored as ISO text (t="d") are read as dates.
 */
import { isDateFormat } from '../core/dates';
import { columnIndex, MAX_ROWS, type CellValue, type MergeArea, type SheetGrid, type WorkbookGrid } from '../core/grid';
import { entitiesRefused, incompleteWorkbook, MAX_MERGED_CELLS, tooManyMergedCells, tooManyRows, UnreadableWorkbookError } from './errors';
import { OversizePartError, packedData, zipParts, type ZipPart } from './zip';
import { OWNED_SHEET } from './owned';

/** Format codes of the built-in number formats (ECMA-376 §18.8.30), as a Chinese Excel shows them. */
const BUILT_IN_FORMATS: Record<number, string> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 5: '"¥"#,##0;"¥"-#,##0', 6: '"¥"#,##0;[Red]"¥"-#,##0',
  7: '"¥"#,##0.00;"¥"-#,##0.00', 8: '"¥"#,##0.00;[Red]"¥"-#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm',
  21: 'h:mm:ss', 22: 'm/d/yy "h":mm', 27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午 h"时"mm"分"',
  35: '上午/下午 h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)', 41: '_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-',
  42: '_-"¥"* #,##0_-;-"¥"* #,##0_-;_-"¥"* "-"_-;_-@_-', 43: '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-',
  44: '_-"¥"* #,##0.00_-;-"¥"* #,##0.00_-;_-"¥"* "-"??_-;_-@_-', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0',
  48: '##0.0E+0', 49: '@', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
  54: 'm"月"d"日"', 55: '上午/下午 h"时"mm"分"', 56: '上午/下午 h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
};

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Days from the 1900 date system's day 0 to the 1904 system's. */
const DAYS_1904 = 1462;

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Attributes of an element up to its '>' or '/>', where a quoted value may itself hold '>' (legal XML). */
const ATTRS = `((?:[^>"']|"[^"]*"|'[^']*')*?)\\/?>`;
const elements = (tag: string) => new RegExp(`<(?:\\w+:)?${tag}\\b${ATTRS}`, 'g');
const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]] = xmlDecode(m[2] ?? m[3]);
  return out;
}

/**
 * Character data as an XML parser gives it: line ends normalised to \n (XML 1.0 §2.11), then
 * references; CDATA sections are taken as they stand.
 */
function xmlDecode(raw: string): string {
  if (raw.indexOf('<![CDATA[') >= 0) return raw.split(/<!\[CDATA\[([\s\S]*?)\]\]>/).map((part, i) => (i % 2 ? part.replace(/\r\n?/g, '\n') : xmlDecode(part))).join('');
  const s = raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name];
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Text of a <t> element: XML entities, then the OOXML escapes for control characters (_x000D_). */
function textOf(raw: string): string {
  const s = xmlDecode(raw);
  return s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const PHONETIC = /<(\w+:)?rPh\b[\s\S]*?<\/\1?rPh>/g;
/** A <t> with its text; an empty <t/> (attributes or not) matches without text. */
const TEXT_RUN = /<(?:\w+:)?t(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g;

/** The text of a shared or inline string: every <t>, rich-text runs joined, phonetic guides left out. */
function stringItem(xml: string): string {
  const body = xml.indexOf('rPh') < 0 ? xml : xml.replace(PHONETIC, '');
  let out = '';
  for (const m of body.matchAll(TEXT_RUN)) if (m[1]) out += textOf(m[1]);
  return out;
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  // One forward scan: a lazy match to </si> would rescan the rest of the part for each unclosed item.
  const open = /<(\w+:)?si\b[^>]*?(\/?)>/g;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    if (m[2]) {
      out.push('');
      continue;
    }
    const close = `</${m[1] ?? ''}si>`;
    const end = xml.indexOf(close, open.lastIndex);
    if (end < 0) break;
    out.push(stringItem(xml.slice(open.lastIndex, end)));
    open.lastIndex = end + close.length;
  }
  return out;
}

/** Number format of each cell style (index into cellXfs); undefined for General. */
function styleFormats(xml: string | undefined): (string | undefined)[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  // Only <numFmts>: the differential formats of conditional formatting (<dxf>) have their own.
  const formats = /<(?:\w+:)?numFmts\b[^>]*>([\s\S]*?)<\/(?:\w+:)?numFmts>/.exec(xml)?.[1] ?? '';
  for (const m of formats.matchAll(elements('numFmt'))) {
    const a = attributes(m[1]);
    if (a.numFmtId !== undefined && a.formatCode !== undefined) custom.set(Number(a.numFmtId), a.formatCode);
  }
  const block = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml);
  if (!block) return [];
  const out: (string | undefined)[] = [];
  for (const m of block[1].matchAll(elements('xf'))) {
    const id = Number(attributes(m[1]).numFmtId ?? 0);
    out.push(id ? custom.get(id) ?? BUILT_IN_FORMATS[id] : undefined);
  }
  return out;
}

const CELL_REF = /^\$?([A-Z]{1,3})\$?(\d+)$/;

function parseArea(ref: string): MergeArea | undefined {
  const [from, to = from] = ref.split(':');
  const a = CELL_REF.exec(from);
  const b = CELL_REF.exec(to);
  if (!a || !b) return undefined;
  const top = Number(a[2]) - 1;
  const bottom = Number(b[2]) - 1;
  const left = columnIndex(a[1]);
  const right = columnIndex(b[1]);
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

interface SheetContext {
  strings: string[];
  formats: (string | undefined)[];
  date1904: boolean;
  /** Merged cells counted so far, over all sheets: the engine walks merged areas cell by cell. */
  mergedCells: number;
  /** Rows holding values read so far, over all sheets (limit MAX_ROWS). */
  rows: number;
}

/*
 * One pass over the worksheet XML. Rows and cells are found with one sticky scan; a cell's inner
 * XML (<f>, <v>, <is>) is only looked at for the cells that have one.
 */
const SHEET_TOKEN = /<(\w+:)?(row|c|mergeCell|sheetProtection)\b([^>]*?)(\/?)>/g;
const CELL_VALUE = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/;
const CELL_INLINE = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/;
const HAS_FORMULA = /<(?:\w+:)?f\b/;
// Either quote, spaces around '=' allowed (XML 1.0 §3.1).
const ATTR_R = /\br\s*=\s*["']([^"']*)["']/;
const ATTR_S = /\bs\s*=\s*["'](\d+)["']/;
const ATTR_T = /\bt\s*=\s*["'](\w+)["']/;
const ATTR_HIDDEN = /\bhidden\s*=\s*["'](1|true)["']/;
const ATTR_REF = /\bref\s*=\s*["']([^"']*)["']/;
const ATTR_SHEET = /\bsheet\s*=\s*["'](1|true)["']/;
/** Excel's grid: 1,048,576 rows, 16,384 columns (XFD). A larger address is not a workbook Excel opens. */
const MAX_SHEET_ROWS = 1_048_576;
const MAX_SHEET_COLUMNS = 16_384;

function readSheetXml(part: string, name: string, xml: string, ctx: SheetContext): SheetGrid {
  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];
  const hiddenRows: number[] = [];
  const merges: MergeArea[] = [];
  let isProtected = false;
  let row = -1;
  let rowHidden = false;
  let rowHasValue = false;
  let col = -1;
  let vals: CellValue[] = [];
  let fmts: (string | undefined)[] = [];
  const closeRow = () => {
    // Every hidden row, as Office.js reports them, with values or not.
    if (row >= 0 && rowHidden) hiddenRows.push(row);
    if (row >= 0 && rowHasValue) {
      if (++ctx.rows > MAX_ROWS) throw tooManyRows(name, row + 1);
      values[row] = vals;
      formats[row] = fmts;
    }
  };

  SHEET_TOKEN.lastIndex = 0;
  for (let m = SHEET_TOKEN.exec(xml); m; m = SHEET_TOKEN.exec(xml)) {
    const [, prefix = '', tag, attrs, selfClosing] = m;
    if (tag === 'row') {
      closeRow();
      const r = ATTR_R.exec(attrs);
      row = r ? Number(r[1]) - 1 : row + 1;
      if (!(row >= 0 && row < MAX_SHEET_ROWS)) throw outsideGrid(name, r ? `第 ${r[1]} 行` : `第 ${row + 1} 行`, r ? `row ${r[1]}` : `row ${row + 1}`);
      rowHidden = ATTR_HIDDEN.test(attrs);
      rowHasValue = false;
      col = -1;
      vals = [];
      fmts = [];
      continue;
    }
    if (tag === 'mergeCell') {
      const ref = ATTR_REF.exec(attrs);
      const area = ref && parseArea(ref[1]);
      if (!area) continue;
      merges.push(area);
      ctx.mergedCells += (area.bottom - area.top + 1) * (area.right - area.left + 1);
      if (ctx.mergedCells > MAX_MERGED_CELLS) throw tooManyMergedCells(part, ref[1]);
      continue;
    }
    if (tag === 'sheetProtection') {
      isProtected = ATTR_SHEET.test(attrs);
      continue;
    }
    // A cell.
    const ref = ATTR_R.exec(attrs);
    const at = ref && CELL_REF.exec(ref[1]);
    col = at ? columnIndex(at[1]) : col + 1;
    if (col >= MAX_SHEET_COLUMNS) throw outsideGrid(name, `第 ${row + 1} 行第 ${col + 1} 列`, `row ${row + 1}, column ${col + 1}`);
    if (selfClosing) continue;
    const close = `</${prefix}c>`;
    const end = xml.indexOf(close, SHEET_TOKEN.lastIndex);
    if (end < 0) break;
    const inner = xml.slice(SHEET_TOKEN.lastIndex, end);
    SHEET_TOKEN.lastIndex = end + close.length;
    const style = ATTR_S.exec(attrs);
    const fmt = style ? ctx.formats[Number(style[1])] : undefined;
    const value = cellValue(inner, ATTR_T.exec(attrs)?.[1], fmt, ctx);
    if (value === null) continue;
    vals[col] = value;
    if (fmt) fmts[col] = fmt;
    rowHasValue = true;
  }
  closeRow();

  for (const v of values) if (v) for (let c = 0; c < v.length; c++) if (v[c] === undefined) v[c] = null;
  for (let r = 0; r < values.length; r++) if (!values[r]) values[r] = [];
  for (const m of merges) {
    // Office.js reports a merged area's value in its top-left cell only; so do we.
    for (let r = m.top; r <= m.bottom && r < values.length; r++) {
      const v = values[r];
      for (let c = r === m.top ? m.left + 1 : m.left; c <= m.right && c < v.length; c++) v[c] = null;
    }
  }
  return { name, hidden: false, values, formats, merges, hiddenRows, protected: isProtected };
}

function outsideGrid(sheet: string, where: string, whereEn: string): UnreadableWorkbookError {
  return new UnreadableWorkbookError(
    `工作表“${sheet}”的${where}超出 Excel 的表格范围（1,048,576 行 × 16,384 列），文件已损坏或不是 Excel 生成的；请在 Excel 中打开并另存为 .xlsx 后再校验`,
    `Sheet "${sheet}": ${whereEn} lies outside Excel's grid (1,048,576 rows × 16,384 columns); the file is damaged or was not made by Excel. Open it in Excel and save it as .xlsx again`,
  );
}

function cellValue(inner: string, type: string | undefined, fmt: string | undefined, ctx: SheetContext): CellValue {
  if (type === 'inlineStr') {
    const is = CELL_INLINE.exec(inner);
    return is ? stringItem(is[1]) : null;
  }
  const v = CELL_VALUE.exec(inner)?.[1];
  if (v === undefined || v === '') return null;
  switch (type) {
    case 's': {
      if (HAS_FORMULA.test(inner)) return number(v, fmt, ctx);
      const s = ctx.strings[parseInt(v, 10)];
      return s === undefined ? null : s;
    }
    case 'str':
      return xmlDecode(v);
    case 'b':
      return parseInt(v, 10) !== 0;
    case 'e':
      return xmlDecode(v);
    case 'd':
      return isoSerial(v) ?? xmlDecode(v);
    default:
      return number(v, fmt, ctx);
  }
}

const ISO_DATE_TIME = /^(?:(\d{4})-(\d{2})-(\d{2}))?(?:T?(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 date, date-time or time (t="d", ECMA-376 §18.17.4) as an Excel serial. The value is a
 * calendar reading with no time zone: it is never shifted to the computer's zone.
 */
function isoSerial(v: string): number | undefined {
  const m = ISO_DATE_TIME.exec(v.trim());
  if (!m || (m[1] === undefined && m[4] === undefined)) return undefined;
  const day = m[1] === undefined ? 0 : (Date.UTC(+m[1], +m[2] - 1, +m[3]) - EXCEL_EPOCH_MS) / 86400000;
  const seconds = m[4] === undefined ? 0 : +m[4] * 3600 + +m[5] * 60 + Number(m[6] ?? 0);
  return day + seconds / 86400;
}

function number(v: string, fmt: string | undefined, ctx: SheetContext): number {
  const n = parseFloat(v);
  // The engine counts dates from 1899-12-30, as the 1900 date system does; a date is what it reads as one.
  return ctx.date1904 && isDateFormat(fmt) ? n + DAYS_1904 : n;
}

/** Path of a relationship target, from the part that holds the relationship. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relationships(xml: string | undefined, base: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  for (const m of (xml ?? '').matchAll(elements('Relationship'))) {
    const a = attributes(m[1]);
    if (a.Id && a.Target && a.TargetMode !== 'External') out.set(a.Id, { type: a.Type ?? '', target: resolveTarget(base, a.Target) });
  }
  return out;
}

/** Unpacks raw DEFLATE, failing past `limit` bytes (zip.inflateRaw). */
export type Inflate = (packed: Uint8Array, limit: number) => Promise<Uint8Array>;

/** Opens the parts of a ZIP as text, one at a time. */
class ZipText {
  private readonly parts: Map<string, ZipPart>;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly inflate: Inflate,
  ) {
    const parts = zipParts(bytes);
    if (!parts) throw new UnreadableWorkbookError('文件已损坏，无法解压（ZIP 结构不完整）', 'The file is damaged and cannot be unpacked (incomplete ZIP)');
    // Part names compare case-insensitively (OPC, ISO/IEC 29500-2 §6.2.2.3).
    this.parts = new Map(parts.map((p) => [p.name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase(), p]));
  }

  async text(name: string): Promise<string | undefined> {
    const part = this.parts.get(name.toLowerCase());
    if (!part) return undefined;
    const damaged = () =>
      new UnreadableWorkbookError(`文件已损坏，无法解压其中的 ${name}`, `The file is damaged: ${name} cannot be unpacked`);
    const packed = packedData(this.bytes, part);
    if (!packed || new DataView(this.bytes.buffer, this.bytes.byteOffset).getUint32(part.offset, true) !== 0x04034b50) throw damaged();
    let data: Uint8Array;
    if (part.method === 0) data = packed;
    else if (part.method === 8) {
      try {
        data = await this.inflate(packed, part.uncompressed);
      } catch (err) {
        if (err instanceof OversizePartError || err instanceof RangeError) {
          throw new UnreadableWorkbookError(
            `文件中的 ${name} 解压后超过它声明的 ${part.uncompressed.toLocaleString('en-US')} 字节（压缩包头被篡改？），已拒绝读取`,
            `${name} in the file unpacks to more than the ${part.uncompressed.toLocaleString('en-US')} bytes it declares (a forged ZIP header?); it was not read`,
          );
        }
        throw damaged();
      }
    } else throw damaged();
    // UTF-16 parts (allowed by OPC) start with a byte-order mark; the rest are UTF-8.
    const encoding = data[0] === 0xff && data[1] === 0xfe ? 'utf-16le' : data[0] === 0xfe && data[1] === 0xff ? 'utf-16be' : 'utf-8';
    const text = new TextDecoder(encoding).decode(data);
    // A DTD can only come before the root element: the prolog is all that needs a look.
    const dtd = /<!(DOCTYPE|ENTITY)\b/.exec(text.slice(0, 4096));
    if (dtd) throw entitiesRefused(`${name}: <!${dtd[1]}`);
    return text;
  }
}

/**
 * The grids of every worksheet, in tab order, and the end of each sheet part (after <sheetData>: what
 * features.scanContent looks at). Call after checkWorkbookBytes (it bounds what is unpacked); throws
 * UnreadableWorkbookError for a package that is not a workbook.
 */
export async function readGrids(bytes: Uint8Array, inflate: Inflate): Promise<{ grid: WorkbookGrid; sheetEnds: string[] }> {
  const zip = new ZipText(bytes, inflate);
  const rootRels = relationships(await zip.text('_rels/.rels'), '');
  const officeDocument = [...rootRels.values()].find((r) => /\/officeDocument$/.test(r.type))?.target ?? 'xl/workbook.xml';
  const workbookXml = await zip.text(officeDocument);
  if (workbookXml === undefined) {
    throw new UnreadableWorkbookError('这不是 Excel 工作簿：压缩包里没有 workbook.xml', 'This is not an Excel workbook: the package has no workbook.xml');
  }
  if (!/<(?:\w+:)?workbook\b/.test(workbookXml)) {
    throw incompleteWorkbook(`${officeDocument} 中没有 <workbook> 元素`, `${officeDocument} has no <workbook> element`);
  }
  const relsPath = officeDocument.replace(/[^/]*$/, (file) => `_rels/${file}.rels`);
  const rels = relationships(await zip.text(relsPath), officeDocument);
  const partOf = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
  const ctx: SheetContext = {
    strings: sharedStrings(await zip.text(partOf('/sharedStrings') ?? 'xl/sharedStrings.xml')),
    formats: styleFormats(await zip.text(partOf('/styles') ?? 'xl/styles.xml')),
    date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbookXml),
    mergedCells: 0,
    rows: 0,
  };

  const sheets: SheetGrid[] = [];
  const sheetEnds: string[] = [];
  for (const m of workbookXml.matchAll(elements('sheet'))) {
    const a = attributes(m[1]);
    const relId = Object.entries(a).find(([k]) => /:id$/.test(k))?.[1];
    const rel = rels.get(relId ?? '');
    // Chart sheets and dialog sheets hold no cells.
    if (!a.name || !rel || !/\/worksheet$/.test(rel.type)) continue;
    const xml = await zip.text(rel.target);
    if (xml === undefined) continue;
    const grid = readSheetXml(rel.target, a.name, xml, ctx);
    sheetEnds.push(xml.slice(Math.max(0, xml.lastIndexOf('sheetData>'))));
    grid.hidden = a.state === 'hidden' || a.state === 'veryHidden';
    sheets.push(grid);
  }

  const recordSheet = sheets.find((s) => s.name === OWNED_SHEET);
  const owned = recordSheet ? recordSheet.values.map((r) => r[0]).filter((v): v is string => typeof v === 'string') : [];
  if (recordSheet) owned.push(OWNED_SHEET);
  return { grid: { sheets, ownedSheets: owned }, sheetEnds };
}
