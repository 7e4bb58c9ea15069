// Applies the store's and the service's migrations once each, under an advisory lock per schema.
import type { Pool, PoolClient } from 'pg';
import { appRoleName, grantSql } from './app-role.js';
import { storeMigrations } from './store-migrations.js';
import type { Migration } from './types.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _ (max 51)`);
  }
}

export function renderMigration(sql: string, schema: string): string {
  return sql.replaceAll('{{schema}}', schema).replaceAll('{{appRole}}', appRoleName(schema));
}

export function pendingMigrations(all: Migration[], applied: ReadonlySet<string>): Migration[] {
  const seen = new Set<string>();
  for (const migration of all) {
    if (seen.has(migration.id)) throw new Error(`duplicate migration id ${migration.id}`);
    seen.add(migration.id);
  }
  return all.filter((migration) => !applied.has(migration.id));
}

export async function migrate(pool: Pool, schema: string, serviceMigrations: Migration[] = []): Promise<string[]> {
  assertSchemaName(schema);
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('es:migrate'), hashtext($1))`, [schema]);
    try {
      return await migrateLocked(client, schema, serviceMigrations);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('es:migrate'), hashtext($1))`, [schema]);
    }
  } finally {
    client.release();
  }
}

async function migrateLocked(client: PoolClient, schema: string, serviceMigrations: Migration[]): Promise<string[]> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${schema}.migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const roleCreated = await ensureRole(client, appRoleName(schema));
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${schema}.migrations`);
  const pending = pendingMigrations([...storeMigrations, ...serviceMigrations], new Set(rows.map((row) => row.id)));
  for (const migration of pending) {
    await client.query('BEGIN');
    try {
      await client.query(renderMigration(migration.sql, schema));
      await client.query(`INSERT INTO ${schema}.migrations (id) VALUES ($1)`, [migration.id]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  if (pending.length > 0 || roleCreated) await client.query(grantSql(schema, appRoleName(schema)));
  return pending.map((migration) => migration.id);
}

// Roles are cluster-wide while the advisory lock is per database, so two databases may race here.
async function ensureRole(client: PoolClient, role: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (rowCount) return false;
  try {
    await client.query(`CREATE ROLE ${role} NOLOGIN`);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42710' || code === '23505') return true;
    throw error;
  }
}
