// The PostgreSQL EventStore: one schema per service, prepared statements, one round trip per append.
import type { Pool, PoolClient } from 'pg';
import { appendError, appendParams } from './append.js';
import { appRoleName } from './app-role.js';
import { migrate } from './migrate.js';
import { EVENT_COLUMNS, toRecordedEvent } from './recorded-event.js';
import type { EventRow } from './recorded-event.js';
import { LOG_START } from './types.js';
import type { EventStore, LogCursor, StoreOptions } from './types.js';
import { verifyLog } from './verify.js';

export interface PostgresEventStore extends EventStore {
  /** NOLOGIN role with SELECT+INSERT on events; run the service's runtime pool as it. */
  readonly appRole: string;
  /** Migration ids applied by this call (empty when another instance already applied them). */
  readonly applied: string[];
}

/**
 * Creates the schema, applies the store's migrations then opts.migrations, and returns the store.
 * Reads and appends use opts.pool unless `runtimePool` is given (e.g. a pool running as appRole).
 */
export async function openEventStore(opts: StoreOptions & { runtimePool?: Pool }): Promise<PostgresEventStore> {
  const applied = await migrate(opts.pool, opts.schema, opts.migrations);
  return createEventStore(opts.runtimePool ?? opts.pool, opts.schema, applied);
}

function createEventStore(pool: Pool, schema: string, applied: string[]): PostgresEventStore {
  const statements = preparedStatements(schema);
  const run = (tx?: PoolClient) => tx ?? pool;
  return {
    schema,
    appRole: appRoleName(schema),
    applied,

    async append(streamId, events, expected, tx) {
      const values = appendParams(streamId, events, expected);
      try {
        const { rows } = await run(tx).query<[number, string[]]>({ ...statements.append, values, rowMode: 'array' });
        const [nextExpectedVersion, positions] = rows[0];
        return { nextExpectedVersion, positions: positions.map(BigInt) };
      } catch (error) {
        throw appendError(error, streamId, expected);
      }
    },

    async readStream(streamId, fromVersion = 1) {
      const { rows } = await pool.query<EventRow>({ ...statements.readStream, values: [streamId, fromVersion], rowMode: 'array' });
      return rows.map(toRecordedEvent);
    },

    async readAll(after, limit) {
      const values = [after.txid.toString(), after.position.toString(), limit];
      const { rows } = await pool.query<EventRow>({ ...statements.readAll, values, rowMode: 'array' });
      const events = rows.map(toRecordedEvent);
      const last = events[events.length - 1];
      return { events, cursor: last ? { txid: last.txid, position: last.position } : after };
    },

    async loadCheckpoint(name, tx) {
      const { rows } = await run(tx).query<[string, string]>({ ...statements.loadCheckpoint, values: [name], rowMode: 'array' });
      return rows[0] ? { txid: BigInt(rows[0][0]), position: BigInt(rows[0][1]) } : LOG_START;
    },

    async saveCheckpoint(name: string, cursor: LogCursor, tx: PoolClient) {
      await tx.query({ ...statements.saveCheckpoint, values: [name, cursor.txid.toString(), cursor.position.toString()] });
    },

    verify(streamId) {
      return verifyLog(pool, schema, streamId);
    },
  };
}

// Named statements are parsed and planned once per connection.
function preparedStatements(schema: string) {
  const name = (statement: string) => `es:${schema}:${statement}`;
  return {
    append: {
      name: name('append'),
      text: `SELECT next_version, positions::text[] FROM ${schema}.append_events($1, $2, $3, $4, $5, $6, $7, $8)`,
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
