// W3C trace context: continue the caller's trace when it sent a valid traceparent, else start one.
import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** A traceparent for our hop: the caller's trace id and flags, a fresh span id. */
export function childTraceparent(incoming: string | string[] | undefined): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming.trim()) : null;
  const span = randomBytes(8).toString('hex');
  if (match && match[1] !== ZERO_TRACE && match[2] !== ZERO_SPAN) return `00-${match[1]}-${span}-${match[3]}`;
  return `00-${randomBytes(16).toString('hex')}-${span}-01`;
}
