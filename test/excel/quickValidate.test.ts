import { analyze, buildWritePlan } from '../../src/core';
import { quickValidate } from '../../src/commands/quickValidate';
import { commandLanguage } from '../../src/commands/strings';
import { MARK_FILL, isMarkRule } from '../../src/excel/marks';
import { portFor, smallLedger } from './helpers';


describe('快速校验 (ribbon command)', () => {
  it('reads, analyses, marks, and reports the counts the engine found', async () => {
    const book = smallLedger();
    const { port } = portFor(book);
    const engine = { analyze, buildWritePlan };
    const outcome = await quickValidate({ port, engine, options: { asOf: '2024-06-30' }, today: '2026-11-28', lang: 'zh-CN' });

    const { port: referencePort } = portFor(smallLedger());
    const report = analyze(await referencePort.read(), { asOf: '2024-06-30' }).report;
    const count = (s: string) => report.issues.filter((i) => i.severity === s).length;
    expect(count('error') + count('warning')).toBeGreaterThan(0);
    expect(outcome.message).toBe(
      `校验完成：${count('error')} 个错误，${count('warning')} 个警告，${count('info')} 个提示。问题单元格已按严重程度标色并附说明；打开“校验助手”查看列表。`,
    );
    const sheet = book.sheet('续建');
    // The later duplicate's name cell (B5) is marked: a rule shows the colour, a note says why; no fill is written.
    expect(sheet.conditionalFormats.some((cf) => isMarkRule(cf.formula))).toBe(true);
    expect(sheet.shownColor('B5')).toBe(MARK_FILL[report.issues.find((i) => i.rule === 'duplicate-project')!.severity]);
    expect(sheet.notes.get('B5')?.content).toMatch(/重复/);
    expect([...sheet.cells.values()].every((c) => c.fill.pattern === 'None')).toBe(true);
    // Read (2 + one batch), sheet names from that read, marks in one write.
    expect(book.syncs).toHaveLength(4);
    // Marks only: the results and summary sheets are the pane's job.
    expect(book.sheets.map((s) => s.name)).toEqual(['续建']);
  });

  it('a failure becomes a message, in English when Office speaks English', async () => {
    const book = smallLedger();
    const { port } = portFor(book);
    const broken = { analyze: () => { throw new Error('引擎出错'); }, buildWritePlan };
    const outcome = await quickValidate({ port, engine: broken, options: {}, today: '2026-11-28', lang: commandLanguage('en-US') });
    expect(outcome.message).toBe('The check did not finish: 引擎出错');
  });
});
