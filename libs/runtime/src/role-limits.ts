// The runtime role's own limits, so that any session running as it (a console, a job, a pool
// configured elsewhere) has bounded statements and idle transactions too. The service's pool sets
// its configured values on each connection; these are the role's defaults underneath. Set per
// database: roles are cluster-wide, and databases migrating at once must not update one row.
// As the runtime role itself (SET LOCAL ROLE, for this migration's transaction): a login role
// without CREATEROLE (deploy/postgres/roles.sql) may only change its own defaults, so the login
// role's ALTER ROLE of its runtime role was refused ("permission denied") outside the tests' superuser.
// RESET ROLE before the migration is recorded (the runtime role cannot write <schema>.migrations).
import type { Migration } from '@jiandu/event-store';

export const runtimeMigrations: Migration[] = [
  {
    id: 'runtime-002-role-timeouts',
    sql: `
SET LOCAL ROLE "{{appRole}}";
DO $$
BEGIN
  EXECUTE format('ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L', '{{appRole}}', current_database(), '10s');
  EXECUTE format('ALTER ROLE %I IN DATABASE %I SET idle_in_transaction_session_timeout = %L', '{{appRole}}', current_database(), '15s');
  EXECUTE format('ALTER ROLE %I IN DATABASE %I SET lock_timeout = %L', '{{appRole}}', current_database(), '10s');
END $$;
RESET ROLE;
`,
  },
];
