// The supervision service's own tables beside its event store: the lists each office reads
// (kept in the same transaction as the events), what it learns from case-management, and clocks.
import { deadlinesMigrations } from '@jiandu/deadlines';
import type { Migration } from '@jiandu/event-store';

export const supervisionMigrations: Migration[] = [
  ...deadlinesMigrations,
  {
    id: 'supervision-001-records',
    sql: `
      -- One row per inquiry, verification, recommendation, rectification, oversight task or agency
      -- report: the office's lists (台账). No personal data: the subject's name stays in the events.
      CREATE TABLE {{schema}}.records (
        kind        text NOT NULL,
        id          text NOT NULL,
        status      text NOT NULL,
        office      text NOT NULL,
        unit_id     text,
        clue_id     text,
        clue_number text,
        due_on      date,
        facts       jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX records_office ON {{schema}}.records (kind, office, updated_at DESC);
      CREATE INDEX records_clue ON {{schema}}.records (clue_id);
      -- Clue subjects (name, position), learnt from ClueRegistered, to open inquiries without retyping.
      CREATE TABLE {{schema}}.clue_subjects (
        clue_id  text PRIMARY KEY,
        name     text NOT NULL,
        position text NOT NULL
      );
      -- Dispatched agencies learnt from case-management's zones: each owes a quarterly report.
      CREATE TABLE {{schema}}.agencies (
        office      text PRIMARY KEY,
        zone_id     text NOT NULL
      );`,
  },
  {
    id: 'supervision-002-units',
    sql: `
      -- The units (街道/单位) case-management registered, and their dated zone memberships, learnt
      -- from UnitRegistered and UnitAssignedToZone: a recommendation, a rectification or a
      -- political-ecology analysis is only for a unit that exists and lies in the caller's zones.
      CREATE TABLE {{schema}}.units (
        unit_id text PRIMARY KEY
      );
      CREATE TABLE {{schema}}.unit_zones (
        unit_id        text NOT NULL,
        zone_id        text NOT NULL,
        effective_from date NOT NULL,
        PRIMARY KEY (unit_id, effective_from)
      );`,
  },
  {
    id: 'supervision-003-clue-subject-refs',
    sql: `
      -- ClueRegistered v4 names no one (issue 12): a clue's subject is its reference and position;
      -- the name is case-management's (need to know). Names learnt from earlier versions are dropped.
      ALTER TABLE {{schema}}.clue_subjects ADD COLUMN subject_ref text;
      UPDATE {{schema}}.clue_subjects SET subject_ref = clue_id, name = NULL;
      ALTER TABLE {{schema}}.clue_subjects ALTER COLUMN subject_ref SET NOT NULL;
      ALTER TABLE {{schema}}.clue_subjects DROP COLUMN name;`,
  },
  {
    id: 'supervision-004-clue-cadres',
    sql: `
      -- The cadre a clue is linked to, learnt from case-management's public ClueLinkedToCadre (issue 12):
      -- ids and the day only. A clue is linked once; the link may arrive before the clue's registration.
      CREATE TABLE {{schema}}.clue_cadres (
        clue_id   text PRIMARY KEY,
        cadre_id  text NOT NULL,
        linked_on date NOT NULL
      );`,
  },
];
