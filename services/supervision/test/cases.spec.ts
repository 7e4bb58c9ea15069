// Cases (审查调查) in the supervision service against a real PostgreSQL and NATS, in-process: a
// verification decided file-case opens the case in that transaction, with the verification's
// subject (the name private, the position public); 立案, report and transfer keep the list, the
// clocks and the public events; the review's return (a reactor) sends it back to investigating,
// once; the review's sanction or conclusion without one (reactors) ends it, concluded, once. Every reply is checked strictly against its operation's response schema.
import { randomUUID } from 'node:crypto';
import {
  caseManagementPublicEvents as cm,
  caseOperations,
  reviewPublicEvents as rv,
  supervisionOperations as ops,
} from '@jiandu/contracts';
import { startServiceHarness } from '@jiandu/runtime';
import { serviceOnOwnDatabase, strictCalls } from '@jiandu/testing';
import { supervisionService } from '../src/main.js';

const { db, service: sv } = serviceOnOwnDatabase('sv_cases', (db) =>
  startServiceHarness(supervisionService, {
    DATABASE_URL: db.url,
    JIANDU_NOW: '2026-09-25T02:00:00.000Z',
    CASE_INVESTIGATION_MONTHS: '2',
    DEADLINE_WATCH_INTERVAL_MS: '60000',
  }),
);

const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };
const office2 = { sub: 'u-s2', name: '二室干部', office: 'supervision-office-2', roles: ['staff'], zones: ['z2'] };
const leader = { sub: 'u-ld', name: '委领导', office: 'leadership', roles: ['leader', 'secretary'], zones: [] };
type Who = typeof office1;

const { call, refused, unchecked } = strictCalls<Who>(sv);

/** A clue registered and disposed to verification, the verification planned, approved, reported and decided file-case. */
async function fileCaseDecided(): Promise<string> {
  const clueId = `c-${randomUUID()}`;
  const number = 'XS-2026-000042';
  await sv.deliver(cm.UnitRegistered, { unitId: 'u-1', name: '某街道办事处', staffCount: 120 });
  await sv.deliver(cm.UnitAssignedToZone, { unitId: 'u-1', zoneId: 'z1', effectiveFrom: '2020-01-01' });
  await sv.deliver(cm.ClueRegistered, {
    clueId,
    number,
    source: 'petition',
    sourceRef: `p-${clueId}`,
    unitId: 'u-1',
    zoneId: 'z1',
    accused: { subjectRef: clueId, position: '主任', unitId: 'u-1' },
    categories: ['eight-rules'],
    category: '八项规定',
    summary: '公款吃喝',
    registeredAt: '2026-09-20T02:00:00.000Z',
  } as never);
  await sv.deliver(cm.DispositionApproved, {
    clueId,
    number,
    kind: 'verification',
    unitId: 'u-1',
    assignedOffice: 'supervision-office-1',
    sourceRef: `p-${clueId}`,
  } as never);
  const verificationId = `v-${clueId}`;
  await call(ops.submitVerificationPlan, office1, {
    verificationId,
    plan: '调取账目',
    team: ['甲', '乙'],
    subjectHeadsLowerCommittee: false,
  });
  await call(ops.approveVerification, leader, { verificationId });
  await call(ops.submitVerificationReport, office1, { verificationId, findings: '属实' });
  await call(ops.decideVerification, office1, { verificationId, decision: 'file-case', note: '建议立案' });
  return clueId;
}

describe('Cases 审查调查 in supervision', () => {
  it('opens on file-case, is filed, reported, transferred, returned by the review once, and transferred again', async () => {
    const clueId = await fileCaseDecided();
    const caseId = `case-${clueId}`;
    expect(await call(ops.getCase, office1, { caseId })).toMatchObject({
      id: caseId,
      status: 'pending-filing',
      verificationId: `v-${clueId}`,
      subjectPosition: '主任',
      escalated: false,
      round: 1,
      history: [{ type: 'CaseOpened', actor: { sub: 'system:supervision' } }, { type: 'CaseSubjectRecorded' }],
    });
    expect((await refused(ops.getCase, office2, { caseId })).code).toBe('NOT_FOUND');
    expect((await call(ops.listCases, office2, {})).total).toBe(0);
    expect((await call(ops.listCases, leader, { status: 'pending-filing' })).total).toBe(1);

    expect(await call(ops.approveCaseFiling, leader, { caseId })).toEqual({ id: caseId, status: 'investigating' });
    expect(await call(ops.getCase, office1, { caseId })).toMatchObject({ filedOn: '2026-09-25', dueOn: '2026-11-25' });
    expect((await refused(ops.transferCaseToReview, office1, { caseId })).code).toBe('CASE_REPORT_REQUIRED');
    // One extension of the round: 3 months more (CASE_EXTENSION_MONTHS' default), on the clock too.
    expect(await call(ops.extendCase, office1, { caseId, reason: '案情复杂' })).toEqual({ id: caseId, status: 'investigating' });
    expect(await call(ops.getCase, office1, { caseId })).toMatchObject({ extended: true, dueOn: '2027-02-25' });
    expect((await refused(ops.extendCase, office1, { caseId, reason: '再延' })).code).toBe('ALREADY_EXTENDED');
    const { rows: extendedClock } = await db
      .pool()
      .query(`SELECT to_char(due_on, 'YYYY-MM-DD') AS due FROM supervision.clocks WHERE id = $1`, [`case-${caseId}`]);
    expect(extendedClock).toEqual([{ due: '2027-02-25' }]);
    const proposedSanction = { party: { kind: 'probation', probationYears: 1 } };
    await call(ops.submitCaseReport, office1, { caseId, findings: '违规公款吃喝', proposedSanction });
    expect(await call(ops.transferCaseToReview, office1, { caseId, note: '请审理' })).toEqual({
      id: caseId,
      status: 'in-review',
    });

    const { rows: published } = await db
      .pool()
      .query(
        `SELECT type, data FROM supervision.events WHERE stream_id = $1 AND type IN ('CaseFiled', 'CaseTransferredToReview') ORDER BY position`,
        [`case-${caseId}`],
      );
    expect(published.map((r: { type: string }) => r.type)).toEqual(['CaseFiled', 'CaseTransferredToReview']);
    expect(published[1].data).toMatchObject({
      subjectRef: clueId,
      subjectPosition: '主任',
      round: 1,
      findings: '违规公款吃喝',
      proposedSanction,
    });
    expect(JSON.stringify(published)).not.toContain('张三');

    const returned = { caseId, clueId, office: 'supervision-office-1', round: 1, reason: '事实不清', returnedOn: '2026-09-25' };
    await sv.deliver(rv.CaseReturnedForInvestigation, returned);
    await sv.deliver(rv.CaseReturnedForInvestigation, returned); // redelivered: nothing more
    expect(await call(ops.getCase, office1, { caseId })).toMatchObject({
      status: 'investigating',
      round: 2,
      returnReason: '事实不清',
      dueOn: '2026-10-26',
      findings: '违规公款吃喝',
    });
    const { rows: clocks } = await db
      .pool()
      .query(`SELECT id, rule, state FROM supervision.clocks WHERE subject = $1 ORDER BY id`, [caseId]);
    expect(clocks).toEqual([
      { id: `case-${caseId}`, rule: '审查调查（延长）（至 2027-02-25）', state: 'met' },
      { id: `case-${caseId}-r2`, rule: '补充调查 1 个月', state: 'running' },
    ]);
    await call(ops.submitCaseReport, office1, { caseId, findings: '补充调查属实', proposedSanction });
    await call(ops.transferCaseToReview, office1, { caseId });
    const { rows: again } = await db
      .pool()
      .query(
        `SELECT data->>'round' AS round FROM supervision.events WHERE stream_id = $1 AND type = 'CaseTransferredToReview' ORDER BY position`,
        [`case-${caseId}`],
      );
    expect(again).toEqual([{ round: '1' }, { round: '2' }]);
  });

  it('opens the 以案促改 rectification at the unit when the sanction is decided, once', async () => {
    const decided = {
      caseId: 'case-k-9',
      clueId: 'c-k-9',
      clueNumber: 'XS-2026-000009',
      unitId: 'u-1',
      office: 'supervision-office-1',
      subjectRef: 'c-k-9',
      subjectPosition: '主任',
      governmental: {
        kind: 'warning' as const,
        effectiveFrom: '2026-09-25',
        effectiveUntil: '2027-03-25',
        rule: '政务处分法第八条',
      },
      escalated: false,
      decidedOn: '2026-09-25',
    };
    await sv.deliver(rv.SanctionDecided, decided);
    await sv.deliver(rv.SanctionDecided, decided); // redelivered: nothing more
    const list = await call(ops.listRectifications, office1, { source: 'case' });
    expect(list).toMatchObject({
      total: 1,
      // 90 days after 2026-09-25: 2026-12-24
      items: [
        {
          id: 'rect-case-k-9',
          source: 'case',
          unitId: 'u-1',
          office: 'supervision-office-1',
          status: 'opened',
          dueOn: '2026-12-24',
        },
      ],
    });
    const { rows } = await db.pool().query(`SELECT state FROM supervision.clocks WHERE id = 'rectification-rect-case-k-9'`);
    expect(rows).toEqual([{ state: 'running' }]);
  });

  it('ends a case whose filing leadership refuses (不予立案): no clock, the reason private, the refusal public', async () => {
    const clueId = await fileCaseDecided();
    const caseId = `case-${clueId}`;
    expect((await refused(ops.rejectCaseFiling, office1, { caseId, reason: '不实' })).code).toBe('FORBIDDEN');
    expect((await refused(ops.rejectCaseFiling, leader, { caseId, reason: '' })).code).toBe('VALIDATION_FAILED');
    expect(await call(ops.rejectCaseFiling, leader, { caseId, reason: '经研究，问题线索不实，不予立案' })).toEqual({
      id: caseId,
      status: 'filing-rejected',
    });
    expect(await call(ops.getCase, office1, { caseId })).toMatchObject({
      status: 'filing-rejected',
      rejectedOn: '2026-09-25',
      round: 1,
      history: [
        { type: 'CaseOpened' },
        { type: 'CaseSubjectRecorded' },
        { type: 'CaseFilingRejected' },
        { type: 'CaseFilingRejectionRecorded' },
      ],
    });
    expect(await call(ops.listCases, leader, { status: 'filing-rejected' })).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ id: caseId, status: 'filing-rejected' })]),
    });
    expect((await refused(ops.approveCaseFiling, leader, { caseId })).code).toBe('CASE_WRONG_STATE');
    expect((await refused(ops.rejectCaseFiling, leader, { caseId, reason: '再议' })).code).toBe('CASE_WRONG_STATE');
    const { rows: clocks } = await db.pool().query(`SELECT id FROM supervision.clocks WHERE subject = $1`, [caseId]);
    expect(clocks).toEqual([]);
    const { rows: events } = await db
      .pool()
      .query(
        `SELECT type, data FROM supervision.events WHERE stream_id = $1 AND type LIKE 'CaseFilingRejec%' ORDER BY position`,
        [`case-${caseId}`],
      );
    expect(events.map((e: { type: string }) => e.type)).toEqual(['CaseFilingRejected', 'CaseFilingRejectionRecorded']);
    expect(events[0].data).toEqual({
      caseId,
      verificationId: `v-${clueId}`,
      clueId,
      clueNumber: 'XS-2026-000042',
      sourceRef: `p-${clueId}`,
      unitId: 'u-1',
      office: 'supervision-office-1',
      subjectRef: clueId,
      subjectPosition: '主任',
      escalated: false,
      rejectedOn: '2026-09-25',
    });
  });

  /** A case filed, reported and transferred to review (round 1). */
  async function caseInReview(): Promise<{ caseId: string; clueId: string }> {
    const clueId = await fileCaseDecided();
    const caseId = `case-${clueId}`;
    await call(ops.approveCaseFiling, leader, { caseId });
    await call(ops.submitCaseReport, office1, {
      caseId,
      findings: '违规公款吃喝',
      proposedSanction: { party: { kind: 'warning' } },
    });
    await call(ops.transferCaseToReview, office1, { caseId });
    return { caseId, clueId };
  }
  const ended = { clueNumber: 'XS-2026-000042', unitId: 'u-1', office: 'supervision-office-1', subjectPosition: '主任' };

  it('ends the case when the review decides the sanction: concluded, sanctioned, its clocks stopped, once', async () => {
    const { caseId, clueId } = await caseInReview();
    const decided = {
      ...ended,
      caseId,
      clueId,
      subjectRef: clueId,
      party: { kind: 'warning' as const, effectiveFrom: '2026-10-09', effectiveUntil: '2027-04-08', rule: '纪律处分条例' },
      escalated: false,
      decidedOn: '2026-10-09',
    };
    await sv.deliver(rv.SanctionDecided, decided);
    await sv.deliver(rv.SanctionDecided, decided); // another delivery of the decision: concluded once
    const got = await call(ops.getCase, office1, { caseId });
    expect(got).toMatchObject({ status: 'concluded', outcome: 'sanctioned', concludedOn: '2026-10-09', round: 1 });
    expect(got).not.toHaveProperty('dueOn');
    expect((got.history as { type: string }[]).filter((h) => h.type === 'CaseConcluded')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ sub: 'system:supervision' }) }),
    ]);
    expect(await call(ops.listCases, leader, { status: 'concluded' })).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ id: caseId, status: 'concluded', outcome: 'sanctioned' })]),
    });
    const { rows: clocks } = await db.pool().query(`SELECT state FROM supervision.clocks WHERE subject = $1`, [caseId]);
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.every((c: { state: string }) => c.state !== 'running')).toBe(true);
    // Its 以案促改 item follows as before; nothing moves the case again.
    const rectifications = (await call(ops.listRectifications, office1, { source: 'case' })) as { items: { id: string }[] };
    expect(rectifications.items.map((r) => r.id)).toContain(`rect-${caseId}`);
    expect((await refused(ops.transferCaseToReview, office1, { caseId })).code).toBe('CASE_WRONG_STATE');
  });

  it('ends the case when the review concludes it without a sanction (免予处分 / 不予处分), once', async () => {
    for (const outcome of ['exempted', 'not-sanctioned'] as const) {
      const { caseId, clueId } = await caseInReview();
      const concluded = { ...ended, caseId, clueId, subjectRef: clueId, outcome, escalated: false, concludedOn: '2026-10-12' };
      await sv.deliver(rv.ReviewConcludedWithoutSanction, concluded);
      await sv.deliver(rv.ReviewConcludedWithoutSanction, concluded);
      expect(await call(ops.getCase, office1, { caseId })).toMatchObject({
        status: 'concluded',
        outcome,
        concludedOn: '2026-10-12',
      });
      const { rows } = await db
        .pool()
        .query(`SELECT count(*)::int AS n FROM supervision.events WHERE stream_id = $1 AND type = 'CaseConcluded'`, [
          `case-${caseId}`,
        ]);
      expect(rows).toEqual([{ n: 1 }]);
      const { rows: running } = await db
        .pool()
        .query(`SELECT id FROM supervision.clocks WHERE subject = $1 AND state = 'running'`, [caseId]);
      expect(running).toEqual([]);
    }
  });

  it('has checked every case operation at least once', () => {
    expect(unchecked(caseOperations)).toEqual([]);
  });
});
