// The review service against a real PostgreSQL and NATS, in-process as `npm start` runs it, with
// its own database, stream and subject namespace: a transferred case is received by the reactor
// (once per round), sent back (the public event in the store), received again, extended, and
// sanctioned; the sanctions answer "in effect on a date"; the effect periods end on the clock.
// Every reply is checked strictly against its operation's response schema, and every operation of
// the contract is called at least once.
import {
  CaseTransferredToReviewV1,
  publishedVersions,
  reviewOperations as ops,
  reviewPublicEvents,
  supervisionPublicEvents as sv,
} from '@jiandu/contracts';
import { startServiceHarness } from '@jiandu/runtime';
import { serviceOnOwnDatabase, strictCalls } from '@jiandu/testing';
import { endDueEffects } from '../src/commands/effect-periods.js';
import { reviewConfig } from '../src/config.js';
import { reviewService } from '../src/main.js';

const NOW = '2026-09-25T02:00:00.000Z';
const ENV = { JIANDU_NOW: NOW, SANCTION_MONTHS_GOVERNMENTAL_DEMERIT: '3', DEADLINE_WATCH_INTERVAL_MS: '60000' };
const { db, service: rv } = serviceOnOwnDatabase('review_service', (db) =>
  startServiceHarness(reviewService, { DATABASE_URL: db.url, ...ENV }),
);

const review = { sub: 'u-sl', name: '审理室干部', office: 'review-office', roles: ['staff'], zones: [] };
const leader = { sub: 'u-ld', name: '委领导', office: 'leadership', roles: ['leader'], zones: [] };
const secretary = { sub: 'u-sj', name: '书记', office: 'leadership', roles: ['leader', 'secretary'], zones: [] };
type Who = typeof review;

const { call, refused, unchecked } = strictCalls<Who, Record<string, any>>(rv);

const transfer = (caseId: string, round: number, heads = false): CaseTransferredToReviewV1 => ({
  caseId,
  verificationId: `v-${caseId}`,
  clueId: `c-${caseId}`,
  clueNumber: 'XS-2026-000001',
  unitId: 'u-1',
  office: 'supervision-office-1',
  subjectRef: `c-${caseId}`,
  subjectPosition: '主任',
  subjectHeadsLowerCommittee: heads,
  round,
  findings: round === 1 ? '违规收受礼金' : '补充调查：违规收受礼金两万元',
  proposedSanction: { governmental: { kind: 'demerit' } },
  transferredOn: '2026-09-25',
});

describe('Review service', () => {
  it('receives a transferred case once per round, sends it back, receives it again, and decides the sanction', async () => {
    await rv.deliver(sv.CaseTransferredToReview, transfer('k-1', 1));
    await rv.deliver(sv.CaseTransferredToReview, transfer('k-1', 1)); // redelivered: nothing more
    expect(await call(ops.getReview, review, { reviewId: 'k-1' })).toMatchObject({
      id: 'k-1',
      status: 'reviewing',
      round: 1,
      receivedOn: '2026-09-25',
      dueOn: '2026-10-26',
      extended: false,
      findings: '违规收受礼金',
      history: [{ type: 'CaseReceivedForReview', actor: { sub: 'system:review' } }],
    });
    const { rows: clock } = await db.pool().query(`SELECT id, rule, state FROM review.clocks`);
    expect(clock).toEqual([{ id: 'review-k-1', rule: '审理 1 个月', state: 'running' }]);

    expect(await call(ops.sendCaseBack, review, { reviewId: 'k-1', reason: '事实不清' })).toEqual({
      id: 'k-1',
      status: 'sent-back',
    });
    expect(
      await refused(ops.proposeSanction, review, { reviewId: 'k-1', sanction: { party: { kind: 'warning' } }, note: '清楚' }),
    ).toMatchObject({
      code: 'REVIEW_WRONG_STATE',
      status: 409,
    });
    const { rows: returned } = await db
      .pool()
      .query(`SELECT data FROM review.events WHERE type = 'CaseReturnedForInvestigation'`);
    expect(returned).toEqual([
      {
        data: {
          caseId: 'k-1',
          clueId: 'c-k-1',
          office: 'supervision-office-1',
          round: 1,
          reason: '事实不清',
          returnedOn: '2026-09-25',
        },
      },
    ]);

    await rv.deliver(sv.CaseTransferredToReview, transfer('k-1', 2));
    expect(await call(ops.getReview, review, { reviewId: 'k-1' })).toMatchObject({ status: 'reviewing', round: 2 });
    expect(await call(ops.extendReview, review, { reviewId: 'k-1', reason: '案情复杂' })).toEqual({
      id: 'k-1',
      status: 'reviewing',
    });
    expect(await refused(ops.extendReview, review, { reviewId: 'k-1', reason: '再次' })).toMatchObject({
      code: 'ALREADY_EXTENDED',
    });
    const { rows: clocks } = await db
      .pool()
      .query(`SELECT id, state, to_char(due_on, 'YYYY-MM-DD') AS due FROM review.clocks ORDER BY id`);
    expect(clocks).toEqual([
      { id: 'review-k-1', state: 'met', due: '2026-10-26' },
      { id: 'review-k-1-r2', state: 'running', due: '2026-11-26' },
    ]);

    const sanction = { party: { kind: 'warning' }, governmental: { kind: 'demerit' } };
    await call(ops.proposeSanction, review, { reviewId: 'k-1', sanction, note: '事实清楚' });
    expect(await refused(ops.approveSanction, review, { reviewId: 'k-1' })).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await call(ops.rejectSanction, leader, { reviewId: 'k-1', note: '量纪再议' });
    await call(ops.proposeSanction, review, { reviewId: 'k-1', sanction, note: '事实清楚' });
    expect(await call(ops.approveSanction, leader, { reviewId: 'k-1' })).toEqual({ id: 'k-1', status: 'decided' });
    expect((await call(ops.getReview, review, { reviewId: 'k-1' })).decided).toMatchObject({
      party: { kind: 'warning', effectiveFrom: '2026-09-25', effectiveUntil: '2027-09-25' },
      // configured: SANCTION_MONTHS_GOVERNMENTAL_DEMERIT=3
      governmental: {
        kind: 'demerit',
        effectiveFrom: '2026-09-25',
        effectiveUntil: '2026-12-25',
        rule: expect.stringContaining('3 个月'),
      },
    });
    expect((await call(ops.listReviews, review, { status: 'decided' })).items.map((r: { id: string }) => r.id)).toEqual(['k-1']);
  });

  it('asks the secretary for a subject heading a lower-level committee', async () => {
    await rv.deliver(sv.CaseTransferredToReview, transfer('k-2', 1, true));
    await call(ops.proposeSanction, review, { reviewId: 'k-2', sanction: { party: { kind: 'expulsion' } }, note: '严重违纪' });
    expect(await refused(ops.approveSanction, leader, { reviewId: 'k-2' })).toMatchObject({
      code: 'ESCALATED_APPROVAL_REQUIRED',
      status: 403,
    });
    await call(ops.approveSanction, secretary, { reviewId: 'k-2', note: '同意' });
  });

  it('concludes a review without a sanction (免予处分): leadership only, the clock stopped, the public event without the reason', async () => {
    await rv.deliver(sv.CaseTransferredToReview, { ...transfer('k-none', 1), sourceRef: 'p-k-none' });
    const body = { reviewId: 'k-none', outcome: 'exempted', reason: '情节轻微，主动交代，免予处分' };
    expect(await refused(ops.concludeWithoutSanction, review, body)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await refused(ops.concludeWithoutSanction, leader, { ...body, outcome: 'pardoned' })).toMatchObject({ status: 400 });
    expect(await call(ops.concludeWithoutSanction, leader, body)).toEqual({ id: 'k-none', status: 'concluded' });
    expect(await refused(ops.concludeWithoutSanction, leader, body)).toMatchObject({ code: 'REVIEW_WRONG_STATE', status: 409 });
    expect(
      await refused(ops.proposeSanction, review, { reviewId: 'k-none', sanction: { party: { kind: 'warning' } }, note: '再议' }),
    ).toMatchObject({
      code: 'REVIEW_WRONG_STATE',
    });
    expect(await call(ops.getReview, review, { reviewId: 'k-none' })).toMatchObject({
      status: 'concluded',
      decidedOn: '2026-09-25',
      history: [
        { type: 'CaseReceivedForReview' },
        { type: 'ReviewConcludedWithoutSanction' },
        { type: 'ReviewConclusionRecorded' },
      ],
    });
    expect((await call(ops.listReviews, review, { status: 'concluded' })).items.map((r: { id: string }) => r.id)).toEqual([
      'k-none',
    ]);
    expect(await call(ops.listSanctions, review, { caseId: 'k-none' })).toMatchObject({ total: 0, anyInEffect: false });
    const { rows: clock } = await db.pool().query(`SELECT state FROM review.clocks WHERE id = 'review-k-none'`);
    expect(clock).toEqual([{ state: 'met' }]);
    const { rows } = await db
      .pool()
      .query(`SELECT data FROM review.events WHERE type = 'ReviewConcludedWithoutSanction' AND stream_id = 'review-k-none'`);
    expect(rows.map((r: { data: unknown }) => r.data)).toEqual([
      {
        caseId: 'k-none',
        clueId: 'c-k-none',
        clueNumber: 'XS-2026-000001',
        sourceRef: 'p-k-none',
        unitId: 'u-1',
        office: 'supervision-office-1',
        subjectRef: 'c-k-none',
        subjectPosition: '主任',
        outcome: 'exempted',
        escalated: false,
        concludedOn: '2026-09-25',
      },
    ]);
  });

  it('answers "in effect on a date", and ends each period by the clock, once', async () => {
    const on = async (day?: string) => call(ops.listSanctions, review, { subjectRef: 'c-k-1', ...(day ? { onDate: day } : {}) });
    expect(await on()).toMatchObject({ total: 2, onDate: '2026-09-25', anyInEffect: true });
    const january = await on('2027-01-10');
    expect(january.items.map((s: { side: string; inEffect: boolean }) => [s.side, s.inEffect]).sort()).toEqual([
      ['governmental', false],
      ['party', true],
    ]);
    expect((await on('2027-09-26')).anyInEffect).toBe(false);
    expect((await call(ops.listSanctions, review, { caseId: 'k-404' })).total).toBe(0);

    const deps = (now: string) => ({ ctx: { ...rv.service.ctx, now: () => new Date(now) }, config: reviewConfig(ENV) });
    expect(await endDueEffects(deps('2026-12-25T02:00:00.000Z'))).toBe(0); // its last day: still in effect
    expect(await endDueEffects(deps('2026-12-26T02:00:00.000Z'))).toBe(1);
    expect(await endDueEffects(deps('2026-12-27T02:00:00.000Z'))).toBe(0);
    const ended = (await on()).items.map((s: { side: string; ended: boolean }) => [s.side, s.ended]).sort();
    expect(ended).toEqual([
      ['governmental', true],
      ['party', false],
    ]);
  });

  it('identifies a common issue on a decided case, once each, and publishes it for the 加强监督建议书', async () => {
    const issue = '该街道公务接待审批流于形式';
    expect(await refused(ops.identifyCommonIssue, review, { reviewId: 'k-clock-none', issue })).toMatchObject({
      code: 'REVIEW_NOT_FOUND',
      status: 404,
    });
    expect(await refused(ops.identifyCommonIssue, leader, { reviewId: 'k-1', issue })).toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
    });
    expect(await call(ops.identifyCommonIssue, review, { reviewId: 'k-1', issue })).toEqual({
      id: 'k-1-issue-1',
      status: 'identified',
    });
    expect(await refused(ops.identifyCommonIssue, review, { reviewId: 'k-1', issue })).toMatchObject({
      code: 'COMMON_ISSUE_ALREADY_IDENTIFIED',
      status: 409,
    });
    expect(await call(ops.identifyCommonIssue, review, { reviewId: 'k-1', issue: '采购不公开' })).toEqual({
      id: 'k-1-issue-2',
      status: 'identified',
    });
    const { rows } = await db
      .pool()
      .query(`SELECT data FROM review.events WHERE type = 'CommonIssueIdentified' ORDER BY position`);
    expect(rows.map((r: { data: unknown }) => r.data)).toEqual([
      {
        issueId: 'k-1-issue-1',
        caseId: 'k-1',
        clueId: 'c-k-1',
        clueNumber: 'XS-2026-000001',
        unitId: 'u-1',
        office: 'supervision-office-1',
        issue,
        identifiedOn: '2026-09-25',
      },
      expect.objectContaining({ issueId: 'k-1-issue-2', issue: '采购不公开' }),
    ]);
    expect((await call(ops.getReview, review, { reviewId: 'k-1' })).commonIssues).toEqual([
      { issueId: 'k-1-issue-1', issue, identifiedOn: '2026-09-25' },
      { issueId: 'k-1-issue-2', issue: '采购不公开', identifiedOn: '2026-09-25' },
    ]);
  });

  it('lists its clocks to 审理室 and the offices that see all, and none to another office', async () => {
    await rv.deliver(sv.CaseTransferredToReview, transfer('k-clock', 1));
    const mine = async (who: Who) =>
      (await call(ops.listClocks, who, { state: 'running', pageSize: 200 })).items.filter(
        (c: { subject: string }) => c.subject === 'k-clock',
      );
    const seen = await mine(review);
    expect(seen).toEqual([expect.objectContaining({ measures: 'review', office: 'review-office', state: 'running' })]);
    expect(await mine(leader)).toEqual(seen);
    const petitionOffice = { ...review, sub: 'u-xf', office: 'petition-office' };
    expect(await call(ops.listClocks, petitionOffice, {})).toEqual({ items: [], total: 0 });
  });

  it("keeps the cadre a v2 transfer carries and puts it on the review's endings (issue 12); a v1 transfer on its own durable", async () => {
    const consumers = reviewService(ENV).consumers?.(rv.service.ctx) ?? [];
    expect(consumers.map((c) => [c.durable, c.filterSubjects])).toEqual(
      publishedVersions(sv.CaseTransferredToReview).map((v) => [
        v.version === 1 ? 'review--case-transferred' : `review--case-transferred-v${v.version}`,
        [v.subject],
      ]),
    );
    const ending = async (caseId: string, type: string) => {
      const { rows } = await db
        .pool()
        .query(`SELECT schema_version AS version, data FROM review.events WHERE type = $1 AND stream_id = $2`, [
          type,
          `review-${caseId}`,
        ]);
      return rows[0] as { version: number; data: Record<string, unknown> };
    };
    await rv.deliver(sv.CaseTransferredToReview, { ...transfer('k-cadre', 1), cadreId: 'cadre-1' });
    await call(ops.proposeSanction, review, { reviewId: 'k-cadre', sanction: { party: { kind: 'warning' } }, note: '清楚' });
    await call(ops.approveSanction, leader, { reviewId: 'k-cadre' });
    const decided = await ending('k-cadre', 'SanctionDecided');
    expect(decided).toMatchObject({ version: reviewPublicEvents.SanctionDecided.version, data: { cadreId: 'cadre-1' } });
    expect(reviewPublicEvents.SanctionDecided.errors(decided.data)).toEqual([]);

    await rv.deliver(sv.CaseTransferredToReview, { ...transfer('k-cadre-none', 1), cadreId: 'cadre-2' });
    await call(ops.concludeWithoutSanction, leader, { reviewId: 'k-cadre-none', outcome: 'not-sanctioned', reason: '不予处分' });
    const concluded = await ending('k-cadre-none', 'ReviewConcludedWithoutSanction');
    expect(concluded).toMatchObject({
      version: reviewPublicEvents.ReviewConcludedWithoutSanction.version,
      data: { cadreId: 'cadre-2', outcome: 'not-sanctioned' },
    });

    // A v1 still in the stream (no cadre) is received as before; its sanction names no cadre.
    await rv.deliver(CaseTransferredToReviewV1, transfer('k-cadre-v1', 1));
    await call(ops.proposeSanction, review, { reviewId: 'k-cadre-v1', sanction: { party: { kind: 'warning' } }, note: '清楚' });
    await call(ops.approveSanction, leader, { reviewId: 'k-cadre-v1' });
    expect((await ending('k-cadre-v1', 'SanctionDecided')).data).not.toHaveProperty('cadreId');

    // The review and its sanction keep the cadre; "in effect on a date" is asked by the cadre id
    // (the publicity screening's question): in effect through its last day, not after.
    expect(await call(ops.getReview, review, { reviewId: 'k-cadre' })).toMatchObject({ cadreId: 'cadre-1' });
    expect(await call(ops.getReview, review, { reviewId: 'k-cadre-v1' })).not.toHaveProperty('cadreId');
    const byCadre = async (onDate: string) => call(ops.listSanctions, review, { cadreId: 'cadre-1', onDate });
    const last = await byCadre('2027-09-25');
    expect(last).toMatchObject({ total: 1, anyInEffect: true });
    expect(last.items).toEqual([
      expect.objectContaining({ caseId: 'k-cadre', subjectRef: 'c-k-cadre', cadreId: 'cadre-1', side: 'party', inEffect: true }),
    ]);
    expect(await byCadre('2027-09-26')).toMatchObject({ total: 1, anyInEffect: false });
    expect(await call(ops.listSanctions, review, { cadreId: 'cadre-2' })).toMatchObject({ total: 0, anyInEffect: false });
    expect(await call(ops.listSanctions, review, { cadreId: 'cadre-1', subjectRef: 'c-k-cadre-v1' })).toMatchObject({ total: 0 });

    // Its effect period ends on the clock: SanctionEffectEnded in its latest version, with the cadre.
    const deps = { ctx: { ...rv.service.ctx, now: () => new Date('2027-09-26T02:00:00.000Z') }, config: reviewConfig(ENV) };
    expect(await endDueEffects(deps)).toBeGreaterThan(0);
    const ended = await ending('k-cadre', 'SanctionEffectEnded');
    expect(ended).toMatchObject({
      version: reviewPublicEvents.SanctionEffectEnded.version,
      data: { caseId: 'k-cadre', side: 'party', cadreId: 'cadre-1', endedOn: '2027-09-26' },
    });
    expect(reviewPublicEvents.SanctionEffectEnded.errors(ended.data)).toEqual([]);
    expect((await ending('k-cadre-v1', 'SanctionEffectEnded')).data).not.toHaveProperty('cadreId');
    expect((await byCadre('2027-09-26')).items).toEqual([expect.objectContaining({ ended: true, inEffect: false })]);
  });

  it('has checked every operation of the contract at least once', () => {
    expect(unchecked(ops)).toEqual([]);
  });
});
