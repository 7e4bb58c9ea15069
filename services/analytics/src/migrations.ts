// The analytics service's own tables (schema `analytics`): the temporal ledger rows every ledger and
// the clock board are read from, and the registry facts (units, zones) it learns from the public
// events. No personal name is ever written here: the projections copy codes, ids, dates and counts.
import type { Migration } from '@jiandu/event-store';

export const analyticsMigrations: Migration[] = [
  {
    id: 'analytics-001-ledger-rows',
    sql: `
      -- One version of one item of one ledger (台账) per row (ADR 0013): the version that held from
      -- valid_from (the occurredAt of the event that made it) until valid_to (the next event's), or
      -- that holds now (valid_to NULL). The typed columns are the filters and sort keys; row is the
      -- item as the API shows it.
      CREATE TABLE {{schema}}.ledger_rows (
        ledger     text        NOT NULL,
        item_id    text        NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to   timestamptz,
        state      text        NOT NULL,
        unit_id    text,
        zone_id    text,
        office     text,
        category   text,
        source     text,
        kind       text,
        opened_at  timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        due_on     date,
        closed_on  date,
        row        jsonb       NOT NULL,
        PRIMARY KEY (ledger, item_id, valid_from)
      );
      CREATE UNIQUE INDEX ledger_rows_current ON {{schema}}.ledger_rows (ledger, item_id) WHERE valid_to IS NULL;
      CREATE INDEX ledger_rows_current_opened ON {{schema}}.ledger_rows (ledger, opened_at) WHERE valid_to IS NULL;
      CREATE INDEX ledger_rows_as_of ON {{schema}}.ledger_rows (ledger, valid_from, valid_to);
      -- The units (organisations, never people) and their dated zones, and the zones' offices.
      CREATE TABLE {{schema}}.units (
        unit_id     text PRIMARY KEY,
        name        text NOT NULL,
        staff_count integer NOT NULL
      );
      CREATE TABLE {{schema}}.unit_zones (
        unit_id        text NOT NULL,
        zone_id        text NOT NULL,
        effective_from date NOT NULL,
        PRIMARY KEY (unit_id, effective_from)
      );
      CREATE TABLE {{schema}}.zones (
        zone_id text PRIMARY KEY,
        name    text NOT NULL,
        office  text NOT NULL
      );`,
  },
];
