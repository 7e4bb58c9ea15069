import type { Pool, PoolClient } from 'pg';

/** Runs fn in one transaction on one pooled client: COMMIT on success, ROLLBACK on any error. */
export async function withTransaction<T>(pool: Pool, fn: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      // A connection that cannot roll back must not return to the pool.
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
