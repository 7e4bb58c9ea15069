// UUIDv7 (RFC 9562) for generated event ids: time-ordered, so the unique index on event_id grows
// at its right edge like the log itself instead of touching a random leaf page per append.
// The random bits come from crypto.randomUUID (a v4 uuid from Node's batched CSPRNG): its version
// nibble is replaced by 7 and its variant bits are already the RFC 9562 ones. This is several
// times cheaper than filling and hex-encoding 16 fresh bytes per id.
import { randomUUID } from 'node:crypto';

export function uuidv7(now = Date.now()): string {
  const ms = now.toString(16).padStart(12, '0'); // 48-bit millisecond timestamp
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, V in 8..b
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${random.slice(15)}`;
}
