// Idempotency keys: a command sent again with the same Idempotency-Key returns its first outcome
// instead of running twice. The key, its request's fingerprint and the encrypted reply are written
// in the command's own transaction, so "committed" and "remembered" are one fact.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Migration } from '@jiandu/event-store';

export const idempotencyMigrations: Migration[] = [
  {
    id: 'runtime-001-idempotency-keys',
    sql: `
CREATE TABLE {{schema}}.idempotency_keys (
  caller      text        NOT NULL,
  key_hash    bytea       NOT NULL,
  operation   text        NOT NULL,
  fingerprint bytea       NOT NULL,
  reply       bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, key_hash)
);
CREATE INDEX idempotency_keys_created ON {{schema}}.idempotency_keys (created_at);
`,
  },
];

export interface IdempotentRequest {
  caller: string; // the actor's sub: keys are per caller
  key: string; // as the client sent it; stored only hashed
  operation: string;
  payload: unknown;
}

/** Replies are stored encrypted under a key derived from the client's own key: the table alone reads nothing. */
const derive = (label: string, r: IdempotentRequest) =>
  createHash('sha256').update(`jiandu/idempotency/${label}\0${r.caller}\0${r.key}`).digest();

export function fingerprint(operation: string, payload: unknown): Buffer {
  return createHash('sha256').update(operation).update('\0').update(stableJson(payload)).digest();
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function seal(request: IdempotentRequest, reply: unknown): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive('reply', request), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(reply), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(request: IdempotentRequest, sealed: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', derive('reply', request), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
}

export type Recall = { kind: 'new' } | { kind: 'replay'; reply: unknown } | { kind: 'reused' };

/**
 * Looks the key up inside the command's transaction. A concurrent first use of the same key holds
 * its row lock until it commits or rolls back, so the second caller waits for that outcome (bounded
 * by the statement timeout) and then replays it, or runs as the first if that one rolled back.
 */
export async function recall(tx: PoolClient, schema: string, request: IdempotentRequest, ttlSeconds: number): Promise<Recall> {
  const keyHash = derive('key', request);
  // An expired key is forgotten: the periodic purge may not have run yet.
  await tx.query(
    `DELETE FROM ${schema}.idempotency_keys WHERE caller = $1 AND key_hash = $2 AND created_at < now() - make_interval(secs => $3)`,
    [request.caller, keyHash, ttlSeconds],
  );
  // Takes the key for this transaction (a placeholder reply, replaced before commit), or waits for its holder.
  const claimed = await tx.query(
    `INSERT INTO ${schema}.idempotency_keys (caller, key_hash, operation, fingerprint, reply) VALUES ($1, $2, $3, $4, '\\x')
     ON CONFLICT (caller, key_hash) DO NOTHING`,
    [request.caller, keyHash, request.operation, fingerprint(request.operation, request.payload)],
  );
  if (claimed.rowCount === 1) return { kind: 'new' };
  const { rows } = await tx.query<{ operation: string; fingerprint: Buffer; reply: Buffer }>(
    `SELECT operation, fingerprint, reply FROM ${schema}.idempotency_keys WHERE caller = $1 AND key_hash = $2`,
    [request.caller, keyHash],
  );
  const row = rows[0];
  if (!row) return { kind: 'new' }; // purged in between: nothing to replay
  if (row.operation !== request.operation || !row.fingerprint.equals(fingerprint(request.operation, request.payload)))
    return { kind: 'reused' };
  return { kind: 'replay', reply: open(request, row.reply) };
}

/** Stores the reply under the key claimed by `recall`, in the same transaction. */
export async function remember(tx: PoolClient, schema: string, request: IdempotentRequest, reply: unknown): Promise<void> {
  await tx.query(`UPDATE ${schema}.idempotency_keys SET reply = $3 WHERE caller = $1 AND key_hash = $2`, [
    request.caller,
    derive('key', request),
    seal(request, reply),
  ]);
}

/** Deletes expired keys; returns how many. */
export async function purgeIdempotencyKeys(
  pool: { query: PoolClient['query'] },
  schema: string,
  ttlSeconds: number,
): Promise<number> {
  const { rowCount } = await pool.query(
    `DELETE FROM ${schema}.idempotency_keys WHERE created_at < now() - make_interval(secs => $1)`,
    [ttlSeconds],
  );
  return rowCount ?? 0;
}
