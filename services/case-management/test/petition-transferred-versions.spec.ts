// PetitionTransferred and ClueRegistered were widened in a v2 (ADR 0012). Across the upgrade, with
// real PostgreSQL and NATS: a v1 transfer still in the stream is registered by the v1 consumer the
// service always had, a v2 one (category 60, position 150) by its own consumer, a clue whose
// ClueRegistered is stored as v1 still folds and takes commands, and new clues are written as v2.
// Since v4 (issue 12) no transfer names the accused on the stream: 案管 asks 信访室 for the name
// (`read-accused`, here a stand-in on real NATS) and keeps it in its private record, whatever the
// version it read; while 信访室 does not answer, the transfer waits, nak'd and redelivered.
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  caseManagementOperations as ops,
  caseManagementPublicEvents,
  encodeEnvelope,
  PetitionTransferredV1,
  PetitionTransferredV2,
  PetitionTransferredV3,
  petitionsPublicEvents,
  publishedVersions,
  toEnvelope,
  type EventContract,
  type PetitionTransferredV2 as Transferred,
} from '@jiandu/contracts';
import { withTransaction } from '@jiandu/event-store';
import { withNamespace } from '@jiandu/messaging';
import { startServiceHarness, type ServiceHarness } from '@jiandu/runtime';
import { createTestDatabase, eventually, uniqueName, type TestDatabase } from '@jiandu/testing';
import { clueStream, type ClueEvent } from '../src/domain/problem-clue.js';
import { caseManagementService } from '../src/main.js';
import { projectClueEvents } from '../src/projections/clue-ledger.projection.js';
import { PETITIONS_WAIT, petitionTransferredDurable, REGISTRAR } from '../src/reactors/on-petition-transferred.reactor.js';
import { startPetitionsStub, type PetitionsStub } from './petitions-stub.js';

const SCHEMA = 'case_management';
const clerk = { sub: 'u-cm', name: '案管室干部', office: 'case-management', roles: ['staff'], zones: [] };
const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };

let db: TestDatabase;
let nc: NatsConnection;
let env: Record<string, string>;
let namespace: string;
let cm: ServiceHarness | undefined;
let petitions: PetitionsStub;

const transfer = (petitionId: string, wide = false): Transferred => ({
  petitionId,
  accused: { name: '张三', position: wide ? '某'.repeat(150) : '主任', unitId: 'u-street' },
  category: wide ? '类'.repeat(60) : '违反中央八项规定精神',
  summary: '公款吃喝',
  channel: 'letter',
  realName: false,
  transferredAt: new Date().toISOString(),
});

/** Published as the petitions relay publishes it: its version's subject, its envelope, Nats-Msg-Id. */
async function publish<T>(contract: EventContract<T>, data: T & { petitionId: string }): Promise<void> {
  const eventId = randomUUID();
  const envelope = toEnvelope(contract, data, {
    eventId,
    occurredAt: new Date().toISOString(),
    actor: { sub: 'u-xfs', name: '信访室干部', office: 'petition-office' },
    correlationId: randomUUID(),
    streamId: `petition-${data.petitionId}`,
    streamVersion: 3,
  });
  await jetstream(nc).publish(withNamespace(namespace, contract.subject), encodeEnvelope(envelope), { msgID: eventId });
}

const registeredOf = async (petitionId: string) => {
  const { rows } = await db
    .pool()
    .query<{ schema_version: number; data: Record<string, unknown> }>(
      `SELECT schema_version, data FROM ${SCHEMA}.events WHERE type = 'ClueRegistered' AND data->>'sourceRef' = $1`,
      [petitionId],
    );
  return rows;
};
const subjectNamesOf = async (clueId: string) =>
  (
    await db
      .pool()
      .query<{ name: string }>(
        `SELECT data->>'name' AS name FROM ${SCHEMA}.events WHERE type = 'ClueSubjectRecorded' AND data->>'clueId' = $1`,
        [clueId],
      )
  ).rows.map((r) => r.name);
const handledBy = async (petitionId: string) =>
  (
    await db.pool().query<{ consumer: string }>(
      `SELECT i.consumer FROM ${SCHEMA}.inbox i JOIN ${SCHEMA}.events e ON e.metadata->>'causationId' = i.event_id
        WHERE e.type = 'ClueRegistered' AND e.data->>'sourceRef' = $1`,
      [petitionId],
    )
  ).rows.map((r) => r.consumer);

// A clue as the release before v2 wrote it: ClueRegistered stored as v1.
const legacyClueId = 'c-p-legacy';
const legacyClue: ClueEvent[] = [
  {
    type: 'ClueRegistered',
    data: {
      clueId: legacyClueId,
      number: 'XS-2026-900001',
      source: 'petition',
      sourceRef: 'p-legacy',
      unitId: 'u-street',
      zoneId: 'z1',
      accused: { name: '李四', position: '科长', unitId: 'u-street' },
      category: '其他',
      summary: '旧线索',
      registeredAt: '2026-09-01T02:00:00.000Z',
      // As v1 stored it: free text, no codes (evolve reads it as ['other']).
    } as unknown as Extract<ClueEvent, { type: 'ClueRegistered' }>['data'],
  },
  {
    type: 'ClueAssigned',
    data: {
      clueId: legacyClueId,
      number: 'XS-2026-900001',
      unitId: 'u-street',
      zoneId: 'z1',
      assignedOffice: 'supervision-office-1',
      dispositionDeadline: '2099-12-31',
    },
  },
];

beforeAll(async () => {
  db = await createTestDatabase('cm_versions');
  namespace = uniqueName('cm_versions');
  env = {
    DATABASE_URL: db.url,
    JIANDU_NAMESPACE: namespace,
    JIANDU_EVENT_STREAM: namespace.toUpperCase(),
    PETITIONS_RPC_TIMEOUT_MS: '500',
  };
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  petitions = await startPetitionsStub(namespace);
  for (const id of ['p-before', 'p-queued-v1', 'p-wide-v2', 'p-named-v3']) petitions.names.set(id, '张三');

  // Before the upgrade: the registry, a clue stored as v1, and the v1 consumer at its place in the stream.
  cm = await startServiceHarness(caseManagementService, env);
  expect((await cm.call(ops.registerZone, clerk, { id: 'z1', name: '第一协作区', office: 'supervision-office-1' })).ok).toBe(
    true,
  );
  expect(
    (await cm.call(ops.registerUnit, clerk, { id: 'u-street', name: '某街道办事处', zoneId: 'z1', staffCount: 120 })).ok,
  ).toBe(true);
  const { store } = cm.service.ctx;
  const metadata = {
    actor: { sub: 'u-cm', name: '案管室干部', office: 'case-management' },
    correlationId: randomUUID(),
    occurredAt: '2026-09-01T02:00:00.000Z',
  };
  await withTransaction(db.pool(), async (tx) => {
    await store.append(
      clueStream(legacyClueId),
      legacyClue.map((e) => ({ ...e, schemaVersion: 1, metadata })),
      'no-stream',
      tx,
    );
    await projectClueEvents(tx, SCHEMA, legacyClue, metadata.occurredAt);
  });
  await publish(PetitionTransferredV1, transfer('p-before'));
  await eventually(async () => (await registeredOf('p-before')).length === 1, { timeoutMs: 15_000 });
  await cm.stop();
  cm = undefined;

  // While the service is down: a v1 transfer stays queued, a v2 one arrives.
  await publish(PetitionTransferredV1, transfer('p-queued-v1'));
  await publish(PetitionTransferredV2, transfer('p-wide-v2', true));
  cm = await startServiceHarness(caseManagementService, env);
}, 60_000);

afterAll(async () => {
  await cm?.stop();
  await petitions?.close();
  await (await jetstreamManager(nc)).streams.delete(env.JIANDU_EVENT_STREAM!).catch(() => undefined);
  await nc?.close();
  await db?.drop();
});

describe('PetitionTransferred v1 and v2 across the upgrade', () => {
  it('registers the v1 transfer queued in the stream, through the v1 consumer the service always had', async () => {
    const [registered] = await eventually(
      async () => {
        const rows = await registeredOf('p-queued-v1');
        expect(rows).toHaveLength(1);
        return rows;
      },
      { timeoutMs: 15_000 },
    );
    expect(registered!.schema_version).toBe(caseManagementPublicEvents.ClueRegistered.version);
    expect(registered!.data).toMatchObject({
      category: '违反中央八项规定精神',
      accused: { subjectRef: registered!.data.clueId, position: '主任', unitId: 'u-street' },
    });
    // The name is the clue's private record, beside the public registration (issue 12).
    expect(JSON.stringify(registered!.data)).not.toContain('张三');
    const { rows: named } = await db
      .pool()
      .query(`SELECT data FROM ${SCHEMA}.events WHERE type = 'ClueSubjectRecorded' AND data->>'clueId' = $1`, [
        registered!.data.clueId,
      ]);
    expect(named).toEqual([{ data: { clueId: registered!.data.clueId, subjectRef: registered!.data.clueId, name: '张三' } }]);
    expect(await handledBy('p-queued-v1')).toEqual([petitionTransferredDurable(PetitionTransferredV1)]);
  });

  it('registers a v2 transfer with a 60-character category and a 150-character position, through its own consumer', async () => {
    const [registered] = await eventually(
      async () => {
        const rows = await registeredOf('p-wide-v2');
        expect(rows).toHaveLength(1);
        return rows;
      },
      { timeoutMs: 15_000 },
    );
    expect(registered!.schema_version).toBe(caseManagementPublicEvents.ClueRegistered.version);
    expect(registered!.data).toMatchObject({ category: '类'.repeat(60), accused: { position: '某'.repeat(150) } });
    expect(await handledBy('p-wide-v2')).toEqual([petitionTransferredDurable(PetitionTransferredV2)]);
    const { rows } = await db
      .pool()
      .query(`SELECT status, assigned_office FROM ${SCHEMA}.clue_ledger WHERE source_ref = 'p-wide-v2'`);
    expect(rows).toEqual([{ status: 'assigned', assigned_office: 'supervision-office-1' }]);
  });

  it('registers a named v3 transfer (before v4) with the name from 信访室, never the one on the stream', async () => {
    await publish(PetitionTransferredV3, {
      ...transfer('p-named-v3'),
      categories: ['other'],
      accused: { name: '王五', position: '主任', unitId: 'u-street' },
    });
    const [registered] = await eventually(
      async () => {
        const rows = await registeredOf('p-named-v3');
        expect(rows).toHaveLength(1);
        return rows;
      },
      { timeoutMs: 15_000 },
    );
    expect(await subjectNamesOf(registered!.data.clueId as string)).toEqual(['张三']);
    expect(await handledBy('p-named-v3')).toEqual([petitionTransferredDurable(PetitionTransferredV3)]);
  });

  it('asks 信访室 as the case-management service, and registers a transfer 信访室 did not answer at first once it does, without parking it', async () => {
    const latest = petitionsPublicEvents.PetitionTransferred;
    const { accused, ...facts } = transfer('p-late');
    await publish(latest, { ...facts, categories: ['other'], accused: { position: accused.position, unitId: accused.unitId } });
    await eventually(async () => petitions.calls.filter((c) => c.petitionId === 'p-late').length >= 1, { timeoutMs: 15_000 });
    // Not answered: nothing registered, nothing parked, asked again on redelivery.
    expect(await registeredOf('p-late')).toEqual([]);
    petitions.names.set('p-late', '赵六');
    const [registered] = await eventually(
      async () => {
        const rows = await registeredOf('p-late');
        expect(rows).toHaveLength(1);
        return rows;
      },
      { timeoutMs: 20_000 },
    );
    expect(JSON.stringify(registered!.data)).not.toContain('赵六');
    expect(await subjectNamesOf(registered!.data.clueId as string)).toEqual(['赵六']);
    const asked = petitions.calls.filter((c) => c.petitionId === 'p-late');
    expect(asked.length).toBeGreaterThanOrEqual(2);
    for (const call of asked) expect(call.actor).toMatchObject({ sub: REGISTRAR.sub, office: 'case-management' });
    expect(await handledBy('p-late')).toEqual([petitionTransferredDurable(latest)]);
  });

  it('keeps the v1 consumer as it was (same durable, same filter) and registers nothing twice, parks nothing', async () => {
    const jsm = await jetstreamManager(nc);
    const v1 = await jsm.consumers.info(env.JIANDU_EVENT_STREAM!, 'case-management--petition-transferred');
    expect(v1.config.filter_subject).toBe(withNamespace(namespace, 'jiandu.evt.petitions.PetitionTransferred.v1'));
    const v2 = await jsm.consumers.info(env.JIANDU_EVENT_STREAM!, 'case-management--petition-transferred-v2');
    expect(v2.config.filter_subject).toBe(withNamespace(namespace, 'jiandu.evt.petitions.PetitionTransferred.v2'));
    expect(await registeredOf('p-before')).toHaveLength(1);
    // A transfer 信访室 leaves unanswered waits for up to PETITIONS_WAIT's deliveries (about 7 days), not 8.
    expect([v1.config.max_deliver, v2.config.max_deliver]).toEqual([PETITIONS_WAIT.maxDeliver, PETITIONS_WAIT.maxDeliver]);
    const { rows } = await db.pool().query(`SELECT count(*)::int AS n FROM ${SCHEMA}.dead_letters`);
    expect(rows[0].n).toBe(0);
  });

  it('folds a clue whose ClueRegistered is stored as v1, and takes commands on it', async () => {
    const proposed = await cm!.call(ops.proposeDisposition, office1, {
      clueId: legacyClueId,
      kind: 'inquiry',
      reason: '问题具体',
    });
    expect(proposed).toMatchObject({ ok: true, value: { id: legacyClueId, status: 'disposition-proposed' } });
    const clue = await cm!.call(ops.getClue, office1, { clueId: legacyClueId });
    expect(clue).toMatchObject({
      ok: true,
      value: { id: legacyClueId, number: 'XS-2026-900001', status: 'disposition-proposed' },
    });
    const stored = await cm!.service.ctx.store.readStream(clueStream(legacyClueId));
    expect(stored.map((e) => [e.type, e.schemaVersion])).toEqual([
      ['ClueRegistered', 1],
      ['ClueAssigned', 1],
      ['DispositionProposed', 1],
    ]);
  });

  it('publishes the new ClueRegistered at the latest version, and never the old clue stored with the name', async () => {
    const jsm = await jetstreamManager(nc);
    const count = async (version: number) => {
      const info = await jsm.streams.info(env.JIANDU_EVENT_STREAM!, {
        subjects_filter: withNamespace(namespace, `jiandu.evt.case-management.ClueRegistered.v${version}`),
      });
      return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
    };
    // The relay publishes a listed type only at a version its registry knows (ADR 0016): the
    // service registers only the latest of its own, so a registration stored before it (named) stays.
    const latest = caseManagementPublicEvents.ClueRegistered.version;
    await eventually(async () => (await count(latest)) === 5, { timeoutMs: 15_000 });
    const earlier = publishedVersions(caseManagementPublicEvents.ClueRegistered).filter((c) => c.version < latest);
    expect(await Promise.all(earlier.map((c) => count(c.version)))).toEqual(earlier.map(() => 0));
  });
});
