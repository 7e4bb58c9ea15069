// @jiandu/calendar: working days of the official Chinese calendar (调休 included) and deadline
// clocks. Pure: dates are `YYYY-MM-DD` strings in China time (Asia/Shanghai); nothing here reads
// the clock, `today` is always passed in (see chinaDate for turning an instant into one).
import type { CountResult, DateResult, DayInfo } from './calendar.js';
import { defaultCalendar } from './default-calendar.js';
import type { IsoDate } from './dates.js';

export * from './calendar.js';
export * from './clock.js';
export { chinaDate, chinaDayStart, compareDates, isIsoDate, shiftMonths, type IsoDate } from './dates.js';
export { defaultCalendar, installDefaultCalendar } from './default-calendar.js';

/** On the official calendar; use createCalendar({ overrides }) for unpublished years. */
export function addWorkingDays(date: IsoDate, n: number): DateResult {
  return defaultCalendar().addWorkingDays(date, n);
}
/** n calendar days, ending on a working day (民法典 Art. 201 and 203). */
export function addCalendarDays(date: IsoDate, n: number): DateResult {
  return defaultCalendar().addCalendarDays(date, n);
}
/** n months, ending on a working day (民法典 Art. 201 to 203). */
export function addMonths(date: IsoDate, n: number): DateResult {
  return defaultCalendar().addMonths(date, n);
}
export function workingDaysBetween(a: IsoDate, b: IsoDate): CountResult {
  return defaultCalendar().workingDaysBetween(a, b);
}
export function dayInfo(date: IsoDate): DayInfo {
  return defaultCalendar().dayInfo(date);
}
