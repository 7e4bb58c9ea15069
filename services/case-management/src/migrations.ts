// Case management's own tables beside its event store: the yearly clue counters and the clue
// ledger (台账), both written in the same transaction as the events they follow.
import type { Migration } from '@jiandu/event-store';

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
  // The registry, kept with the events of each zone's and unit's own stream (projections/registry.projection.ts);
  // on an upgrade, built from the former district-wide 'registry' stream.
  {
    id: 'case-management-002-registry-tables',
    sql: `
      -- version: the version of the zone's or unit's own stream (0: it has none yet, e.g. a unit
      -- registered in the former district-wide 'registry' stream). seq keeps registration order.
      CREATE TABLE {{schema}}.registry_zones (
        zone_id text PRIMARY KEY,
        name    text NOT NULL,
        office  text NOT NULL,
        version int  NOT NULL,
        seq     bigserial
      );
      CREATE TABLE {{schema}}.registry_units (
        unit_id     text PRIMARY KEY,
        name        text NOT NULL,
        staff_count int  NOT NULL,
        version     int  NOT NULL,
        seq         bigserial
      );
      CREATE TABLE {{schema}}.registry_memberships (
        unit_id        text NOT NULL REFERENCES {{schema}}.registry_units (unit_id),
        zone_id        text NOT NULL,
        effective_from text NOT NULL,
        seq            bigserial,
        PRIMARY KEY (unit_id, seq)
      );
      -- What the district-wide stream held, in its order.
      INSERT INTO {{schema}}.registry_zones (zone_id, name, office, version)
        SELECT data->>'zoneId', data->>'name', data->>'office', 0 FROM {{schema}}.events
         WHERE stream_id = 'registry' AND type = 'ZoneRegistered' ORDER BY version;
      INSERT INTO {{schema}}.registry_units (unit_id, name, staff_count, version)
        SELECT data->>'unitId', data->>'name', (data->>'staffCount')::int, 0 FROM {{schema}}.events
         WHERE stream_id = 'registry' AND type = 'UnitRegistered' ORDER BY version;
      INSERT INTO {{schema}}.registry_memberships (unit_id, zone_id, effective_from)
        SELECT data->>'unitId', data->>'zoneId', data->>'effectiveFrom' FROM {{schema}}.events
         WHERE stream_id = 'registry' AND type = 'UnitAssignedToZone' ORDER BY version;`,
  },
  // Clues from every source, with coded categories (issue 10); 定期清理 rounds and their items.
  {
    id: 'case-management-003-clue-sources-categories-clearance',
    sql: `
      ALTER TABLE {{schema}}.clue_ledger ADD COLUMN categories text[] NOT NULL DEFAULT '{other}';
      ALTER TABLE {{schema}}.clue_ledger ADD COLUMN category text;
      -- The free text of the clues registered before the codes, as their ClueRegistered says.
      UPDATE {{schema}}.clue_ledger l SET category = e.data->>'category'
        FROM {{schema}}.events e
       WHERE e.stream_id = 'clue-' || l.clue_id AND e.type = 'ClueRegistered';
      -- A petition makes one clue; one 巡察 report or audit may make several.
      ALTER TABLE {{schema}}.clue_ledger DROP CONSTRAINT clue_ledger_source_source_ref_key;
      CREATE UNIQUE INDEX clue_ledger_petition ON {{schema}}.clue_ledger (source_ref) WHERE source = 'petition';
      CREATE INDEX clue_ledger_zone ON {{schema}}.clue_ledger (zone_id, registered_at);
      CREATE INDEX clue_ledger_categories ON {{schema}}.clue_ledger USING gin (categories);

      CREATE TABLE {{schema}}.clearance_rounds (
        round_id   text PRIMARY KEY,
        year       int NOT NULL,
        quarter    int NOT NULL,
        status     text NOT NULL,
        opened_at  timestamptz NOT NULL,
        due_on     date NOT NULL,
        closed_at  timestamptz
      );
      CREATE TABLE {{schema}}.clearance_items (
        round_id    text NOT NULL REFERENCES {{schema}}.clearance_rounds (round_id),
        clue_id     text NOT NULL,
        number      text NOT NULL,
        office      text NOT NULL,
        reason      text NOT NULL,
        review      jsonb,
        seq         int NOT NULL,
        PRIMARY KEY (round_id, clue_id)
      );
      CREATE INDEX clearance_items_office ON {{schema}}.clearance_items (office, round_id);`,
  },
  // Clues a 派驻机构 or a 纪检监察室 submitted, for 案管 to register or decline (issue 10).
  {
    id: 'case-management-004-clue-submissions',
    sql: `
      CREATE TABLE {{schema}}.clue_submissions (
        submission_id  text PRIMARY KEY,
        office         text NOT NULL,
        status         text NOT NULL,
        source         text NOT NULL,
        reference      text NOT NULL,
        unit_id        text NOT NULL,
        categories     text[] NOT NULL,
        category       text,
        summary        text NOT NULL,
        accused        jsonb NOT NULL,
        submitted_at   timestamptz NOT NULL,
        clue_id        text,
        decline_reason text,
        updated_at     timestamptz NOT NULL
      );
      CREATE INDEX clue_submissions_office ON {{schema}}.clue_submissions (office, submitted_at);
      CREATE INDEX clue_submissions_status ON {{schema}}.clue_submissions (status, submitted_at);`,
  },
  // Integrity files (廉政档案, issue 12): the cadres (the name and the staff accounts for 回避 stay
  // here), the entries appended from events, the clues linked to a cadre, the entries waiting for a
  // clue's link, and the access requests with their reads.
  {
    id: 'case-management-005-integrity-files',
    sql: `
      CREATE TABLE {{schema}}.cadres (
        cadre_id      text PRIMARY KEY,
        name          text NOT NULL,
        unit_id       text NOT NULL,
        position      text NOT NULL,
        level         text NOT NULL,
        staff_sub     text,
        relative_subs text[] NOT NULL,
        file_status   text NOT NULL,
        opened_on     date NOT NULL,
        due_on        date NOT NULL,
        completed_on  date,
        entry_count   int NOT NULL DEFAULT 0,
        registered_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      );
      CREATE INDEX cadres_unit ON {{schema}}.cadres (unit_id);
      CREATE TABLE {{schema}}.integrity_entries (
        entry_id        text PRIMARY KEY,
        cadre_id        text NOT NULL REFERENCES {{schema}}.cadres (cadre_id),
        seq             int NOT NULL,
        source_event_id text NOT NULL,
        entry           jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL,
        UNIQUE (cadre_id, seq),
        UNIQUE (cadre_id, source_event_id)
      );
      -- A clue's subject is a cadre once linked; one cadre per clue.
      CREATE TABLE {{schema}}.cadre_clues (
        clue_id   text PRIMARY KEY,
        cadre_id  text NOT NULL REFERENCES {{schema}}.cadres (cadre_id),
        linked_at timestamptz NOT NULL
      );
      -- An event about a clue whose subject is no registered cadre yet: appended when the clue is linked.
      CREATE TABLE {{schema}}.integrity_pending (
        source_event_id text PRIMARY KEY,
        clue_id         text NOT NULL,
        entry           jsonb NOT NULL,
        received_at     timestamptz NOT NULL
      );
      CREATE INDEX integrity_pending_clue ON {{schema}}.integrity_pending (clue_id, received_at);
      CREATE TABLE {{schema}}.integrity_access_requests (
        request_id       text PRIMARY KEY,
        cadre_id         text NOT NULL,
        requester_sub    text NOT NULL,
        requester_office text NOT NULL,
        reason           text NOT NULL,
        status           text NOT NULL,
        requested_at     timestamptz NOT NULL,
        decided_at       timestamptz,
        reads            int NOT NULL DEFAULT 0,
        refusals         int NOT NULL DEFAULT 0,
        last_read_at     timestamptz
      );
      CREATE INDEX integrity_access_requests_cadre ON {{schema}}.integrity_access_requests (cadre_id, requested_at);`,
  },
  // The entries waiting for a clue's link keep their order of arrival.
  {
    id: 'case-management-006-integrity-pending-order',
    sql: `ALTER TABLE {{schema}}.integrity_pending ADD COLUMN seq bigserial;`,
  },
];
