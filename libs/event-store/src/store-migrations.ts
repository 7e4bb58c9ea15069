// The store's own tables and append function. Applied before a service's migrations.
import type { Migration } from './types.js';

const events = `
CREATE TABLE {{schema}}.events (
  position       bigserial,
  stream_id      text        NOT NULL CHECK (stream_id <> ''),
  version        integer     NOT NULL CHECK (version > 0),
  event_id       uuid        NOT NULL UNIQUE,
  type           text        NOT NULL,
  schema_version integer     NOT NULL DEFAULT 1,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  txid           xid8        NOT NULL DEFAULT pg_current_xact_id(),
  prev_hash      bytea       NOT NULL,
  hash           bytea       NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  -- The commit-safe read order is also the row's identity: one index serves both, and each
  -- append maintains three indexes, not four.
  CONSTRAINT events_pkey PRIMARY KEY (txid, position),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);

CREATE TABLE {{schema}}.checkpoints (
  name       text        PRIMARY KEY,
  txid       xid8        NOT NULL,
  position   bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

// Batches and 'any' appends go through these functions, one call per append. A conflicting writer
// surfaces as a unique violation on (stream_id, version) or as JE409 from the head check.
const appendFunctions = `
CREATE FUNCTION {{schema}}.append_batch(
  p_stream text, p_expected integer, p_ids uuid[], p_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_prefixes text[],
  OUT next_version integer, OUT positions bigint[], OUT last_hash bytea)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_head integer;
  v_prev bytea;
  v_hash bytea;
  v_pos bigint;
BEGIN
  SELECT e.version, e.hash INTO v_head, v_prev
    FROM {{schema}}.events e WHERE e.stream_id = p_stream ORDER BY e.version DESC LIMIT 1;
  v_head := coalesce(v_head, 0);
  v_prev := coalesce(v_prev, '\\x'::bytea);
  IF p_expected >= 0 AND v_head <> p_expected THEN
    RAISE EXCEPTION 'stream %: expected version %, actual %', p_stream, p_expected, v_head
      USING ERRCODE = 'JE409', DETAIL = v_head::text;
  END IF;
  positions := '{}';
  FOR i IN 1 .. cardinality(p_ids) LOOP
    v_hash := sha256(convert_to(encode(v_prev, 'hex') || p_prefixes[i] || (v_head + i)::text || '}', 'UTF8'));
    INSERT INTO {{schema}}.events
      (stream_id, version, event_id, type, schema_version, data, metadata, prev_hash, hash)
    VALUES (p_stream, v_head + i, p_ids[i], p_types[i], p_schema_versions[i], p_data[i], p_metadata[i], v_prev, v_hash)
    RETURNING position INTO v_pos;
    positions := positions || v_pos;
    v_prev := v_hash;
  END LOOP;
  next_version := v_head + cardinality(p_ids);
  last_hash := v_prev;
END
$fn$;

-- 'any' retries a lost race: the unique check waited for the winner to commit, so in READ COMMITTED
-- the next attempt (a new statement, a new snapshot) reads the winner's head.
CREATE FUNCTION {{schema}}.append_any(
  p_stream text, p_ids uuid[], p_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_prefixes text[],
  OUT next_version integer, OUT positions bigint[], OUT last_hash bytea)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_constraint text;
BEGIN
  FOR attempt IN 1 .. 20 LOOP
    BEGIN
      SELECT b.next_version, b.positions, b.last_hash INTO next_version, positions, last_hash
        FROM {{schema}}.append_batch(p_stream, -1, p_ids, p_types, p_schema_versions, p_data, p_metadata, p_prefixes) b;
      RETURN;
    EXCEPTION WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
      IF v_constraint <> 'events_stream_version_key' OR attempt = 20 THEN RAISE; END IF;
    END;
  END LOOP;
END
$fn$;
`;

// The two CHECKs (stream_id <> '', version > 0) are dropped: PostgreSQL rebuilds and plans CHECK
// expressions at every executor start, i.e. once per append statement, which measured 5 to 8% of
// append throughput (docs/adr/0008-no-check-constraints-on-events.md). append() never writes such
// a row, and the verifier names one written around it ('empty stream id', 'version 0 follows 0').
const dropChecks = `
ALTER TABLE {{schema}}.events
  DROP CONSTRAINT IF EXISTS events_stream_id_check,
  DROP CONSTRAINT IF EXISTS events_version_check;
`;

// The seal over the whole log (seal.ts): append-only like the events it covers.
const seals = `
CREATE TABLE {{schema}}.seals (
  seal_no     bigint      PRIMARY KEY,
  to_txid     xid8        NOT NULL,
  to_position bigint      NOT NULL,
  events      integer     NOT NULL,
  prev_seal   bytea       NOT NULL,
  hash        bytea       NOT NULL,
  sealed_at   timestamptz NOT NULL DEFAULT now()
);
`;

export const storeMigrations: Migration[] = [
  { id: 'event-store/001-events', sql: events },
  { id: 'event-store/002-append-functions', sql: appendFunctions },
  { id: 'event-store/003-drop-row-checks', sql: dropChecks },
  { id: 'event-store/004-seals', sql: seals },
];

/** Tables the runtime role may only read and insert into. */
export const appendOnlyTables = ['events', 'seals'];
/** Tables the runtime role may only read. */
export const readOnlyTables = ['migrations'];
