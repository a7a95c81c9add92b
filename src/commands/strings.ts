/** Text of the ribbon command (快速校验) and its message dialog; the pane has its own table (src/taskpane/strings.ts). */

export type CommandLanguage = 'zh-CN' | 'en-US';

export interface CommandStrings {
  title: string;
  ok: string;
  summary: (errors: number, warnings: number, infos: number) => string;
  clean: string;
  noLedger: string;
  failed: (reason: string) => string;
}

export const COMMAND_STRINGS: Record<CommandLanguage, CommandStrings> = {
  'zh-CN': {
    title: '台账校验助手 · 快速校验',
    ok: '确定',
    summary: (e, w, i) => `校验完成：${e} 个错误，${w} 个警告，${i} 个提示。问题单元格已按严重程度标色并附说明；打开“校验助手”查看列表。`,
    clean: '校验完成：未发现问题。',
    noLedger: '本工作簿中没有找到台账表头（需包含“项目名称”等列）。',
    failed: (reason) => `校验未完成：${reason}`,
  },
  'en-US': {
    title: 'LedgerCheck · Quick check',
    ok: 'OK',
    summary: (e, w, i) =>
      `Check finished: ${e} errors, ${w} warnings, ${i} notes. Problem cells are coloured by severity with a note; open LedgerCheck to see the list.`,
    clean: 'Check finished: no problems found.',
    noLedger: 'No ledger header was found in this workbook (a column such as 项目名称 is needed).',
    failed: (reason) => `The check did not finish: ${reason}`,
  },
};

export function commandLanguage(displayLanguage: string | undefined): CommandLanguage {
  return displayLanguage && /^en\b/i.test(displayLanguage) ? 'en-US' : 'zh-CN';
}
