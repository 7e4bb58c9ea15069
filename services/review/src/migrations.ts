// The review service's own tables beside its event store: the reviews list, the decided sanctions
// with their effect periods (the "in effect on a date" query reads them), and clocks. No personal
// name: the subject's reference and position only.
import { deadlinesMigrations } from '@jiandu/deadlines';
import type { Migration } from '@jiandu/event-store';

export const reviewMigrations: Migration[] = [
  ...deadlinesMigrations,
  {
    id: 'review-001-reviews',
    sql: `
      CREATE TABLE {{schema}}.reviews (
        id                 text PRIMARY KEY,
        clue_id            text NOT NULL,
        clue_number        text NOT NULL,
        unit_id            text NOT NULL,
        office             text NOT NULL,
        subject_ref        text NOT NULL,
        subject_position   text NOT NULL,
        escalated          boolean NOT NULL,
        status             text NOT NULL,
        round              integer NOT NULL,
        received_on        date NOT NULL,
        due_on             date,
        extended           boolean NOT NULL DEFAULT false,
        decided_on         date,
        findings           text NOT NULL,
        proposed_sanction  jsonb NOT NULL,
        sanction           jsonb,
        decided            jsonb,
        return_reason      text,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL
      );
      CREATE INDEX reviews_status ON {{schema}}.reviews (status, updated_at DESC);
      -- One row per decided sanction (party, governmental): its effect period, ended by the clock.
      CREATE TABLE {{schema}}.sanctions (
        case_id          text NOT NULL,
        side             text NOT NULL CHECK (side IN ('party', 'governmental')),
        kind             text NOT NULL,
        subject_ref      text NOT NULL,
        subject_position text NOT NULL,
        unit_id          text NOT NULL,
        effective_from   date NOT NULL,
        effective_until  date,
        rule             text NOT NULL,
        ended            boolean NOT NULL DEFAULT false,
        PRIMARY KEY (case_id, side)
      );
      CREATE INDEX sanctions_subject ON {{schema}}.sanctions (subject_ref);
      CREATE INDEX sanctions_running ON {{schema}}.sanctions (effective_until) WHERE NOT ended;`,
  },
  {
    // 普遍性问题 identified on a decided case, in order: [{ issueId, issue, identifiedOn }].
    id: 'review-002-common-issues',
    sql: `ALTER TABLE {{schema}}.reviews ADD COLUMN common_issues jsonb NOT NULL DEFAULT '[]'::jsonb;`,
  },
  {
    // The cadre the case's clue is linked to (issue 12, docs/adr/0018), so "in effect on a date" is
    // asked by the cadre's id as well as by the subject's reference. Backfilled from the stored
    // events where they carry it (the review's latest CaseReceivedForReview, the SanctionDecided v2);
    // null for a case whose clue was not linked at its transfer, or stored before.
    id: 'review-003-cadre-ids',
    sql: `
      ALTER TABLE {{schema}}.reviews ADD COLUMN cadre_id text;
      ALTER TABLE {{schema}}.sanctions ADD COLUMN cadre_id text;
      UPDATE {{schema}}.reviews r SET cadre_id = (
        SELECT e.data->>'cadreId' FROM {{schema}}.events e
         WHERE e.stream_id = 'review-' || r.id AND e.type = 'CaseReceivedForReview'
         ORDER BY e.version DESC LIMIT 1);
      UPDATE {{schema}}.sanctions s SET cadre_id = (
        SELECT e.data->>'cadreId' FROM {{schema}}.events e
         WHERE e.stream_id = 'review-' || s.case_id AND e.type = 'SanctionDecided'
         ORDER BY e.version DESC LIMIT 1);
      CREATE INDEX sanctions_cadre ON {{schema}}.sanctions (cadre_id) WHERE cadre_id IS NOT NULL;`,
  },
];
