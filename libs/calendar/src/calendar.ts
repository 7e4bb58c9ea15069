// Working days of the official Chinese calendar (国务院办公厅 holiday notices), with 调休 make-up
// working days. Official data comes from the `chinese-days` package; years it does not cover yet can
// be supplied as overrides. A computation that touches a year with neither says so: the result is
// flagged `provisional` and carries a warning, and weekdays are assumed for that year.
// Periods in calendar days or months follow 民法典 Art. 201-203 in one place (addCalendarDays and
// addMonths): the start day is not counted, and a period whose last day is a rest day or a
// statutory holiday ends on the first working day after it. There is no plain-calendar variant.
import { createRequire } from 'node:module';
import { fromDayNumber, shiftMonths, toDayNumber, weekdayOf, yearOf, type IsoDate } from './dates.js';

/** Holidays and make-up working days of one year; both lists hold dates of that year only. */
export interface YearArrangement {
  holidays: IsoDate[]; // 放假 days (weekend days inside a holiday may be listed or not)
  workdays: IsoDate[]; // 调休 make-up working days (usually a Saturday or Sunday)
}

/** The JSON override file: `{ "years": { "2027": { "holidays": [...], "workdays": [...] } } }`. */
export interface CalendarOverrides {
  years: Record<string, YearArrangement>;
}

export type DaySource = 'official' | 'override' | 'none';

export interface DayInfo extends Flagged {
  date: IsoDate;
  working: boolean;
  kind: 'workday' | 'weekend' | 'holiday' | 'make-up-workday';
  /** Where the year's arrangement came from; 'none' means weekends only were assumed. */
  source: DaySource;
}

export interface Flagged {
  /** True when a year without official data or override was used (weekends-only assumed). */
  provisional: boolean;
  warnings: string[];
}
export interface DateResult extends Flagged {
  date: IsoDate;
}
export interface CountResult extends Flagged {
  days: number;
}

export interface CalendarOptions {
  /** Replace or add whole years (an override of a year replaces its official arrangement). */
  overrides?: CalendarOverrides;
  /** Use the official data of `chinese-days` (default true; false is for tests). */
  official?: boolean;
}

export interface WorkingCalendar {
  /** Working or not, and why; provisional (with a warning) in a year without data. */
  dayInfo(date: IsoDate): DayInfo;
  /** The n-th working day after `date` (the start day itself is not counted, 民法典 Art. 201). */
  addWorkingDays(date: IsoDate, n: number): DateResult;
  /**
   * The last day of a period of n calendar days after `date`: the start day is not counted (民法典
   * Art. 201), and a last day that is a rest day or a statutory holiday gives way to the first
   * working day after it (Art. 203; a 调休 make-up working day is a working day and ends the period).
   */
  addCalendarDays(date: IsoDate, n: number): DateResult;
  /**
   * The last day of a period of n months after `date`: the corresponding day, or that month's last
   * day (Art. 202), moved to the first working day on or after it as in addCalendarDays (Art. 203).
   */
  addMonths(date: IsoDate, n: number): DateResult;
  /** Working days in (a, b]: after a, up to and including b. Negative when b < a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): CountResult;
  /** Years with an arrangement, and where it came from. */
  coverage(): Map<number, Exclude<DaySource, 'none'>>;
}

interface Arrangement {
  source: Exclude<DaySource, 'none'>;
  holidays: Set<IsoDate>;
  workdays: Set<IsoDate>;
}

export function missingYearWarning(year: number): string {
  return `no official calendar for ${year}`;
}

/** Loads `chinese-days`' published data file (dist/chinese-days.json), grouped by year. */
let official: Map<number, YearArrangement> | undefined;
export function officialArrangements(): Map<number, YearArrangement> {
  official ??= loadOfficial();
  return official;
}

function loadOfficial(): Map<number, YearArrangement> {
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
  };
  const years = new Map<number, YearArrangement>();
  const entry = (date: string) => {
    const year = yearOf(date);
    let arrangement = years.get(year);
    if (!arrangement) years.set(year, (arrangement = { holidays: [], workdays: [] }));
    return arrangement;
  };
  for (const date of Object.keys(data.holidays)) entry(date).holidays.push(date);
  for (const date of Object.keys(data.workdays)) entry(date).workdays.push(date);
  // A year counts as published only when it has holidays; a make-up day alone (e.g. a late-December
  // Saturday worked for next year's New Year) does not publish the year it falls in.
  for (const [year, arrangement] of years) if (arrangement.holidays.length === 0) years.delete(year);
  return years;
}

/** Validates the parsed content of an override file. */
export function parseCalendarOverrides(json: unknown): CalendarOverrides {
  const fail = (message: string): never => {
    throw new Error(`calendar overrides: ${message}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('expected an object');
  const years = (json as { years?: unknown }).years;
  if (typeof years !== 'object' || years === null || Array.isArray(years)) fail('expected "years": { "<year>": {...} }');
  const result: CalendarOverrides = { years: {} };
  for (const [key, value] of Object.entries(years as Record<string, unknown>)) {
    if (!/^\d{4}$/.test(key)) fail(`"${key}" is not a year`);
    if (typeof value !== 'object' || value === null) fail(`${key}: expected { holidays, workdays }`);
    const lists: YearArrangement = { holidays: [], workdays: [] };
    for (const field of ['holidays', 'workdays'] as const) {
      const list = (value as Record<string, unknown>)[field] ?? [];
      if (!Array.isArray(list)) fail(`${key}.${field} must be a list of dates`);
      for (const date of list as unknown[]) {
        if (typeof date !== 'string') fail(`${key}.${field}: ${JSON.stringify(date)} is not a date`);
        try {
          toDayNumber(date as string);
        } catch {
          fail(`${key}.${field}: ${JSON.stringify(date)} is not a YYYY-MM-DD date`);
        }
        if (!(date as string).startsWith(`${key}-`)) fail(`${key}.${field}: ${date} is not in ${key}`);
        lists[field].push(date as string);
      }
    }
    const both = lists.holidays.filter((date) => lists.workdays.includes(date));
    if (both.length > 0) fail(`${key}: ${both.join(', ')} both holiday and workday`);
    result.years[key] = lists;
  }
  return result;
}

/** Reads and validates an override file (JSON). */
export async function readCalendarOverrides(path: string): Promise<CalendarOverrides> {
  const { readFile } = await import('node:fs/promises');
  return parseCalendarOverrides(JSON.parse(await readFile(path, 'utf8')));
}

const MAX_SCAN_DAYS = 366 * 50;

export function createCalendar(options: CalendarOptions = {}): WorkingCalendar {
  const arrangements = new Map<number, Arrangement>();
  if (options.official ?? true) {
    for (const [year, a] of officialArrangements()) {
      arrangements.set(year, { source: 'official', holidays: new Set(a.holidays), workdays: new Set(a.workdays) });
    }
  }
  const overrides = options.overrides ? parseCalendarOverrides(options.overrides) : undefined;
  for (const [year, a] of Object.entries(overrides?.years ?? {})) {
    arrangements.set(Number(year), { source: 'override', holidays: new Set(a.holidays), workdays: new Set(a.workdays) });
  }

  function infoOf(dayNumber: number): DayInfo {
    const date = fromDayNumber(dayNumber);
    const arrangement = arrangements.get(yearOf(date));
    const weekday = weekdayOf(dayNumber);
    const weekend = weekday === 0 || weekday === 6;
    const source: DaySource = arrangement?.source ?? 'none';
    const flags: Flagged = arrangement
      ? { provisional: false, warnings: [] }
      : { provisional: true, warnings: [missingYearWarning(yearOf(date))] };
    if (arrangement?.workdays.has(date)) return { date, working: true, kind: 'make-up-workday', source, ...flags };
    if (arrangement?.holidays.has(date)) return { date, working: false, kind: 'holiday', source, ...flags };
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', source, ...flags };
  }

  /** Collects the provisional flag for every year a computation touched. */
  function tracker() {
    const missing = new Set<number>();
    return {
      touch(dayNumber: number) {
        const year = yearOf(fromDayNumber(dayNumber));
        if (!arrangements.has(year)) missing.add(year);
      },
      touchRange(fromDay: number, toDay: number) {
        const lo = Math.min(fromDay, toDay);
        const hi = Math.max(fromDay, toDay);
        for (let year = yearOf(fromDayNumber(lo)); year <= yearOf(fromDayNumber(hi)); year++) {
          if (!arrangements.has(year)) missing.add(year);
        }
      },
      flags(): Flagged {
        const years = [...missing].sort((x, y) => x - y);
        return { provisional: years.length > 0, warnings: years.map(missingYearWarning) };
      },
    };
  }

  function assertCount(n: number, what: string): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  }

  /** 民法典 Art. 203: the first working day on or after `dayNumber` (the day itself when it is one). */
  function toWorkingDay(dayNumber: number, track: ReturnType<typeof tracker>): number {
    let day = dayNumber;
    for (let i = 0; i <= MAX_SCAN_DAYS; i++, day++) {
      track.touch(day);
      if (infoOf(day).working) return day;
    }
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days of ${fromDayNumber(dayNumber)}`);
  }

  return {
    dayInfo: (date) => infoOf(toDayNumber(date)),

    addWorkingDays(date, n) {
      assertCount(n, 'working days');
      const track = tracker();
      let day = toDayNumber(date);
      for (let counted = 0; counted < n;) {
        day++;
        track.touch(day);
        if (infoOf(day).working) counted++;
      }
      return { date: fromDayNumber(day), ...track.flags() };
    },

    addCalendarDays(date, n) {
      assertCount(n, 'calendar days');
      const track = tracker();
      const day = toWorkingDay(toDayNumber(date) + n, track);
      return { date: fromDayNumber(day), ...track.flags() };
    },

    addMonths(date, n) {
      assertCount(n, 'months');
      const track = tracker();
      const day = toWorkingDay(toDayNumber(shiftMonths(date, n)), track);
      return { date: fromDayNumber(day), ...track.flags() };
    },

    workingDaysBetween(a, b) {
      const start = toDayNumber(a);
      const end = toDayNumber(b);
      const sign = end < start ? -1 : 1;
      const [lo, hi] = sign === 1 ? [start, end] : [end, start];
      const track = tracker();
      if (hi > lo) track.touchRange(lo + 1, hi);
      let days = 0;
      for (let day = lo + 1; day <= hi; day++) if (infoOf(day).working) days++;
      return { days: sign * days, ...track.flags() };
    },

    coverage: () => new Map([...arrangements].map(([year, a]) => [year, a.source])),
  };
}
