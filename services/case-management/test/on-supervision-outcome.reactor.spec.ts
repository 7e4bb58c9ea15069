import type { OfficeCode } from '@jiandu/access';
// The supervision-outcome reactors (and the case's end: 不予立案, a sanction) against a real PostgreSQL: each handle() runs in a transaction
// with an event decoded by the service's own registry, as the consumer runner delivers it.
import { randomUUID } from 'node:crypto';
import { reviewPublicEvents, supervisionPublicEvents, type EventContract } from '@jiandu/contracts';
import { openEventStore, withTransaction, type PostgresEventStore } from '@jiandu/event-store';
import { deliverEvent, messagingMigrations, PoisonMessageError, type ConsumerSpec } from '@jiandu/messaging';
import { executeCommand } from '@jiandu/runtime';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { clueDecider, clueStream, type ClueCommand, type DispositionKind } from '../src/domain/problem-clue.js';
import { caseManagementService } from '../src/main.js';
import { caseManagementMigrations } from '../src/migrations.js';
import { projectClueEvents } from '../src/projections/clue-ledger.projection.js';
import { onReviewOutcomes } from '../src/reactors/on-review-outcome.reactor.js';
import { OUTCOME_RECORDER, onSupervisionOutcomes } from '../src/reactors/on-supervision-outcome.reactor.js';

const SCHEMA = 'case_management';
const registry = caseManagementService({}).registry;
const { InquiryConcluded, VerificationOpened, VerificationDecided, CaseFilingRejected } = supervisionPublicEvents;

let db: TestDatabase;
let store: PostgresEventStore;
let reactors: Map<string, Omit<ConsumerSpec, 'stream'>>;

beforeAll(async () => {
  db = await createTestDatabase('cm_outcome');
  store = await openEventStore({
    pool: db.pool(),
    schema: SCHEMA,
    migrations: [...messagingMigrations, ...caseManagementMigrations],
  });
  const now = () => new Date('2026-11-02T02:00:00Z');
  reactors = new Map(
    [...onSupervisionOutcomes(store, now), ...onReviewOutcomes(store, now)].map((r) => [r.filterSubjects[0]!, r]),
  );
});
afterAll(() => db?.drop());

// ── a clue whose disposition leadership approved
let seq = 0;
async function clueHandledBy(kind: DispositionKind): Promise<string> {
  seq += 1;
  const clueId = `c-${seq}-${randomUUID().slice(0, 8)}`;
  const number = `XS-2026-${String(seq).padStart(6, '0')}`;
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
          accused: { name: '张三', position: '主任', unitId: 'u-street' },
          categories: ['eight-rules'],
          category: '八项规定',
          summary: '公款吃喝',
          dispositionDeadline: '2099-12-31',
        },
      },
      'case-management',
    ],
    [{ type: 'ProposeDisposition', data: { clueId, kind, reason: '问题具体' } }, 'supervision-office-1'],
    [{ type: 'ApproveDisposition', data: { clueId } }, 'leadership'],
  ];
  for (const [command, office] of steps) {
    const actor = { sub: `u-${office}`, name: office, office: office as OfficeCode };
    await withTransaction(db.pool(), async (tx) => {
      const occurredAt = new Date().toISOString();
      const result = await executeCommand(store, clueDecider, clueStream(clueId), command, {
        context: { now: new Date(), actor: { ...actor, roles: [], zones: [] } },
        metadata: { actor, correlationId: randomUUID(), occurredAt },
        tx,
      });
      await projectClueEvents(tx, SCHEMA, result.events, occurredAt);
    });
  }
  return clueId;
}

// ── delivery as the consumer runner does it (decode with the registry, handle in a transaction), sent by 一室
const deliver = <T>(contract: EventContract<T>, data: T) =>
  deliverEvent({ registry, pool: db.pool(), consumers: [...reactors.values()] }, contract, data);

const origin = (clueId: string) => ({
  clueId,
  clueNumber: 'XS-2026-000001',
  sourceRef: `p-${clueId}`,
  unitId: 'u-street',
  office: 'supervision-office-1',
});
const ledgerStatus = async (clueId: string) =>
  (await db.pool().query<{ status: string }>(`SELECT status FROM ${SCHEMA}.clue_ledger WHERE clue_id = $1`, [clueId])).rows[0]
    ?.status;
const eventTypes = async (clueId: string) => (await store.readStream(clueStream(clueId))).map((e) => e.type);

describe('Supervision outcomes in the clue register', () => {
  describe('when an inquiry is concluded', () => {
    it('closes the clue and its ledger row on an accepted reply, signed by case management', async () => {
      const clueId = await clueHandledBy('inquiry');
      await deliver(InquiryConcluded, {
        ...origin(clueId),
        inquiryId: 'inq-1',
        round: 1,
        outcome: 'accepted',
        concludedOn: '2026-11-02',
      });
      expect(await ledgerStatus(clueId)).toBe('closed');
      const last = (await store.readStream(clueStream(clueId))).at(-1)!;
      expect(last).toMatchObject({
        type: 'ClueOutcomeRecorded',
        data: { clueId, source: 'inquiry', ref: 'inq-1', outcome: 'accepted', status: 'Closed' },
        metadata: { actor: OUTCOME_RECORDER },
      });
    });

    it('records the same conclusion once, whatever event id it arrives under', async () => {
      const clueId = await clueHandledBy('inquiry');
      const concluded = {
        ...origin(clueId),
        inquiryId: 'inq-1',
        round: 1 as const,
        outcome: 'light-measure' as const,
        measure: 'reminder' as const,
        concludedOn: '2026-11-02',
      };
      await deliver(InquiryConcluded, concluded);
      await deliver(InquiryConcluded, concluded);
      expect((await eventTypes(clueId)).filter((t) => t === 'ClueOutcomeRecorded')).toHaveLength(1);
    });

    it('keeps the clue in inquiry after a second round', async () => {
      const clueId = await clueHandledBy('inquiry');
      await deliver(InquiryConcluded, {
        ...origin(clueId),
        inquiryId: 'inq-1',
        round: 1,
        outcome: 'second-round',
        concludedOn: '2026-11-02',
        nextInquiryId: 'inq-2',
      });
      expect(await ledgerStatus(clueId)).toBe('in-inquiry');
      await deliver(InquiryConcluded, {
        ...origin(clueId),
        inquiryId: 'inq-2',
        round: 2,
        outcome: 'accepted',
        concludedOn: '2026-12-02',
      });
      expect(await ledgerStatus(clueId)).toBe('closed');
    });
  });

  describe('when an inquiry turns into a verification', () => {
    it('moves the clue once, whether the conversion or the opened verification arrives first, then follows the decision', async () => {
      const clueId = await clueHandledBy('inquiry');
      await deliver(VerificationOpened, {
        ...origin(clueId),
        verificationId: 'ver-1',
        fromInquiryId: 'inq-1',
        openedOn: '2026-11-03',
      });
      expect(await ledgerStatus(clueId)).toBe('in-verification');
      await deliver(InquiryConcluded, {
        ...origin(clueId),
        inquiryId: 'inq-1',
        round: 1,
        outcome: 'convert-to-verification',
        concludedOn: '2026-11-02',
        verificationId: 'ver-1',
      });
      expect((await eventTypes(clueId)).filter((t) => t === 'ClueOutcomeRecorded')).toHaveLength(1);
      await deliver(VerificationDecided, {
        ...origin(clueId),
        verificationId: 'ver-1',
        decision: 'file-case',
        decidedOn: '2027-01-05',
      });
      expect(await ledgerStatus(clueId)).toBe('to-investigation');
    });

    it('leaves a clue alone when the verification was opened on an approved disposition', async () => {
      const clueId = await clueHandledBy('verification');
      const before = await eventTypes(clueId);
      await deliver(VerificationOpened, { ...origin(clueId), verificationId: 'ver-1', openedOn: '2026-11-03' });
      expect(await eventTypes(clueId)).toEqual(before);
    });
  });

  describe('when a verification is decided', () => {
    it.each([
      ['close', 'closed'],
      ['light-measure', 'closed'],
      ['shelve', 'shelved'],
      ['transfer', 'closed'],
      ['file-case', 'to-investigation'],
    ] as const)('follows the decision %s to %s in the ledger', async (decision, status) => {
      const clueId = await clueHandledBy('verification');
      await deliver(VerificationDecided, { ...origin(clueId), verificationId: 'ver-1', decision, decidedOn: '2027-01-05' });
      expect(await ledgerStatus(clueId)).toBe(status);
    });

    it('is retried, and writes nothing, while the clue is not in verification yet', async () => {
      const clueId = await clueHandledBy('inquiry');
      const before = await eventTypes(clueId);
      const attempt = deliver(VerificationDecided, {
        ...origin(clueId),
        verificationId: 'ver-1',
        decision: 'close',
        decidedOn: '2027-01-05',
      });
      await expect(attempt).rejects.toThrow(/CLUE_WRONG_STATE/);
      await expect(attempt).rejects.not.toBeInstanceOf(PoisonMessageError);
      expect(await eventTypes(clueId)).toEqual(before);
      expect(await ledgerStatus(clueId)).toBe('in-inquiry');
    });
  });

  describe('when leadership refuses to file the case (不予立案)', () => {
    const filingRejected = (clueId: string) => ({
      ...origin(clueId),
      caseId: `case-${clueId}`,
      verificationId: 'ver-1',
      subjectRef: clueId,
      subjectPosition: '主任',
      escalated: false,
      rejectedOn: '2027-01-10',
    });

    it('closes the clue and its ledger row, once, signed by case management', async () => {
      const clueId = await clueHandledBy('verification');
      await deliver(VerificationDecided, {
        ...origin(clueId),
        verificationId: 'ver-1',
        decision: 'file-case',
        decidedOn: '2027-01-05',
      });
      expect(await ledgerStatus(clueId)).toBe('to-investigation');
      await deliver(CaseFilingRejected, filingRejected(clueId));
      await deliver(CaseFilingRejected, filingRejected(clueId)); // redelivered: nothing more
      expect(await ledgerStatus(clueId)).toBe('closed');
      const outcomes = (await store.readStream(clueStream(clueId))).filter((e) => e.type === 'ClueOutcomeRecorded');
      expect(outcomes.at(-1)).toMatchObject({
        data: { clueId, source: 'case', ref: `case-${clueId}`, outcome: 'filing-rejected', status: 'Closed' },
        metadata: { actor: OUTCOME_RECORDER },
      });
      expect(outcomes).toHaveLength(2);
    });

    it('is retried, and writes nothing, while the file-case decision has not moved the clue yet', async () => {
      const clueId = await clueHandledBy('verification');
      const before = await eventTypes(clueId);
      const attempt = deliver(CaseFilingRejected, filingRejected(clueId));
      await expect(attempt).rejects.toThrow(/CLUE_WRONG_STATE/);
      await expect(attempt).rejects.not.toBeInstanceOf(PoisonMessageError);
      expect(await eventTypes(clueId)).toEqual(before);
      expect(await ledgerStatus(clueId)).toBe('in-verification');
    });
  });

  describe('when the review ends the case', () => {
    const ended = (clueId: string) => ({
      ...origin(clueId),
      caseId: `case-${clueId}`,
      subjectRef: clueId,
      subjectPosition: '主任',
      escalated: false,
    });

    it.each([
      ['concluded without a sanction (免予处分)', 'closed'],
      ['sanctioned', 'sanctioned'],
    ] as const)('follows a case %s to %s in the ledger, once', async (how, status) => {
      const clueId = await clueHandledBy('verification');
      await deliver(VerificationDecided, {
        ...origin(clueId),
        verificationId: 'ver-1',
        decision: 'file-case',
        decidedOn: '2027-01-05',
      });
      const deliverEnd = () =>
        how === 'sanctioned'
          ? deliver(reviewPublicEvents.SanctionDecided, {
              ...ended(clueId),
              governmental: {
                kind: 'warning',
                effectiveFrom: '2027-03-01',
                effectiveUntil: '2027-08-31',
                rule: '政务处分法第八条',
              },
              decidedOn: '2027-03-01',
            })
          : deliver(reviewPublicEvents.ReviewConcludedWithoutSanction, {
              ...ended(clueId),
              outcome: 'exempted',
              concludedOn: '2027-03-01',
            });
      await deliverEnd();
      await deliverEnd(); // redelivered: nothing more
      expect(await ledgerStatus(clueId)).toBe(status);
      expect((await eventTypes(clueId)).filter((t) => t === 'ClueOutcomeRecorded')).toHaveLength(2);
    });
  });
});
