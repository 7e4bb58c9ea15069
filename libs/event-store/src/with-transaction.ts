import type { Pool, PoolClient } from 'pg';
import { settleCommitHooks } from './commit-notifier.js';

/** Runs fn in one transaction on one pooled client: COMMIT on success, ROLLBACK on any error. */
export async function withTransaction<T>(pool: Pool, fn: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    settleCommitHooks(client, false);
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    settleCommitHooks(client, true);
    return result;
  } catch (error) {
    settleCommitHooks(client, false);
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      // A connection that cannot roll back must not return to the pool.
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
