import type { Actor } from '@jiandu/access';
// Concluding petitions on supervision results, and the feedback clock, against a real PostgreSQL:
// each handle() runs in a transaction with an event decoded by the service's own registry, as the
// consumer runner delivers it; the feedback is recorded through the service's request handler.
import { randomUUID } from 'node:crypto';
import {
  DomainException,
  petitionOperations,
  publishedVersions,
  reviewPublicEvents,
  SanctionDecidedV1,
  supervisionPublicEvents,
  type EventContract,
} from '@jiandu/contracts';
import { chinaDate } from '@jiandu/calendar';
import { deadlinesMigrations, dueIn, getClock } from '@jiandu/deadlines';
import { openEventStore, withTransaction, type PostgresEventStore } from '@jiandu/event-store';
import { deliverEvent, messagingMigrations, type ConsumerSpec } from '@jiandu/messaging';
import { createLogger, executeCommand, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { CONCLUDER } from '../src/commands/petition.commands.js';
import { petitionDecider, petitionStream as streamOf, type PetitionCommand } from '../src/domain/petition.js';
import { petitionsService } from '../src/main.js';
import { petitionsMigrations } from '../src/migrations.js';
import { petitionsRpc } from '../src/petitions.rpc.js';
import { onSupervisionOutcomes } from '../src/reactors/on-supervision-outcome.reactor.js';
import { ReporterVault } from '../src/vault/reporter-vault.js';

const SCHEMA = 'petitions';
const registry = petitionsService({ NODE_ENV: 'test' }).registry;
const { InquiryConcluded, VerificationDecided, CaseFilingRejected } = supervisionPublicEvents;
const { SanctionDecided, ReviewConcludedWithoutSanction } = reviewPublicEvents;
const clerk: Actor = { sub: 'u-xfs', name: '信访室干部', office: 'petition-office', roles: [], zones: [] };

let db: TestDatabase;
let store: PostgresEventStore;
let reactors: Map<string, Omit<ConsumerSpec, 'stream'>>;
let routes: RpcRoute[];

beforeAll(async () => {
  db = await createTestDatabase('pet_outcome');
  store = await openEventStore({
    pool: db.pool(),
    schema: SCHEMA,
    migrations: [...messagingMigrations, ...petitionsMigrations, ...deadlinesMigrations],
  });
  reactors = new Map(onSupervisionOutcomes(store, { feedbackWorkingDays: 15 }).map((r) => [r.filterSubjects[0]!, r]));
  const ctx = {
    store,
    pool: db.pool(),
    logger: createLogger('petitions', 'silent'),
    now: () => new Date(),
  } as unknown as ServiceContext;
  routes = petitionsRpc(ctx, new ReporterVault(SCHEMA, Buffer.alloc(32, 7)));
});
afterAll(() => db?.drop());

// ── a petition transferred to case management
async function transferredPetition(realName: boolean): Promise<string> {
  const petitionId = `p-${randomUUID()}`;
  const commands: PetitionCommand[] = [
    {
      type: 'RegisterPetition',
      data: {
        petitionId,
        channel: 'letter',
        ...(realName ? { realName: true as const, reporterRef: `r-${petitionId}` } : { realName: false as const }),
        accused: { name: '张三', position: '主任', unitId: 'u-street' },
        category: '八项规定',
        summary: '公款吃喝',
        content: '详细内容',
      },
    },
    { type: 'AcceptPetition', data: { petitionId } },
    { type: 'TransferPetition', data: { petitionId } },
  ];
  for (const command of commands) {
    await executeCommand(store, petitionDecider, streamOf(petitionId), command, {
      context: { now: new Date(), actor: clerk },
      metadata: { actor: { sub: clerk.sub, name: clerk.name, office: clerk.office }, correlationId: randomUUID() },
    });
  }
  return petitionId;
}

// ── delivery as the consumer runner does it (decode with the registry, handle in a transaction), sent by 一室
const deliver = <T>(contract: EventContract<T>, data: T) =>
  deliverEvent({ registry, pool: db.pool(), consumers: [...reactors.values()] }, contract, data);

const origin = (sourceRef?: string) => ({
  clueId: `c-${sourceRef ?? 'x'}`,
  clueNumber: 'XS-2026-000001',
  ...(sourceRef === undefined ? {} : { sourceRef }),
  unitId: 'u-street',
  office: 'supervision-office-1',
});
const accepted = (petitionId: string | undefined, concludedOn = '2026-09-25') =>
  ({ ...origin(petitionId), inquiryId: 'inq-1', round: 1, outcome: 'accepted', concludedOn }) as const;
const eventTypes = async (petitionId: string) => (await store.readStream(streamOf(petitionId))).map((e) => e.type);
const clockOf = (petitionId: string) => getClock(db.pool(), SCHEMA, `petition-feedback-${petitionId}`);
const handle = (name: keyof typeof petitionOperations, payload: unknown, actor = clerk) =>
  withTransaction(db.pool(), (tx) =>
    routes.find((r) => r.operation === petitionOperations[name])!.handle({ actor, correlationId: randomUUID(), payload }, tx),
  );

describe('Petitions concluded by supervision results', () => {
  describe('when the inquiry of a real-name petition’s clue is concluded', () => {
    it('concludes the petition and starts the 15-working-day feedback clock from the day of conclusion', async () => {
      const petitionId = await transferredPetition(true);
      await deliver(InquiryConcluded, accepted(petitionId));
      const last = (await store.readStream(streamOf(petitionId))).at(-1)!;
      expect(last).toMatchObject({
        type: 'PetitionConcluded',
        data: { petitionId, outcome: 'accepted', source: 'inquiry', ref: 'inq-1', concludedOn: '2026-09-25' },
        metadata: { actor: CONCLUDER },
      });
      expect(await clockOf(petitionId)).toMatchObject({
        rule: '实名举报结果反馈 15 个工作日',
        measures: 'petition-feedback',
        subject: streamOf(petitionId),
        office: 'petition-office',
        startedOn: '2026-09-25',
        dueOn: '2026-10-22', // across the National Day holiday (DOMAIN.md)
        state: 'running',
      });
    });

    it('concludes it once, whatever event id the result arrives under', async () => {
      const petitionId = await transferredPetition(true);
      await deliver(InquiryConcluded, accepted(petitionId));
      await deliver(InquiryConcluded, accepted(petitionId));
      expect((await eventTypes(petitionId)).filter((t) => t === 'PetitionConcluded')).toHaveLength(1);
    });

    it.each(['second-round', 'convert-to-verification'] as const)('leaves it transferred after %s', async (outcome) => {
      const petitionId = await transferredPetition(true);
      const next = outcome === 'second-round' ? { nextInquiryId: 'inq-2' } : { verificationId: 'ver-1' };
      await deliver(InquiryConcluded, {
        ...origin(petitionId),
        inquiryId: 'inq-1',
        round: 1,
        outcome,
        concludedOn: '2026-09-25',
        ...next,
      });
      expect((await eventTypes(petitionId)).at(-1)).toBe('PetitionTransferred');
      expect(await clockOf(petitionId)).toBeUndefined();
    });
  });

  describe('when a verification is decided', () => {
    it('concludes the petition on a decision that ends the matter, and starts no clock for an anonymous reporter', async () => {
      const petitionId = await transferredPetition(false);
      await deliver(VerificationDecided, {
        ...origin(petitionId),
        verificationId: 'ver-1',
        decision: 'shelve',
        decidedOn: '2026-11-02',
      });
      const view = (await handle('getPetition', { petitionId })) as { status: string };
      expect(view.status).toBe('concluded');
      expect(await clockOf(petitionId)).toBeUndefined();
    });
  });

  describe('when the verification files a case, and the case ends in a sanction', () => {
    it('does not conclude on the filing; the sanction concludes it and starts the feedback clock from its day', async () => {
      const petitionId = await transferredPetition(true);
      await deliver(VerificationDecided, {
        ...origin(petitionId),
        verificationId: 'ver-2',
        decision: 'file-case',
        decidedOn: '2026-11-02',
      });
      expect(((await handle('getPetition', { petitionId })) as { status: string }).status).toBe('transferred');
      expect(await clockOf(petitionId)).toBeUndefined();

      const { clueId, clueNumber, unitId, office } = origin(petitionId);
      const sanction = {
        caseId: `case-${clueId}`,
        clueId,
        clueNumber,
        sourceRef: petitionId,
        unitId,
        office,
        subjectRef: clueId,
        subjectPosition: '主任',
        party: { kind: 'warning', effectiveFrom: '2026-12-01', effectiveUntil: '2027-12-01', rule: '纪律处分条例' },
        escalated: false,
        decidedOn: '2026-12-01',
      } as const;
      await deliver(SanctionDecided, sanction);
      await deliver(SanctionDecided, sanction);
      expect(((await handle('getPetition', { petitionId })) as { status: string }).status).toBe('concluded');
      expect((await eventTypes(petitionId)).filter((t) => t === 'PetitionConcluded')).toHaveLength(1);
      const clock = await clockOf(petitionId);
      expect(clock).toMatchObject({
        startedOn: '2026-12-01',
        dueOn: '2026-12-22',
        state: 'running',
        measures: 'petition-feedback',
      });
      const last = (await store.readStream(streamOf(petitionId))).at(-1)!;
      expect(last.data).toEqual({
        petitionId,
        source: 'sanction',
        outcome: 'sanctioned',
        ref: sanction.caseId,
        concludedOn: '2026-12-01',
      });
    });
  });

  describe('when the case filed on the clue ends without a sanction', () => {
    const fileCase = async (petitionId: string) => {
      await deliver(VerificationDecided, {
        ...origin(petitionId),
        verificationId: 'ver-3',
        decision: 'file-case',
        decidedOn: '2026-11-02',
      });
      expect(await clockOf(petitionId)).toBeUndefined();
    };
    const ended = (petitionId: string) => {
      const { clueId, clueNumber, unitId, office } = origin(petitionId);
      return {
        caseId: `case-${clueId}`,
        clueId,
        clueNumber,
        sourceRef: petitionId,
        unitId,
        office,
        subjectRef: clueId,
        subjectPosition: '主任',
        escalated: false,
      };
    };

    it('is concluded by the review’s conclusion without a sanction (免予处分), once, and the feedback clock starts from its day', async () => {
      const petitionId = await transferredPetition(true);
      await fileCase(petitionId);
      const none = { ...ended(petitionId), outcome: 'not-sanctioned', concludedOn: '2026-12-01' } as const;
      await deliver(ReviewConcludedWithoutSanction, none);
      await deliver(ReviewConcludedWithoutSanction, none);
      expect(((await handle('getPetition', { petitionId })) as { status: string }).status).toBe('concluded');
      expect((await eventTypes(petitionId)).filter((t) => t === 'PetitionConcluded')).toHaveLength(1);
      expect(await clockOf(petitionId)).toMatchObject({ startedOn: '2026-12-01', dueOn: '2026-12-22', state: 'running' });
      const last = (await store.readStream(streamOf(petitionId))).at(-1)!;
      expect(last.data).toEqual({
        petitionId,
        source: 'case',
        outcome: 'not-sanctioned',
        ref: none.caseId,
        concludedOn: '2026-12-01',
      });
    });

    it('is concluded when leadership refuses to file the case (不予立案), once', async () => {
      const petitionId = await transferredPetition(true);
      await fileCase(petitionId);
      const refused = { ...ended(petitionId), verificationId: 'ver-3', rejectedOn: '2026-11-10' };
      await deliver(CaseFilingRejected, refused);
      await deliver(CaseFilingRejected, refused);
      expect((await eventTypes(petitionId)).filter((t) => t === 'PetitionConcluded')).toHaveLength(1);
      expect(await clockOf(petitionId)).toMatchObject({ startedOn: '2026-11-10', state: 'running' });
      const last = (await store.readStream(streamOf(petitionId))).at(-1)!;
      expect(last.data).toEqual({
        petitionId,
        source: 'case',
        outcome: 'filing-rejected',
        ref: refused.caseId,
        concludedOn: '2026-11-10',
      });
    });
  });

  describe('when the clue did not come from a petition of this service', () => {
    it.each([
      ['no source reference', undefined],
      ['an unknown source reference', 'audit-2026-7'],
    ])('does nothing for %s', async (_what, sourceRef) => {
      await deliver(InquiryConcluded, accepted(sourceRef));
      if (sourceRef) expect(await eventTypes(sourceRef)).toEqual([]);
    });
  });

  describe('feedback to the real-name reporter', () => {
    it('is recorded by the petition office and meets the clock when on time', async () => {
      const petitionId = await transferredPetition(true);
      const today = chinaDate(new Date());
      await deliver(InquiryConcluded, accepted(petitionId, today));
      expect(await handle('deliverFeedback', { petitionId, note: '已当面告知办理结果' })).toEqual({
        id: petitionId,
        status: 'feedback-delivered',
      });
      expect(await clockOf(petitionId)).toMatchObject({
        state: 'met',
        metOn: today,
        dueOn: dueIn(today, { workingDays: 15 }).dueOn,
      });
      const view = (await handle('getPetition', { petitionId })) as { status: string; history: { type: string }[] };
      expect(view.status).toBe('feedback-delivered');
      expect(view.history.at(-1)).toMatchObject({ type: 'FeedbackDelivered', actor: { office: 'petition-office' } });
    });

    it('stops the clock as breached when late', async () => {
      const petitionId = await transferredPetition(true);
      await deliver(InquiryConcluded, accepted(petitionId, '2026-01-05'));
      await handle('deliverFeedback', { petitionId, note: '已电话告知办理结果' });
      expect(await clockOf(petitionId)).toMatchObject({ state: 'breached', breachedOn: chinaDate(new Date()) });
    });

    it('is refused, and the clock keeps running, for another office or a second time', async () => {
      const petitionId = await transferredPetition(true);
      await deliver(InquiryConcluded, accepted(petitionId, chinaDate(new Date())));
      const office = { ...clerk, office: 'supervision-office-1' as const };
      await expect(handle('deliverFeedback', { petitionId, note: '告知' }, office)).rejects.toMatchObject({
        error: { code: 'FORBIDDEN_OFFICE' },
      });
      expect(await clockOf(petitionId)).toMatchObject({ state: 'running' });
      await handle('deliverFeedback', { petitionId, note: '告知' });
      await expect(handle('deliverFeedback', { petitionId, note: '再告知' })).rejects.toBeInstanceOf(DomainException);
    });

    it('is not owed to an anonymous reporter', async () => {
      const petitionId = await transferredPetition(false);
      await deliver(InquiryConcluded, accepted(petitionId));
      await expect(handle('deliverFeedback', { petitionId, note: '告知' })).rejects.toMatchObject({
        error: { code: 'PETITION_ANONYMOUS' },
      });
    });
  });
});

describe("The case's endings in every published version (issue 12: v2 carries the cadre id)", () => {
  it('reads each version on its own durable: v1 keeps its name, a later version is suffixed', () => {
    for (const [base, contract] of [
      ['petitions--sanction-decided', SanctionDecided],
      ['petitions--review-concluded-without-sanction', ReviewConcludedWithoutSanction],
      ['petitions--case-filing-rejected', CaseFilingRejected],
    ] as const) {
      expect(publishedVersions(contract).map((v) => [v.version, reactors.get(v.subject)?.durable])).toEqual(
        publishedVersions(contract).map((v) => [v.version, v.version === 1 ? base : `${base}-v${v.version}`]),
      );
    }
  });

  it('concludes the petition on a v1 sanction still in the stream, and on the latest with the cadre id', async () => {
    for (const [contract, cadre] of [
      [SanctionDecidedV1, {}],
      [SanctionDecided, { cadreId: 'cadre-1' }],
    ] as const) {
      const petitionId = await transferredPetition(false);
      const { clueId, clueNumber, unitId, office } = origin(petitionId);
      await deliver(contract as EventContract<unknown>, {
        caseId: `case-${clueId}`,
        clueId,
        clueNumber,
        sourceRef: petitionId,
        unitId,
        office,
        subjectRef: clueId,
        subjectPosition: '主任',
        party: { kind: 'warning', effectiveFrom: '2026-12-01', effectiveUntil: '2027-12-01', rule: '纪律处分条例' },
        escalated: false,
        decidedOn: '2026-12-01',
        ...cadre,
      });
      expect(((await handle('getPetition', { petitionId })) as { status: string }).status).toBe('concluded');
    }
  });
});
