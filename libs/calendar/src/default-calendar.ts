import { createCalendar, type WorkingCalendar } from './calendar.js';

let instance: WorkingCalendar | undefined;

/** The process's calendar: the official one, or the one a service installed at start. */
export function defaultCalendar(): WorkingCalendar {
  instance ??= createCalendar();
  return instance;
}

/** Installs the calendar every computation uses from now on (a service does it once, at start). */
export function installDefaultCalendar(calendar: WorkingCalendar): void {
  instance = calendar;
}
