// W3C trace context: continue the caller's trace when it sent a valid traceparent, else start one.
import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

// Random ids come from a pool refilled 4 KB at a time (as crypto.randomUUID does): two randomBytes()
// calls per request were ~4% of the gateway's CPU in a profile.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** `bytes` random bytes as hex, never all zeros (W3C: an all-zero trace or span id is invalid). */
function randomHex(bytes: number): string {
  for (;;) {
    if (used + bytes > pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    const hex = pool.toString('hex', used, (used += bytes));
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** A traceparent for our hop: the caller's trace id and flags, a fresh span id. */
export function childTraceparent(incoming: string | string[] | undefined): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming.trim()) : null;
  const span = randomHex(8);
  if (match && match[1] !== ZERO_TRACE && match[2] !== ZERO_SPAN) return `00-${match[1]}-${span}-${match[3]}`;
  return `00-${randomHex(16)}-${span}-01`;
}
