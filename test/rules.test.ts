import { analyze, type CellValue } from '../src/core';
import { isoDate, parseIso } from '../src/core/dates';
import { WorkCalendar } from '../src/core/calendar';
import { AS_OF, check, grid, HEADER, row, run, rulesAt, VALID_CREDIT_CODE } from './helpers';

describe('a valid project raises nothing', () => {
  test('the base row is clean', () => {
    const a = run([row()]);
    expect(a.report.issues).toEqual([]);
    expect(a.report.summary.byPhaseCategory[0]).toMatchObject({ phase: '新开工', category: '基础设施', count: 1, totalInvestment: 50000 });
  });
});

describe('structure and values', () => {
  test('missing-value: name, total, annual plan (not for 前期工作), owner, region', () => {
    expect(check({ 项目名称: null })).toContain('missing-value');
    expect(check({ '总投资（万元）': null })).toContain('missing-value');
    expect(check({ '2024年计划投资（万元）': null })).toContain('missing-value');
    expect(check({ '2024年计划投资（万元）': null, 项目阶段: '前期工作', 实际开工时间: null, 形象进度: '正在开展可研', '1-11月完成投资（万元）': null, '累计完成投资（万元）': null })).not.toContain('missing-value');
    expect(check({ 业主单位: '' })).toContain('missing-value');
    expect(check({ 所属县区: null })).toContain('missing-value');
  });

  test('a rule that finds several things on one row reports each, at its own cell', () => {
    const at = (overrides: Parameters<typeof row>[0], rule: string) =>
      run([row(overrides)]).report.issues.filter((i) => i.rule === rule).map((i) => `${i.column}${i.row}`);
    expect(at({ 业主单位: '', 所属县区: null }, 'missing-value')).toEqual(['H2', 'G2']); // owner, then region
    expect(at({ '总投资（万元）': -5, '累计完成投资（万元）': -1 }, 'negative-amount')).toEqual(['J2', 'N2']);
    expect(at({ 计划开工时间: '2024-03-01', 计划竣工时间: '2024-02-01', 受理日期: '2024-03-05', 办结日期: '2024-03-01' }, 'date-order')).toHaveLength(2);
  });

  test('not-a-number: 约3000 and 待定 are not numbers; 1,234.5 and 1234.5万元 are', () => {
    expect(check({ '总投资（万元）': '约3000' })).toEqual(['not-a-number']);
    expect(check({ '累计完成投资（万元）': '待定' })).toEqual(['not-a-number']);
    expect(check({ '总投资（万元）': '51,234.5' })).toEqual([]);
    expect(check({ '总投资（万元）': '51234.5万元' })).toEqual([]);
  });

  test('a text amount in 亿元 in a 万元 column is converted', () => {
    const a = run([row({ '总投资（万元）': '5.2亿元' })]);
    expect(a.report.issues).toEqual([]);
    expect(a.projects[0].totalInvestment).toBe(52000);
  });

  test('not-a-date: 2024年13月 fails; month and year precision read', () => {
    expect(check({ 计划开工时间: '2024年13月' })).toEqual(['not-a-date']);
    expect(check({ 计划竣工时间: '2026年6月' })).toEqual([]);
    expect(check({ 计划竣工时间: '2026' })).toEqual([]);
    expect(check({ 计划竣工时间: '2026.06' })).toEqual([]);
  });

  test('negative-amount', () => {
    expect(check({ '累计完成投资（万元）': -5 })).toContain('negative-amount');
  });

  test('amount-scale: ≥ 10,000,000 万元 fires, just below does not', () => {
    expect(check({ '总投资（万元）': 10000000 })).toContain('amount-scale');
    expect(check({ '总投资（万元）': 9999999 })).not.toContain('amount-scale');
  });

  test('amount-scale with a limit of 0 万元: every stated total fires, an empty one is only missing', () => {
    const a = run(
      [row({ '总投资（万元）': 5 }), row({ 项目名称: '另一个项目', 项目代码: '2024-450300-48-01-654321', '总投资（万元）': null })],
      { profile: { amountScaleWan: 0 } },
    );
    expect(rulesAt(a, 2)).toContain('amount-scale');
    expect(rulesAt(a, 3)).toEqual(['missing-value']);
  });

  test('duplicate-project: same name after NFKC, spaces and brackets; same code; flagged on the later row only', () => {
    const a = run([
      row({ 项目名称: '青石至白沙高速公路（一期）' }),
      row({ 项目名称: '青石至白沙 高速公路(一期)', 项目代码: '2024-450300-48-01-654321' }),
      row({ 项目名称: '完全不同的项目', 项目代码: '2024-450300-48-01-123456' }),
      // The same code in full-width digits and with a space: the key is normalised.
      row({ 项目名称: '又一个项目', 项目代码: '２０２４-450300-48-01- 123456' }),
    ]);
    expect(rulesAt(a, 2)).toEqual([]);
    expect(rulesAt(a, 3)).toEqual(['duplicate-project']);
    expect(rulesAt(a, 4)).toEqual(['duplicate-project']);
    expect(a.report.issues.filter((i) => i.rule === 'duplicate-project').map((i) => [i.row, i.related])).toEqual([
      [3, [{ sheet: '台账', row: 2 }]],
      [4, [{ sheet: '台账', row: 2 }]],
      [5, [{ sheet: '台账', row: 2 }]],
    ]);
    expect(a.report.issues.find((i) => i.row === 3)!.related).toEqual([{ sheet: '台账', row: 2 }]);
  });

  test('duplicate-project across sheets', () => {
    const wb = grid([row()]);
    wb.sheets.push({ ...grid([row({ 项目代码: null })], '续建').sheets[0] });
    const a = analyze(wb, { asOf: '2024-11-30', planYear: 2024 });
    expect(a.report.issues.map((i) => [i.rule, i.sheet, i.row])).toEqual([['duplicate-project', '续建', 2]]);
  });

  test('invalid-project-code and invalid-credit-code', () => {
    expect(check({ 项目代码: '2024-4503-48-01-123456' })).toEqual(['invalid-project-code']);
    expect(check({ 统一社会信用代码: VALID_CREDIT_CODE.slice(0, 17) + 'Q' })).toEqual(['invalid-credit-code']);
    expect(check({ 统一社会信用代码: VALID_CREDIT_CODE.slice(0, 17) })).toEqual(['invalid-credit-code']);
    expect(check({ 统一社会信用代码: VALID_CREDIT_CODE.toLowerCase() })).toEqual([]);
  });

  test('missing-column and unit-assumed', () => {
    const header = ['项目名称', '所属县区', '总投资', '项目阶段'];
    const a = analyze(grid([['南山至北岭高速公路', '七星区', 50000, '前期工作']], '表', header), { asOf: '2024-11-30' });
    expect(a.report.issues.map((i) => [i.rule, i.severity])).toEqual([
      ['missing-column', 'warning'],
      ['unit-assumed', 'info'],
    ]);
    const b = analyze(grid([['南山至北岭高速公路', '七星区']], '表', ['项目名称', '所属县区', '项目阶段']), { asOf: '2024-11-30' });
    expect(b.report.issues.filter((i) => i.rule === 'missing-column').map((i) => i.severity)).toEqual(['error', 'warning']);
  });

  test('no-ledger when no sheet has a header', () => {
    const a = analyze({ sheets: [{ name: '说明', values: [['请按阶段分表填报']], merges: [] }] }, { asOf: '2024-11-30' });
    expect(a.report.issues.map((i) => i.rule)).toEqual(['no-ledger']);
    expect(a.report.files[0].sheets).toEqual([{ sheet: '说明', skipped: '未找到台账表头' }]);
  });
});

describe('classification', () => {
  test('unknown-phase; 扩建 resolved from the start date and said (info)', () => {
    expect(check({ 项目阶段: '待定' })).toEqual(['unknown-phase']);
    const a = run([row({ 项目阶段: '扩建' })]);
    expect(a.report.issues.map((i) => [i.rule, i.severity])).toEqual([['phase-resolved', 'info']]);
    expect(a.projects[0].phase).toBe('新开工');
    const b = run([row({ 项目阶段: '改建', 计划开工时间: '2022-03-01', 实际开工时间: '2022-03-05' })]);
    expect(b.projects[0].phase).toBe('续建');
  });

  test('unknown-category', () => {
    expect(check({ 行业: '金融' })).toEqual(['unknown-category']);
    expect(check({ 项目类别: '其他' })).toEqual(['unknown-category']);
  });

  test('category-mismatch: a confident name against the declared subcategory or category; silent when ambiguous', () => {
    expect(check({ 项目名称: '河口污水处理厂提标改造' })).toEqual(['category-mismatch']);
    expect(check({ 项目名称: '第十八中学新校区', 项目类别: '产业', 行业: '工业' })).toEqual(['category-mismatch']);
    expect(check({ 项目名称: '河口大道延长线', 行业: '城市基础设施' })).toEqual([]);
    expect(check({ 项目名称: '河口大道延长线' })).toEqual([]);
    expect(check({ 项目名称: '城市综合提升工程' })).toEqual([]);
  });

  test('category-mismatch points at the cell that declared the differing subcategory', () => {
    const columns = (overrides: Parameters<typeof row>[0]) =>
      run([row(overrides)]).report.issues.filter((i) => i.rule === 'category-mismatch').map((i) => i.column);
    expect(columns({ 项目名称: '河口污水处理厂提标改造' })).toEqual(['F']); // 行业 says 交通
    expect(columns({ 项目名称: '河口污水处理厂提标改造', 项目类别: '交通', 行业: null })).toEqual(['E']); // 项目类别 holds it
    expect(columns({ 项目名称: '河口污水处理厂提标改造', 项目类别: '交通', 行业: '—' })).toEqual(['E']); // a dash is an empty cell
  });

  test('phase-conflict: the phase cell disagrees with its section', () => {
    const a = run([[null, '一、新开工项目', null, null, null, null, null, null, null, null], row({ 项目阶段: '续建', 计划开工时间: '2022-01-01', 实际开工时间: '2022-01-05' })]);
    expect(rulesAt(a, 3)).toEqual(['phase-conflict']);
  });

  test('phase-date-mismatch for each phase', () => {
    expect(check({ 计划开工时间: '2023-12-01', 实际开工时间: '2023-12-05' })).toEqual(['phase-date-mismatch']);
    expect(check({ 项目阶段: '续建', '截至上年底累计完成投资（万元）': 1000 })).toEqual(['phase-date-mismatch']);
    expect(check({ 项目阶段: '竣工投产', 计划竣工时间: '2025-03-01' })).toEqual(['phase-date-mismatch']);
    expect(check({ 项目阶段: '竣工投产', 计划竣工时间: '2024-12-20' })).toEqual([]);
  });
});

describe('thresholds, at the boundary', () => {
  test('below-threshold: exactly 3000 万元 passes, 2999.9 fails; 社会公益 uses 1000', () => {
    const small = { '2024年计划投资（万元）': 1000, '1-11月完成投资（万元）': 900, '累计完成投资（万元）': 900 };
    expect(check({ ...small, '总投资（万元）': 3000 })).toEqual([]);
    expect(check({ ...small, '总投资（万元）': 2999.9 })).toEqual(['below-threshold']);
    const school = { ...small, 项目名称: '南山第三中学', 项目类别: '社会公益', 行业: '教育' };
    expect(check({ ...school, '总投资（万元）': 2000 })).toEqual([]);
    expect(check({ ...school, '总投资（万元）': 999, '2024年计划投资（万元）': 500, '1-11月完成投资（万元）': 450, '累计完成投资（万元）': 450 })).toEqual(['below-threshold']);
  });

  test('below-threshold in a USD sheet: 500 万美元 passes, 499.9 fails, a 万元 text amount in it uses 3000 万元', () => {
    const usd = (total: CellValue) => {
      const g = grid([[1, '南山外资物流园', '七星区', total]], '表', ['序号', '项目名称', '所属县区', '总投资（万美元）']);
      return analyze(g, { asOf: '2024-11-30', planYear: 2024 }).report.issues.filter((i) => i.rule === 'below-threshold').map((i) => i.message);
    };
    expect(usd(500)).toEqual([]);
    expect(usd(499.9)).toEqual(['总投资 499.9万美元 低于入库标准 500万美元']);
    expect(usd('3000万元')).toEqual([]);
    expect(usd('2999万元')).toHaveLength(1);
  });

  test('annual-exceeds-remaining compares at the written precision', () => {
    const yi = (total: number, before: number, annual: number) => {
      const g = grid([[1, '南山至北岭高速公路', '七星区', total, before, annual]], '表', ['序号', '项目名称', '所属县区', '总投资（亿元）', '截至上年底累计完成投资（亿元）', '年度计划投资（亿元）']);
      g.sheets[0].formats = [[], [undefined, undefined, undefined, '0.00', '0.00', '0.00']];
      g.sheets[0].values[0].push('项目阶段');
      g.sheets[0].values[1].push('续建');
      return analyze(g, { asOf: '2024-11-30', planYear: 2024 }).report.issues.map((i) => i.rule);
    };
    expect(yi(17.75, 10.25, 7.5)).toEqual([]);
    expect(yi(17.75, 10.25, 7.51)).toEqual([]); // within the 0.015 亿元 the three rounded figures carry
    expect(yi(17.75, 10.25, 7.53)).toEqual(['annual-exceeds-remaining']);
    // Whole numbers in General format carry ±0.5 each: 50001 vs 50000 is within that, 50002 is not.
    expect(check({ '2024年计划投资（万元）': 50001, '1-11月完成投资（万元）': 50000, '累计完成投资（万元）': 50000 })).toEqual([]);
    expect(check({ '2024年计划投资（万元）': 50002, '1-11月完成投资（万元）': 50000, '累计完成投资（万元）': 50000 })).toEqual(['annual-exceeds-remaining']);
  });

  test('cumulative-exceeds-total', () => {
    expect(check({ '累计完成投资（万元）': 50000 })).toEqual([]);
    expect(check({ '累计完成投资（万元）': 50001 })).toEqual([]);
    expect(check({ '累计完成投资（万元）': 50002 })).toEqual(['cumulative-exceeds-total']);
  });

  test('behind-schedule: at 2024-11-30 the bar is 11/12 × 0.8 = 73.3%', () => {
    expect(check({ '1-11月完成投资（万元）': 14800 })).toEqual([]); // 74%
    expect(check({ '1-11月完成投资（万元）': 14600 })).toEqual(['behind-schedule']); // 73%
    expect(check({ '1-11月完成投资（万元）': null })).toEqual([]);
  });

  test('start-rate-low and completion-rate-low per region and overall', () => {
    const late = { 实际开工时间: null, 形象进度: '正在办理施工许可' };
    const a = run([
      row({ 所属县区: '甲县', 项目名称: '甲县一号公路' }),
      row({ 所属县区: '甲县', 项目名称: '甲县二号公路', ...late }),
      row({ 所属县区: '乙县', 项目名称: '乙县一号公路' }),
    ]);
    const rates = a.report.issues.filter((i) => i.rule === 'start-rate-low').map((i) => i.region ?? 'overall');
    expect(rates).toEqual(['overall', '甲县']);
    expect(a.report.summary.rates.byRegion['乙县'].startRate).toBe(1);
    expect(a.report.summary.rates.byRegion['甲县'].startRate).toBe(0.5);
    expect(a.report.summary.rates.overall.completionRate).toBeNull();
  });

  test('region-share-low only where the profile gives the fixed-asset investment', () => {
    expect(run([row()]).report.issues).toEqual([]);
    const a = run([row()], { profile: { regionFixedAssetInvestment: { 七星区: 100000 } } });
    expect(a.report.issues.map((i) => [i.rule, i.region])).toEqual([['region-share-low', '七星区']]);
    expect(run([row()], { profile: { regionFixedAssetInvestment: { 七星区: 50000 } } }).report.issues).toEqual([]);
  });
});

describe('deadlines on the official calendar', () => {
  test('approval-overdue: 10 working days pass, 11 fail — across National Day 2024 with its 调休 Sunday', () => {
    // Accepted Fri 27 Sep; Sun 29 Sep and Sat 12 Oct are make-up working days, 1–7 Oct are holidays.
    expect(check({ 受理日期: '2024-09-27', 办结日期: '2024-10-16' })).toEqual([]);
    expect(check({ 受理日期: '2024-09-27', 办结日期: '2024-10-17' })).toEqual(['approval-overdue']);
  });

  test('approval-overdue while not approved counts up to the check date', () => {
    // From Fri 15 Nov to Sat 30 Nov: 10 working days; from Thu 14 Nov: 11.
    expect(check({ 受理日期: '2024-11-15', 办结日期: null })).toEqual([]);
    expect(check({ 受理日期: '2024-11-14', 办结日期: null })).toEqual(['approval-overdue']);
  });

  test('notice-overdue: 2 working days pass, 3 fail', () => {
    expect(check({ 受理日期: '2024-09-27', 补正通知日期: '2024-09-30', 办结日期: '2024-10-08' })).toEqual([]);
    expect(check({ 受理日期: '2024-09-27', 补正通知日期: '2024-10-08', 办结日期: '2024-10-09' })).toEqual(['notice-overdue']);
  });

  test('late-application: 15 Oct of Y−1 is on time, the 16th is late, October (month precision) counts to its end', () => {
    expect(check({ 申报日期: '2023-10-15' })).toEqual([]);
    expect(check({ 申报日期: '2023-10-16' })).toEqual(['late-application']);
    expect(check({ 申报日期: '2023年10月' })).toEqual(['late-application']);
    expect(check({ 申报日期: '2023年9月' })).toEqual([]);
  });

  test('stale-report: 31 days pass, 32 fail', () => {
    expect(check({ 填报日期: '2024-10-30' })).toEqual([]);
    expect(check({ 填报日期: '2024-10-29' })).toEqual(['stale-report']);
  });

  test('quiet-period-inspection: day 20 fails, day 21 passes; a month-precision date has no day', () => {
    expect(check({ 检查日期: '2024-11-20' })).toEqual(['quiet-period-inspection']);
    expect(check({ 检查日期: '2024-11-21' })).toEqual([]);
    expect(check({ 检查日期: '2024年11月' })).toEqual([]);
  });

  test('start-overdue: a month-precision plan counts to the end of its month', () => {
    const notStarted = { 实际开工时间: null, 形象进度: '正在办理用地手续' };
    expect(check({ ...notStarted, 计划开工时间: '2024年10月' })).toEqual(['start-overdue']);
    expect(check({ ...notStarted, 计划开工时间: '2024年11月' })).toEqual([]);
    expect(check({ 实际开工时间: null, 计划开工时间: '2024年10月' })).toEqual([]); // progress says 已开工建设
  });

  test('completion-overdue for 竣工投产 and 续建', () => {
    const due = { 项目阶段: '竣工投产', 计划竣工时间: '2024-09-30', 形象进度: '主体完工，正在装修' };
    expect(check(due)).toEqual(['completion-overdue']);
    expect(check({ ...due, 实际竣工时间: '2024-09-28' })).toEqual([]);
    expect(check({ ...due, 形象进度: '已竣工投产' })).toEqual([]);
  });

  test('date-order: start after completion, approval before acceptance, period reversed', () => {
    expect(check({ 计划开工时间: '2024-03-01', 计划竣工时间: '2024-02-01' })).toEqual(['date-order']);
    expect(check({ 受理日期: '2024-03-05', 办结日期: '2024-03-01' })).toEqual(['date-order']);
  });

  test('a count reports exactly the years it passes that the data does not cover, with or without a gap in the data', () => {
    const day = (iso: string) => parseIso(iso)!;
    // Data for 2023 and 2024 (one holiday each), and data with 2023 missing between 2022 and 2024.
    const contiguous = new WorkCalendar({ holidays: { '2023-01-02': 'x', '2024-01-01': 'x' }, workdays: {} });
    const gap = new WorkCalendar({ holidays: { '2022-01-03': 'x', '2024-01-01': 'x' }, workdays: {} });
    const uncovered = (calendar: WorkCalendar, from: string, to: string) => {
      calendar.uncoveredYearsUsed.clear();
      calendar.workdaysAfter(day(from), day(to));
      return [...calendar.uncoveredYearsUsed].sort();
    };
    expect(uncovered(contiguous, '2023-01-01', '2024-12-31')).toEqual([]);
    expect(uncovered(contiguous, '2022-12-31', '2023-02-01')).toEqual([]); // the first day counted is 1 Jan 2023
    expect(uncovered(contiguous, '2022-12-30', '2023-02-01')).toEqual([2022]);
    expect(uncovered(contiguous, '2024-12-01', '2025-01-01')).toEqual([2025]);
    expect(uncovered(gap, '2022-06-01', '2022-07-01')).toEqual([]);
    expect(uncovered(gap, '2022-06-01', '2024-07-01')).toEqual([2023]);
    expect(uncovered(gap, '2023-03-01', '2023-04-01')).toEqual([2023]);
  });

  test('date-order: a reversed construction period is quoted as written; rows that wrote the same period share its reading', () => {
    const header = [...HEADER, '建设起止年限'];
    const a = analyze(grid([[...row(), ' 2026-2024'], [...row({ 序号: 2, 项目名称: '北岭至南山公路' }), ' 2026-2024'], [...row({ 序号: 3, 项目名称: '七星大桥' }), '2024-2026']], '台账', header), {
      asOf: AS_OF,
      planYear: 2024,
    });
    const periods = a.report.issues.filter((i) => i.rule === 'date-order').map((i) => [i.row, i.column, i.message]);
    expect(periods).toEqual([
      [2, 'Z', '建设起止年限“2026-2024”的起始晚于结束'],
      [3, 'Z', '建设起止年限“2026-2024”的起始晚于结束'],
    ]);
    const [first, second, third] = a.sheets[0].projects;
    expect(first.period).toBe(second.period);
    expect(third.period?.text).toBe('2024-2026');
  });

  test('years the calendar does not cover fall back to Monday–Friday, said once', () => {
    const a = run([row({ 受理日期: '2027-03-01', 办结日期: '2027-03-05', 填报日期: '2027-11-20', 计划开工时间: '2027-03-01', 实际开工时间: '2027-03-05', 申报日期: '2026-09-01', 检查日期: '2027-11-25', 计划竣工时间: '2028-06-30' })], { asOf: '2027-11-30', planYear: 2027 });
    expect(a.report.notes).toHaveLength(1);
    expect(a.report.notes[0]).toContain('2027');
  });
});

describe('dates written as numbers', () => {
  test('read by each cell\'s own format, whole or not, on every sheet of the check', () => {
    const values = (...starts: CellValue[]): CellValue[][] => [
      ['项目名称', '总投资（万元）', '计划开工时间'],
      ...starts.map((d, i): CellValue[] => [`七星区${i + 1}号公路`, 50000, d]),
    ];
    const formats = (...fmts: (string | undefined)[]) => [[], ...fmts.map((f) => [undefined, undefined, f])];
    const DAY = 'yyyy-mm-dd';
    const a = analyze(
      {
        sheets: [
          { name: '甲', values: values(45352, 45352.75, -5, 2024, 2024.03), formats: formats(DAY, DAY, DAY, DAY, undefined), merges: [] },
          { name: '乙', values: values(2024, 45352, 2024.03), formats: formats(undefined, undefined, '0.00'), merges: [] },
        ],
      },
      { asOf: AS_OF, planYear: 2024 },
    );
    const read = a.sheets.map((s) => s.projects.map((p) => {
      const d = p.date('plannedStart');
      return d && `${d.precision} ${isoDate(d.start)} ${isoDate(d.end)}`;
    }));
    expect(read).toEqual([
      ['day 2024-03-01 2024-03-01', 'day 2024-03-01 2024-03-01', undefined, 'day 1905-07-16 1905-07-16', 'month 2024-03-01 2024-03-31'],
      ['year 2024-01-01 2024-12-31', 'day 2024-03-01 2024-03-01', 'month 2024-03-01 2024-03-31'],
    ]);
    expect(a.report.issues.filter((i) => i.rule === 'not-a-date').map((i) => [i.sheet, i.row])).toEqual([['甲', 4]]);
  });
});
