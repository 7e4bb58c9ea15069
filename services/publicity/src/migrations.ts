// The publicity service's own tables beside its event store: the opinion requests (the candidates'
// names are 组宣部's own data, for its letter: never in a public event), the screening outbox (one
// row per request and screening office, written with OpinionRequested: an office that does not
// answer is asked again until it does, so a request is never lost), the 舆情 items, and clocks.
import { deadlinesMigrations } from '@jiandu/deadlines';
import type { Migration } from '@jiandu/event-store';

export const publicityMigrations: Migration[] = [
  ...deadlinesMigrations,
  {
    id: 'publicity-001-opinion-requests',
    sql: `
      CREATE TABLE {{schema}}.opinion_requests (
        id              text PRIMARY KEY,
        reference       text NOT NULL,
        purpose         text NOT NULL,
        on_date         date NOT NULL,
        status          text NOT NULL,
        candidate_count integer NOT NULL,
        received_on     date NOT NULL,
        due_on          date NOT NULL,
        replied_on      date,
        -- [{ cadreId, name, unitId, position, conclusion?, citations? }]
        candidates      jsonb NOT NULL,
        -- { <office>: { status, proposed, confirmed, submittedBy?, submittedAt? } }
        screenings      jsonb NOT NULL,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL
      );
      CREATE INDEX opinion_requests_status ON {{schema}}.opinion_requests (status, updated_at DESC);
      -- The screening outbox: what is still to be asked of an office, and when next.
      CREATE TABLE {{schema}}.screening_tasks (
        request_id      text NOT NULL,
        office          text NOT NULL,
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error      text,
        done_at         timestamptz,
        PRIMARY KEY (request_id, office)
      );
      CREATE INDEX screening_tasks_due ON {{schema}}.screening_tasks (next_attempt_at) WHERE done_at IS NULL;
      CREATE TABLE {{schema}}.public_opinion_items (
        id           text PRIMARY KEY,
        source       text NOT NULL,
        reference    text NOT NULL,
        summary      text NOT NULL,
        unit_id      text NOT NULL,
        status       text NOT NULL,
        collected_on date NOT NULL,
        assess_by    date NOT NULL,
        assessed_on  date,
        assessment   text,
        categories   text[],
        forwarded_on date,
        closed_on    date,
        close_reason text,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL
      );
      CREATE INDEX public_opinion_items_status ON {{schema}}.public_opinion_items (status, updated_at DESC);`,
  },
];
