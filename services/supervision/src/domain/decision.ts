// What the deciders of this service add to @jiandu/decision (context, refusals, input checks,
// offices, days): calendars, the offices and actors of supervision, where an aggregate came from
// (checked on the system's openings, whose input comes from events rather than a request), and
// date refusals.
import { defaultCalendar, type DateResult, type WorkingCalendar } from '@jiandu/calendar';
import { isOfficeCode } from '@jiandu/access';
import type { DomainError, FieldError } from '@jiandu/contracts';
import {
  MAX as SHARED_MAX,
  fieldError,
  matches,
  optionalText,
  refusal,
  text,
  type Actor,
  type DecisionContext as SharedDecisionContext,
  type Pattern,
} from '@jiandu/decision';

export type DecisionContext<Config = unknown> = SharedDecisionContext<Config>;

/** Every clock config may carry a calendar with overrides for years without official data. */
export interface CalendarConfig {
  calendar?: WorkingCalendar;
}

export const MAX = { ...SHARED_MAX, team: 20 } as const;

// ── offices and actors
/** Any office of the commission (@jiandu/access's list). */
export const OFFICE: Pattern = { test: isOfficeCode };
export const LEADERSHIP = 'leadership';
export const GENERAL_OFFICE = 'general-office';
export const CLUE_NUMBER = /^XS-\d{4}-\d{6}$/;

/** The service's own reactors act as `system:<name>`; no token a person holds has such a subject. */
export const isSystem = (actor: Actor): boolean => actor.sub.startsWith('system:');

export const forbiddenOffice = (zh: string, en: string): DomainError => refusal('FORBIDDEN_OFFICE', 403, zh, en);
export const systemOnly = (zh: string, en: string): DomainError => refusal('SYSTEM_ONLY', 403, zh, en);

// ── where an aggregate came from: the clue, and the petition behind it so results can flow back
export interface Origin {
  clueId: string;
  clueNumber: string;
  sourceRef?: string;
}
export interface Subject {
  name: string;
  position: string;
}

export function originChecks(input: Partial<Origin>): Array<FieldError | undefined> {
  return [
    text('clueId', input.clueId, MAX.id),
    matches('clueNumber', input.clueNumber, CLUE_NUMBER),
    optionalText('sourceRef', input.sourceRef, MAX.id),
  ];
}

export function subjectChecks(subject: unknown): Array<FieldError | undefined> {
  const s: Partial<Subject> = typeof subject === 'object' && subject !== null ? subject : {};
  return [text('subject.name', s.name, MAX.name), text('subject.position', s.position, MAX.position)];
}

/** `{ sourceRef }` when there is one: optional fields are absent, never undefined, in events. */
export const withOptional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

// ── days
export const calendarOf = (config: CalendarConfig | undefined): WorkingCalendar => config?.calendar ?? defaultCalendar();

export type Due = Pick<DateResult, 'date' | 'provisional'>;

export function notInFuture(path: string, day: string, today: string): DomainError | undefined {
  if (day <= today) return undefined;
  return refusal('DATE_IN_FUTURE', 422, `${path} 不能晚于今天`, `${path} cannot be later than today`, [
    fieldError(path, '日期不能晚于今天', 'the date cannot be later than today'),
  ]);
}

export function notBefore(path: string, day: string, start: string): DomainError | undefined {
  if (day >= start) return undefined;
  return refusal('DATE_BEFORE_START', 422, `${path} 不能早于 ${start}`, `${path} cannot be before ${start}`, [
    fieldError(path, `日期不能早于 ${start}`, `the date cannot be before ${start}`),
  ]);
}

export function deadlineInPast(path: string, day: string, today: string): DomainError | undefined {
  if (day >= today) return undefined;
  return refusal('DEADLINE_IN_PAST', 422, '期限不能早于今天', 'a deadline cannot be in the past', [
    fieldError(path, '期限不能早于今天', 'the deadline cannot be in the past'),
  ]);
}
