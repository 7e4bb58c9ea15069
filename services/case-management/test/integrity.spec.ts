// Integrity files (廉政档案) against a real PostgreSQL: the handlers in the transactions the RPC server
// would open, the reactors as the consumer runner calls them (an event decoded by the service's own
// registry). A file opens with its clock; entries land from events, once, with corrections; an event
// whose subject is no cadre waits for the clue's link; every read is recorded, the refused ones too.
import { randomUUID } from 'node:crypto';
import type { Actor, OfficeCode } from '@jiandu/access';
import {
  caseManagementPublicEvents,
  DomainException,
  encodeEnvelope,
  publicityPublicEvents,
  publishedVersions,
  reviewPublicEvents,
  supervisionPublicEvents,
  toEnvelope,
  type EventContract,
  type InquiryConcludedV1,
  type OpinionRepliedV1,
  type SanctionDecidedV1,
} from '@jiandu/contracts';
import { deadlinesMigrations } from '@jiandu/deadlines';
import { openEventStore, withTransaction, type PostgresEventStore } from '@jiandu/event-store';
import { messagingMigrations, type ConsumerSpec, type IncomingEvent } from '@jiandu/messaging';
import { executeCommand, writingLatestVersions, type RpcCall } from '@jiandu/runtime';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { integrityCommands } from '../src/commands/integrity.commands.js';
import { integrityQueries } from '../src/queries/integrity.queries.js';
import { screeningQueries } from '../src/queries/screening.query.js';
import { cadreStream } from '../src/domain/integrity-file.js';
import { clueDecider, clueStream, type ClueCommand } from '../src/domain/problem-clue.js';
import { caseManagementService } from '../src/main.js';
import { caseManagementMigrations } from '../src/migrations.js';
import { projectClueEvents } from '../src/projections/clue-ledger.projection.js';
import { onIntegritySources } from '../src/reactors/on-integrity-sources.reactor.js';
import { onReviewOutcomes } from '../src/reactors/on-review-outcome.reactor.js';

const SCHEMA = 'case_management';
const NOW = new Date('2026-09-25T02:00:00Z');
const service = caseManagementService({});
const registry = service.registry;

let db: TestDatabase;
let store: PostgresEventStore;
let commands: ReturnType<typeof integrityCommands>;
let reactors: Omit<ConsumerSpec, 'stream'>[];

beforeAll(async () => {
  db = await createTestDatabase('cm_integrity');
  // Events written at their contract's latest version, as the service host writes them.
  store = writingLatestVersions(
    await openEventStore({
      pool: db.pool(),
      schema: SCHEMA,
      migrations: [...messagingMigrations, ...caseManagementMigrations, ...deadlinesMigrations],
    }),
    service,
  );
  await db
    .pool()
    .query(
      `INSERT INTO ${SCHEMA}.registry_units (unit_id, name, staff_count, version) VALUES ('u-street', '某街道办事处', 120, 1)`,
    );
  const now = () => NOW;
  commands = integrityCommands({ store, pool: db.pool(), now }, { months: 1 });
  reactors = [...onIntegritySources(store, now), ...onReviewOutcomes(store, now)];
});
afterAll(() => db?.drop());

const actor = (office: string, sub = `u-${office}`, roles: string[] = []): Actor => ({
  sub,
  name: '测试干部',
  office: office as OfficeCode,
  roles: roles as Actor['roles'],
  zones: [],
});
const CM = actor('case-management');
const CONDUCT = actor('conduct-office', 'u-conduct');
const LEADER = actor('leadership', 'u-leader', ['leader']);
const RELATIVE = actor('case-management', 'staff-relative');

const call = <P>(who: Actor, payload: P): RpcCall<P> => ({ actor: who, correlationId: randomUUID(), payload });
/** A command, in its own transaction as the RPC server opens it. */
const command = <P, R>(handler: (c: RpcCall<P>, tx: never) => Promise<R>, who: Actor, payload: P) =>
  withTransaction(db.pool(), (tx) => handler(call(who, payload), tx as never));
const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainException)
      return { code: error.error.code, status: error.error.status, message: error.error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

/** An event delivered as the runner delivers it (decoded by the registry), under `eventId`. */
async function deliver<T>(contract: EventContract<T>, data: T, eventId: string = randomUUID()): Promise<void> {
  const envelope = toEnvelope(contract, data, {
    eventId,
    occurredAt: NOW.toISOString(),
    actor: { sub: 'u-x', name: '测试', office: 'review-office' },
    correlationId: randomUUID(),
    streamId: `${contract.type}-test`,
    streamVersion: 1,
  });
  const decoded = registry.decode(contract.subject, encodeEnvelope(envelope));
  if (!decoded.ok) throw new Error(`${decoded.reason}: ${decoded.detail}`);
  const event: IncomingEvent = {
    eventId,
    subject: contract.subject,
    service: envelope.service,
    type: envelope.type,
    version: decoded.contract.version,
    data: decoded.data as Record<string, unknown>,
    metadata: { actor: envelope.actor, correlationId: envelope.correlationId, occurredAt: envelope.occurredAt },
    streamId: envelope.streamId,
    streamVersion: 1,
  };
  const consumers = reactors.filter((c) => c.filterSubjects.includes(contract.subject));
  for (const consumer of consumers) await withTransaction(db.pool(), (tx) => consumer.handle(event, tx, undefined));
}

/** A clue sent to investigation (verification decided file-case), in the ledger. */
let clues = 0;
async function clueToInvestigation(): Promise<{ clueId: string; number: string }> {
  clues += 1;
  const clueId = `c-int-${clues}-${randomUUID().slice(0, 6)}`;
  const number = `XS-2026-${String(900 + clues).padStart(6, '0')}`;
  const steps: [ClueCommand, string][] = [
    [
      {
        type: 'RegisterClue',
        data: {
          clueId,
          number,
          source: 'petition',
          sourceRef: `p-${clueId}`,
          unitId: 'u-street',
          zoneId: 'z-1',
          assignedOffice: 'supervision-office-1',
          accused: { name: '王某某', position: '主任', unitId: 'u-street' },
          categories: ['eight-rules'],
          summary: '公款吃喝',
          dispositionDeadline: '2099-12-31',
        },
      },
      'case-management',
    ],
    [{ type: 'ProposeDisposition', data: { clueId, kind: 'verification', reason: '问题具体' } }, 'supervision-office-1'],
    [{ type: 'ApproveDisposition', data: { clueId } }, 'leadership'],
    [{ type: 'RecordOutcome', data: { clueId, ref: 'ver-1', source: 'verification', outcome: 'file-case' } }, 'case-management'],
  ];
  for (const [cmd, office] of steps) {
    const who = { sub: `u-${office}`, name: office, office: office as OfficeCode };
    await withTransaction(db.pool(), async (tx) => {
      const occurredAt = new Date().toISOString();
      const result = await executeCommand(store, clueDecider, clueStream(clueId), cmd, {
        context: { now: new Date(), actor: { ...who, roles: [], zones: [] } },
        metadata: { actor: who, correlationId: randomUUID(), occurredAt },
        tx,
      });
      await projectClueEvents(tx, SCHEMA, result.events, occurredAt);
    });
  }
  return { clueId, number };
}

const sanction = (caseId: string, clueId: string, number: string, subjectRef: string): SanctionDecidedV1 => ({
  caseId,
  clueId,
  clueNumber: number,
  unitId: 'u-street',
  office: 'supervision-office-1',
  subjectRef,
  subjectPosition: '主任',
  party: {
    kind: 'serious-warning',
    effectiveFrom: '2026-09-25',
    effectiveUntil: '2028-03-25',
    rule: '纪律处分条例（严重警告，影响期 18 个月）',
  },
  escalated: false,
  decidedOn: '2026-09-25',
});
const concluded = (inquiryId: string, clueId: string, number: string): InquiryConcludedV1 => ({
  inquiryId,
  clueId,
  clueNumber: number,
  unitId: 'u-street',
  office: 'supervision-office-1',
  round: 1,
  outcome: 'light-measure',
  measure: 'reminder',
  concludedOn: '2026-09-24',
});

const entriesOf = async (cadreId: string) =>
  (
    await db
      .pool()
      .query<{ entry: Record<string, unknown> }>(
        `SELECT entry FROM ${SCHEMA}.integrity_entries WHERE cadre_id = $1 ORDER BY seq`,
        [cadreId],
      )
  ).rows.map((r) => r.entry);

async function registerCadre(id: string) {
  return command(commands.registerCadre, CM, {
    id,
    name: '王某某',
    unitId: 'u-street',
    position: '街道办事处主任',
    level: 'division-chief' as const,
    staffSub: 'staff-wang',
    relativeSubs: ['staff-relative'],
  });
}

describe('Integrity files (real PostgreSQL)', () => {
  it('opens a file on registration, with its one-month clock, and stops the clock when it is complete', async () => {
    const cadre = await registerCadre('cadre-open');
    expect(cadre).toEqual({
      id: 'cadre-open',
      unitId: 'u-street',
      position: '街道办事处主任',
      level: 'division-chief',
      fileStatus: 'open',
      openedOn: '2026-09-25',
      dueOn: '2026-10-26',
      entryCount: 0,
    });
    const clock = async () =>
      (
        await db
          .pool()
          .query(`SELECT rule, state, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM ${SCHEMA}.clocks WHERE subject = 'cadre-open'`)
      ).rows;
    expect(await clock()).toEqual([{ rule: '廉政档案建立 1 个月', state: 'running', due_on: '2026-10-26' }]);
    // The name stays private: in CadreRegistered (not published), never in IntegrityFileOpened.
    const { rows } = await db
      .pool()
      .query<{ type: string; data: string }>(
        `SELECT type, data::text AS data FROM ${SCHEMA}.events WHERE stream_id = 'cadre-cadre-open'`,
      );
    expect(rows.map((r) => r.type)).toEqual(['CadreRegistered', 'IntegrityFileOpened']);
    expect(rows[1]!.data).not.toContain('王某某');
    expect(rows[1]!.data).not.toContain('staff-');

    expect(await command(commands.completeIntegrityFile, CM, { cadreId: 'cadre-open' })).toEqual({
      id: 'cadre-open',
      status: 'complete',
    });
    expect(await clock()).toEqual([{ rule: '廉政档案建立 1 个月', state: 'met', due_on: '2026-10-26' }]);
    expect(await refusal(command(commands.completeIntegrityFile, CM, { cadreId: 'cadre-open' }))).toMatchObject({
      code: 'INTEGRITY_FILE_COMPLETE',
      status: 409,
    });
    expect(await refusal(registerCadre('cadre-open'))).toMatchObject({ code: 'CADRE_EXISTS', status: 409 });
    expect(
      await refusal(
        command(commands.registerCadre, CM, {
          name: '李某',
          unitId: 'u-none',
          position: '科长',
          level: 'section-chief' as const,
        }),
      ),
    ).toMatchObject({ code: 'UNIT_NOT_FOUND', status: 404 });
  });

  it('appends a sanction naming the cadre, once per event; a later decision on the case is a correction; the clue is sanctioned', async () => {
    await registerCadre('cadre-s');
    const { clueId, number } = await clueToInvestigation();
    const eventId = randomUUID();
    const decided = sanction(`case-${clueId}`, clueId, number, 'cadre-s');
    await deliver(reviewPublicEvents.SanctionDecided, decided, eventId);
    await deliver(reviewPublicEvents.SanctionDecided, decided, eventId);
    expect(await entriesOf('cadre-s')).toEqual([
      expect.objectContaining({
        entryId: 'cadre-s:1',
        kind: 'sanction',
        sourceType: 'SanctionDecided',
        sourceRef: `case-${clueId}`,
        sourceEventId: eventId,
        clueNumber: number,
        party: decided.party,
      }),
    ]);
    const ledger = await db.pool().query(`SELECT status FROM ${SCHEMA}.clue_ledger WHERE clue_id = $1`, [clueId]);
    expect(ledger.rows).toEqual([{ status: 'sanctioned' }]);
    // A second decision on the same case (a different event): a new entry referencing the first.
    const corrected = { ...decided, party: { ...decided.party!, kind: 'warning' as const } };
    await deliver(reviewPublicEvents.SanctionDecided, corrected);
    const entries = await entriesOf('cadre-s');
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ entryId: 'cadre-s:2', corrects: 'cadre-s:1', party: { kind: 'warning' } });
    expect(entries[0]).toMatchObject({ party: { kind: 'serious-warning' } });
  });

  it('keeps an entry whose subject is no cadre for the clue, and appends it when 案管 links the clue, once', async () => {
    await registerCadre('cadre-l');
    const { clueId, number } = await clueToInvestigation();
    // The subject is referenced by the clue (no cadre id): nothing is appended, nothing fails.
    await deliver(supervisionPublicEvents.InquiryConcluded, concluded('inq-1', clueId, number));
    await deliver(reviewPublicEvents.SanctionDecided, sanction(`case-${clueId}`, clueId, number, clueId));
    expect(await entriesOf('cadre-l')).toEqual([]);
    const pending = await db
      .pool()
      .query(`SELECT count(*)::int AS n FROM ${SCHEMA}.integrity_pending WHERE clue_id = $1`, [clueId]);
    expect(pending.rows).toEqual([{ n: 2 }]);

    expect(await command(commands.linkClueToCadre, CM, { clueId, cadreId: 'cadre-l' })).toEqual({
      clueId,
      cadreId: 'cadre-l',
      entriesAppended: 2,
    });
    expect((await entriesOf('cadre-l')).map((e) => [e['kind'], e['sourceType']])).toEqual([
      ['light-measure', 'InquiryConcluded'],
      ['sanction', 'SanctionDecided'],
    ]);
    // From then on the clue's events land directly.
    await deliver(supervisionPublicEvents.InquiryConcluded, concluded('inq-2', clueId, number));
    expect(await entriesOf('cadre-l')).toHaveLength(3);
    // Linked once: again, or to another cadre, is refused; an unknown clue is 404.
    await registerCadre('cadre-other');
    expect(await refusal(command(commands.linkClueToCadre, CM, { clueId, cadreId: 'cadre-l' }))).toMatchObject({
      code: 'CLUE_ALREADY_LINKED',
    });
    expect(await refusal(command(commands.linkClueToCadre, CM, { clueId, cadreId: 'cadre-other' }))).toMatchObject({
      code: 'CLUE_ALREADY_LINKED',
    });
    expect(await refusal(command(commands.linkClueToCadre, CM, { clueId: 'c-none', cadreId: 'cadre-l' }))).toMatchObject({
      code: 'CLUE_NOT_FOUND',
      status: 404,
    });
  });

  it("files an entry by the cadre id the event carries (supervision's v2, issue 12), without the clue's link here", async () => {
    await registerCadre('cadre-v2');
    const { clueId, number } = await clueToInvestigation();
    await deliver(supervisionPublicEvents.InquiryConcluded, { ...concluded('inq-v2', clueId, number), cadreId: 'cadre-v2' });
    expect((await entriesOf('cadre-v2')).map((e) => [e['sourceType'], e['sourceRef'], e['clueId']])).toEqual([
      ['InquiryConcluded', 'inq-v2', clueId],
    ]);
    // Each published version has its own durable: v1 keeps the name it had.
    const durables = reactors.map((r) => r.durable).filter((d) => d.startsWith('case-management--integrity-inquiry-concluded'));
    expect(durables).toEqual(
      publishedVersions(supervisionPublicEvents.InquiryConcluded).map((v) =>
        v.version === 1
          ? 'case-management--integrity-inquiry-concluded'
          : `case-management--integrity-inquiry-concluded-v${v.version}`,
      ),
    );
  });

  it("files a sanction by the cadre id review's v2 carries (from the case's transfer, issue 12), without the clue's link here", async () => {
    await registerCadre('cadre-sv2');
    const { clueId, number } = await clueToInvestigation();
    // subjectRef is the clue's id (supervision's cases); the cadre id comes first.
    await deliver(reviewPublicEvents.SanctionDecided, {
      ...sanction(`case-${clueId}`, clueId, number, clueId),
      cadreId: 'cadre-sv2',
    });
    expect((await entriesOf('cadre-sv2')).map((e) => [e['kind'], e['sourceType'], e['sourceRef'], e['clueId']])).toEqual([
      ['sanction', 'SanctionDecided', `case-${clueId}`, clueId],
    ]);
    const durables = reactors.map((r) => r.durable).filter((d) => d.startsWith('case-management--integrity-sanction-decided'));
    expect(durables).toEqual(
      publishedVersions(reviewPublicEvents.SanctionDecided).map((v) =>
        v.version === 1
          ? 'case-management--integrity-sanction-decided'
          : `case-management--integrity-sanction-decided-v${v.version}`,
      ),
    );
    // So do the clue's outcomes from the case's end: each published version on its own durable.
    for (const [base, contract] of [
      ['case-management--sanction-decided', reviewPublicEvents.SanctionDecided],
      ['case-management--review-concluded-without-sanction', reviewPublicEvents.ReviewConcludedWithoutSanction],
      ['case-management--case-filing-rejected', supervisionPublicEvents.CaseFilingRejected],
    ] as const) {
      expect(reactors.filter((r) => r.durable.startsWith(base)).map((r) => [r.durable, r.filterSubjects])).toEqual(
        publishedVersions(contract).map((v) => [v.version === 1 ? base : `${base}-v${v.version}`, [v.subject]]),
      );
    }
  });

  it('files the later entries of a clue linked to a cadre in that file, though their events name only the clue', async () => {
    await registerCadre('cadre-k');
    const { clueId, number } = await clueToInvestigation();
    expect(await command(commands.linkClueToCadre, CM, { clueId, cadreId: 'cadre-k' })).toEqual({
      clueId,
      cadreId: 'cadre-k',
      entriesAppended: 0,
    });
    // The link is public (ClueLinkedToCadre, issue 12): the clue, the cadre, the day, the office; no name, no reason.
    const link = (await store.readStream(cadreStream('cadre-k'))).filter((e) => e.type === 'ClueLinkedToCadre');
    expect(link.map((e) => [e.schemaVersion, e.data])).toEqual([
      [
        caseManagementPublicEvents.ClueLinkedToCadre.version,
        { clueId, cadreId: 'cadre-k', linkedOn: '2026-09-25', office: 'case-management' },
      ],
    ]);
    expect(caseManagementPublicEvents.ClueLinkedToCadre.errors(link[0]?.data)).toEqual([]);
    expect(service.publicTypes).toContain('ClueLinkedToCadre');
    // The inquiry's conclusion and the sanction reference the subject by the clue (subjectRef = the clue's id).
    await deliver(supervisionPublicEvents.InquiryConcluded, concluded(`inq-${clueId}`, clueId, number));
    await deliver(reviewPublicEvents.SanctionDecided, sanction(`case-${clueId}`, clueId, number, clueId));
    expect((await entriesOf('cadre-k')).map((e) => [e['entryId'], e['kind'], e['sourceType'], e['clueId']])).toEqual([
      ['cadre-k:1', 'light-measure', 'InquiryConcluded', clueId],
      ['cadre-k:2', 'sanction', 'SanctionDecided', clueId],
    ]);
    const pending = await db
      .pool()
      .query(`SELECT count(*)::int AS n FROM ${SCHEMA}.integrity_pending WHERE clue_id = $1`, [clueId]);
    expect(pending.rows).toEqual([{ n: 0 }]);
  });

  it("appends 组宣部's opinion reply to the cadre it names, once however often it is delivered, with kinds and numbers only", async () => {
    await registerCadre('cadre-o');
    const eventId = randomUUID();
    const replied: OpinionRepliedV1 = {
      requestId: 'or-1',
      cadreId: 'cadre-o',
      purpose: 'promotion',
      onDate: '2026-09-20',
      conclusion: 'postponed',
      citations: [{ kind: 'verification', number: 'XS-2026-000901' }],
      repliedOn: '2026-09-25',
    };
    await deliver(publicityPublicEvents.OpinionReplied, replied, eventId);
    await deliver(publicityPublicEvents.OpinionReplied, replied, eventId);
    expect(await entriesOf('cadre-o')).toEqual([
      {
        cadreId: 'cadre-o',
        entryId: 'cadre-o:1',
        kind: 'opinion-reply',
        sourceType: 'OpinionReplied',
        sourceRef: 'or-1',
        sourceEventId: eventId,
        occurredOn: '2026-09-25',
        outcome: 'postponed',
        citations: [{ kind: 'verification', number: 'XS-2026-000901' }],
      },
    ]);
    // Published at the entry contract's latest version, which takes the new kind.
    const { rows } = await db
      .pool()
      .query<{ data: unknown; schema_version: number }>(
        `SELECT data, schema_version FROM ${SCHEMA}.events WHERE stream_id = 'cadre-cadre-o' AND type = 'IntegrityEntryAppended'`,
      );
    const contract = caseManagementPublicEvents.IntegrityEntryAppended;
    expect(rows.map((r) => [r.schema_version, contract.errors(r.data)])).toEqual([[contract.version, []]]);
    // A reply about no registered cadre appends nothing, keeps nothing pending, and does not fail.
    await deliver(publicityPublicEvents.OpinionReplied, { ...replied, cadreId: 'cadre-none' });
    expect(await entriesOf('cadre-none')).toEqual([]);
  });

  it("screens a candidate's clues linked to its cadre id, besides the subject references the request lists", async () => {
    await registerCadre('cadre-scr');
    const linked = await clueToInvestigation();
    const listed = await clueToInvestigation();
    const other = await clueToInvestigation();
    await command(commands.linkClueToCadre, CM, { clueId: linked.clueId, cadreId: 'cadre-scr' });
    const { screenCandidates } = screeningQueries({ pool: db.pool(), store });
    const screen = (refs: string[]) =>
      screenCandidates(
        call(actor('publicity-dept'), {
          requestId: 'or-scr',
          onDate: '2026-09-25',
          candidates: [{ cadreId: 'cadre-scr', name: '王某某', unitId: 'u-street', refs: ['cadre-scr', ...refs] }],
        }),
        undefined as never,
      );
    expect(await screen([])).toEqual({
      candidates: [{ cadreId: 'cadre-scr', findings: [{ kind: 'case', number: linked.number }] }],
    });
    expect(await screen([listed.clueId])).toEqual({
      candidates: [
        {
          cadreId: 'cadre-scr',
          findings: [
            { kind: 'case', number: linked.number },
            { kind: 'case', number: listed.number },
          ],
        },
      ],
    });
    expect(JSON.stringify(await screen([]))).not.toContain(other.number);
  });

  describe('reading a file', () => {
    const reads = async (requestId: string) =>
      (
        await db
          .pool()
          .query<{ type: string; data: { code?: string; by: { sub: string } } }>(
            `SELECT type, data FROM ${SCHEMA}.events WHERE stream_id = $1 AND type IN ('IntegrityFileAccessed', 'IntegrityFileAccessRefused') ORDER BY position`,
            [`integrity-access-${requestId}`],
          )
      ).rows.map((r) => [r.type, r.data.code ?? null, r.data.by.sub]);

    it('needs an approved request; the read is recorded and answers the whole file, with the name', async () => {
      await registerCadre('cadre-r');
      const request = await command(commands.requestIntegrityFileAccess, CONDUCT, {
        cadreId: 'cadre-r',
        reason: '廉政意见回复前核查',
      });
      expect(request).toMatchObject({
        cadreId: 'cadre-r',
        status: 'requested',
        requestedBy: { office: 'conduct-office' },
        reads: 0,
      });
      // Leadership finds it among the pending requests; another office sees only its own.
      const queries = integrityQueries({ store, pool: db.pool() });
      const list = (who: Actor, payload: { status?: 'requested'; cadreId?: string }) =>
        queries.listIntegrityFileAccessRequests(call(who, payload), undefined as never);
      expect((await list(LEADER, { status: 'requested', cadreId: 'cadre-r' })).items.map((r) => r.id)).toEqual([request.id]);
      expect((await list(CONDUCT, { cadreId: 'cadre-r' })).items.map((r) => r.id)).toEqual([request.id]);
      expect(await list(CM, { cadreId: 'cadre-r' })).toEqual({ items: [], total: 0 });
      const read = () =>
        commands.readIntegrityFile(call(CONDUCT, { cadreId: 'cadre-r', accessRequest: request.id }), undefined as never);

      expect(await refusal(read())).toMatchObject({ code: 'ACCESS_NOT_APPROVED', status: 403 });
      expect(
        await refusal(
          command(commands.approveIntegrityFileAccess, { ...CONDUCT, office: 'leadership' }, { requestId: request.id }),
        ),
      ).toMatchObject({ code: 'SELF_APPROVAL', status: 403 });
      expect(await command(commands.approveIntegrityFileAccess, LEADER, { requestId: request.id })).toEqual({
        id: request.id,
        status: 'approved',
      });
      const file = await read();
      expect(file).toMatchObject({
        cadre: { id: 'cadre-r', name: '王某某', unitId: 'u-street', position: '街道办事处主任', level: 'division-chief' },
        status: 'open',
        entries: [],
        accessRequest: request.id,
      });
      // Another person cannot read with it.
      expect(
        await refusal(
          commands.readIntegrityFile(call(CM, { cadreId: 'cadre-r', accessRequest: request.id }), undefined as never),
        ),
      ).toMatchObject({ code: 'ACCESS_NOT_YOURS', status: 403 });
      expect(await reads(request.id)).toEqual([
        ['IntegrityFileAccessRefused', 'ACCESS_NOT_APPROVED', 'u-conduct'],
        ['IntegrityFileAccessed', null, 'u-conduct'],
        ['IntegrityFileAccessRefused', 'ACCESS_NOT_YOURS', 'u-case-management'],
      ]);
      const row = await db
        .pool()
        .query(`SELECT status, reads, refusals FROM ${SCHEMA}.integrity_access_requests WHERE request_id = $1`, [request.id]);
      expect(row.rows).toEqual([{ status: 'approved', reads: 1, refusals: 2 }]);
    });

    it('refuses a declared relative holding an approved request (回避), with the rule in the message, and records it', async () => {
      await registerCadre('cadre-v');
      const request = await command(commands.requestIntegrityFileAccess, RELATIVE, { cadreId: 'cadre-v', reason: '核查' });
      await command(commands.approveIntegrityFileAccess, LEADER, { requestId: request.id });
      const refused = await refusal(
        commands.readIntegrityFile(call(RELATIVE, { cadreId: 'cadre-v', accessRequest: request.id }), undefined as never),
      );
      expect(refused).toMatchObject({ code: 'INTEGRITY_FILE_RECUSAL', status: 403 });
      expect(refused.message.zh).toContain('回避');
      expect(refused.message.en).toContain('recusal');
      expect(await reads(request.id)).toEqual([['IntegrityFileAccessRefused', 'INTEGRITY_FILE_RECUSAL', 'staff-relative']]);
      // The cadre may not approve a read of their own file either.
      const other = await command(commands.requestIntegrityFileAccess, CONDUCT, { cadreId: 'cadre-v', reason: '核查' });
      expect(
        await refusal(
          command(commands.approveIntegrityFileAccess, actor('leadership', 'staff-wang', ['leader']), { requestId: other.id }),
        ),
      ).toMatchObject({ code: 'INTEGRITY_FILE_RECUSAL', status: 403 });
    });

    it('answers 404 for a cadre or a request that does not exist', async () => {
      expect(
        await refusal(command(commands.requestIntegrityFileAccess, CONDUCT, { cadreId: 'cadre-none', reason: '核查' })),
      ).toMatchObject({ code: 'CADRE_NOT_FOUND', status: 404 });
      await registerCadre('cadre-n');
      expect(
        await refusal(
          commands.readIntegrityFile(call(CONDUCT, { cadreId: 'cadre-n', accessRequest: 'ia-none' }), undefined as never),
        ),
      ).toMatchObject({ code: 'ACCESS_REQUEST_NOT_FOUND', status: 404 });
    });
  });
});
