// The runtime role: reads and appends events, never rewrites them.
import pg from 'pg';
import type { PoolConfig } from 'pg';
import { appendOnlyTables, readOnlyTables } from './store-migrations.js';

export function appRoleName(schema: string): string {
  return `${schema}_app`;
}

/**
 * A pool whose sessions start as the app role (startup option `-c role=...`): a connection that
 * cannot take the role fails instead of silently running as its login user.
 */
export function appRolePool(config: PoolConfig, appRole: string): pg.Pool {
  const options = [config.options, `-c role=${appRole}`].filter(Boolean).join(' ');
  return new pg.Pool({ ...config, options });
}

/** Idempotent: re-run after each batch of migrations so new service tables are covered. */
export function grantSql(schema: string, role: string): string {
  const restricted = [
    ...appendOnlyTables.map((table) => `REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.${table} FROM ${role};`),
    ...readOnlyTables.map((table) => `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${schema}.${table} FROM ${role};`),
  ];
  return [
    `GRANT USAGE ON SCHEMA ${schema} TO ${role};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role};`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role};`,
    ...restricted,
  ].join('\n');
}
