/**
 * The write plan: what LedgerCheck writes into a workbook, decided once here so the Office.js and
 * ExcelJS ports write the same thing. Marks on flagged cells, the 校验结果 sheet, and with summaries
 * the data table, the 阶段×类别 and 县区 sheets (live formulas with their current results), PivotTables
 * and a chart.
 */
import { columnIndex, columnLetter, sheetRef } from './grid';
import type { Analysis } from './index';
import type { ChartSpec, Mark, OutCell, OutSheet, PivotSpec, WritePlan } from './port';
import { RULE_BY_ID } from './rules';
import { UNCLASSIFIED, type ProjectRecord } from './summary';
import taxonomy from './data/taxonomy.json';
import { CATEGORIES, PHASES, type Issue, type Severity } from './types';

export const OUTPUT_SHEETS = {
  results: '校验结果',
  data: '项目数据',
  phaseCategory: '阶段×类别',
  region: '县区汇总',
} as const;

export const TABLE_NAMES = { results: 'LC_Results', data: 'LC_Projects' } as const;

export interface PlanOptions {
  /** Sheet names the workbook has now. */
  existing: string[];
  /** Of those, the ones LedgerCheck wrote before (safe to replace). */
  owned: string[];
  /** Also write the data table and the summary sheets (生成汇总). */
  summaries: boolean;
  /** Lines to show above the results table (e.g. what the marked copy could not keep). */
  notices?: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** A free name for each output sheet: the base name, or base (2), (3)… when the person has a sheet of that name. */
export function chooseOutputNames(existing: string[], owned: string[]): Record<keyof typeof OUTPUT_SHEETS, string> {
  const taken = new Set(existing.filter((n) => !owned.includes(n)));
  const used = new Set<string>();
  const pick = (base: string) => {
    let name = base;
    for (let i = 2; taken.has(name) || used.has(name); i++) name = `${base}(${i})`;
    used.add(name);
    return name;
  };
  return {
    results: pick(OUTPUT_SHEETS.results),
    data: pick(OUTPUT_SHEETS.data),
    phaseCategory: pick(OUTPUT_SHEETS.phaseCategory),
    region: pick(OUTPUT_SHEETS.region),
  };
}

function issueCell(issue: Issue, analysis: Analysis): { col: number; address: string } | undefined {
  if (!issue.sheet || issue.row === undefined) return undefined;
  const sheet = analysis.sheets.find((s) => s.name === issue.sheet);
  const col = issue.column ? columnIndex(issue.column) : sheet?.columns.name?.col ?? 0;
  return { col, address: `${columnLetter(col)}${issue.row}` };
}

export function buildMarks(analysis: Analysis): Mark[] {
  const byCell = new Map<string, Mark>();
  for (const issue of analysis.report.issues) {
    const cell = issueCell(issue, analysis);
    if (!cell) continue;
    const key = `${issue.sheet}\u0000${cell.address}`;
    const title = RULE_BY_ID.get(issue.rule)?.title.zh ?? issue.rule;
    const line = `【${SEVERITY_ZH[issue.severity]}·${title}】${issue.message}`;
    const mark = byCell.get(key);
    if (!mark) {
      byCell.set(key, { sheet: issue.sheet!, row: issue.row!, col: cell.col, severity: issue.severity, note: line });
    } else {
      if (SEVERITY_RANK[issue.severity] > SEVERITY_RANK[mark.severity]) mark.severity = issue.severity;
      mark.note += `\n${line}`;
    }
  }
  return [...byCell.values()];
}

const text = (value: string, bold = false): OutCell => (bold ? { value, bold } : { value });
const num = (value: number, numFmt = '#,##0.00'): OutCell => ({ value, numFmt });

function resultsSheet(analysis: Analysis, name: string, notices: string[]): OutSheet {
  const rows: OutCell[][] = notices.map((n) => [text(n, true)]);
  const header = ['严重程度', '规则', '规则名称', '工作表', '单元格', '县区', '说明'];
  rows.push(header.map((h) => text(h, true)));
  for (const issue of analysis.report.issues) {
    const cell = issueCell(issue, analysis);
    rows.push([
      text(SEVERITY_ZH[issue.severity]),
      text(issue.rule),
      text(RULE_BY_ID.get(issue.rule)?.title.zh ?? issue.rule),
      text(issue.sheet ?? ''),
      cell ? { value: cell.address, link: `${sheetRef(issue.sheet!)}!${cell.address}` } : text(''),
      text(issue.region ?? ''),
      text(issue.message),
    ]);
  }
  if (analysis.report.issues.length === 0) rows.push([text('提示'), text(''), text(''), text(''), text(''), text(''), text('未发现问题')]);
  return {
    role: 'results',
    name,
    rows,
    table: { name: TABLE_NAMES.results, headerRow: notices.length, columns: header.length },
    columnWidths: [10, 24, 18, 18, 10, 12, 80],
    freezeRows: notices.length + 1,
  };
}

const DATA_COLUMNS: [string, (p: ProjectRecord) => OutCell][] = [
  ['工作表', (p) => text(p.sheet)],
  ['行号', (p) => num(p.row, '0')],
  ['项目名称', (p) => text(p.name)],
  ['项目阶段', (p) => text(p.phase ?? '')],
  ['项目类别', (p) => text(p.category ?? UNCLASSIFIED)],
  ['行业', (p) => text(p.subcategory ?? '')],
  ['县区', (p) => text(p.region ?? '')],
  ['总投资(万元)', (p) => num(p.totalInvestment)],
  ['截至上年底累计完成(万元)', (p) => num(p.completedBeforeYear)],
  ['年度计划投资(万元)', (p) => num(p.annualPlan)],
  ['本年完成投资(万元)', (p) => num(p.completedThisYear)],
  ['累计完成投资(万元)', (p) => num(p.cumulativeCompleted)],
  ['应开工', (p) => num(p.dueToStart ? 1 : 0, '0')],
  ['已开工', (p) => num(p.dueToStart && p.started ? 1 : 0, '0')],
  ['应竣工', (p) => num(p.dueToComplete ? 1 : 0, '0')],
  ['已竣工', (p) => num(p.dueToComplete && p.completed ? 1 : 0, '0')],
  ['错误数', (p) => num(p.errors, '0')],
  ['警告数', (p) => num(p.warnings, '0')],
];
const DATA_COL = Object.fromEntries(DATA_COLUMNS.map(([h], i) => [h, columnLetter(i)]));

function dataSheet(projects: ProjectRecord[], name: string): OutSheet {
  const rows: OutCell[][] = [DATA_COLUMNS.map(([h]) => text(h, true))];
  for (const p of projects) rows.push(DATA_COLUMNS.map(([, f]) => f(p)));
  return {
    role: 'data',
    name,
    rows,
    table: { name: TABLE_NAMES.data, headerRow: 0, columns: DATA_COLUMNS.length },
    columnWidths: DATA_COLUMNS.map(([h]) => (h === '项目名称' ? 36 : Math.max(8, h.length * 2))),
    freezeRows: 1,
  };
}

/**
 * An exact-match criterion for COUNTIFS/SUMIFS: "=" first, so text starting with = < > is not read
 * as a comparison, and the wildcards * ? ~ escaped with ~; quotes doubled for the formula string.
 */
const q = (s: string) => `"=${s.replace(/[~*?]/g, '~$&').replace(/"/g, '""')}"`;

interface Criteria {
  [column: string]: string;
}

function matches(p: ProjectRecord, c: Criteria): boolean {
  for (const [col, v] of Object.entries(c)) {
    const actual = col === '项目阶段' ? p.phase ?? '' : col === '项目类别' ? p.category ?? UNCLASSIFIED : col === '行业' ? p.subcategory ?? '' : col === '县区' ? p.region ?? '' : '';
    if (actual !== v) return false;
  }
  return true;
}

/** COUNTIFS/SUMIFS over the data sheet's whole columns, with the value it computes now. */
function aggregate(data: string, projects: ProjectRecord[], c: Criteria, sumColumn?: string, numFmt = '#,##0.00'): OutCell {
  const ref = (h: string) => `${sheetRef(data)}!$${DATA_COL[h]}:$${DATA_COL[h]}`;
  const crit = Object.entries(c).map(([col, v]) => `${ref(col)},${q(v)}`).join(',');
  const hit = projects.filter((p) => matches(p, c));
  if (!sumColumn) return { formula: `COUNTIFS(${crit})`, value: hit.length, numFmt: '0' };
  const field = DATA_COLUMNS.find(([h]) => h === sumColumn)![1];
  const value = Math.round(hit.reduce((t, p) => t + (field(p).value as number), 0) * 1e6) / 1e6;
  return { formula: crit ? `SUMIFS(${ref(sumColumn)},${crit})` : `SUM(${ref(sumColumn)})`, value, numFmt };
}

function ratio(numCell: string, denCell: string, num: number, den: number): OutCell {
  return { formula: `IF(${denCell}=0,"",${numCell}/${denCell})`, value: den === 0 ? '' : num / den, numFmt: '0.0%' };
}

function phaseCategorySheet(projects: ProjectRecord[], name: string, data: string): { sheet: OutSheet; chart: ChartSpec } {
  const header = ['项目阶段', '项目类别', '行业', '项目数', '总投资(万元)', '年度计划投资(万元)', '本年完成投资(万元)', '完成率'];
  const rows: OutCell[][] = [[text('重大项目阶段×类别汇总（金额单位：万元）', true)], header.map((h) => text(h, true))];
  const line = (label: [string, string, string], c: Criteria, bold = false) => {
    const r = rows.length + 1;
    const cells = [
      aggregate(data, projects, c),
      aggregate(data, projects, c, '总投资(万元)'),
      aggregate(data, projects, c, '年度计划投资(万元)'),
      aggregate(data, projects, c, '本年完成投资(万元)'),
    ];
    rows.push([
      text(label[0], bold), text(label[1], bold), text(label[2], bold), ...cells,
      ratio(`G${r}`, `F${r}`, cells[3].value as number, cells[2].value as number),
    ]);
  };
  const subs = Object.entries(taxonomy.subcategories);
  for (const phase of PHASES) {
    if (!projects.some((p) => p.phase === phase)) continue;
    line([phase, '小计', ''], { 项目阶段: phase }, true);
    for (const category of [...CATEGORIES, UNCLASSIFIED]) {
      if (!projects.some((p) => p.phase === phase && (p.category ?? UNCLASSIFIED) === category)) continue;
      line([phase, category, ''], { 项目阶段: phase, 项目类别: category });
      for (const [sub, def] of subs) {
        if (def.category !== category || !projects.some((p) => p.phase === phase && p.subcategory === sub && p.category === category)) continue;
        line([phase, category, sub], { 项目阶段: phase, 项目类别: category, 行业: sub });
      }
    }
  }
  const totalRow = rows.length + 1;
  const totals = [
    { formula: `COUNTA(${sheetRef(data)}!$C:$C)-1`, value: projects.length, numFmt: '0' },
    aggregate(data, projects, {}, '总投资(万元)'),
    aggregate(data, projects, {}, '年度计划投资(万元)'),
    aggregate(data, projects, {}, '本年完成投资(万元)'),
  ];
  rows.push([text('合计', true), text(''), text(''), ...totals, ratio(`G${totalRow}`, `F${totalRow}`, totals[3].value as number, totals[2].value as number)]);

  // A small table for the chart: annual plan by category, all phases.
  rows.push([]);
  const chartTop = rows.length + 1;
  rows.push([text('按类别年度计划投资（万元）', true)]);
  for (const category of CATEGORIES) rows.push([text(category), aggregate(data, projects, { 项目类别: category }, '年度计划投资(万元)')]);
  const chartFirst = chartTop + 1;
  const chartLast = chartTop + CATEGORIES.length;
  return {
    sheet: { role: 'phaseCategory', name, rows, columnWidths: [12, 12, 14, 8, 16, 18, 18, 10], freezeRows: 2 },
    chart: {
      sheet: name,
      title: '年度计划投资（按类别）',
      categories: `A${chartFirst}:A${chartLast}`,
      values: `B${chartFirst}:B${chartLast}`,
      seriesName: '年度计划投资(万元)',
      anchor: `J${chartTop}`,
    },
  };
}

function regionSheet(projects: ProjectRecord[], name: string, data: string): OutSheet {
  const regions = [...new Set(projects.map((p) => p.region).filter((r): r is string => !!r))];
  const header = ['县区', '项目阶段', '项目数', '总投资(万元)', '年度计划投资(万元)', '本年完成投资(万元)', '开工率', '竣工投产率'];
  const rows: OutCell[][] = [[text('县区重大项目汇总（金额单位：万元）', true)], header.map((h) => text(h, true))];
  for (const region of regions) {
    for (const phase of PHASES) {
      if (!projects.some((p) => p.region === region && p.phase === phase)) continue;
      const c = { 县区: region, 项目阶段: phase };
      rows.push([
        text(region), text(phase),
        aggregate(data, projects, c), aggregate(data, projects, c, '总投资(万元)'),
        aggregate(data, projects, c, '年度计划投资(万元)'), aggregate(data, projects, c, '本年完成投资(万元)'),
      ]);
    }
    const mine = projects.filter((p) => p.region === region);
    const due = (k: 'dueToStart' | 'dueToComplete') => mine.filter((p) => p[k]).length;
    const done = (k: 'dueToStart' | 'dueToComplete', s: 'started' | 'completed') => mine.filter((p) => p[k] && p[s]).length;
    const sumCol = (h: string) => ({ formula: `SUMIFS(${sheetRef(data)}!$${DATA_COL[h]}:$${DATA_COL[h]},${sheetRef(data)}!$${DATA_COL['县区']}:$${DATA_COL['县区']},${q(region)})` });
    rows.push([
      text(region, true), text('合计', true),
      aggregate(data, projects, { 县区: region }), aggregate(data, projects, { 县区: region }, '总投资(万元)'),
      aggregate(data, projects, { 县区: region }, '年度计划投资(万元)'), aggregate(data, projects, { 县区: region }, '本年完成投资(万元)'),
      { formula: `IFERROR(${sumCol('已开工').formula}/${sumCol('应开工').formula},"")`, value: due('dueToStart') ? done('dueToStart', 'started') / due('dueToStart') : '', numFmt: '0.0%' },
      { formula: `IFERROR(${sumCol('已竣工').formula}/${sumCol('应竣工').formula},"")`, value: due('dueToComplete') ? done('dueToComplete', 'completed') / due('dueToComplete') : '', numFmt: '0.0%' },
    ]);
  }
  return { role: 'region', name, rows, columnWidths: [14, 10, 8, 16, 18, 18, 10, 12], freezeRows: 2 };
}

export function buildWritePlan(analysis: Analysis, opts: PlanOptions): WritePlan {
  const names = chooseOutputNames(opts.existing, opts.owned);
  const plan: WritePlan = {
    marks: buildMarks(analysis),
    sheets: [resultsSheet(analysis, names.results, opts.notices ?? [])],
    pivots: [],
    charts: [],
  };
  if (!opts.summaries) return plan;
  const projects = analysis.projects;
  plan.sheets.push(dataSheet(projects, names.data));
  const pc = phaseCategorySheet(projects, names.phaseCategory, names.data);
  plan.sheets.push(pc.sheet, regionSheet(projects, names.region, names.data));
  plan.charts.push(pc.chart);
  if (projects.length > 0) {
    const pivots: PivotSpec[] = [
      {
        name: 'LC_Pivot_PhaseCategory',
        sheet: names.phaseCategory,
        anchor: `J2`,
        sourceTable: TABLE_NAMES.data,
        rows: ['项目阶段', '项目类别'],
        columns: [],
        values: [
          { field: '项目名称', summarizeBy: 'Count', caption: '项目数' },
          { field: '总投资(万元)', summarizeBy: 'Sum', caption: '总投资(万元)' },
          { field: '年度计划投资(万元)', summarizeBy: 'Sum', caption: '年度计划投资(万元)' },
        ],
      },
      {
        name: 'LC_Pivot_Region',
        sheet: names.region,
        anchor: 'J2',
        sourceTable: TABLE_NAMES.data,
        rows: ['县区'],
        columns: ['项目阶段'],
        values: [{ field: '年度计划投资(万元)', summarizeBy: 'Sum', caption: '年度计划投资(万元)' }],
      },
    ];
    plan.pivots.push(...pivots);
  }
  return plan;
}
