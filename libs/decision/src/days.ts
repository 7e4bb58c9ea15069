// Days. The commission works in China Standard Time, which has no daylight saving.
import { chinaDate } from '@jiandu/calendar';

const CST_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) of an instant in Beijing. */
export const localDate = (instant: Date): string => chinaDate(instant);

/** The instant a Beijing calendar date begins. */
export function startOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);
}
