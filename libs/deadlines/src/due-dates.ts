// Due dates from a rule, on the official calendar (libs/calendar), and the rule's text in Chinese.
import { dueDate, type ClockLimit, type IsoDate, type WorkingCalendar } from '@jiandu/calendar';

/** A limit as the rules state it: 15 working days, 30 (calendar) days, 2 months. */
export type DueLimit = { workingDays: number } | { days: number } | { months: number };

export interface DueDate {
  dueOn: IsoDate;
  /** Computed through a year without official calendar data; see warnings. */
  provisional: boolean;
  warnings: string[];
}

export function toClockLimit(limit: DueLimit | ClockLimit): ClockLimit {
  if ('unit' in limit) return { amount: limit.amount, unit: limit.unit };
  if ('workingDays' in limit) return { amount: limit.workingDays, unit: 'working-days' };
  if ('days' in limit) return { amount: limit.days, unit: 'calendar-days' };
  return { amount: limit.months, unit: 'months' };
}

/**
 * The due date `limit` after `startedOn`; the start day itself is not counted (民法典 Art. 201), and a
 * limit in days or months that ends on a rest day or holiday ends on the next working day (Art. 203).
 */
export function dueIn(startedOn: IsoDate, limit: DueLimit | ClockLimit, calendar?: WorkingCalendar): DueDate {
  const due = dueDate(startedOn, toClockLimit(limit), calendar);
  return { dueOn: due.date, provisional: due.provisional, warnings: due.warnings };
}

/** '15 个工作日', '30 日', '2 个月'. */
export function limitText(limit: DueLimit | ClockLimit): string {
  const { amount, unit } = toClockLimit(limit);
  switch (unit) {
    case 'working-days':
      return `${amount} 个工作日`;
    case 'calendar-days':
      return `${amount} 日`;
    case 'months':
      return `${amount} 个月`;
    default: {
      const never: never = unit;
      throw new Error(`unknown limit unit ${String(never)}`);
    }
  }
}

/** The rule shown to users: ruleText('函询回复', { workingDays: 15 }) → '函询回复 15 个工作日'. */
export function ruleText(what: string, limit: DueLimit | ClockLimit): string {
  return `${what} ${limitText(limit)}`;
}
