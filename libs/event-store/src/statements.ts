// Every statement the store runs at runtime, named so each connection parses and plans it once.
import { EVENT_COLUMNS } from './recorded-event.js';

const INSERT_COLUMNS = 'stream_id, version, event_id, type, schema_version, data, metadata, prev_hash, hash';

export function storeStatements(schema: string) {
  const name = (statement: string) => `es:${schema}:${statement}`;
  return {
    // The caller knows the head: it chained the events onto it, so nothing comes back. Without
    // RETURNING the server runs the INSERT straight through instead of filling a tuple store for
    // the result (measured: about 8 µs of server CPU per append).
    insertOne: {
      name: name('insert-one'),
      text: `INSERT INTO ${schema}.events (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    },
    insert: {
      name: name('insert'),
      text: `INSERT INTO ${schema}.events (${INSERT_COLUMNS})
        SELECT $1, $2::integer + e.n::integer, e.id, e.type, e.sv, e.data, e.metadata, decode(e.prev, 'hex'), decode(e.hash, 'hex')
        FROM unnest($3::uuid[], $4::text[], $5::integer[], $6::jsonb[], $7::jsonb[], $8::text[], $9::text[])
          WITH ORDINALITY AS e(id, type, sv, data, metadata, prev, hash, n)`,
    },
    // The head is not known here: read it and hash in the same statement. Zero rows back means
    // the head is not the expected one.
    expectedOne: {
      name: name('append-one'),
      text: `INSERT INTO ${schema}.events (${INSERT_COLUMNS})
        SELECT $1, h.version + 1, $3, $4, $5, $6, $7, h.hash,
          sha256(convert_to(encode(h.hash, 'hex') || $8 || (h.version + 1)::text || '}', 'UTF8'))
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (SELECT e.version, e.hash FROM ${schema}.events e
          WHERE e.stream_id = $1 ORDER BY e.version DESC LIMIT 1) AS head ON true
        CROSS JOIN LATERAL (SELECT coalesce(head.version, 0) AS version, coalesce(head.hash, '\\x'::bytea) AS hash) AS h
        WHERE h.version = $2::integer
        RETURNING version, encode(hash, 'hex')`,
    },
    // Several events: append_batch reads the head, checks it (JE409) and hashes in SQL.
    expected: {
      name: name('append-batch'),
      text: `SELECT next_version, encode(last_hash, 'hex')
        FROM ${schema}.append_batch($1, $2, $3, $4, $5, $6, $7, $8)`,
    },
    any: {
      name: name('append-any'),
      text: `SELECT next_version, encode(last_hash, 'hex')
        FROM ${schema}.append_any($1, $2, $3, $4, $5, $6, $7)`,
    },
    head: {
      name: name('head'),
      text: `SELECT coalesce(max(version), 0) FROM ${schema}.events WHERE stream_id = $1`,
    },
    readStream: {
      name: name('read-stream'),
      text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e WHERE e.stream_id = $1 AND e.version >= $2 ORDER BY e.version`,
    },
    // Only transactions older than every running one: none of them can still commit a lower position.
    readAll: {
      name: name('read-all'),
      text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
        WHERE (e.txid, e.position) > ($1::xid8, $2::bigint) AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.txid, e.position LIMIT $3`,
    },
    loadCheckpoint: {
      name: name('load-checkpoint'),
      text: `SELECT txid::text, position::text FROM ${schema}.checkpoints WHERE name = $1`,
    },
    saveCheckpoint: {
      name: name('save-checkpoint'),
      text: `INSERT INTO ${schema}.checkpoints (name, txid, position) VALUES ($1, $2::xid8, $3)
        ON CONFLICT (name) DO UPDATE SET txid = excluded.txid, position = excluded.position, updated_at = now()`,
    },
  };
}
