/** Report types: the contract of SPEC §4 and §5. */

export type Severity = 'error' | 'warning' | 'info';

export const PHASES = ['新开工', '续建', '竣工投产', '前期工作'] as const;
export type Phase = (typeof PHASES)[number];

export const CATEGORIES = ['基础设施', '产业', '社会公益', '节能环保'] as const;
export type Category = (typeof CATEGORIES)[number];

export type FieldKey =
  | 'seq' | 'code' | 'name' | 'phase' | 'category' | 'subcategory' | 'level' | 'region'
  | 'owner' | 'ownerCreditCode' | 'department' | 'leader' | 'content' | 'period'
  | 'totalInvestment' | 'completedBeforeYear' | 'annualPlan' | 'completedThisYear'
  | 'cumulativeCompleted' | 'plannedStart' | 'actualStart' | 'plannedCompletion'
  | 'actualCompletion' | 'progress' | 'applicationDate' | 'acceptedDate' | 'noticeDate'
  | 'approvedDate' | 'reportDate' | 'inspectionDate' | 'remarks' | 'count';

export interface CellRef {
  sheet: string;
  row: number; // 1-based Excel row
  column?: string; // letter
  file?: string;
}

export interface Issue {
  rule: string;
  severity: Severity;
  sheet?: string;
  row?: number;
  column?: string;
  field?: FieldKey;
  /** What is wrong and what is expected, with the numbers (Chinese, as SPEC §4 asks). */
  message: string;
  /** The same in English, for an English UI. */
  messageEn: string;
  related?: CellRef[];
  region?: string;
  file?: string;
}

export type RowKind = 'project' | 'section' | 'total';

export interface RowInfo {
  file?: string;
  sheet: string;
  row: number;
  kind: RowKind;
  phase?: Phase;
  category?: Category;
  subcategory?: string;
  inferredSubcategory?: string;
}

export interface SheetReport {
  sheet: string;
  headerRow?: number;
  unit?: string;
  mapping?: Partial<Record<FieldKey, string>>;
  rows?: number;
  skipped?: string;
  planYear?: number;
}

export interface PhaseCategoryLine {
  phase: Phase;
  category: string;
  subcategory?: string;
  count: number;
  totalInvestment: number;
  annualPlan: number;
  completedThisYear: number;
}

export interface RegionLine {
  region: string;
  phase: Phase;
  count: number;
  totalInvestment: number;
  annualPlan: number;
  completedThisYear: number;
}

export interface Rates {
  startRate: number | null;
  completionRate: number | null;
}

export interface Summary {
  byPhaseCategory: PhaseCategoryLine[];
  byRegion: RegionLine[];
  rates: { overall: Rates; byRegion: Record<string, Rates> };
}

export interface FileReport {
  file: string;
  sheets: SheetReport[];
  error?: string;
}

export interface Report {
  version: 1;
  asOf: string;
  planYear: number;
  files: FileReport[];
  issues: Issue[];
  rows: RowInfo[];
  summary: Summary;
  notes: string[];
}
