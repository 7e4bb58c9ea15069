// Plain calendar dates as `YYYY-MM-DD` strings, meant in China time (Asia/Shanghai, UTC+8 all
// year: China has had no daylight saving time since 1991). Arithmetic runs on day numbers
// (days since 1970-01-01) so that the host's time zone never shifts a date.

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Day number of a `YYYY-MM-DD` date; throws on anything else (2026-02-30, 2026-2-3, ...). */
export function toDayNumber(date: IsoDate): number {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return Math.round(ms / DAY_MS);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** Today's date in China for an instant (default: now). Inject the instant in tests. */
export function chinaDate(instant: Date = new Date()): IsoDate {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China calendar date begins (00:00 Beijing time). */
export function chinaDayStart(date: IsoDate): Date {
  return new Date(toDayNumber(date) * DAY_MS - CHINA_OFFSET_MS);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** Month arithmetic of 民法典 Art. 202: the corresponding day of the month, else its last day. */
export function shiftMonths(date: IsoDate, months: number): IsoDate {
  toDayNumber(date);
  if (!Number.isSafeInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const [year, month, day] = date.split('-').map(Number);
  const total = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = total - targetYear * 12;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return fromDayNumber(Math.round(Date.UTC(targetYear, targetMonth, targetDay) / DAY_MS));
}
