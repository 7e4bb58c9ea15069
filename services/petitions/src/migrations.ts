// The petitions service's own tables, beside its event store. The vault is the only place a
// reporter's identity exists, sealed; lookup codes are stored as hashes. The petition office's list
// and its repeat links are projections of the petitions' events (projections/), never the reporter.
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
  {
    // The petition office's own list: the accused's name is kept for proposing repeats (same accused,
    // same unit), the summary and content for its full-text search; never the reporter. Petitions
    // registered before this table are filled in from their events (their v1 PetitionRegistered
    // carried the particulars; the status is the one of their latest status event).
    id: 'petitions-002-petition-list',
    sql: `
      CREATE TABLE {{schema}}.petition_list (
        petition_id   text PRIMARY KEY,
        status        text NOT NULL,
        channel       text NOT NULL,
        real_name     boolean NOT NULL,
        categories    text[] NOT NULL,
        category      text,
        unit_id       text NOT NULL,
        accused_name  text NOT NULL,
        summary       text NOT NULL,
        content       text NOT NULL,
        registered_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      );
      CREATE INDEX petition_list_accused ON {{schema}}.petition_list (unit_id, accused_name);
      CREATE INDEX petition_list_registered ON {{schema}}.petition_list (registered_at, petition_id);
      CREATE TABLE {{schema}}.petition_repeats (
        petition_id text NOT NULL,
        earlier_id  text NOT NULL,
        state       text NOT NULL CHECK (state IN ('proposed', 'confirmed', 'rejected')),
        PRIMARY KEY (petition_id, earlier_id)
      );
      INSERT INTO {{schema}}.petition_list
        (petition_id, status, channel, real_name, categories, category, unit_id, accused_name, summary, content,
         registered_at, updated_at)
      SELECT r.data->>'petitionId', coalesce(last.status, 'received'), r.data->>'channel', (r.data->>'realName')::boolean,
             ARRAY['other'], r.data->>'category', r.data->'accused'->>'unitId', r.data->'accused'->>'name',
             r.data->>'summary', r.data->>'content', (r.metadata->>'occurredAt')::timestamptz,
             coalesce(last.at, (r.metadata->>'occurredAt')::timestamptz)
        FROM {{schema}}.events r
        LEFT JOIN LATERAL (
          SELECT CASE e.type WHEN 'PetitionAccepted' THEN 'accepted' WHEN 'PetitionNotAccepted' THEN 'not-accepted'
                   WHEN 'PetitionTransferred' THEN 'transferred' WHEN 'PetitionConcluded' THEN 'concluded'
                   WHEN 'FeedbackDelivered' THEN 'feedback-delivered' END AS status,
                 (e.metadata->>'occurredAt')::timestamptz AS at
            FROM {{schema}}.events e
           WHERE e.stream_id = r.stream_id
             AND e.type IN ('PetitionAccepted', 'PetitionNotAccepted', 'PetitionTransferred', 'PetitionConcluded', 'FeedbackDelivered')
           ORDER BY e.version DESC LIMIT 1
        ) last ON true
       WHERE r.type = 'PetitionRegistered' AND r.data ? 'accused'
      ON CONFLICT (petition_id) DO NOTHING;`,
  },
];
