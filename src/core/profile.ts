/** The profile: every threshold and date the rules use (defaults in data/profile.json). */
import defaults from './data/profile.json';

export interface Profile {
  threshold: number;
  thresholdUsd: number;
  reducedThreshold: number;
  reducedThresholdSubcategories: string[];
  amountScaleWan: number;
  amountScaleYi: number;
  progressFactor: number;
  startRateMin: number;
  completionRateMin: number;
  regionShareMin: number;
  /** 万元 of fixed-asset investment per region; region-share-low runs only where this is given. */
  regionFixedAssetInvestment: Record<string, number>;
  approvalWorkdays: number;
  noticeWorkdays: number;
  /** MM-DD in year Y−1 after which an application is late. */
  applicationDeadline: string;
  staleReportDays: number;
  quietPeriodLastDay: number;
  usdRate: number;
  categoryMismatchConfidence: number;
}

const { _comment: _ignored, ...rest } = defaults;
export const DEFAULT_PROFILE: Readonly<Profile> = Object.freeze(rest as Profile);

/** Merges overrides onto the defaults, rejecting values of the wrong type with a message naming the key. */
export function resolveProfile(overrides: Partial<Profile> | undefined): Profile {
  const out: Profile = { ...DEFAULT_PROFILE, regionFixedAssetInvestment: { ...DEFAULT_PROFILE.regionFixedAssetInvestment } };
  if (!overrides) return out;
  for (const [key, value] of Object.entries(overrides)) {
    if (key.startsWith('_')) continue;
    if (!(key in DEFAULT_PROFILE)) throw new Error(`配置文件中有未知参数“${key}”`);
    const expected = DEFAULT_PROFILE[key as keyof Profile];
    const ok = Array.isArray(expected)
      ? Array.isArray(value)
      : typeof expected === 'object'
        ? typeof value === 'object' && value !== null && !Array.isArray(value)
        : typeof value === typeof expected && (typeof value !== 'number' || Number.isFinite(value));
    if (!ok) throw new Error(`配置参数“${key}”的类型不对：应为${Array.isArray(expected) ? '数组' : typeof expected === 'object' ? '对象' : typeof expected === 'number' ? '数字' : '文本'}`);
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  if (!/^\d{2}-\d{2}$/.test(out.applicationDeadline)) throw new Error('配置参数“applicationDeadline”应为 MM-DD，例如 10-15');
  // A rate of 0 or below would turn every 万美元 amount into nothing (or a negative).
  if (!(out.usdRate > 0)) throw new Error('配置参数“usdRate”应为大于 0 的汇率（1 美元合多少元人民币），例如 7.1');
  return out;
}
