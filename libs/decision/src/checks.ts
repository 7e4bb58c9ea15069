// Input checks: each returns a FieldError or undefined, so a command's checks read as one list
// (see invalidInput).
import type { FieldError } from '@jiandu/contracts';

/** Maximum lengths every service uses; a service adds its own (`{ ...MAX, category: 50 }`). */
export const MAX = {
  id: 64,
  name: 100,
  position: 100,
  summary: 500,
  note: 2_000,
  content: 20_000,
} as const;

/** What `matches` tests a value with: a RegExp, or any predicate shaped like one. */
export interface Pattern {
  test(value: string): boolean;
}

/** A FieldError at `path`, in both languages. */
export const fieldError = (path: string, zh: string, en: string): FieldError => ({ path, message: { zh, en } });

export const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export function text(path: string, value: unknown, max: number): FieldError | undefined {
  if (!filled(value)) return fieldError(path, `字段 ${path} 不能为空`, `field ${path} must not be empty`);
  // UTF-16 units, as the public schemas (TypeBox maxLength) count them.
  if (value.length > max)
    return fieldError(path, `字段 ${path} 过长，最多 ${max} 个字符`, `field ${path} is too long, at most ${max} characters`);
  return undefined;
}

export function optionalText(path: string, value: unknown, max: number): FieldError | undefined {
  return value === undefined ? undefined : text(path, value, max);
}

/** For a field the rest of the command says does not apply. */
export function absent(path: string, value: unknown): FieldError | undefined {
  return value === undefined
    ? undefined
    : fieldError(path, `字段 ${path} 在此不适用，不应填写`, `field ${path} does not apply here`);
}

export function oneOf(path: string, value: unknown, allowed: readonly string[]): FieldError | undefined {
  if (typeof value === 'string' && allowed.includes(value)) return undefined;
  return fieldError(
    path,
    `字段 ${path} 的值必须是以下之一：${allowed.join('、')}`,
    `field ${path} must be one of: ${allowed.join(', ')}`,
  );
}

export function flag(path: string, value: unknown): FieldError | undefined {
  return typeof value === 'boolean' ? undefined : fieldError(path, `字段 ${path} 应为布尔值`, `field ${path} must be a boolean`);
}

export function integer(path: string, value: unknown, min: number, max: number): FieldError | undefined {
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return undefined;
  return fieldError(
    path,
    `字段 ${path} 应为 ${min} 到 ${max} 之间的整数`,
    `field ${path} must be an integer from ${min} to ${max}`,
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date written YYYY-MM-DD. */
export const isDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 02-30 over to 03-02; a real date survives the round trip.
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
};

export function date(path: string, value: unknown): FieldError | undefined {
  return isDate(value)
    ? undefined
    : fieldError(path, `字段 ${path} 应为日期（YYYY-MM-DD）`, `field ${path} must be a date (YYYY-MM-DD)`);
}

export function matches(path: string, value: unknown, pattern: Pattern): FieldError | undefined {
  return typeof value === 'string' && pattern.test(value)
    ? undefined
    : fieldError(path, `字段 ${path} 格式不正确`, `field ${path} has a bad format`);
}
