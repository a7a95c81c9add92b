/**
 * Finding a ledger's header: the row (or 2–3 row block with merged parents) within the first 30
 * rows whose cells match the most known field names, plus the unit and plan year stated above it.
 */
import fieldData from './data/fields.json';
import type { SheetGrid } from './grid';
import { cellText, normLabel } from './text';
import { unitIn, type Unit } from './numbers';
import type { FieldKey } from './types';

export const AMOUNT_FIELDS = [
  'totalInvestment', 'completedBeforeYear', 'annualPlan', 'completedThisYear', 'cumulativeCompleted',
] as const satisfies readonly FieldKey[];
export type AmountField = (typeof AMOUNT_FIELDS)[number];

export const DATE_FIELDS = [
  'plannedStart', 'actualStart', 'plannedCompletion', 'actualCompletion', 'applicationDate',
  'acceptedDate', 'noticeDate', 'approvedDate', 'reportDate', 'inspectionDate',
] as const satisfies readonly FieldKey[];
export type DateField = (typeof DATE_FIELDS)[number];

const HEADER_SCAN_ROWS = 30;
const MIN_FIELDS = 3;

interface FieldDef {
  names?: string[];
  patterns?: string[];
}

const exactNames = new Map<string, FieldKey>();
const patterns: [RegExp, FieldKey][] = [];
for (const [key, def] of Object.entries(fieldData.fields as Record<string, FieldDef>)) {
  for (const n of def.names ?? []) exactNames.set(normLabel(n), key as FieldKey);
  for (const p of def.patterns ?? []) patterns.push([new RegExp(p), key as FieldKey]);
}

/** The field a header label names, or undefined. */
export function matchField(label: string): FieldKey | undefined {
  const full = normLabel(label).replace(/[:：*＊]+$/, '');
  if (!full) return undefined;
  // 县(市、区) is a name in itself; 总投资(万元) is a name plus its unit.
  const noBrackets = full.replace(/[(（][^)）]*[)）]/g, '');
  for (const t of new Set([full, noBrackets])) {
    for (const candidate of [t, t.replace(/^(19|20)\d{2}年度?/, '')]) {
      const exact = exactNames.get(candidate);
      if (exact) return exact;
      for (const [re, key] of patterns) if (re.test(candidate)) return key;
    }
  }
  return undefined;
}

export interface Column {
  field: FieldKey;
  col: number;
  label: string;
  unit?: Unit;
}

export interface HeaderInfo {
  /** 0-based first and last header rows. */
  top: number;
  bottom: number;
  columns: Partial<Record<FieldKey, Column>>;
  /** Unit named above the header or in the title. */
  sheetUnit?: Unit;
  titleText: string;
  planYear?: number;
}

/** Looks up merged areas by cell, to read a merged header parent in every column it spans. */
export class MergeIndex {
  private readonly master = new Map<number, number>();
  constructor(sheet: SheetGrid, maxRow = Infinity) {
    for (const m of sheet.merges) {
      if (m.top > maxRow) continue;
      const key = m.top * 16384 + m.left;
      for (let r = m.top; r <= Math.min(m.bottom, maxRow); r++) {
        for (let c = m.left; c <= m.right && c < 16384; c++) {
          if (r !== m.top || c !== m.left) this.master.set(r * 16384 + c, key);
        }
      }
    }
  }
  value(sheet: SheetGrid, r: number, c: number): unknown {
    const key = this.master.get(r * 16384 + c);
    if (key !== undefined) return sheet.values[Math.floor(key / 16384)]?.[key % 16384];
    return sheet.values[r]?.[c];
  }
}

function labelParts(sheet: SheetGrid, merges: MergeIndex, top: number, depth: number, c: number): string[] {
  const parts: string[] = [];
  for (let k = 0; k < depth; k++) {
    const t = cellText(merges.value(sheet, top + k, c));
    if (t && parts[parts.length - 1] !== t) parts.push(t);
  }
  return parts;
}

/** Child label first, then parent+child, then each parent alone. */
function matchParts(parts: string[]): FieldKey | undefined {
  if (parts.length === 0) return undefined;
  const candidates = [parts[parts.length - 1], parts.join('')];
  for (let i = parts.length - 2; i >= 0; i--) candidates.push(parts[i]);
  for (const c of candidates) {
    const f = matchField(c);
    if (f) return f;
  }
  return undefined;
}

function readColumns(sheet: SheetGrid, merges: MergeIndex, top: number, depth: number, width: number) {
  const columns: Partial<Record<FieldKey, Column>> = {};
  for (let c = 0; c < width; c++) {
    const parts = labelParts(sheet, merges, top, depth, c);
    const field = matchParts(parts);
    if (!field || columns[field]) continue;
    const unit = parts.map(unitIn).find((u) => u !== undefined);
    columns[field] = { field, col: c, label: parts.join(' / '), unit };
  }
  return columns;
}

export function findHeader(sheet: SheetGrid): HeaderInfo | undefined {
  const scan = Math.min(HEADER_SCAN_ROWS, sheet.values.length);
  const merges = new MergeIndex(sheet, scan + 3);
  let best: { top: number; depth: number; score: number; columns: Partial<Record<FieldKey, Column>> } | undefined;
  for (let top = 0; top < scan; top++) {
    const width = sheet.values[top]?.length ?? 0;
    if (width === 0) continue;
    for (let depth = 1; depth <= 3 && top + depth <= sheet.values.length; depth++) {
      const w = Math.max(width, ...sheet.values.slice(top, top + depth).map((r) => r?.length ?? 0));
      const columns = readColumns(sheet, merges, top, depth, w);
      if (!columns.name) continue;
      const score = Object.keys(columns).length;
      if (score < MIN_FIELDS) continue;
      // More fields wins; on a tie the shallower block (a title row above is not part of the header).
      if (!best || score > best.score || (score === best.score && depth < best.depth)) best = { top, depth, score, columns };
    }
  }
  if (!best) return undefined;
  // A parent row whose cells are merged down into the header belongs to it (序号 over two rows).
  let top = best.top;
  while (top > 0 && sheet.merges.some((m) => m.top === top - 1 && m.bottom >= top && m.bottom <= best!.top + best!.depth - 1)) top--;
  if (top !== best.top) {
    const depth = best.top + best.depth - top;
    const width = Math.max(...sheet.values.slice(top, top + depth).map((r) => r?.length ?? 0));
    best = { top, depth, score: best.score, columns: readColumns(sheet, merges, top, depth, width) };
  }
  // A row of units right under the header ("（亿元）" under each amount column) belongs to it too.
  let bottom = best.top + best.depth - 1;
  let unitRowUnit: Unit | undefined;
  const next = sheet.values[bottom + 1] ?? [];
  const filled = next.map((v, c) => [c, v] as const).filter(([, v]) => v !== null && v !== undefined && String(v).trim() !== '');
  if (filled.length > 0 && filled.every(([, v]) => typeof v === 'string' && v.trim().length <= 12 && unitIn(v) !== undefined)) {
    bottom++;
    const byCol = new Map(filled.map(([c, v]) => [c, unitIn(v as string)!]));
    for (const column of Object.values(best.columns)) {
      const u = column && byCol.get(column.col);
      if (column && u) column.unit = u;
    }
    unitRowUnit = filled.length === 1 ? unitIn(filled[0][1] as string) : undefined;
  }
  const above: string[] = [];
  for (let r = 0; r < best.top; r++) {
    for (const v of sheet.values[r] ?? []) {
      const t = cellText(v);
      if (t && above[above.length - 1] !== t) above.push(t);
    }
  }
  const titleText = above.join(' ');
  const sheetUnit = above.map(unitIn).find((u) => u !== undefined) ?? unitRowUnit;
  const year = /((?:19|20)\d{2})\s*年/.exec(titleText) ?? /((?:19|20)\d{2})\s*年/.exec(sheet.name);
  return {
    top: best.top,
    bottom,
    columns: best.columns,
    sheetUnit,
    titleText,
    planYear: year ? Number(year[1]) : undefined,
  };
}
