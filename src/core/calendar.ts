/**
 * China's official working-day calendar (public holidays off, 调休 make-up days on), from the
 * maintained `chinese-days` data. Outside the years it covers, Monday–Friday is assumed and the
 * run says so once.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { isoDate, weekday } from './dates';

interface CalendarData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export class WorkCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;
  readonly coveredYears: Set<number>;
  /** Years asked about that the data does not cover (Monday–Friday was used). */
  readonly uncoveredYearsUsed = new Set<number>();

  constructor(data: CalendarData = chineseDays as CalendarData) {
    this.holidays = new Set(Object.keys(data.holidays));
    this.workdays = new Set(Object.keys(data.workdays));
    this.coveredYears = new Set([...this.holidays].map((d) => Number(d.slice(0, 4))));
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
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkday(d)) n++;
    return n;
  }
}
