/**
 * What a rewritten copy cannot keep. ExcelJS drops PivotTables and charts and writes no macros, so
 * the marked copy must say so. The part names come from the ZIP central directory, so nothing is
 * unpacked a second time.
 */
import type { WorkbookFeatures } from '../core/grid';
import { zipParts } from './zip';

export function scanFeatures(bytes: Uint8Array): WorkbookFeatures {
  const names = (zipParts(bytes) ?? []).map((p) => p.name);
  return {
    pivotTables: names.filter((n) => /^xl\/pivotTables\/pivotTable\d+\.xml$/.test(n)).length,
    charts: names.filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)).length,
    macros: names.includes('xl/vbaProject.bin'),
  };
}

/** Lines for the 校验结果 sheet and the CLI about what the marked copy lost. */
export function copyNotices(f: WorkbookFeatures | undefined): string[] {
  const out: string[] = [];
  if (!f) return out;
  const lost: string[] = [];
  if (f.pivotTables) lost.push(`${f.pivotTables} 个数据透视表`);
  if (f.charts) lost.push(`${f.charts} 个图表`);
  if (f.macros) lost.push('宏（VBA）');
  if (lost.length) out.push(`注意：原工作簿含${lost.join('、')}，本标记副本由 LedgerCheck 重新写出，未能保留这些内容；原文件未被改动，请以原文件为准。`);
  return out;
}

/** Notice for what only the Excel add-in writes. */
export const NO_PIVOTS_IN_COPY = '说明：数据透视表和图表只在 Excel 插件中生成；本副本中的汇总表为公式，可在 Excel 中自行插入数据透视表。';
