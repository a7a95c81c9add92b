/** What the Office.js port tells the person when something could not be written on this host. */

export type NoticeLanguage = 'zh-CN' | 'en-US';

export function noticeLanguage(displayLanguage: string | undefined): NoticeLanguage {
  return displayLanguage && /^en\b/i.test(displayLanguage) ? 'en-US' : 'zh-CN';
}

type NoticeText = (...args: (string | number)[]) => string;

const NOTICES: Record<NoticeLanguage, Record<string, NoticeText>> = {
  'zh-CN': {
    noNotes: () => '当前 Excel 不支持批注/备注（需要 ExcelApi 1.10 或 1.18），标记的单元格上没有附加说明。',
    commentsInsteadOfNotes: () => '当前 Excel 不支持备注（ExcelApi 1.18），问题说明以批注形式添加。',
    protectedSheet: (sheet) => `工作表“${sheet}”受保护，未做标记（不会取消保护）。`,
    protectedOldMarks: (sheet) => `工作表“${sheet}”受保护，上次的标记暂未清除；取消保护后再点“清除标记”。`,
    missingSheet: (sheet) => `工作表“${sheet}”已不存在，跳过其标记。`,
    legacyMovedMarks: (count) =>
      `${count} 个由旧版本标记的单元格已不是标记颜色（可能改过填充，或插入/删除行、排序后移动了位置），为免改动您的格式未还原；如有残留的标记颜色请手动清除。`,
    legacyNeedsApi: () => '旧版本留下的标记需要 ExcelApi 1.9 才能清除，暂时保留；请在较新版本的 Excel 中点“清除标记”。',
    foreignNotes: (count) => `${count} 个单元格已有您的批注或备注，未添加问题说明（原批注保持不变）。`,
    sheetNotOwned: (sheet) => `已有名为“${sheet}”的工作表且不是本工具创建的，未覆盖，相关内容未写入。`,
    noPivots: () => '当前 Excel 不支持数据透视表（需要 ExcelApi 1.8），已跳过数据透视表；汇总表仍已生成。',
    pivotNoData: (name) => `数据表没有项目行，未创建数据透视表“${name}”。`,
    pivotNoSource: (name, table) => `数据透视表“${name}”的数据源表“${table}”未写入，已跳过。`,
    tableRenamed: (from, to) => `表名“${from}”已被工作簿中的其他表使用，已改名为“${to}”。`,
    rulesUnreadable: () =>
      'Excel 未能列出此工作簿的条件格式，本次没有用颜色标记问题单元格，也没有改动任何条件格式（上次的颜色标记如有，仍在原处）；问题清单和单元格备注照常。',
    rulesUnreadableClear: () => 'Excel 未能列出此工作簿的条件格式，颜色标记暂未清除（备注已清除）；请稍后再点“清除标记”。',
  },
  'en-US': {
    noNotes: () => 'This version of Excel supports neither notes nor comments (ExcelApi 1.10 or 1.18): marked cells carry no explanation.',
    commentsInsteadOfNotes: () => 'This version of Excel has no notes (ExcelApi 1.18): explanations were added as comments.',
    protectedSheet: (sheet) => `Sheet "${sheet}" is protected: not marked (protection left on).`,
    protectedOldMarks: (sheet) => `Sheet "${sheet}" is protected: its earlier marks stay until it is unprotected and Clear marks is run.`,
    missingSheet: (sheet) => `Sheet "${sheet}" no longer exists: its marks were skipped.`,
    legacyMovedMarks: (count) =>
      `${count} cells marked by an earlier version no longer show the mark colour (their fill was changed, or rows were inserted, deleted or sorted): left as they are so your formatting is kept; clear any leftover mark colour by hand.`,
    legacyNeedsApi: () => 'Marks left by an earlier version need ExcelApi 1.9 to be cleared: kept for now; run Clear marks in a newer Excel.',
    foreignNotes: (count) => `${count} cells already carry your note or comment: no explanation added (yours left as it was).`,
    sheetNotOwned: (sheet) => `A sheet named "${sheet}" exists and was not made by LedgerCheck: not overwritten, its content was not written.`,
    noPivots: () => 'This version of Excel has no PivotTables (ExcelApi 1.8): PivotTables skipped; the summary sheets were written.',
    pivotNoData: (name) => `The data table has no project rows: PivotTable "${name}" not created.`,
    pivotNoSource: (name, table) => `PivotTable "${name}": its source table "${table}" was not written, skipped.`,
    tableRenamed: (from, to) => `Table name "${from}" is used by another table in the workbook: renamed to "${to}".`,
    rulesUnreadable: () =>
      'Excel could not list this workbook\'s conditional formats: problem cells were not coloured this time and no conditional format was changed (colours from an earlier check, if any, are still there); the issue list and the cell notes are as usual.',
    rulesUnreadableClear: () => 'Excel could not list this workbook\'s conditional formats: the colour marks are still there (the notes were removed); run Clear marks again later.',
  },
};

export type NoticeKey = keyof (typeof NOTICES)['zh-CN'];

export function notice(lang: NoticeLanguage, key: NoticeKey, ...args: (string | number)[]): string {
  return NOTICES[lang][key](...args);
}
