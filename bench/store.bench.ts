// npm run bench:store — the event store against a bare one-row INSERT, side by side, in a
// temporary database on the local PostgreSQL. Prints a table; the last line is the 8-writer ratio.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { LOG_START, openEventStore } from '@jiandu/event-store';
import type { EventStore, NewEvent } from '@jiandu/event-store';

const ADMIN_URL = process.env['JIANDU_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PHASE_MS = Number(process.env['BENCH_PHASE_MS'] ?? 500);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 40); // one run's median of 12 moved by ±0.05 on node-svc
const CATCH_UP_EVENTS = 100_000;
// Another build of the store (its index.js, e.g. an earlier commit's libs/event-store compiled with
// SWC) measured in the same rounds as this one, for a before/after side by side.
const BASELINE = process.env['BENCH_BASELINE'];

interface Row {
  name: string;
  writers: number;
  ops: number;
  ms: number;
  eventsPerOp: number;
}

const metadata = {
  actor: { sub: 'u-0042', name: '李四', office: 'office-3', roles: ['case-officer'] },
  correlationId: '3f1c9a0e-6a4b-4f0e-9a51-5d6f7c8b9a01',
  occurredAt: '2025-03-01T09:30:00.000Z',
};
const data = {
  petitionId: 'P-2025-000123',
  channel: 'letter',
  summary: '关于某街道办事处工作作风问题的反映',
  unit: 'unit-17',
  zone: 'zone-2',
};
const newEvent = (): NewEvent => ({ type: 'PetitionRegistered', data, metadata });
// The raw baseline stores a document of the same size as an event's data plus metadata. It is
// passed as an object, so node-postgres serialises it for each INSERT (JSON.stringify), as an
// application inserting a row does; the store serialises each event it appends.
const rawDocument = { data, metadata, type: 'PetitionRegistered' };

/** Runs `writers` loops of `op` for PHASE_MS and counts completed operations. */
async function timed(name: string, writers: number, eventsPerOp: number, op: (writer: number) => Promise<void>): Promise<Row> {
  const deadline = Date.now() + PHASE_MS;
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      let count = 0;
      while (Date.now() < deadline) {
        await op(writer);
        count += 1;
      }
      return count;
    }),
  );
  return { name, writers, ops: counts.reduce((a, b) => a + b, 0), ms: performance.now() - started, eventsPerOp };
}

function appender(store: EventStore, label: string, eventsPerAppend: number, expected: 'exact' | 'any') {
  const versions = new Map<number, number>();
  const events = Array.from({ length: eventsPerAppend }, newEvent);
  return async (writer: number) => {
    const version = versions.get(writer) ?? 0;
    const streamId = `${label}-${writer}`;
    const result = await store.append(streamId, events, expected === 'any' ? 'any' : version);
    versions.set(writer, result.nextExpectedVersion);
  };
}

function rawInserter(pool: pg.Pool, schema: string) {
  const statement = { name: 'raw-insert', text: `INSERT INTO ${schema}.raw (doc) VALUES ($1)` };
  return async () => {
    await pool.query({ ...statement, values: [rawDocument] });
  };
}

const PERMUTATIONS = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
  [0, 2, 1],
  [2, 1, 0],
  [1, 0, 2],
];
const OTHER_ROUNDS = 10;

async function openBaseline(path: string, pool: pg.Pool, schema: string): Promise<EventStore> {
  const module = (await import(path)) as { openEventStore: typeof openEventStore };
  return module.openEventStore({ pool, schema });
}

/** A command as the runtime runs it: in a transaction, read the stream, append at its version. */
function commander(pool: pg.Pool, store: EventStore, label: string) {
  const counts = new Map<number, number>();
  return async (writer: number) => {
    const n = counts.get(writer) ?? 0;
    counts.set(writer, n + 1);
    const streamId = `${label}-${writer}-${Math.floor(n / 5)}`; // streams of 5 events
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const events = await store.readStream(streamId, 1, client);
      await store.append(streamId, [newEvent()], events.length, client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
}

async function fillLog(store: EventStore, atLeast: number): Promise<void> {
  const batch = Array.from({ length: 50 }, newEvent);
  let appended = 0;
  await Promise.all(
    Array.from({ length: 4 }, async (_, writer) => {
      let version = 0;
      while (appended < atLeast) {
        appended += batch.length;
        version = (await store.append(`fill-${writer}-${Math.floor(version / 500)}`, batch, 'any')).nextExpectedVersion;
      }
    }),
  );
}

async function catchUp(store: EventStore): Promise<Row> {
  const started = performance.now();
  let cursor = LOG_START;
  let events = 0;
  for (;;) {
    const page = await store.readAll(cursor, 2000);
    if (page.events.length === 0) break;
    events += page.events.length;
    cursor = page.cursor;
  }
  return {
    name: `catch-up readAll of ${events} events, batches of 2000`,
    writers: 1,
    ops: events,
    ms: performance.now() - started,
    eventsPerOp: 1,
  };
}

const readStreams = Array.from({ length: 200 }, (_, i) => `read-${i}`);

async function streamReads(store: EventStore, readers: number): Promise<Row> {
  return timed(`readStream of 20 events, ${readers} reader${readers > 1 ? 's' : ''}`, readers, 20, async () => {
    await store.readStream(readStreams[Math.floor(Math.random() * readStreams.length)]);
  });
}

function format(rows: Row[]): string {
  const header = ['workload', 'ops/s', 'events/s', 'mean ms/op'];
  const lines = rows.map((row) => {
    const perSecond = (row.ops / row.ms) * 1000;
    return [
      row.name,
      perSecond.toFixed(0),
      (perSecond * row.eventsPerOp).toFixed(0),
      ((row.ms / row.ops) * row.writers).toFixed(2),
    ];
  });
  const widths = header.map((_, i) => Math.max(header[i].length, ...lines.map((line) => line[i].length)));
  const render = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  return [
    render(header),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...lines.map(render),
  ].join('\n');
}

/** Sums alternating rounds, so load from other processes hits both sides alike. */
function merge(rows: Row[]): Row {
  return { ...rows[0], ops: rows.reduce((a, r) => a + r.ops, 0), ms: rows.reduce((a, r) => a + r.ms, 0) };
}

async function walPosition(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS bytes`);
  return Number(rows[0]!.bytes);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const database = `jiandu_es_bench_${suffix}`;
  const schema = `bench_${suffix}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  try {
    const store = await openEventStore({
      pool,
      schema,
      migrations: [{ id: 'bench/001-raw', sql: 'CREATE TABLE {{schema}}.raw (id bigserial PRIMARY KEY, doc jsonb NOT NULL)' }],
    });
    const raw = rawInserter(pool, schema);
    const baseline = BASELINE ? await openBaseline(BASELINE, pool, `${schema}_base`) : undefined;
    const rounds: Record<string, Row[]> = {};
    const record = (row: Row) => (rounds[row.name] ??= []).push(row);
    // Warm-up, not recorded: opens all pooled connections and prepares every statement on each,
    // so neither side pays connection setup or parsing inside a measured round.
    await timed('warm-up raw', 8, 1, raw);
    await timed('warm-up append', 8, 1, appender(store, 'warm', 1, 'exact'));
    if (baseline) await timed('warm-up baseline', 8, 1, appender(baseline, 'warm', 1, 'exact'));
    // As pgbench does: start the measured rounds right after a checkpoint, so one forced by the WAL
    // of earlier runs does not land in the middle of them.
    await admin.query('CHECKPOINT');
    const walBefore = await walPosition(admin);
    for (let round = 0; round < ROUNDS; round += 1) {
      // ABBA order: odd rounds run the append phase first, so whatever a phase leaves behind for
      // the next one (WAL flushing, autovacuum, dirty pages) falls on both sides equally.
      const pair = async (first: () => Promise<Row>, second: () => Promise<Row>) => {
        if (round % 2 === 0) {
          record(await first());
          record(await second());
        } else {
          const later = await second();
          record(await first());
          record(later);
        }
      };
      if (baseline) {
        // Three phases: every order in turn, so each side follows each other side equally often.
        for (const writers of [1, 8]) {
          const s = writers > 1 ? 's' : '';
          const phases = [
            () => timed(`raw INSERT, ${writers} writer${s}`, writers, 1, raw),
            () => timed(`append 1 event, ${writers} writer${s}`, writers, 1, appender(store, `a${writers}-${round}`, 1, 'exact')),
            () =>
              timed(
                `baseline append 1 event, ${writers} writer${s}`,
                writers,
                1,
                appender(baseline, `a${writers}-${round}`, 1, 'exact'),
              ),
          ];
          for (const i of PERMUTATIONS[round % PERMUTATIONS.length]!) record(await phases[i]!());
        }
        continue;
      }
      await pair(
        () => timed('raw INSERT, 1 writer', 1, 1, raw),
        () => timed('append 1 event, 1 writer', 1, 1, appender(store, `a1-${round}`, 1, 'exact')),
      );
      await pair(
        () => timed('raw INSERT, 8 writers', 8, 1, raw),
        () => timed('append 1 event, 8 writers', 8, 1, appender(store, `a8-${round}`, 1, 'exact')),
      );
    }
    const walBytes = (await walPosition(admin)) - walBefore;
    const others = async (side: EventStore, prefix: string, round: number) => {
      record(await timed(`${prefix}append 1 event 'any', 8 writers`, 8, 1, appender(side, 'any', 1, 'any')));
      record(await timed(`${prefix}append 5 events, 1 writer`, 1, 5, appender(side, `b1-${round}`, 5, 'exact')));
      record(await timed(`${prefix}append 5 events, 8 writers`, 8, 5, appender(side, `b8-${round}`, 5, 'exact')));
      record(
        await timed(
          `${prefix}append 1 event in a transaction after reading the stream, 8 writers`,
          8,
          1,
          commander(pool, side, `cmd-${round}`),
        ),
      );
    };
    for (let round = 0; round < (baseline ? OTHER_ROUNDS : 1); round += 1) {
      if (baseline && round % 2 === 1) await others(baseline, 'baseline ', round);
      await others(store, '', round);
      if (baseline && round % 2 === 0) await others(baseline, 'baseline ', round);
    }
    for (const streamId of readStreams) await store.append(streamId, Array.from({ length: 20 }, newEvent), 'no-stream');
    record(await streamReads(store, 1));
    record(await streamReads(store, 8));
    await fillLog(store, CATCH_UP_EVENTS);
    record(await catchUp(store));
    const rows = Object.values(rounds).map(merge);
    // Each round pairs an append phase with the raw phase right before it; the median of those
    // paired ratios resists bursts of load from other processes on a shared machine.
    const ratio = (append: string, raw: string) =>
      median(rounds[append].map((row, i) => row.ops / row.ms / (rounds[raw][i].ops / rounds[raw][i].ms)));
    const server = (await pool.query('SHOW server_version')).rows[0].server_version;
    console.log(
      `event store benchmark: ${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${server}, ` +
        `${ROUNDS} alternating rounds of ${PHASE_MS} ms for the append/raw rows (${(walBytes / 2 ** 20).toFixed(0)} MiB of WAL)\n`,
    );
    console.log(format(rows));
    console.log(
      `\nappend ratio vs raw insert (1 writer): ${ratio('append 1 event, 1 writer', 'raw INSERT, 1 writer').toFixed(2)}`,
    );
    if (process.env['BENCH_ROUNDS_DETAIL']) {
      const pairs = (a: string, r: string) =>
        rounds[a].map((row, i) => (row.ops / row.ms / (rounds[r][i].ops / rounds[r][i].ms)).toFixed(2)).join(' ');
      console.log(
        `per-round 8-writer ratios (even rounds raw first): ${pairs('append 1 event, 8 writers', 'raw INSERT, 8 writers')}`,
      );
      console.log(
        `per-round 1-writer ratios (even rounds raw first): ${pairs('append 1 event, 1 writer', 'raw INSERT, 1 writer')}`,
      );
    }
    console.log(
      `append ratio vs raw insert (8 writers): ${ratio('append 1 event, 8 writers', 'raw INSERT, 8 writers').toFixed(2)}`,
    );
    if (baseline) {
      for (const w of ['1 writer', '8 writers']) {
        console.log(
          `baseline ratio vs raw insert (${w}): ${ratio(`baseline append 1 event, ${w}`, `raw INSERT, ${w}`).toFixed(2)}; ` +
            `this store / baseline, median of paired rounds (${w}): ${ratio(`append 1 event, ${w}`, `baseline append 1 event, ${w}`).toFixed(3)}`,
        );
      }
      for (const name of [
        "append 1 event 'any', 8 writers",
        'append 5 events, 1 writer',
        'append 5 events, 8 writers',
        'append 1 event in a transaction after reading the stream, 8 writers',
      ]) {
        console.log(
          `this store / baseline, median of ${OTHER_ROUNDS} paired rounds (${name}): ${ratio(name, `baseline ${name}`).toFixed(3)}`,
        );
      }
    }
  } finally {
    pool.on('error', () => undefined); // closing clients may see the FORCE termination
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${schema}_app`);
    await admin.query(`DROP ROLE IF EXISTS ${schema}_base_app`);
    await admin.end();
  }
}

await main();
