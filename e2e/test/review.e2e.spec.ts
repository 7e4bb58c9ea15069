// Issue 12's chain over real NATS and PostgreSQL, services as separate processes: a verification
// decided file-case opens the case; 立案 is approved (by the secretary: the subject heads a
// lower-level party committee); the report; the transfer to review; 审理室 sends it back once; the
// case returns, is reported and transferred again; the sanction is decided with its effect
// periods; its consequences follow: a 以案促改 rectification at the unit, 审理室's common issue and
// the 加强监督建议书 issued on it to the office (tracked with its response clock, then answered),
// and the petition behind the clue concluded by the sanction (not by the filing), with the
// real-name reporter's feedback clock running; the review service's clock moves past the periods,
// they end by themselves, and "in effect on a date" flips. Nothing is retyped: the case and the
// review carry what earlier events recorded. Then two cases end without a sanction: a review
// concluded by leadership (免予处分), and a filing refused (不予立案); each closes its clue and
// concludes its petition, with the feedback clock.
import { eventually } from '@jiandu/testing';
import { clueIdOf, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const DAY = 86_400_000;
const chinaDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
const plusMonths = (date: string, months: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const last = new Date(Date.UTC(Math.floor(index / 12), (index % 12) + 1, 0)).getUTCDate();
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

describe('Review: verification → case → review → sent back once → sanction → its consequences → the effect period ends', () => {
  let sys: System;
  let t: Tokens;
  let secretary: string;
  let reviewOffice: string;
  let petitionId: string;

  beforeAll(async () => {
    // GET /api/v1/clocks gathers every service's list-clocks, publicity's too: a suite that reads the
    // merged list starts every service it gathers.
    sys = await startSystem({ DEADLINE_WATCH_INTERVAL_MS: '200' }, { review: true, publicity: true });
    t = await tokens(sys);
    secretary = await sys.token({ office: 'leadership', name: '书记', roles: ['leader', 'secretary'] });
    reviewOffice = await sys.token({ office: 'review-office', name: '审理室干部' });
    await registerZonesAndUnits(sys, t);
    petitionId = (await transferPetition(sys, t, 'u-street')).id;
  });
  afterAll(() => sys?.stop());

  const pool = () => sys.db.pool();
  const api = (method: string, url: string, token: string, body?: unknown) => sys.api(method, url, token, body);
  const ok = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await api(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const refused = async (method: string, url: string, token: string, body: unknown, status: number, code: string) => {
    const res = await api(method, url, token, body);
    expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status, code });
    expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
  };

  type ClockRow = { measures: string; subject: string; state: string; startedOn: string; dueOn: string; office?: string };
  const runningClocks = async (token: string) =>
    (await ok('GET', '/api/v1/clocks?state=running&pageSize=200', token)).items as ClockRow[];
  const petitionStatus = async () => (await ok('GET', `/api/v1/petitions/${petitionId}`, t.petitionOffice)).status as string;

  it('runs the whole chain', async () => {
    const clueId = clueIdOf(petitionId);
    const caseId = `case-${clueId}`;
    await eventually(async () => (await api('GET', `/api/v1/clues/${clueId}`, t.office1)).status === 200);
    await ok('POST', `/api/v1/clues/${clueId}/disposition`, t.office1, { kind: 'verification', reason: '建议初核' });
    await ok('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.leadership, { note: '同意初核' });
    const verificationId = await eventually(async () => {
      const list = await ok('GET', '/api/v1/verifications', t.office1);
      expect(list.total).toBe(1);
      return list.items[0].id as string;
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/plan`, t.office1, {
      plan: '调取账目，询问相关人员',
      team: ['核查人甲', '核查人乙'],
      subjectHeadsLowerCommittee: true,
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/approve`, secretary, { note: '同意初核' });
    await ok('POST', `/api/v1/verifications/${verificationId}/report`, t.office1, { findings: '问题属实' });
    await ok('POST', `/api/v1/verifications/${verificationId}/decide`, t.office1, { decision: 'file-case', note: '建议立案' });

    // A filed case carries the matter on: once petitions has consumed the decision, the petition is
    // still transferred (not concluded by the filing), and no feedback is owed yet.
    await eventually(async () => {
      const { rows } = await pool().query(
        `SELECT 1 FROM petitions.inbox i JOIN supervision.events e ON e.event_id::text = i.event_id
          WHERE i.consumer LIKE 'petitions--verification-decided%' AND e.type = 'VerificationDecided'`,
      );
      expect(rows).toHaveLength(1);
      return true;
    });
    expect(await petitionStatus()).toBe('transferred');
    expect((await runningClocks(t.petitionOffice)).filter((c) => c.measures === 'petition-feedback')).toEqual([]);

    // The decision opened the case on the same clue, in its transaction: pending 立案.
    const opened = await ok('GET', `/api/v1/cases/${caseId}`, t.office1);
    expect(opened).toMatchObject({
      id: caseId,
      status: 'pending-filing',
      office: 'supervision-office-1',
      unitId: 'u-street',
      clueId,
      verificationId,
      subjectPosition: '副主任',
      escalated: true,
      round: 1,
    });
    // Need to know: another office's case answers 404 and is not listed; 党风政风监督室 sees all; 审理室 reads no case.
    expect((await ok('GET', '/api/v1/cases', t.office2)).total).toBe(0);
    await refused('GET', `/api/v1/cases/${caseId}`, t.office2, undefined, 404, 'NOT_FOUND');
    const conduct = await sys.token({ office: 'conduct-office', name: '党风室干部' });
    expect((await ok('GET', '/api/v1/cases', conduct)).total).toBe(1);
    await refused('GET', '/api/v1/cases', reviewOffice, undefined, 403, 'FORBIDDEN');

    // 立案: leadership, and the secretary for this subject; nothing is transferred before the report.
    await refused('POST', `/api/v1/cases/${caseId}/transfer`, t.office1, {}, 409, 'CASE_REPORT_REQUIRED');
    await refused('POST', `/api/v1/cases/${caseId}/approve`, t.office1, {}, 403, 'FORBIDDEN');
    await refused('POST', `/api/v1/cases/${caseId}/approve`, t.leadership, {}, 403, 'ESCALATED_APPROVAL_REQUIRED');
    expect((await ok('POST', `/api/v1/cases/${caseId}/approve`, secretary, {})).status).toBe('investigating');
    const filed = await ok('GET', `/api/v1/cases/${caseId}`, t.office1);
    const today = chinaDate(new Date());
    expect(filed).toMatchObject({ status: 'investigating', filedOn: today, dueOn: expect.any(String) });
    const { rows: caseClocks } = await pool().query(`SELECT id, rule, state FROM supervision.clocks WHERE subject = $1`, [
      caseId,
    ]);
    expect(caseClocks).toEqual([{ id: `case-${caseId}`, rule: '审查调查 3 个月', state: 'running' }]);

    // The report (facts found, proposed sanction) and the transfer.
    const report = {
      findings: '违规接受管理服务对象宴请十余次',
      proposedSanction: { party: { kind: 'serious-warning' }, governmental: { kind: 'demerit' } },
    };
    await refused(
      'POST',
      `/api/v1/cases/${caseId}/report`,
      t.office1,
      { ...report, proposedSanction: { party: { kind: 'reprimand' } } },
      400,
      'VALIDATION_FAILED',
    );
    await ok('POST', `/api/v1/cases/${caseId}/report`, t.office1, report);
    expect((await ok('POST', `/api/v1/cases/${caseId}/transfer`, t.office1, {})).status).toBe('in-review');

    // 审理室 receives it (the review service's reactor), with the facts and the proposal as the case had them.
    const received = await eventually(async () => {
      const list = await ok('GET', '/api/v1/reviews', reviewOffice);
      expect(list.total).toBe(1);
      return list.items[0];
    });
    expect(received).toMatchObject({
      id: caseId,
      caseId,
      clueId,
      office: 'supervision-office-1',
      subjectRef: clueId,
      subjectPosition: '副主任',
      escalated: true,
      status: 'reviewing',
      round: 1,
      receivedOn: today,
      extended: false,
    });
    // Its review clock is on the merged clock list, for 审理室 and for leadership (with the case's clock).
    const reviewClocks = (await ok('GET', '/api/v1/clocks?state=running&pageSize=200', reviewOffice)).items as {
      measures: string;
      subject: string;
    }[];
    expect(reviewClocks.filter((c) => c.measures === 'review')).toHaveLength(1);
    const leadersSee = (await ok('GET', '/api/v1/clocks?state=running&pageSize=200', t.leadership)).items as {
      measures: string;
    }[];
    expect(leadersSee.map((c) => c.measures)).toEqual(expect.arrayContaining(['review']));
    const detail = await ok('GET', `/api/v1/reviews/${caseId}`, reviewOffice);
    expect(detail).toMatchObject({ findings: report.findings, proposedSanction: report.proposedSanction });
    await refused('GET', '/api/v1/reviews', t.office1, undefined, 403, 'FORBIDDEN');

    // Sent back once, with the reason: 审理室 cannot decide until the case returns.
    expect((await ok('POST', `/api/v1/reviews/${caseId}/send-back`, reviewOffice, { reason: '受贿金额事实不清' })).status).toBe(
      'sent-back',
    );
    await refused(
      'POST',
      `/api/v1/reviews/${caseId}/sanction`,
      reviewOffice,
      { sanction: { party: { kind: 'warning' } }, note: '事实清楚' },
      409,
      'REVIEW_WRONG_STATE',
    );
    // A common issue waits for the sanction.
    await refused(
      'POST',
      `/api/v1/reviews/${caseId}/common-issues`,
      reviewOffice,
      { issue: '报销审核流于形式' },
      409,
      'REVIEW_WRONG_STATE',
    );
    const back = await eventually(async () => {
      const c = await ok('GET', `/api/v1/cases/${caseId}`, t.office1);
      expect(c.status).toBe('investigating');
      return c;
    });
    expect(back).toMatchObject({ round: 2, returnReason: '受贿金额事实不清' });
    await refused('POST', `/api/v1/cases/${caseId}/transfer`, t.office1, {}, 409, 'CASE_REPORT_REQUIRED');
    await ok('POST', `/api/v1/cases/${caseId}/report`, t.office1, { ...report, findings: '补充调查：违规接受宴请十二次' });
    await ok('POST', `/api/v1/cases/${caseId}/transfer`, t.office1, {});
    await eventually(async () => {
      const r = await ok('GET', `/api/v1/reviews/${caseId}`, reviewOffice);
      expect(r).toMatchObject({ status: 'reviewing', round: 2, findings: '补充调查：违规接受宴请十二次' });
      return true;
    });

    // The sanction: proposed by 审理室, decided by the secretary (the subject heads a lower-level committee).
    const sanction = { party: { kind: 'serious-warning' }, governmental: { kind: 'demerit' } };
    await ok('POST', `/api/v1/reviews/${caseId}/sanction`, reviewOffice, { sanction, note: '事实清楚，证据确凿' });
    await refused('POST', `/api/v1/reviews/${caseId}/sanction/approve`, t.leadership, {}, 403, 'ESCALATED_APPROVAL_REQUIRED');
    expect((await ok('POST', `/api/v1/reviews/${caseId}/sanction/approve`, secretary, {})).status).toBe('decided');
    const decided = await ok('GET', `/api/v1/reviews/${caseId}`, reviewOffice);
    expect(decided.decided).toEqual({
      party: {
        kind: 'serious-warning',
        effectiveFrom: today,
        effectiveUntil: plusMonths(today, 18),
        rule: expect.stringContaining('纪律处分条例'),
      },
      governmental: {
        kind: 'demerit',
        effectiveFrom: today,
        effectiveUntil: plusMonths(today, 12),
        rule: expect.stringContaining('政务处分法第八条'),
      },
    });

    // The consequence in supervision: a 以案促改 rectification at the unit, followed by the investigating office.
    const lesson = await eventually(async () => {
      const list = await ok('GET', '/api/v1/rectifications?source=case', t.office1);
      expect(list.total).toBe(1);
      return list.items[0];
    });
    expect(lesson).toMatchObject({ id: `rect-${caseId}`, source: 'case', unitId: 'u-street', status: 'opened' });
    // The case itself ends in supervision: concluded, sanctioned, on the decision's day, no clock running.
    const caseEnded = await eventually(async () => {
      const c = await ok('GET', `/api/v1/cases/${caseId}`, t.office1);
      expect(c).toMatchObject({ status: 'concluded', outcome: 'sanctioned', concludedOn: today, round: 2 });
      return c;
    });
    expect(caseEnded).not.toHaveProperty('dueOn');
    expect(caseEnded.history.map((h: { type: string }) => h.type).filter((type: string) => type === 'CaseConcluded')).toEqual([
      'CaseConcluded',
    ]);
    expect((await ok('GET', '/api/v1/cases?status=concluded', t.leadership)).items.map((c: { id: string }) => c.id)).toContain(
      caseId,
    );
    expect((await runningClocks(t.office1)).some((c) => c.subject === caseId)).toBe(false);
    await refused('POST', `/api/v1/cases/${caseId}/transfer`, t.office1, {}, 409, 'CASE_WRONG_STATE');

    // 审理室 names a common issue the case shows at the unit (普遍性问题), once; nobody else does.
    const issue = '该街道公务接待审批流于形式，同类违规宴请多发';
    await refused('POST', `/api/v1/reviews/${caseId}/common-issues`, t.office1, { issue }, 403, 'FORBIDDEN');
    const identified = await api('POST', `/api/v1/reviews/${caseId}/common-issues`, reviewOffice, { issue });
    expect({ status: identified.status, body: identified.body }).toEqual({
      status: 201,
      body: { id: `${caseId}-issue-1`, status: 'identified' },
    });
    await refused(
      'POST',
      `/api/v1/reviews/${caseId}/common-issues`,
      reviewOffice,
      { issue },
      409,
      'COMMON_ISSUE_ALREADY_IDENTIFIED',
    );
    expect((await ok('GET', `/api/v1/reviews/${caseId}`, reviewOffice)).commonIssues).toEqual([
      { issueId: `${caseId}-issue-1`, issue, identifiedOn: today },
    ]);

    // Supervision issues the 加强监督建议书 on it to the office that handled the case, with its response clock.
    const adviceId = `advice-${caseId}-issue-1`;
    const advice = await eventually(async () => {
      const list = await ok('GET', '/api/v1/supervision-advice', t.office1);
      expect(list.total).toBe(1);
      return list.items[0];
    });
    expect(advice).toMatchObject({
      id: adviceId,
      office: 'supervision-office-1',
      unitId: 'u-street',
      clueId,
      caseId,
      issueId: `${caseId}-issue-1`,
      status: 'issued',
      issuedOn: today,
    });
    expect(advice.responseDueOn > today).toBe(true);
    // 审理室 follows the advice it gave; another office neither lists nor reads it.
    expect((await ok('GET', '/api/v1/supervision-advice', reviewOffice)).total).toBe(1);
    expect((await ok('GET', '/api/v1/supervision-advice', t.office2)).total).toBe(0);
    await refused('GET', `/api/v1/supervision-advice/${adviceId}`, t.office2, undefined, 404, 'NOT_FOUND');
    const adviceClock = (await runningClocks(t.office1)).find((c) => c.measures === 'supervision-advice-response');
    expect(adviceClock).toMatchObject({
      subject: adviceId,
      office: 'supervision-office-1',
      startedOn: today,
      dueOn: advice.responseDueOn,
    });
    // Only the addressed office answers it.
    const response = { response: '已在全街道开展公务接待专项检查，修订接待审批制度' };
    await refused('POST', `/api/v1/supervision-advice/${adviceId}/respond`, reviewOffice, response, 403, 'FORBIDDEN');
    await refused('POST', `/api/v1/supervision-advice/${adviceId}/respond`, t.office2, response, 403, 'FORBIDDEN_OFFICE');
    expect((await ok('POST', `/api/v1/supervision-advice/${adviceId}/respond`, t.office1, response)).status).toBe('responded');
    await refused('POST', `/api/v1/supervision-advice/${adviceId}/respond`, t.office1, response, 409, 'ADVICE_WRONG_STATE');
    const answered = await ok('GET', `/api/v1/supervision-advice/${adviceId}`, t.office1);
    expect(answered).toMatchObject({ status: 'responded', respondedOn: today, late: false, content: issue, ...response });
    expect(answered.history.map((h: { type: string }) => h.type)).toEqual([
      'SupervisionAdviceIssued',
      'SupervisionAdviceResponded',
    ]);
    expect((await runningClocks(t.office1)).some((c) => c.measures === 'supervision-advice-response')).toBe(false);

    // The petition behind the clue is concluded by the sanction, and the real-name reporter's feedback clock runs.
    await eventually(async () => {
      expect(await petitionStatus()).toBe('concluded');
      return true;
    });
    const feedback = (await runningClocks(t.petitionOffice)).filter((c) => c.measures === 'petition-feedback');
    expect(feedback).toEqual([
      expect.objectContaining({
        subject: `petition-${petitionId}`,
        office: 'petition-office',
        startedOn: today,
        state: 'running',
      }),
    ]);
    const { rows: concluded } = await pool().query(
      `SELECT data FROM petitions.events WHERE stream_id = $1 AND type = 'PetitionConcluded'`,
      [`petition-${petitionId}`],
    );
    expect(concluded.map((r: { data: unknown }) => r.data)).toEqual([
      { petitionId, source: 'sanction', outcome: 'sanctioned', ref: caseId, concludedOn: today },
    ]);

    // "In effect on a date": both today; after 13 months only the party sanction.
    const sanctions = (query: string, token = reviewOffice) => ok('GET', `/api/v1/sanctions?${query}`, token);
    const now = await sanctions(`subjectRef=${clueId}`);
    expect(now).toMatchObject({ total: 2, onDate: today, anyInEffect: true });
    const later = await sanctions(`subjectRef=${clueId}&onDate=${plusMonths(today, 13)}`);
    expect(later.items.map((s: { side: string; inEffect: boolean }) => [s.side, s.inEffect]).sort()).toEqual([
      ['governmental', false],
      ['party', true],
    ]);
    const publicity = await sys.token({ office: 'publicity-dept', name: '组宣部干部' });
    expect((await sanctions(`subjectRef=${clueId}`, publicity)).anyInEffect).toBe(true);
    await refused('GET', `/api/v1/sanctions?subjectRef=${clueId}`, t.petitionOffice, undefined, 403, 'FORBIDDEN');

    // No name on the stream: the public events carry the subject's reference and position.
    const { rows: published } = await pool().query(
      `SELECT type, data::text AS data FROM supervision.events
        WHERE type IN ('CaseFiled', 'CaseTransferredToReview', 'SupervisionAdviceIssued')
       UNION ALL SELECT type, data::text FROM review.events
        WHERE type IN ('SanctionDecided', 'CaseReturnedForInvestigation', 'CommonIssueIdentified')`,
    );
    expect(published.map((r: { type: string }) => r.type).sort()).toEqual([
      'CaseFiled',
      'CaseReturnedForInvestigation',
      'CaseTransferredToReview',
      'CaseTransferredToReview',
      'CommonIssueIdentified',
      'SanctionDecided',
      'SupervisionAdviceIssued',
    ]);
    for (const row of published) expect(row.data).not.toContain('被反映人丙');

    // Move the review service's clock 19 months on: both periods end by themselves, once each.
    const moved = new Date(Date.now() + 19 * 31 * DAY);
    await sys.kill('review');
    await sys.start('review', 1, { JIANDU_NOW: moved.toISOString(), DEADLINE_WATCH_INTERVAL_MS: '100' });
    const after = await eventually(
      async () => {
        const list = await sanctions(`subjectRef=${clueId}`);
        expect(list.items.every((s: { ended: boolean }) => s.ended)).toBe(true);
        return list;
      },
      { timeoutMs: 15_000 },
    );
    expect(after).toMatchObject({ onDate: chinaDate(moved), anyInEffect: false });
    expect((await sanctions(`subjectRef=${clueId}&onDate=${today}`)).anyInEffect).toBe(true);
    const { rows: ended } = await pool().query(
      `SELECT data->>'side' AS side FROM review.events WHERE type = 'SanctionEffectEnded' ORDER BY 1`,
    );
    expect(ended).toEqual([{ side: 'governmental' }, { side: 'party' }]);
  });

  // After the chain above (the review service now runs 19 months on): another petition's case is
  // filed and transferred, and leadership concludes its review without a sanction (免予处分).
  it('concludes a review without a sanction: the clue closed, the petition concluded with its feedback clock', async () => {
    const other = (await transferPetition(sys, t, 'u-street')).id;
    const clueId = clueIdOf(other);
    const caseId = `case-${clueId}`;
    await eventually(async () => (await api('GET', `/api/v1/clues/${clueId}`, t.office1)).status === 200);
    await ok('POST', `/api/v1/clues/${clueId}/disposition`, t.office1, { kind: 'verification', reason: '建议初核' });
    await ok('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.leadership, { note: '同意初核' });
    const verificationId = await eventually(async () => {
      const list = await ok('GET', '/api/v1/verifications?pageSize=100', t.office1);
      const mine = list.items.find((v: { clueId: string }) => v.clueId === clueId);
      expect(mine).toBeDefined();
      return mine.id as string;
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/plan`, t.office1, {
      plan: '调取账目',
      team: ['核查人甲', '核查人乙'],
      subjectHeadsLowerCommittee: false,
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/approve`, t.leadership, { note: '同意初核' });
    await ok('POST', `/api/v1/verifications/${verificationId}/report`, t.office1, { findings: '问题基本属实' });
    await ok('POST', `/api/v1/verifications/${verificationId}/decide`, t.office1, { decision: 'file-case', note: '建议立案' });
    await ok('POST', `/api/v1/cases/${caseId}/approve`, t.leadership, {});
    await ok('POST', `/api/v1/cases/${caseId}/report`, t.office1, {
      findings: '违规接受宴请一次，主动交代并退缴',
      proposedSanction: { party: { kind: 'warning' } },
    });
    await ok('POST', `/api/v1/cases/${caseId}/transfer`, t.office1, {});
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/reviews/${caseId}`, reviewOffice)).status).toBe('reviewing');
      return true;
    });
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/clues/${clueId}`, t.office1)).status).toBe('to-investigation');
      return true;
    });

    // 免予处分: leadership only, with the reason and the outcome the contract names.
    const body = { outcome: 'exempted', reason: '情节轻微，主动交代，免予处分' };
    await refused('POST', `/api/v1/reviews/${caseId}/conclude-without-sanction`, reviewOffice, body, 403, 'FORBIDDEN');
    await refused(
      'POST',
      `/api/v1/reviews/${caseId}/conclude-without-sanction`,
      t.leadership,
      { ...body, outcome: 'forgiven' },
      400,
      'VALIDATION_FAILED',
    );
    expect((await ok('POST', `/api/v1/reviews/${caseId}/conclude-without-sanction`, t.leadership, body)).status).toBe(
      'concluded',
    );
    await refused('POST', `/api/v1/reviews/${caseId}/conclude-without-sanction`, t.leadership, body, 409, 'REVIEW_WRONG_STATE');
    expect((await ok('GET', `/api/v1/sanctions?caseId=${caseId}`, reviewOffice)).total).toBe(0);

    // The case ends in supervision too: concluded, exempted (免予处分), on the review's day, its clocks stopped.
    const { rows: reviewed } = await pool().query(
      `SELECT data->>'concludedOn' AS on FROM review.events WHERE type = 'ReviewConcludedWithoutSanction' AND data->>'caseId' = $1`,
      [caseId],
    );
    await eventually(async () => {
      expect(await ok('GET', `/api/v1/cases/${caseId}`, t.office1)).toMatchObject({
        status: 'concluded',
        outcome: 'exempted',
        concludedOn: reviewed[0].on,
      });
      return true;
    });
    expect((await runningClocks(t.office1)).some((c) => c.subject === caseId)).toBe(false);

    // The clue is closed in the register; the petition is concluded, and its feedback clock runs.
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/clues/${clueId}`, t.office1)).status).toBe('closed');
      return true;
    });
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/petitions/${other}`, t.petitionOffice)).status).toBe('concluded');
      return true;
    });
    const feedback = (await runningClocks(t.petitionOffice)).filter(
      (c) => c.measures === 'petition-feedback' && c.subject === `petition-${other}`,
    );
    expect(feedback).toEqual([expect.objectContaining({ office: 'petition-office', state: 'running' })]);
    const { rows: concluded } = await pool().query(
      `SELECT data FROM petitions.events WHERE stream_id = $1 AND type = 'PetitionConcluded'`,
      [`petition-${other}`],
    );
    expect(concluded.map((r: { data: { source: string; outcome: string; ref: string } }) => r.data)).toEqual([
      expect.objectContaining({ petitionId: other, source: 'case', outcome: 'exempted', ref: caseId }),
    ]);
    // The reason stays in review's private event; the public one carries none, and no name.
    const { rows: published } = await pool().query(
      `SELECT data::text AS data FROM review.events WHERE type = 'ReviewConcludedWithoutSanction' AND data->>'caseId' = $1`,
      [caseId],
    );
    expect(published).toHaveLength(1);
    expect(published[0].data).not.toContain('情节轻微');
    expect(published[0].data).not.toContain('被反映人丙');
  });

  // 不予立案: leadership refuses a third case's filing; the case ends, the clue is closed and the petition concluded.
  it('refuses the filing of a case: the case ends, the clue closed, the petition concluded with its feedback clock', async () => {
    const third = (await transferPetition(sys, t, 'u-street')).id;
    const clueId = clueIdOf(third);
    const caseId = `case-${clueId}`;
    await eventually(async () => (await api('GET', `/api/v1/clues/${clueId}`, t.office1)).status === 200);
    await ok('POST', `/api/v1/clues/${clueId}/disposition`, t.office1, { kind: 'verification', reason: '建议初核' });
    await ok('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.leadership, { note: '同意初核' });
    const verificationId = await eventually(async () => {
      const list = await ok('GET', '/api/v1/verifications?pageSize=100', t.office1);
      const mine = list.items.find((v: { clueId: string }) => v.clueId === clueId);
      expect(mine).toBeDefined();
      return mine.id as string;
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/plan`, t.office1, {
      plan: '调取账目',
      team: ['核查人甲', '核查人乙'],
      subjectHeadsLowerCommittee: false,
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/approve`, t.leadership, { note: '同意初核' });
    await ok('POST', `/api/v1/verifications/${verificationId}/report`, t.office1, { findings: '部分属实' });
    await ok('POST', `/api/v1/verifications/${verificationId}/decide`, t.office1, { decision: 'file-case', note: '建议立案' });
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/clues/${clueId}`, t.office1)).status).toBe('to-investigation');
      return true;
    });

    const reason = { reason: '经集体研究，现有证据不足以立案' };
    await refused('POST', `/api/v1/cases/${caseId}/reject`, t.office1, reason, 403, 'FORBIDDEN');
    await refused('POST', `/api/v1/cases/${caseId}/reject`, t.leadership, { reason: '' }, 400, 'VALIDATION_FAILED');
    expect((await ok('POST', `/api/v1/cases/${caseId}/reject`, t.leadership, reason)).status).toBe('filing-rejected');
    await refused('POST', `/api/v1/cases/${caseId}/approve`, t.leadership, {}, 409, 'CASE_WRONG_STATE');
    expect(await ok('GET', `/api/v1/cases/${caseId}`, t.office1)).toMatchObject({
      status: 'filing-rejected',
      rejectedOn: expect.any(String),
    });
    const { rows: clocks } = await pool().query(`SELECT id FROM supervision.clocks WHERE subject = $1`, [caseId]);
    expect(clocks).toEqual([]);

    await eventually(async () => {
      expect((await ok('GET', `/api/v1/clues/${clueId}`, t.office1)).status).toBe('closed');
      return true;
    });
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/petitions/${third}`, t.petitionOffice)).status).toBe('concluded');
      return true;
    });
    const feedback = (await runningClocks(t.petitionOffice)).filter(
      (c) => c.measures === 'petition-feedback' && c.subject === `petition-${third}`,
    );
    expect(feedback).toEqual([expect.objectContaining({ office: 'petition-office', state: 'running' })]);
    const { rows: published } = await pool().query(
      `SELECT data::text AS data FROM supervision.events WHERE type = 'CaseFilingRejected' AND data->>'caseId' = $1`,
      [caseId],
    );
    expect(published).toHaveLength(1);
    expect(published[0].data).not.toContain('证据不足');
    expect(published[0].data).not.toContain('被反映人丙');
  });
});
