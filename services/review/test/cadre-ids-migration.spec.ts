// Upgrading a review database that had reviews and sanctions before the cadre id was stored
// (migration review-003-cadre-ids, issue 12): the column is backfilled from the stored events where
// they carry the cadre (the latest CaseReceivedForReview, the SanctionDecided v2), left null where
// they do not, and "in effect on a date" is then answered by the cadre id as well as by the subject.
import { randomUUID } from 'node:crypto';
import { openEventStore } from '@jiandu/event-store';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { reviewMigrations } from '../src/migrations.js';
import { sanctionQueries } from '../src/queries/sanctions.queries.js';

const SCHEMA = 'review';
let db: TestDatabase;
let applied: string[];

const metadata = {
  actor: { sub: 'system:review', name: '系统', office: 'review-office' },
  correlationId: randomUUID(),
  occurredAt: '2026-09-25T02:00:00.000Z',
};
const onCase = (caseId: string) => ({
  caseId,
  clueId: `c-${caseId}`,
  clueNumber: 'XS-2026-000001',
  unitId: 'u-1',
  office: 'supervision-office-1',
  subjectRef: `c-${caseId}`,
  subjectPosition: '主任',
});
const received = (caseId: string, round: number, cadreId?: string) => ({
  type: 'CaseReceivedForReview',
  data: {
    ...onCase(caseId),
    verificationId: `v-${caseId}`,
    subjectHeadsLowerCommittee: false,
    round,
    findings: '违规收受礼金',
    proposedSanction: { party: { kind: 'warning' } },
    ...(cadreId ? { cadreId } : {}),
    receivedOn: '2026-09-25',
    dueOn: '2026-10-26',
  },
  metadata,
});
const party = { kind: 'warning', effectiveFrom: '2026-09-25', effectiveUntil: '2027-09-25', rule: '纪律处分条例第八条' };
const decided = (caseId: string, cadreId?: string) => ({
  type: 'SanctionDecided',
  schemaVersion: cadreId ? 2 : 1,
  data: { ...onCase(caseId), party, escalated: false, decidedOn: '2026-09-25', ...(cadreId ? { cadreId } : {}) },
  metadata,
});

beforeAll(async () => {
  db = await createTestDatabase('review_cadre_ids');
  const before = reviewMigrations.filter((m) => m.id !== 'review-003-cadre-ids');
  const old = await openEventStore({ pool: db.pool(), schema: SCHEMA, migrations: before });
  // k-linked: transferred twice (the second transfer with the cadre), sanctioned with it (v2);
  // k-v1: a case stored before (no cadre anywhere); k-open: linked, still under review.
  await old.append(
    'review-k-linked',
    [received('k-linked', 1), received('k-linked', 2, 'cadre-1'), decided('k-linked', 'cadre-1')],
    'no-stream',
  );
  await old.append('review-k-v1', [received('k-v1', 1), decided('k-v1')], 'no-stream');
  await old.append('review-k-open', [received('k-open', 1, 'cadre-2')], 'no-stream');
  // The tables as the projection wrote them then (no cadre_id column).
  for (const [id, status, round] of [
    ['k-linked', 'decided', 2],
    ['k-v1', 'decided', 1],
    ['k-open', 'reviewing', 1],
  ] as const) {
    const c = onCase(id);
    await db.pool().query(
      `INSERT INTO review.reviews (id, clue_id, clue_number, unit_id, office, subject_ref, subject_position, escalated, status,
                                   round, received_on, findings, proposed_sanction, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8, $9, '2026-09-25', '违规收受礼金', '{"party":{"kind":"warning"}}', now(), now())`,
      [id, c.clueId, c.clueNumber, c.unitId, c.office, c.subjectRef, c.subjectPosition, status, round],
    );
  }
  for (const id of ['k-linked', 'k-v1']) {
    await db.pool().query(
      `INSERT INTO review.sanctions (case_id, side, kind, subject_ref, subject_position, unit_id, effective_from, effective_until, rule)
       VALUES ($1, 'party', 'warning', $2, '主任', 'u-1', '2026-09-25', '2027-09-25', '纪律处分条例第八条')`,
      [id, `c-${id}`],
    );
  }
  applied = (await openEventStore({ pool: db.pool(), schema: SCHEMA, migrations: reviewMigrations })).applied;
});
afterAll(() => db?.drop());

describe('migration review-003-cadre-ids on a database with reviews and sanctions', () => {
  it('is the one migration applied', () => {
    expect(applied).toEqual(['review-003-cadre-ids']);
  });

  it("backfills each review's and sanction's cadre from its stored events, null where none carried it", async () => {
    const reviews = await db.pool().query(`SELECT id, cadre_id FROM review.reviews ORDER BY id`);
    expect(reviews.rows).toEqual([
      { id: 'k-linked', cadre_id: 'cadre-1' },
      { id: 'k-open', cadre_id: 'cadre-2' },
      { id: 'k-v1', cadre_id: null },
    ]);
    const sanctions = await db.pool().query(`SELECT case_id, side, cadre_id FROM review.sanctions ORDER BY case_id`);
    expect(sanctions.rows).toEqual([
      { case_id: 'k-linked', side: 'party', cadre_id: 'cadre-1' },
      { case_id: 'k-v1', side: 'party', cadre_id: null },
    ]);
  });

  it('answers "in effect on a date" by the cadre id on the rows stored before: through its last day, not after', async () => {
    const { list } = sanctionQueries(db.pool(), SCHEMA, () => new Date('2026-09-25T02:00:00.000Z'));
    const ask = (payload: Record<string, unknown>) => list({ payload } as never, undefined as never);
    const last = await ask({ cadreId: 'cadre-1', onDate: '2027-09-25' });
    expect(last).toMatchObject({
      total: 1,
      anyInEffect: true,
      items: [{ caseId: 'k-linked', cadreId: 'cadre-1', inEffect: true }],
    });
    expect(await ask({ cadreId: 'cadre-1', onDate: '2027-09-26' })).toMatchObject({ total: 1, anyInEffect: false });
    expect(await ask({ cadreId: 'cadre-2' })).toMatchObject({ total: 0, anyInEffect: false });
    // The sanction stored before without a cadre is still found by its subject, and names none.
    const bySubject = await ask({ subjectRef: 'c-k-v1' });
    expect(bySubject).toMatchObject({ total: 1, anyInEffect: true });
    expect(bySubject.items[0]).not.toHaveProperty('cadreId');
  });
});
