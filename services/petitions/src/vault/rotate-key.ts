// Vault master key rotation: re-wraps every reporter's data key (reporter_vault.wrapped_key) from the
// old master key to the new one. The payloads never change: the data keys stay the same, only their
// wrapping does. One transaction per batch, rows locked FOR UPDATE in primary-key order (keyset
// pagination), so a crash loses at most the batch in flight and a re-run resumes: a row that already
// opens with the new key is left alone. A row that opens with neither key is counted and left as it
// is, never overwritten (its identity may still be recoverable with another key). Shredded rows
// (wrapped_key NULL) have nothing to re-wrap and are skipped. Nothing here logs; callers get counts
// and, for failures, the opaque reporter_ref (a random id, no personal data).
import type { Pool } from 'pg';
import { withTransaction } from '@jiandu/event-store';
import { unwrapKey, wrapKey } from './envelope-crypto.js';

export interface RotationCounts {
  /** Opened with the old key, now wrapped with the new one. */
  rewrapped: number;
  /** Already wrapped with the new key (a re-run, or written by the service after its restart). */
  alreadyNew: number;
  /** Opens with neither key: left unchanged. */
  failed: number;
}

export interface RotationProgress extends RotationCounts {
  /** Batches committed so far. */
  batches: number;
  /** The last reporter_ref of the batch just committed (resume point). */
  lastRef: string;
}

export interface RotateVaultKeyOptions {
  pool: Pool;
  schema?: string;
  oldKey: Buffer;
  newKey: Buffer;
  batchSize?: number;
  /** After each batch's COMMIT, with the running totals (progress, or a simulated crash in tests). */
  afterBatch?: (progress: RotationProgress) => void | Promise<void>;
  /** For each row that opens with neither key, with its reporter_ref. */
  onFailed?: (reporterRef: string) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/;

type Outcome = { kind: 'alreadyNew' } | { kind: 'failed' } | { kind: 'rewrapped'; wrappedKey: Buffer };

function tryUnwrap(masterKey: Buffer, reporterRef: string, wrappedKey: Buffer): Buffer | undefined {
  try {
    return unwrapKey(masterKey, reporterRef, wrappedKey);
  } catch {
    return undefined;
  }
}

/** What to do with one row. The new key is tried first, so a re-run never wraps twice. */
function rewrap(oldKey: Buffer, newKey: Buffer, reporterRef: string, wrappedKey: Buffer): Outcome {
  const underNew = tryUnwrap(newKey, reporterRef, wrappedKey);
  if (underNew) {
    underNew.fill(0);
    return { kind: 'alreadyNew' };
  }
  const dataKey = tryUnwrap(oldKey, reporterRef, wrappedKey);
  if (!dataKey) return { kind: 'failed' };
  try {
    const rewrapped = wrapKey(newKey, reporterRef, dataKey);
    // Never write a wrapping that does not give the same data key back.
    const check = unwrapKey(newKey, reporterRef, rewrapped);
    const same = check.equals(dataKey);
    check.fill(0);
    if (!same) throw new Error(`re-wrapped key of ${reporterRef} does not open to the same data key`);
    return { kind: 'rewrapped', wrappedKey: rewrapped };
  } finally {
    dataKey.fill(0);
  }
}

export async function rotateVaultKey(options: RotateVaultKeyOptions): Promise<RotationCounts> {
  const { pool, schema = 'petitions', oldKey, newKey, batchSize = 500, afterBatch, onFailed } = options;
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive integer');
  if (oldKey.length !== 32 || newKey.length !== 32) throw new Error('vault master keys must be 32 bytes');

  const table = `${schema}.reporter_vault`;
  const totals: RotationCounts = { rewrapped: 0, alreadyNew: 0, failed: 0 };
  let lastRef: string | undefined;
  let batches = 0;
  for (;;) {
    const batch = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ reporter_ref: string; wrapped_key: Buffer }>(
        `SELECT reporter_ref, wrapped_key FROM ${table}
          WHERE wrapped_key IS NOT NULL ${lastRef === undefined ? '' : 'AND reporter_ref > $2'}
          ORDER BY reporter_ref LIMIT $1 FOR UPDATE`,
        lastRef === undefined ? [batchSize] : [batchSize, lastRef],
      );
      const counts: RotationCounts = { rewrapped: 0, alreadyNew: 0, failed: 0 };
      const failedRefs: string[] = [];
      const refs: string[] = [];
      const wrappedKeys: Buffer[] = [];
      for (const row of rows) {
        const outcome = rewrap(oldKey, newKey, row.reporter_ref, row.wrapped_key);
        counts[outcome.kind] += 1;
        if (outcome.kind === 'failed') failedRefs.push(row.reporter_ref);
        if (outcome.kind === 'rewrapped') {
          refs.push(row.reporter_ref);
          wrappedKeys.push(outcome.wrappedKey);
        }
      }
      if (refs.length > 0) {
        // Only wrapped_key changes; the rows are locked, so exactly these rows are updated.
        const { rowCount } = await tx.query(
          `UPDATE ${table} AS v SET wrapped_key = u.wrapped_key
             FROM unnest($1::text[], $2::bytea[]) AS u(reporter_ref, wrapped_key)
            WHERE v.reporter_ref = u.reporter_ref`,
          [refs, wrappedKeys],
        );
        if (rowCount !== refs.length) throw new Error(`re-wrap updated ${rowCount} rows instead of ${refs.length}`);
      }
      return { counts, failedRefs, lastRef: rows.at(-1)?.reporter_ref };
    });
    // FOR UPDATE with LIMIT may return fewer rows than asked (a row shredded meanwhile): only an
    // empty batch ends the scan.
    if (batch.lastRef === undefined) return totals;
    lastRef = batch.lastRef;
    batches += 1;
    totals.rewrapped += batch.counts.rewrapped;
    totals.alreadyNew += batch.counts.alreadyNew;
    totals.failed += batch.counts.failed;
    for (const ref of batch.failedRefs) onFailed?.(ref);
    await afterBatch?.({ ...totals, batches, lastRef });
  }
}
