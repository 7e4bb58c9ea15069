// The petitions service's own tables, beside its event store. The vault is the only place a
// reporter's identity exists, sealed; lookup codes are stored as hashes.
import type { Migration } from '@jiandu/event-store';

export const petitionsMigrations: Migration[] = [
  {
    id: 'petitions-001-vault',
    sql: `
      CREATE TABLE {{schema}}.reporter_vault (
        reporter_ref text PRIMARY KEY,
        petition_id  text NOT NULL UNIQUE,
        wrapped_key  bytea,          -- NULL once shredded: the identity is then unreadable everywhere
        payload      bytea NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        shredded_at  timestamptz
      );
      CREATE TABLE {{schema}}.lookup_codes (
        code_hash   text PRIMARY KEY,
        petition_id text NOT NULL UNIQUE
      );`,
  },
];
