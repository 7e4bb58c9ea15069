// Each spec file gets its own database (and role names unique to it), dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL = process.env['JIANDU_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TempDatabase {
  url: string;
  pool: pg.Pool;
  /** A schema name unique to this database, so its cluster-wide `<schema>_app` role is too. */
  schemaName(label: string): string;
  drop(): Promise<void>;
}

export async function createTempDatabase(poolSize = 12): Promise<TempDatabase> {
  const suffix = randomBytes(4).toString('hex');
  const name = `jiandu_es_${suffix}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolSize });
  const schemas: string[] = [];
  return {
    url: url.toString(),
    pool,
    schemaName(label) {
      const schema = `${label}_${suffix}`;
      schemas.push(schema);
      return schema;
    },
    async drop() {
      // A closing client may still see the FORCE termination; it is expected here.
      pool.on('error', () => undefined);
      await pool.end();
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        for (const schema of schemas) await client.query(`DROP ROLE IF EXISTS ${schema}_app`);
      } finally {
        await client.end();
      }
    },
  };
}

export function sampleMetadata(correlationId = 'corr-1') {
  return {
    actor: { sub: 'u-1', name: '张三', office: 'office-1' },
    correlationId,
    occurredAt: '2025-01-01T00:00:00.000Z',
  };
}
