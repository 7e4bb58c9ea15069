import { createCalendar, type WorkingCalendar } from './calendar.js';

let instance: WorkingCalendar | undefined;

/** The official calendar without overrides, built once. */
export function defaultCalendar(): WorkingCalendar {
  instance ??= createCalendar();
  return instance;
}
