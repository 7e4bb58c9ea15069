// The clocks table, added to each service's own migrations beside its event store.
import type { Migration } from '@jiandu/event-store';

export const deadlinesMigrations: Migration[] = [
  {
    id: 'deadlines-001-clocks',
    sql: `
      CREATE TABLE {{schema}}.clocks (
        id                    text PRIMARY KEY,
        measures              text NOT NULL,
        rule                  text NOT NULL,
        limit_amount          integer NOT NULL CHECK (limit_amount >= 0),
        limit_unit            text NOT NULL CHECK (limit_unit IN ('working-days', 'calendar-days', 'months')),
        subject               text NOT NULL,           -- the stream / aggregate the clock belongs to
        office                text,                    -- need-to-know filtering
        unit_id               text,
        started_on            date NOT NULL,
        due_on                date NOT NULL,
        provisional           boolean NOT NULL,
        warnings              jsonb NOT NULL DEFAULT '[]',
        state                 text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'met', 'breached')),
        stopped_on            date,                    -- when the measured act happened
        met_on                date,
        breached_on           date,
        approaching_since     date,
        approaching_raised_at timestamptz,
        breached_raised_at    timestamptz,
        stream_version        integer NOT NULL DEFAULT 0, -- head of clock-<id>: the watcher's append guard
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX clocks_watch ON {{schema}}.clocks (state, due_on);
      CREATE INDEX clocks_listing ON {{schema}}.clocks (office, state);`,
  },
];
