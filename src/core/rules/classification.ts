/** Classification (SPEC §4): phases and categories that are unknown, disagree, or contradict the dates. */
import { categoryOfSubcategory } from '../classify';
import { fromDayNumber, yearOfDay, type LedgerDate } from '../dates';
import { NONE, both, findingsFor, type RowRule } from './rule';

export const unknownPhase: RowRule = {
  id: 'unknown-phase',
  severity: 'error',
  scope: 'row',
  title: { zh: '项目阶段无法识别', en: 'Unknown phase' },
  messages: {
    '': {
      zh: '项目阶段“{text}”无法识别，应为 新开工 / 续建 / 竣工投产 / 前期工作 之一',
      en: 'Phase “{text}” is not known; it should be one of 新开工 / 续建 / 竣工投产 / 前期工作',
    },
  },
  check(p) {
    return p.unknownPhase ? [{ col: p.unknownPhase.col, field: 'phase', params: { text: p.unknownPhase.text } }] : NONE;
  },
};

export const phaseResolved: RowRule = {
  id: 'phase-resolved',
  severity: 'info',
  scope: 'row',
  title: { zh: '按开工时间确定阶段', en: 'Phase taken from the start date' },
  messages: {
    '': {
      zh: '“{nature}”是建设性质而非项目阶段，按开工时间（{year}年）归为“{phase}”',
      en: '“{nature}” is a kind of construction, not a phase: read as “{phase}” from the start date ({year})',
    },
  },
  check(p, sheet) {
    if (!p.natureResolved) return NONE;
    const start = (p.date('actualStart') ?? p.date('plannedStart'))!;
    return [{
      col: sheet.columns.phase!.col,
      field: 'phase',
      params: { nature: p.natureResolved.nature, phase: p.natureResolved.phase, year: fromDayNumber(start.start).y },
    }];
  },
};

export const unknownCategory: RowRule = {
  id: 'unknown-category',
  severity: 'warning',
  scope: 'row',
  title: { zh: '类别或行业无法识别', en: 'Unknown category' },
  messages: {
    '': {
      zh: '“{text}”不是已知的{kind}（类别：基础设施 / 产业 / 社会公益 / 节能环保）',
      en: '“{text}” is not a known {kind} (categories: 基础设施 / 产业 / 社会公益 / 节能环保)',
    },
  },
  check(p) {
    if (p.unknownCategory.length === 0) return NONE;
    return findingsFor(p.unknownCategory, (b) => ({
      col: b.col,
      field: b.field,
      params: { text: b.text, kind: b.field === 'category' ? both('项目类别', 'category') : both('行业', 'subcategory') },
    }));
  },
};

export const categoryMismatch: RowRule = {
  id: 'category-mismatch',
  severity: 'warning',
  scope: 'row',
  title: { zh: '类别与项目名称不符', en: 'Category does not match the name' },
  messages: {
    '': {
      zh: '项目名称显示为“{inferred}”（{inferredCategory}），但填报为“{declared}”',
      en: 'The name says “{inferred}” ({inferredCategory}), but the row declares “{declared}”',
    },
  },
  check(p, sheet, ctx) {
    const inf = p.inferred;
    // A repeated row is reported as duplicate-project; its classification is the repeat's symptom.
    if (p.duplicateOf || !inf.subcategory || inf.confidence < ctx.profile.categoryMismatchConfidence || p.declaredBy === 'none') return NONE;
    const inferredCategory = categoryOfSubcategory(inf.subcategory)!;
    const subDiffers = p.subcategory !== undefined && p.subcategory !== inf.subcategory;
    const catDiffers = p.category !== undefined && p.category !== inferredCategory;
    if (!subDiffers && !catDiffers) return NONE;
    const col = p.declaredBy === 'cell'
      ? (subDiffers && p.subcategoryCell ? sheet.columns.subcategory! : (sheet.columns.category ?? sheet.columns.subcategory)!).col
      : sheet.columns.name!.col;
    const declared = [p.category, p.subcategory].filter(Boolean).join(' / ');
    return [{
      col,
      field: subDiffers ? 'subcategory' : 'category',
      params: {
        inferred: inf.subcategory,
        inferredCategory,
        declared: p.declaredBy === 'section' ? both(`${declared}（所在分组）`, `${declared} (by its section)`) : declared,
      },
    }];
  },
};

export const phaseConflict: RowRule = {
  id: 'phase-conflict',
  severity: 'warning',
  scope: 'row',
  title: { zh: '阶段与所在分组不一致', en: 'Phase conflicts with its section' },
  messages: { '': { zh: '项目阶段填为“{cell}”，但位于“{section}”分组下', en: 'The phase cell says “{cell}”, but the row stands in the “{section}” section' } },
  check(p, sheet) {
    if (!p.cellPhase || !p.section.phase || p.cellPhase === p.section.phase) return NONE;
    return [{ col: sheet.columns.phase!.col, field: 'phase', params: { cell: p.cellPhase, section: p.section.phase } }];
  },
};

function year(d: LedgerDate, end = false): number {
  return yearOfDay(end ? d.end : d.start);
}

export const phaseDateMismatch: RowRule = {
  id: 'phase-date-mismatch',
  severity: 'warning',
  scope: 'row',
  title: { zh: '阶段与时间不符', en: 'Phase contradicts the dates' },
  messages: {
    newStart: {
      zh: '新开工项目的开工时间（{year}年）早于计划年度 {planYear} 年，应为续建项目',
      en: 'A 新开工 project starting in {year}, before the plan year {planYear}: it is 续建',
    },
    continuing: {
      zh: '续建项目的开工时间（{year}年）不早于计划年度 {planYear} 年，应为新开工项目',
      en: 'A 续建 project starting in {year}, not before the plan year {planYear}: it is 新开工',
    },
    completion: {
      zh: '竣工投产项目的计划竣工时间（{year}年）晚于计划年度 {planYear} 年',
      en: 'A 竣工投产 project planned to complete in {year}, after the plan year {planYear}',
    },
    preparatory: { zh: '前期工作项目已有实际开工时间，应调整阶段', en: 'A 前期工作 project that has actually started: change its phase' },
  },
  check(p, sheet, ctx) {
    const Y = sheet.planYear;
    const actualStart = p.date('actualStart');
    const start = actualStart ?? p.date('plannedStart');
    const startField = actualStart ? 'actualStart' : 'plannedStart';
    if (p.phase === '新开工' && start && year(start, true) < Y) {
      return [{ field: startField, variant: 'newStart', params: { year: year(start), planYear: Y } }];
    }
    if (p.phase === '续建' && start && year(start) >= Y) {
      return [{ field: startField, variant: 'continuing', params: { year: year(start), planYear: Y } }];
    }
    const plannedCompletion = p.date('plannedCompletion');
    if (p.phase === '竣工投产' && plannedCompletion && year(plannedCompletion) > Y) {
      return [{ field: 'plannedCompletion', variant: 'completion', params: { year: year(plannedCompletion), planYear: Y } }];
    }
    if (p.phase === '前期工作' && actualStart && actualStart.start <= ctx.asOf) {
      return [{ field: 'actualStart', variant: 'preparatory', params: {} }];
    }
    return NONE;
  },
};
