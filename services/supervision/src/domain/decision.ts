// What every decider of this service shares: the context it decides in, refusals, input checks,
// offices and days.
import { defaultCalendar, type DateResult, type WorkingCalendar } from '@jiandu/calendar';
import type { DomainError, FieldError } from '@jiandu/contracts';

export interface Actor {
  sub: string;
  name: string;
  office: string;
  roles: readonly string[];
  zones: readonly string[];
}

/** Fresh ids for what a decision starts elsewhere (the next round of an inquiry, a verification). */
export interface IdSource {
  next(): string;
}

export interface DecisionContext<Config = unknown> {
  now: Date;
  actor: Actor;
  config?: Config;
  ids?: IdSource;
}

/** Every clock config may carry a calendar with overrides for years without official data. */
export interface CalendarConfig {
  calendar?: WorkingCalendar;
}

type Status = DomainError['status'];

export function refusal(code: string, status: Status, zh: string, en: string, fields?: FieldError[]): DomainError {
  return fields === undefined ? { code, status, message: { zh, en } } : { code, status, message: { zh, en }, fields };
}

// ── input checks: each returns a FieldError or undefined, so a command's checks read as one list
export const MAX = {
  id: 64,
  name: 100,
  position: 100,
  summary: 500,
  note: 2_000,
  content: 20_000,
  team: 20,
} as const;

export const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const field = (path: string, zh: string, en: string): FieldError => ({ path, message: { zh, en } });

export function text(path: string, value: unknown, max: number): FieldError | undefined {
  if (!filled(value)) return field(path, `字段 ${path} 不能为空`, `field ${path} must not be empty`);
  // UTF-16 units, as the public schemas (TypeBox maxLength) count them.
  if (value.length > max) return field(path, `字段 ${path} 过长，最多 ${max} 个字符`, `field ${path} is too long, at most ${max} characters`);
  return undefined;
}

export function optionalText(path: string, value: unknown, max: number): FieldError | undefined {
  return value === undefined ? undefined : text(path, value, max);
}

/** For a field the rest of the command says does not apply. */
export function absent(path: string, value: unknown): FieldError | undefined {
  return value === undefined ? undefined : field(path, `字段 ${path} 在此不适用，不应填写`, `field ${path} does not apply here`);
}

export function oneOf(path: string, value: unknown, allowed: readonly string[]): FieldError | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return field(path, `字段 ${path} 的值必须是以下之一：${allowed.join('、')}`, `field ${path} must be one of: ${allowed.join(', ')}`);
}

export function flag(path: string, value: unknown): FieldError | undefined {
  return typeof value === 'boolean' ? undefined : field(path, `字段 ${path} 应为布尔值`, `field ${path} must be a boolean`);
}

export function integer(path: string, value: unknown, min: number, max: number): FieldError | undefined {
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return undefined;
  return field(path, `字段 ${path} 应为 ${min} 到 ${max} 之间的整数`, `field ${path} must be an integer from ${min} to ${max}`);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 02-30 over to 03-02; a real date survives the round trip.
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
};

export function date(path: string, value: unknown): FieldError | undefined {
  return isDate(value) ? undefined : field(path, `字段 ${path} 应为日期（YYYY-MM-DD）`, `field ${path} must be a date (YYYY-MM-DD)`);
}

export function matches(path: string, value: unknown, pattern: RegExp): FieldError | undefined {
  return typeof value === 'string' && pattern.test(value) ? undefined : field(path, `字段 ${path} 格式不正确`, `field ${path} has a bad format`);
}

/** Undefined when every check passed; otherwise one INVALID_INPUT refusal listing the fields. */
export function invalidInput(checks: ReadonlyArray<FieldError | undefined>): DomainError | undefined {
  const fields = checks.filter((c): c is FieldError => c !== undefined);
  if (fields.length === 0) return undefined;
  return refusal('INVALID_INPUT', 400, '请求内容不符合要求', 'the request is invalid', fields);
}

// ── offices and actors
export const SUPERVISION_OFFICE = /^supervision-office-[1-9]\d*$/;
export const DISPATCHED_AGENCY = /^dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*$/;
/** The offices that handle clues and supervise zones: a 纪检监察室 or a 派驻机构. */
export const HANDLING_OFFICE = /^(supervision-office-[1-9]\d*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$/;
/** Any office of the commission (the same list as @jiandu/access). */
export const OFFICE =
  /^(petition-office|case-management|conduct-office|review-office|general-office|publicity-dept|leadership|supervision-office-[1-9]\d*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$/;
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
  return [text('clueId', input.clueId, MAX.id), matches('clueNumber', input.clueNumber, CLUE_NUMBER), optionalText('sourceRef', input.sourceRef, MAX.id)];
}

export function subjectChecks(subject: unknown): Array<FieldError | undefined> {
  const s: Partial<Subject> = typeof subject === 'object' && subject !== null ? subject : {};
  return [text('subject.name', s.name, MAX.name), text('subject.position', s.position, MAX.position)];
}

/** `{ sourceRef }` when there is one: optional fields are absent, never undefined, in events. */
export const withOptional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

// ── days. The commission works in China Standard Time, which has no daylight saving.
const CST_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) of an instant in Beijing. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export const calendarOf = (config: CalendarConfig | undefined): WorkingCalendar => config?.calendar ?? defaultCalendar();

export type Due = Pick<DateResult, 'date' | 'provisional'>;

export function notInFuture(path: string, day: string, today: string): DomainError | undefined {
  if (day <= today) return undefined;
  return refusal('DATE_IN_FUTURE', 422, `${path} 不能晚于今天`, `${path} cannot be later than today`, [
    field(path, '日期不能晚于今天', 'the date cannot be later than today'),
  ]);
}

export function notBefore(path: string, day: string, start: string): DomainError | undefined {
  if (day >= start) return undefined;
  return refusal('DATE_BEFORE_START', 422, `${path} 不能早于 ${start}`, `${path} cannot be before ${start}`, [
    field(path, `日期不能早于 ${start}`, `the date cannot be before ${start}`),
  ]);
}

export function deadlineInPast(path: string, day: string, today: string): DomainError | undefined {
  if (day >= today) return undefined;
  return refusal('DEADLINE_IN_PAST', 422, '期限不能早于今天', 'a deadline cannot be in the past', [
    field(path, '期限不能早于今天', 'the deadline cannot be in the past'),
  ]);
}
