// Domain errors are values: deciders return them, services reply with them, the gateway maps
// `status` to HTTP. The code is stable; the message is for people.
import type { FieldError, Text } from './validation.js';

export type DomainStatus = 400 | 403 | 404 | 409 | 422;

export interface DomainError {
  code: string;
  status: DomainStatus;
  message: Text;
  fields?: FieldError[];
}

const STATUSES: readonly number[] = [400, 403, 404, 409, 422];

export function domainError(code: string, status: DomainStatus, message: Text, fields?: FieldError[]): DomainError {
  return fields === undefined ? { code, status, message } : { code, status, message, fields };
}

/** `notFound({ zh: '信访件', en: 'petition' })` → 未找到信访件 / petition not found. */
export function notFound(what: Text, code = 'NOT_FOUND'): DomainError {
  return domainError(code, 404, { zh: `未找到${what.zh}`, en: `${what.en} not found` });
}

export function forbidden(
  code = 'FORBIDDEN',
  message: Text = { zh: '无权执行此操作', en: 'you are not allowed to do this' },
): DomainError {
  return domainError(code, 403, message);
}

/** The state has moved on: duplicate, already done, or a concurrent change. */
export function conflict(code: string, message: Text): DomainError {
  return domainError(code, 409, message);
}

/** The request is malformed; `fields` says where. */
export function invalid(
  fields: FieldError[],
  code = 'INVALID',
  message: Text = { zh: '请求内容不符合要求', en: 'the request is invalid' },
): DomainError {
  return domainError(code, 400, message, fields);
}

/** Well-formed, but a business rule refuses it. */
export function unprocessable(code: string, message: Text, fields?: FieldError[]): DomainError {
  return domainError(code, 422, message, fields);
}

export function isDomainError(x: unknown): x is DomainError {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const e = x as Record<string, unknown>;
  const message = e['message'] as Record<string, unknown> | undefined;
  return (
    typeof e['code'] === 'string' &&
    STATUSES.includes(e['status'] as number) &&
    typeof message === 'object' &&
    message !== null &&
    typeof message['zh'] === 'string' &&
    typeof message['en'] === 'string' &&
    (e['fields'] === undefined || Array.isArray(e['fields']))
  );
}

/** For throwing a DomainError through layers that only understand exceptions. */
export class DomainException extends Error {
  constructor(readonly error: DomainError) {
    super(`${error.code}: ${error.message.en}`);
    this.name = 'DomainException';
  }
}
