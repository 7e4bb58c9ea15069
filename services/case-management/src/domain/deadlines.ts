// Clocks on a clue. A limit in days counts calendar days; the day of the triggering event is not
// counted (民法典 Art. 201), and a last day that is a rest day or holiday gives way to the next working
// day (Art. 203, in libs/calendar): a clue registered on 2026-09-25 with 30 days reaches Sunday 10-25
// and falls due on Monday 10-26.
import { addCalendarDays } from '@jiandu/calendar';
import { localDate } from '@jiandu/decision';

export const DEFAULT_DISPOSITION_DAYS = 30;

export interface ClueClockConfig {
  /** Days from registration to a proposed disposition (实施办法: within 30 days of receipt). */
  dispositionDays?: number;
}

/** The last day (inclusive) on which a disposition may be proposed for a clue registered at `registeredAt`. */
export function dispositionDeadline(registeredAt: Date, config: ClueClockConfig = {}): string {
  const days = config.dispositionDays ?? DEFAULT_DISPOSITION_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`a limit in days must be a positive integer, got ${days}`);
  return addCalendarDays(localDate(registeredAt), days).date;
}
