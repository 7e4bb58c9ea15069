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

/**
 * The refusal of a step its aggregate's state does not allow (409), naming the state:
 * `wrongStateRefusal('CLUE_WRONG_STATE', { zh: '问题线索', en: 'a clue' })(state, '审批', 'be approved')`.
 */
export function wrongStateRefusal(code: string, aggregate: { zh: string; en: string }) {
  return (state: { status: string }, zh: string, en: string): DomainError =>
    refusal(
      code,
      409,
      `${aggregate.zh}当前状态（${state.status}）不能${zh}`,
      `${aggregate.en} in state ${state.status} cannot ${en}`,
    );
}
