/**
 * China's official working-day calendar (public holidays off, 调休 make-up days on), from the
 * maintained `chinese-days` data. Outside the years it covers, Monday–Friday is assumed and the
 * run says so once.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { dayNumber, isoDate, weekday, yearOfDay } from './dates';

/** Days the prefix table covers; outside it days are counted one by one. */
const TABLE_FIRST = dayNumber(1990, 1, 1);
const TABLE_LAST = dayNumber(2100, 12, 31);

interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

interface ParsedCalendar {
  holidays: Set<string>;
  workdays: Set<string>;
  coveredYears: Set<number>;
}

const parsed = new WeakMap<CalendarData, ParsedCalendar>();

function parse(data: CalendarData): ParsedCalendar {
  const holidays = new Set(Object.keys(data.holidays));
  return { holidays, workdays: new Set(Object.keys(data.workdays)), coveredYears: new Set([...holidays].map((d) => Number(d.slice(0, 4)))) };
}

export class WorkCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  readonly coveredYears: Set<number>;
  /** Years asked about that the data does not cover (Monday–Friday was used). */
  readonly uncoveredYearsUsed = new Set<number>();
  /**
   * First and last day of the covered years when they run without a gap (else an empty span): a count
   * inside it needs no year-by-year look at the coverage, and every deadline rule counts on every row.
   */
  private readonly coveredFirstDay: number;
  private readonly coveredLastDay: number;

  constructor(data: CalendarData = chineseDays as CalendarData) {
    const sets = parsed.get(data) ?? parsed.set(data, parse(data)).get(data)!;
    this.holidays = sets.holidays;
    this.workdays = sets.workdays;
    this.coveredYears = sets.coveredYears;
    const first = Math.min(...this.coveredYears);
    const last = Math.max(...this.coveredYears);
    const withoutGap = this.coveredYears.size > 0 && last - first + 1 === this.coveredYears.size;
    this.coveredFirstDay = withoutGap ? dayNumber(first, 1, 1) : 0;
    this.coveredLastDay = withoutGap ? dayNumber(last, 12, 31) : -1;
  }

  /** Identifies the calendar data, for the shared working-day table. */
  get holidayKey(): Set<string> {
    return this.holidays;
  }

  isWorkday(day: number): boolean {
    const iso = isoDate(day);
    const year = Number(iso.slice(0, 4));
    if (!this.coveredYears.has(year)) {
      this.uncoveredYearsUsed.add(year);
      const wd = weekday(day);
      return wd !== 0 && wd !== 6;
    }
    if (this.workdays.has(iso)) return true;
    if (this.holidays.has(iso)) return false;
    const wd = weekday(day);
    return wd !== 0 && wd !== 6;
  }


  /** Working days d with from < d ≤ to (0 when to ≤ from). */
  workdaysAfter(from: number, to: number): number {
    if (to <= from) return 0;
    if (from < TABLE_FIRST || to > TABLE_LAST) {
      let n = 0;
      for (let d = from + 1; d <= to; d++) if (this.isWorkday(d)) n++;
      return n;
    }
    const cum = cumulativeTable(this);
    if (from + 1 < this.coveredFirstDay || to > this.coveredLastDay) {
      for (let y = yearOfDay(from + 1); y <= yearOfDay(to); y++) {
        if (!this.coveredYears.has(y)) this.uncoveredYearsUsed.add(y);
      }
    }
    return cum[to - TABLE_FIRST] - cum[from - TABLE_FIRST];
  }

}

/** cumulative[i]: working days from TABLE_FIRST to TABLE_FIRST + i; one table per calendar data, built on first use. */
const tables = new WeakMap<Set<string>, Int32Array>();

function cumulativeTable(calendar: WorkCalendar): Int32Array {
  const key = calendar.holidayKey;
  let cum = tables.get(key);
  if (cum) return cum;
  const used = new Set(calendar.uncoveredYearsUsed);
  cum = new Int32Array(TABLE_LAST - TABLE_FIRST + 1);
  let n = 0;
  for (let d = TABLE_FIRST; d <= TABLE_LAST; d++) {
    if (calendar.isWorkday(d)) n++;
    cum[d - TABLE_FIRST] = n;
  }
  // Building the table looked at every year; only the years a check asks about are reported.
  calendar.uncoveredYearsUsed.clear();
  for (const y of used) calendar.uncoveredYearsUsed.add(y);
  tables.set(key, cum);
  return cum;
}
