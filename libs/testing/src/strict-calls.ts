// A service's integration test calls its operations as the gateway does, each reply checked strictly
// against the operation's response schema (an undeclared, renamed or missing field fails), and
// keeps the operations it checked, so that the file can say that it called every one:
//
//     const { service: sv } = serviceOnOwnDatabase('sv_records', (db) => startServiceHarness(...));
//     const { call, refused, unchecked } = strictCalls(sv);
//     ...
//     it('has checked every operation', () => expect(unchecked(ops)).toEqual([]));
import { compileValidator, Strict, type ApiOperation } from '@jiandu/contracts';

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; status: number } };

/** What strictCalls needs of a service (the runtime's ServiceHarness). */
export interface CallsOperations<Who> {
  call(operation: ApiOperation, who: Who, payload: object): Promise<Reply>;
}

export function strictCalls<Who, Value = Record<string, unknown>, Refusal = { code: string; status: number }>(
  service: CallsOperations<Who>,
) {
  const validators = new Map<ApiOperation, ReturnType<typeof compileValidator>>();
  const checked = new Set<ApiOperation>();
  return {
    /** The reply's value; throws when the operation is refused, fails when the reply breaks its schema. */
    async call(operation: ApiOperation, who: Who, payload: object): Promise<Value> {
      const reply = await service.call(operation, who, payload);
      if (!reply.ok) throw new Error(`${operation.name} refused: ${JSON.stringify(reply.error)}`);
      let validator = validators.get(operation);
      if (!validator) {
        validator = compileValidator(Strict(operation.response));
        validators.set(operation, validator);
      }
      const errors = validator.errors(reply.value);
      expect({ operation: operation.name, errors }).toEqual({ operation: operation.name, errors: [] });
      checked.add(operation);
      return reply.value as Value;
    },
    /** The refusal; throws when the operation was answered. */
    async refused(operation: ApiOperation, who: Who, payload: object): Promise<Refusal> {
      const reply = await service.call(operation, who, payload);
      if (reply.ok) throw new Error(`${operation.name} was not refused`);
      return reply.error as Refusal;
    },
    /** The names of the operations no call has checked yet, but for those `except` names. */
    unchecked(operations: Record<string, ApiOperation>, except: Iterable<ApiOperation> = []): string[] {
      const excepted = new Set(except);
      return Object.values(operations)
        .filter((op) => !checked.has(op) && !excepted.has(op))
        .map((op) => op.name);
    },
  };
}
