// What every decider of this service shares: the context it decides in, refusals, input checks.
import type { DomainError, FieldError } from '@jiandu/contracts';

export interface Actor {
  sub: string;
  name: string;
  office: string;
  roles: readonly string[];
  zones: readonly string[];
}

export interface DecisionContext<Config = unknown> {
  now: Date;
  actor: Actor;
  config?: Config;
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
  category: 50,
  summary: 500,
  note: 2_000,
  content: 20_000,
} as const;

export const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function text(path: string, value: unknown, max: number): FieldError | undefined {
  if (!filled(value)) {
    return { path, message: { zh: `字段 ${path} 不能为空`, en: `field ${path} must not be empty` } };
  }
  // UTF-16 units, as the public schemas (TypeBox maxLength) count them.
  if (value.length > max) {
    return { path, message: { zh: `字段 ${path} 过长，最多 ${max} 个字符`, en: `field ${path} is too long, at most ${max} characters` } };
  }
  return undefined;
}

export function optionalText(path: string, value: unknown, max: number): FieldError | undefined {
  return value === undefined ? undefined : text(path, value, max);
}

export function oneOf(path: string, value: unknown, allowed: readonly string[]): FieldError | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return {
    path,
    message: { zh: `字段 ${path} 的值必须是以下之一：${allowed.join('、')}`, en: `field ${path} must be one of: ${allowed.join(', ')}` },
  };
}

export function flag(path: string, value: unknown): FieldError | undefined {
  if (typeof value === 'boolean') return undefined;
  return { path, message: { zh: `字段 ${path} 应为布尔值`, en: `field ${path} must be a boolean` } };
}

/** Undefined when every check passed; otherwise one INVALID_INPUT refusal listing the fields. */
export function invalidInput(checks: ReadonlyArray<FieldError | undefined>): DomainError | undefined {
  const fields = checks.filter((c): c is FieldError => c !== undefined);
  if (fields.length === 0) return undefined;
  return refusal('INVALID_INPUT', 400, '请求内容不符合要求', 'the request is invalid', fields);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function date(path: string, value: unknown): FieldError | undefined {
  if (typeof value === 'string' && DATE.test(value)) {
    const time = Date.parse(`${value}T00:00:00Z`);
    // Date.parse rolls 02-30 over to 03-02; a real date survives the round trip.
    if (!Number.isNaN(time) && new Date(time).toISOString().startsWith(value)) return undefined;
  }
  return { path, message: { zh: `字段 ${path} 应为日期（YYYY-MM-DD）`, en: `field ${path} must be a date (YYYY-MM-DD)` } };
}

// The commission works in China Standard Time, which has no daylight saving.
const CST_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) of an instant in Beijing. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}
