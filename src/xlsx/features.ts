/**
 * What a rewritten copy cannot keep, so the marked copy can say so. ExcelJS drops PivotTables and
 * charts and writes no macros (seen from the part names in the ZIP central directory). It also
 * drops, as measured on workbooks saved by WPS and Excel: hyperlinks to a place in the workbook,
 * manual page breaks, links to other workbooks, data validations kept in a sheet's extension list
 * (Excel's lists drawn from another sheet), the workbook's protection and a sheet's protection
 * password (the sheet stays protected, without it). Those are read from the parts themselves.
 */
import type { WorkbookFeatures } from '../core/grid';
import { indexOfAscii, unpack, zipParts } from './zip';

export function scanFeatures(bytes: Uint8Array): WorkbookFeatures {
  const names = (zipParts(bytes) ?? []).map((p) => p.name);
  return {
    pivotTables: names.filter((n) => /^xl\/pivotTables\/pivotTable\d+\.xml$/.test(n)).length,
    charts: names.filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)).length,
    macros: names.includes('xl/vbaProject.bin'),
  };
}

/** WorkbookFeatures with the rest of what the copy loses. */
export interface CopyFeatures extends WorkbookFeatures {
  internalLinks?: number;
  pageBreaks?: number;
  externalLinks?: number;
  /** Data validations in a sheet's <extLst>. */
  extValidations?: number;
  /** A workbook protection, or a sheet protection with a password. */
  protection?: boolean;
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

/**
 * What else the copy loses, from the workbook part and the ends of the sheet parts (from the last
 * `sheetData>` on, where what this looks for comes after the cells; grid.readGrids gives them).
 */
export async function scanContent(bytes: Uint8Array, sheetEnds: string[]): Promise<CopyFeatures> {
  const parts = zipParts(bytes) ?? [];
  const book = parts.find((p) => p.name === 'xl/workbook.xml');
  const xml = book && (await unpack(bytes, book));
  const found = {
    internalLinks: 0,
    pageBreaks: 0,
    extValidations: 0,
    protection: !!xml && indexOfAscii(xml, '<workbookProtection') >= 0,
    externalLinks: parts.filter((p) => /^xl\/externalLinks\/externalLink\d+\.xml$/.test(p.name)).length,
  };
  for (const end of sheetEnds) {
    found.internalLinks += count(end, /<hyperlink\b(?![^>]*\br:id=)[^>]*\blocation=/g);
    found.pageBreaks += count(end, /<brk\b/g);
    found.extValidations += count(end, /<\w+:dataValidation\b/g);
    found.protection ||= /<sheetProtection\b[^>]*\bpassword=/.test(end);
  }
  return found;
}

/**
 * The copy-loss notice for the 校验结果 sheet and the CLI (Chinese), or for the web page in its
 * language; no line when nothing is lost.
 */
export function copyNotices(f: CopyFeatures | undefined, lang: 'zh-CN' | 'en-US' = 'zh-CN'): string[] {
  if (!f) return [];
  const zh = lang === 'zh-CN';
  const lost: string[] = [];
  const add = (n: number | boolean | undefined, say: (n: number) => string) => {
    if (n) lost.push(say(Number(n)));
  };
  add(f.pivotTables, (n) => (zh ? `${n} 个数据透视表` : `${n} PivotTable(s)`));
  add(f.charts, (n) => (zh ? `${n} 个图表` : `${n} chart(s)`));
  add(f.macros, () => (zh ? '宏（VBA）' : 'macros (VBA)'));
  add(f.internalLinks, (n) => (zh ? `${n} 个指向本工作簿内位置的超链接` : `${n} hyperlink(s) to places in the workbook`));
  add(f.pageBreaks, (n) => (zh ? `${n} 个手动分页符` : `${n} manual page break(s)`));
  add(f.externalLinks, (n) => (zh ? `${n} 个外部工作簿链接（引用它们的公式在副本中失去来源）` : `${n} link(s) to other workbooks (formulas using them lose their source in the copy)`));
  add(f.extValidations, (n) => (zh ? `${n} 条引用其他工作表的数据验证（下拉列表）` : `${n} data validation(s) drawing on another sheet (drop-down lists)`));
  add(f.protection, () => (zh ? '工作簿保护或工作表保护密码' : 'workbook protection or a sheet protection password'));
  if (!lost.length) return [];
  return [
    zh
      ? `注意：原工作簿含${lost.join('、')}，本标记副本由 LedgerCheck 重新写出，未能保留这些内容；原文件未被改动，请以原文件为准。`
      : `Note: the original workbook has ${lost.join(', ')}; this marked copy is rewritten by LedgerCheck and does not keep them. The original file is untouched; rely on it.`,
  ];
}

/** Notice for what only the Excel add-in writes. */
export const NO_PIVOTS_IN_COPY = '说明：数据透视表和图表只在 Excel 插件中生成；本副本中的汇总表为公式，可在 Excel 中自行插入数据透视表。';
