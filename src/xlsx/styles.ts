/**
 * What ExcelJS 4.4 loses from styles.xml when it rewrites a workbook, put back in the marked copy.
 * It writes its own default font (Calibri 11) as font 0 and a bare Normal style, so every cell
 * without a style of its own in a 宋体 or 等线 workbook would change its font and lose the Normal
 * style's alignment (WPS centres it vertically); it drops built-in number formats it has no code
 * for (41–44 千位分隔 and accounting, 5–8 currency, 27–36 and 50–58 年月日 dates), and the colour
 * palette. Both ends work on ExcelJS internals (the loader's `reconcile` and the writer's
 * `addStyles`); test/robust/copy-look.test.ts fails if a new ExcelJS changes them.
 */
import type ExcelJS from 'exceljs';

/** Built-in number formats ExcelJS has a code for; it keeps these. Every other id below 164 is built in too, and lost. */
const EXCELJS_BUILTIN_FORMATS = new Set([0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 37, 38, 39, 40, 45, 46, 47, 48, 49]);

/**
 * Stands in for a lost built-in format while ExcelJS holds the workbook, and is turned back into the
 * format's id in the copy's styles.xml. A quoted literal, so ExcelJS takes no date for it and leaves
 * the cell's number as it is.
 */
const PLACEHOLDER = (id: number) => `"LedgerCheck built-in number format ${id}"`;
const PLACEHOLDER_XML = /<numFmt numFmtId="(\d+)" formatCode="&quot;LedgerCheck built-in number format (\d+)&quot;"\/>/g;

/**
 * Added to a font of the person's that ExcelJS would write exactly as its own default font (Calibri
 * 11), so it stays a font of its own when font 0 becomes the workbook's default; removed again from
 * the copy. Baseline is what a font without vertAlign shows anyway.
 */
const KEEP_APART = 'baseline';
const KEEP_APART_XML = '<vertAlign val="baseline"/>';

/** Whether ExcelJS writes `font` as `<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>`. */
function writesAsExcelJsDefault(font: Partial<ExcelJS.Font>): boolean {
  const shown = Object.values(font).filter((v) => v !== undefined && v !== false && v !== 0);
  const color = font.color as Record<string, unknown> | undefined;
  return shown.length === 5 && font.name === 'Calibri' && font.size === 11 && font.family === 2 && font.scheme === 'minor' && color?.theme === 1 && Object.keys(color).length === 1;
}

interface LoadedStyles {
  model?: { fonts?: Partial<ExcelJS.Font>[]; styles?: { numFmtId?: number }[] };
  index?: { numFmt?: Record<number, string> };
}

/**
 * Before ExcelJS hands the cells their styles: a lost built-in format gets its placeholder, and a font
 * that ExcelJS would merge with its default font is kept apart (only when the workbook's default font
 * is another one; otherwise they are the same font).
 */
export function keepStylesOnLoad(wb: ExcelJS.Workbook): void {
  const xlsx = wb.xlsx as unknown as { reconcile(model: { styles?: LoadedStyles }, options: unknown): void };
  const reconcile = xlsx.reconcile.bind(xlsx);
  xlsx.reconcile = (model, options) => {
    const styles = model.styles;
    const formats = styles?.index?.numFmt;
    for (const xf of styles?.model?.styles ?? []) {
      const id = xf.numFmtId;
      if (formats && id && id < 164 && !EXCELJS_BUILTIN_FORMATS.has(id) && !formats[id]) formats[id] = PLACEHOLDER(id);
    }
    const [first, ...others] = styles?.model?.fonts ?? [];
    if (first && !writesAsExcelJsDefault(first)) {
      for (const font of others) if (writesAsExcelJsDefault(font)) font.vertAlign = KEEP_APART as ExcelJS.Font['vertAlign'];
    }
    reconcile(model, options);
  };
}

/** The first element `tag` (with its content) in `xml`, self-closing or not. */
function element(xml: string, tag: string): RegExpExecArray | null {
  return new RegExp(`<${tag}\\b[^>]*?(?:/>|>[\\s\\S]*?</${tag}>)`).exec(xml);
}

/** The content of the first element `tag`, and where it starts and ends. */
function section(xml: string, tag: string): { start: number; end: number; inner: string } | undefined {
  const m = new RegExp(`(<${tag}\\b[^>]*>)([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!m) return undefined;
  const start = m.index + m[1].length;
  return { start, end: start + m[2].length, inner: m[2] };
}

function replaceSection(xml: string, tag: string, edit: (inner: string) => string): string {
  const s = section(xml, tag);
  return s ? xml.slice(0, s.start) + edit(s.inner) + xml.slice(s.end) : xml;
}

/** The <alignment> and <protection> of an <xf>, as written. */
function xfLook(xf: string): { alignment?: string; protection?: string } {
  return { alignment: element(xf, 'alignment')?.[0], protection: element(xf, 'protection')?.[0] };
}

/** What the copy takes from the original's styles.xml; parts written with a namespace prefix are left out. */
export interface WorkbookLook {
  /** Font 0: what every cell without a font of its own shows. */
  font?: string;
  /** The Normal cell format (cellXfs 0): unstyled cells. */
  normal: { alignment?: string; protection?: string };
  /** The Normal style (cellStyleXfs 0). */
  normalStyle: { alignment?: string; protection?: string };
  /** The indexed colour palette and recent colours. */
  colors?: string;
}

const unprefixed = (xml: string | undefined) => (xml && !/<\/?\w+:/.test(xml) ? xml : undefined);

export function workbookLook(styles: string): WorkbookLook {
  const firstXf = (tag: string) => {
    const xf = unprefixed(element(section(styles, tag)?.inner ?? '', 'xf')?.[0]);
    return xf ? xfLook(xf) : {};
  };
  return {
    font: unprefixed(element(section(styles, 'fonts')?.inner ?? '', 'font')?.[0]),
    normal: firstXf('cellXfs'),
    normalStyle: firstXf('cellStyleXfs'),
    colors: unprefixed(element(styles, 'colors')?.[0]),
  };
}

/** An <xf> with `look`'s alignment and protection where it has none of its own. */
function withLook(xf: string, look: { alignment?: string; protection?: string }): string {
  const own = xfLook(xf);
  const alignment = own.alignment ?? look.alignment;
  const protection = own.protection ?? look.protection;
  if (alignment === own.alignment && protection === own.protection) return xf;
  const open = /^<xf\b[^>]*?(?=\/?>)/.exec(xf)![0];
  return `${open}>${alignment ?? ''}${protection ?? ''}</xf>`;
}

/**
 * The copy's styles.xml as ExcelJS wrote it, with the lost built-in formats back under their ids and,
 * given the original's look, its default font, Normal style and palette.
 */
export function restoreStyles(xml: string, look: WorkbookLook | undefined): string {
  const builtin = new Map<string, string>();
  let out = xml.replace(PLACEHOLDER_XML, (_, custom: string, id: string) => {
    builtin.set(custom, id);
    return '';
  });
  if (builtin.size) {
    out = out.replace(/<numFmts count="\d+">([\s\S]*?)<\/numFmts>/, (_, inner: string) => {
      const count = (inner.match(/<numFmt /g) ?? []).length;
      return count ? `<numFmts count="${count}">${inner}</numFmts>` : '';
    });
    out = replaceSection(out, 'cellXfs', (xfs) => xfs.replace(/(<xf\b[^>]*?\bnumFmtId=")(\d+)"/g, (m, head: string, id: string) => (builtin.has(id) ? `${head}${builtin.get(id)}"` : m)));
  }
  if (!look) return out;
  out = replaceSection(out, 'fonts', (fonts) => {
    const kept = fonts.split(KEEP_APART_XML).join('');
    return look.font ? kept.replace(/<font\b[^>]*?(?:\/>|>[\s\S]*?<\/font>)/, look.font) : kept;
  });
  out = replaceSection(out, 'cellStyleXfs', (xfs) => xfs.replace(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/, (xf) => withLook(xf, look.normalStyle)));
  // A cell format on font 0 is a cell that had no style of its own (or a cell LedgerCheck wrote):
  // the Normal format's alignment and protection are what such a cell showed.
  out = replaceSection(out, 'cellXfs', (xfs) => xfs.replace(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g, (xf) => (/\bfontId="0"/.test(xf) ? withLook(xf, look.normal) : xf)));
  if (look.colors && !element(out, 'colors')) out = out.replace(/(<extLst>|<\/styleSheet>)/, `${look.colors}$1`);
  return out;
}

/** Writes the copy's styles.xml through restoreStyles. */
export function restoreStylesOnWrite(wb: ExcelJS.Workbook, look: WorkbookLook | undefined): void {
  const xlsx = wb.xlsx as unknown as { addStyles(zip: unknown, model: { styles: { xml: string } }): Promise<void> };
  const addStyles = xlsx.addStyles.bind(xlsx);
  xlsx.addStyles = (zip, model) => addStyles(zip, { ...model, styles: { xml: restoreStyles(model.styles.xml, look) } });
}
