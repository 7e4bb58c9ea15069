// The NATS fuzzer (issue 14): every subject a service serves, on the whole system.
// - RPC: every `jiandu.cmd.…`/`jiandu.qry.…` subject the OpenAPI document names (the gateway's
//   routes) gets bytes that are not JSON, JSON that is not a request, requests with a missing or
//   ill-typed caller, hostile payloads and an oversized one. A request that can be answered is
//   answered with a refusal ({ ok: false, error: { code, status 4xx, message: { zh, en } } });
//   none is served, no event is appended, and every process keeps running and healthy.
// - Events: every durable consumer (listed from JetStream itself) gets, on the subjects it
//   filters, a message that is not JSON, an envelope that is not one, one whose data breaks the
//   contract, one whose version is not the subject's, and an oversized one. Each is parked in its
//   service's dead_letters (never dropped: the row names the consumer and the stream sequence),
//   and the process keeps running. A message of an unknown version on a subject no consumer takes
//   stays in the stream.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type ConsumerInfo, type JetStreamClient } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { eventually } from '@jiandu/testing';
import { hostileString, hostileValue, serialize } from '../src/fuzz.js';
import { startSystem, type System } from '../src/system.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1);
const TIMEOUT = Math.max(180_000, RUNS * 60_000);

let sys: System;
/** Stopped after the suite even when it came up after a hook's timeout. */
let starting: Promise<System> | undefined;
let nc: NatsConnection;
let js: JetStreamClient;
let rpcSubjects: string[];
let consumers: ConsumerInfo[];

beforeAll(async () => {
  starting = startSystem({ LOG_LEVEL: 'info' }, { review: true, analytics: true, publicity: true });
  sys = await starting;
  nc = await connect({ servers: sys.natsUrl, timeout: 5_000 });
  js = jetstream(nc);
  const doc = (await (await fetch(`${sys.baseUrl}/api/docs-json`)).json()) as {
    paths: Record<string, Record<string, { description?: string }>>;
  };
  const subjects = new Set<string>();
  for (const methods of Object.values(doc.paths))
    for (const op of Object.values(methods)) {
      const subject = /Forwarded to NATS subject `([^`]+)`/.exec(op.description ?? '')?.[1];
      if (subject) subjects.add(`${sys.namespace}.${subject}`);
    }
  rpcSubjects = [...subjects].sort();
  const jsm = await jetstreamManager(nc);
  consumers = [];
  for await (const info of jsm.consumers.list(sys.stream)) consumers.push(info);
}, 300_000);
afterAll(async () => {
  await nc?.close();
  await (await starting?.catch(() => undefined))?.stop();
}, 120_000);

const pool = () => sys.db.pool();

async function schemasWith(table: string): Promise<string[]> {
  const { rows } = await pool().query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = $1 ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.schema);
}

async function eventCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const schema of await schemasWith('events'))
    counts[schema] = (await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0]!.n;
  return counts;
}

async function allHealthy(): Promise<void> {
  expect(sys.exited()).toEqual([]);
  for (const name of ['petitions', 'case-management', 'supervision', 'review', 'analytics', 'publicity', 'gateway'] as const)
    expect({ name, status: (await sys.health(name)).status }).toEqual({ name, status: 200 });
}

const encoder = new TextEncoder();
const OVERSIZED = 900 * 1024; // under NATS's 1 MB max_payload, far over anything a service takes

const actor = { sub: 'u-fuzz', name: '模糊测试', office: 'petition-office', roles: ['staff'], zones: ['z1'] };

/** What is sent on an RPC subject: raw bytes, or a Nest packet around a request. */
const rpcMessage = (subject: string): fc.Arbitrary<{ label: string; data: Uint8Array; answerable: boolean }> => {
  const packet = (data: unknown) => ({ pattern: subject.slice(sys.namespace.length + 1), id: randomUUID(), data });
  const json = (label: string, value: unknown, answerable: boolean) => ({
    label,
    data: encoder.encode(serialize(value)),
    answerable,
  });
  return fc.oneof(
    fc.constantFrom(
      { label: 'not JSON', data: encoder.encode('not json {'), answerable: false },
      { label: 'empty', data: new Uint8Array(), answerable: false },
      { label: 'invalid UTF-8', data: new Uint8Array([0xff, 0xfe, 0xed, 0xa0, 0x80]), answerable: false },
      json('JSON null', null, false),
      json('a JSON array', [1, 2], false),
      json('a packet without data', { pattern: 'x', id: randomUUID() }, true),
    ),
    fc.constantFrom(
      json('no actor', packet({ correlationId: 'c', payload: {} }), true),
      json(
        'an ill-typed actor',
        packet({ actor: { ...actor, roles: 'leader', office: 7 }, correlationId: 'c', payload: {} }),
        true,
      ),
      json('an unknown office', packet({ actor: { ...actor, office: 'root' }, correlationId: 'c', payload: {} }), true),
      json('a null request', packet(null), true),
    ),
    // Never a payload an operation takes: an unknown field (every schema is closed), or not an object.
    fc
      .oneof(
        hostileValue.map((value) => ({ fuzz: value })),
        hostileString,
        fc.constantFrom(0, true, [], [{}]),
      )
      .map((payload) => json('a hostile payload', packet({ actor, correlationId: 'c', payload }), true)),
    fc
      .constant(null)
      .map(() =>
        json('an oversized payload', packet({ actor, correlationId: 'c', payload: { summary: 'x'.repeat(OVERSIZED) } }), true),
      ),
  );
};

describe('the NATS fuzzer', () => {
  it('finds the RPC subjects in the document and the consumers in JetStream', () => {
    expect(rpcSubjects.length).toBeGreaterThan(50);
    expect(consumers.length).toBeGreaterThan(5);
  });

  it(
    'refuses malformed, ill-typed and oversized requests on every RPC subject, and serves none of them',
    async () => {
      const before = await eventCounts();
      const failures: string[] = [];
      for (const subject of rpcSubjects) {
        const details = await fc.check(
          fc.asyncProperty(rpcMessage(subject), async (message) => {
            let reply: unknown;
            try {
              // What cannot name a reply is given a short wait: a reply would be a bonus, none is expected.
              reply = (await nc.request(subject, message.data, { timeout: message.answerable ? 3_000 : 300 })).json();
            } catch (error) {
              // No answer: only for what cannot name a reply (not a request at all).
              if (message.answerable) throw new Error(`${message.label}: no answer (${String(error)})`, { cause: error });
              return;
            }
            // Nest's packet: { id, response | err, isDisposed }; the RPC reply is its response.
            const packet = reply as {
              response?: { ok?: boolean; error?: { code?: string; status?: number; message?: unknown } };
              err?: unknown;
            };
            const response = packet.response;
            if (packet.err !== undefined && packet.err !== null && response === undefined) return; // refused by Nest (no handler, bad packet)
            if (response?.ok !== false) throw new Error(`${message.label}: served ${JSON.stringify(reply).slice(0, 300)}`);
            const error = response.error;
            const bilingual =
              typeof (error?.message as { zh?: unknown })?.zh === 'string' &&
              typeof (error?.message as { en?: unknown })?.en === 'string';
            if (
              !error ||
              typeof error.code !== 'string' ||
              !bilingual ||
              !(Number(error.status) >= 400 && Number(error.status) < 500)
            )
              throw new Error(
                `${message.label}: refused without a 4xx and a zh/en message: ${JSON.stringify(error).slice(0, 300)}`,
              );
          }),
          { numRuns: RUNS * 3, endOnFailure: true },
        );
        if (details.failed)
          failures.push(`${subject} [seed ${details.seed}]: ${String((details.errorInstance as Error)?.message).slice(0, 500)}`);
      }
      expect(failures).toEqual([]);
      expect(await eventCounts()).toEqual(before);
      await allHealthy();
    },
    TIMEOUT,
  );

  it(
    'parks every malformed, invalid, wrong-version and oversized event in dead_letters, drops none, and keeps running',
    async () => {
      // Each consumer's own subjects (a wildcard filter gets a subject of its own service's).
      const sent: { seq: number; consumer: string; label: string }[] = [];
      const bySubject = new Map<string, string[]>();
      for (const info of consumers) {
        const filters = info.config.filter_subjects ?? (info.config.filter_subject ? [info.config.filter_subject] : []);
        for (const filter of filters) {
          const subject = filter.replace(/\.>$/, '.FuzzEvent.v1').replace(/\*/g, 'Fuzz');
          bySubject.set(subject, [...(bySubject.get(subject) ?? []), info.config.durable_name!]);
        }
      }
      for (const [subject, durables] of bySubject) {
        const parts = subject.slice(sys.namespace.length + 1).split('.'); // jiandu.evt.<service>.<Type>.v<n>
        const [service, type, v] = [parts[2], parts[3], Number((parts[4] ?? 'v1').slice(1))];
        const envelope = (over: Record<string, unknown>) => ({
          eventId: randomUUID(),
          type,
          version: v,
          occurredAt: new Date().toISOString(),
          actor: { sub: 'u-fuzz', name: '模糊测试', office: 'petition-office' },
          correlationId: `fz-${randomUUID()}`,
          service,
          streamId: `fuzz-${randomUUID()}`,
          streamVersion: 1,
          data: {},
          ...over,
        });
        const messages: [string, Uint8Array][] = [
          ['not JSON', encoder.encode('not json {')],
          ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0xed, 0xa0, 0x80])],
          ['not an envelope', encoder.encode(JSON.stringify({ hello: 'world' }))],
          ['data breaking the contract', encoder.encode(JSON.stringify(envelope({ data: { petitionId: 7, x: '\u0000' } })))],
          ['a version not the subject’s', encoder.encode(JSON.stringify(envelope({ version: 99 })))],
          ['a hostile envelope', encoder.encode(serialize(envelope({ data: fc.sample(hostileValue, 1)[0], actor: 'x' })))],
          ['oversized', encoder.encode(JSON.stringify(envelope({ data: { summary: 'x'.repeat(OVERSIZED) } })))],
        ];
        for (const [label, data] of messages) {
          const ack = await js.publish(subject, data, { msgID: randomUUID(), timeout: 10_000 });
          for (const consumer of durables) sent.push({ seq: ack.seq, consumer, label: `${subject} ${label}` });
        }
      }
      // A version no consumer takes stays in the stream (a newer consumer will read it).
      const unknown = `${sys.namespace}.jiandu.evt.petitions.PetitionTransferred.v99`;
      const kept = await js.publish(unknown, encoder.encode('{}'), { msgID: randomUUID(), timeout: 10_000 });

      const parked = async () => {
        const rows: { consumer: string; stream_seq: string }[] = [];
        for (const schema of await schemasWith('dead_letters'))
          rows.push(
            ...(
              await pool().query<{ consumer: string; stream_seq: string }>(
                `SELECT consumer, stream_seq FROM "${schema}".dead_letters`,
              )
            ).rows,
          );
        return new Set(rows.map((r) => `${r.consumer}#${r.stream_seq}`));
      };
      await eventually(
        async () => {
          const found = await parked();
          const missing = sent.filter((s) => !found.has(`${s.consumer}#${s.seq}`));
          if (missing.length > 0)
            throw new Error(
              `${missing.length} of ${sent.length} not parked, e.g. ${missing
                .slice(0, 3)
                .map((m) => `${m.consumer}: ${m.label}`)
                .join('; ')}`,
            );
          return true;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.getMessage(sys.stream, { seq: kept.seq }))?.subject).toBe(unknown);
      await allHealthy();
    },
    TIMEOUT,
  );
});
