// Refusals: a decider returns a DomainError instead of events.
import type { DomainError, FieldError } from '@jiandu/contracts';

type Status = DomainError['status'];

export function refusal(code: string, status: Status, zh: string, en: string, fields?: FieldError[]): DomainError {
  return fields === undefined ? { code, status, message: { zh, en } } : { code, status, message: { zh, en }, fields };
}

/** Undefined when every check passed; otherwise one INVALID_INPUT refusal listing the fields. */
export function invalidInput(checks: ReadonlyArray<FieldError | undefined>): DomainError | undefined {
  const fields = checks.filter((c): c is FieldError => c !== undefined);
  if (fields.length === 0) return undefined;
  return refusal('INVALID_INPUT', 400, '请求内容不符合要求', 'the request is invalid', fields);
}
