// Case management's own tables beside its event store: the yearly clue counters and the clue
// ledger (台账), both written in the same transaction as the events they follow.
import type { Migration } from '@jiandu/event-store';
import { registryMigrations } from './registry/registry.projection.js';

export const caseManagementMigrations: Migration[] = [
  {
    id: 'case-management-001-clue-register',
    sql: `
      -- Gap-free numbering: the row lock serialises registrations of one year until commit,
      -- and a rolled-back registration gives its number back.
      CREATE TABLE {{schema}}.clue_numbers (
        year int PRIMARY KEY,
        last int NOT NULL
      );
      CREATE TABLE {{schema}}.clue_ledger (
        clue_id              text PRIMARY KEY,
        number               text NOT NULL UNIQUE,
        status               text NOT NULL,
        source               text NOT NULL,
        source_ref           text NOT NULL,
        unit_id              text NOT NULL,
        zone_id              text NOT NULL,
        assigned_office      text,
        registered_at        timestamptz NOT NULL,
        disposition_deadline date,
        disposition          jsonb,
        updated_at           timestamptz NOT NULL,
        UNIQUE (source, source_ref)
      );
      CREATE INDEX clue_ledger_office ON {{schema}}.clue_ledger (assigned_office, registered_at);
      CREATE INDEX clue_ledger_status ON {{schema}}.clue_ledger (status, registered_at);
      CREATE INDEX clue_ledger_unit ON {{schema}}.clue_ledger (unit_id, registered_at);`,
  },
  ...registryMigrations,
];
