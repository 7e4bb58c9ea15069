// The Idempotency-Key a client may send with a command (ADR 0010): 1 to 200 visible ASCII
// characters. The gateway refuses any other with 400; a service never stores one.
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,200}$';
const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && IDEMPOTENCY_KEY.test(value);
}
