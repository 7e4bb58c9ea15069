// One fresh database per test file on the shared server.
import pg from 'pg';
import { uniqueName } from './names.js';

export interface TestDatabase {
  url: string;
  name: string;
  /** One pool per database, created on first use and closed by drop(). */
  pool(): pg.Pool;
  drop(): Promise<void>;
}

export const SHARED_POSTGRES_URL = process.env['JIANDU_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(prefix = 'test', serverUrl = SHARED_POSTGRES_URL): Promise<TestDatabase> {
  const name = uniqueName(prefix).slice(0, 63);
  // template0 never has connections, so concurrent CREATE DATABASE calls do not collide on it.
  await admin(serverUrl, `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let pool: pg.Pool | undefined;
  return {
    url: url.toString(),
    name,
    pool() {
      if (!pool) {
        pool = new pg.Pool({ connectionString: url.toString(), max: 5 });
        // Only idle clients emit here (a query's own failure rejects its promise): the drop's
        // FORCE may reach one that is still closing, which is no test's failure.
        pool.on('error', () => undefined);
      }
      return pool;
    },
    async drop() {
      await pool?.end();
      pool = undefined;
      await admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
