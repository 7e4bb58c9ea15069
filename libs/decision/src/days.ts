// Days. The commission works in China Standard Time, which has no daylight saving; the one
// definition of "today in Beijing" is @jiandu/calendar's (chinaDate, chinaDayStart).
import { chinaDate, chinaDayStart } from '@jiandu/calendar';

/** The calendar date (YYYY-MM-DD) of an instant in Beijing. */
export const localDate = (instant: Date): string => chinaDate(instant);

/** The instant a Beijing calendar date begins. */
export const startOfDay = (day: string): Date => chinaDayStart(day);
