/** Optional ExcelApi sets, checked at run time (the manifest only requires ExcelApi 1.7). */

export interface ExcelFeatures {
  /** 1.8: PivotTables. */
  pivots: boolean;
  /** 1.9: getRowProperties (hidden rows), RangeAreas (one mark rule over many cells), getCellProperties (version-1 marks' fills). */
  cellProperties: boolean;
  /** 1.10: threaded comments. */
  comments: boolean;
  /** 1.13: merged areas of a range. */
  mergedAreas: boolean;
  /** 1.18: notes (the classic yellow cell notes). */
  notes: boolean;
}

export type SetSupport = (name: string, minVersion: string) => boolean;

export function detectFeatures(isSetSupported: SetSupport): ExcelFeatures {
  const excel = (version: string) => isSetSupported('ExcelApi', version);
  return {
    pivots: excel('1.8'),
    cellProperties: excel('1.9'),
    comments: excel('1.10'),
    mergedAreas: excel('1.13'),
    notes: excel('1.18'),
  };
}

export function officeFeatures(): ExcelFeatures {
  return detectFeatures((name, version) => Office.context.requirements.isSetSupported(name, version));
}
