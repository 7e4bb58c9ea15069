// Issue #4's chain over real NATS and PostgreSQL, services as separate processes: a petition
// becomes a clue, the approved inquiry sends a letter, the reply comes late (the breach is
// recorded), the assessment converts to verification, the verification is decided, and the clue
// and the petition follow — with nobody retyping what an earlier event recorded.
import { eventually } from '@jiandu/testing';
import { clueIdOf, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const DAY = 86_400_000;
const chinaDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);

describe('Supervision: inquiry → late reply → verification → outcomes back to the clue and the petition', () => {
  let sys: System;
  let t: Tokens;
  let secretary: string;
  let petitionId: string;

  beforeAll(async () => {
    sys = await startSystem({ DEADLINE_WATCH_INTERVAL_MS: '200' }, { review: true, publicity: true }); // every service answers GET /api/v1/clocks
    t = await tokens(sys);
    secretary = await sys.token({ office: 'leadership', name: '书记', roles: ['leader', 'secretary'] });
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

  it('runs the whole chain', async () => {
    const clueId = clueIdOf(petitionId);
    await eventually(async () => (await api('GET', `/api/v1/clues/${clueId}`, t.office1)).status === 200);
    await ok('POST', `/api/v1/clues/${clueId}/disposition`, t.office1, { kind: 'inquiry', reason: '建议函询' });
    await ok('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.leadership, { note: '同意函询' });

    // The approval opened the inquiry on its own, with the clue's number and unit: nothing retyped.
    const inquiry = await eventually(async () => {
      const list = await ok('GET', '/api/v1/inquiries', t.office1);
      expect(list.total).toBe(1);
      return list.items[0];
    });
    expect(inquiry).toMatchObject({ status: 'approved', office: 'supervision-office-1', unitId: 'u-street', clueId, round: 1 });
    expect(inquiry.clueNumber).toMatch(/^XS-\d{4}-000001$/);
    expect((await ok('GET', '/api/v1/inquiries', t.office2)).total).toBe(0);

    const letter = await ok('POST', `/api/v1/inquiries/${inquiry.id}/letter`, t.office1, {
      issueSummary: '反映违规接受宴请问题，请书面说明',
    });
    expect(letter.status).toBe('letter-sent');
    const [replyClock] = (await ok('GET', '/api/v1/clocks?state=running', t.office1)).items;
    expect(replyClock).toMatchObject({
      measures: 'inquiry-reply',
      rule: '函询回复 15 个工作日',
      subject: inquiry.id,
      state: 'running',
    });

    // Move supervision's clock past the reply's due date (restart with a pinned "now"): the
    // watcher records the breach, once.
    const late = new Date(Date.parse(`${replyClock.dueOn}T10:00:00+08:00`) + 5 * DAY);
    await sys.kill('supervision');
    await sys.start('supervision', 1, { JIANDU_NOW: late.toISOString(), DEADLINE_WATCH_INTERVAL_MS: '100' });
    await eventually(async () => (await ok('GET', '/api/v1/clocks?state=breached', t.office1)).total === 1, {
      timeoutMs: 15_000,
    });

    const reply = await ok('POST', `/api/v1/inquiries/${inquiry.id}/reply`, t.office1, { summary: '本人书面说明情况' });
    expect(reply.status).toBe('replied');
    const afterReply = await ok('GET', `/api/v1/inquiries/${inquiry.id}`, t.office1);
    expect(afterReply.history.map((h: { type: string }) => h.type)).toContain('InquiryReplyReceived');
    const { rows: signals } = await pool().query(
      `SELECT type, count(*)::int AS n FROM supervision.events WHERE stream_id = $1 GROUP BY type ORDER BY type`,
      [`clock-${replyClock.id}`],
    );
    // The breach raised once, between the clock's start and its late stop (breached, then stopped).
    expect(signals).toEqual([
      { type: 'ClockStarted', n: 1 },
      { type: 'ClockStopped', n: 1 },
      { type: 'DeadlineBreached', n: 1 },
    ]);
    const { rows: stopped } = await pool().query(
      `SELECT data FROM supervision.events WHERE stream_id = $1 AND type = 'ClockStopped'`,
      [`clock-${replyClock.id}`],
    );
    expect(stopped[0].data).toMatchObject({ met: false, stoppedOn: chinaDate(late) });
    const { rows: replyEvent } = await pool().query(`SELECT data FROM supervision.events WHERE type = 'InquiryReplyReceived'`);
    expect(replyEvent[0].data).toMatchObject({ late: true, receivedOn: chinaDate(late) });

    await ok('POST', `/api/v1/inquiries/${inquiry.id}/assess`, t.office1, {
      outcome: 'convert-to-verification',
      note: '说明不清，转初核',
    });
    await ok('POST', `/api/v1/inquiries/${inquiry.id}/conclude`, t.office1, { conclusion: '转初步核实' });

    // The conversion opened a verification on the same clue; the clue follows to in-verification.
    const verification = (await ok('GET', '/api/v1/verifications', t.office1)).items[0];
    expect(verification).toMatchObject({ status: 'awaiting-plan', clueId, fromInquiryId: inquiry.id });
    await eventually(async () => (await ok('GET', `/api/v1/clues/${clueId}`, t.caseManagement)).status === 'in-verification');

    await ok('POST', `/api/v1/verifications/${verification.id}/plan`, t.office1, {
      plan: '调取账目，询问相关人员',
      team: ['核查人甲', '核查人乙'],
      subjectHeadsLowerCommittee: true,
    });
    expect((await api('POST', `/api/v1/verifications/${verification.id}/approve`, t.leadership, {})).status).toBe(403); // escalated approval
    await ok('POST', `/api/v1/verifications/${verification.id}/approve`, secretary, { note: '同意初核' });
    await ok('POST', `/api/v1/verifications/${verification.id}/report`, t.office1, { findings: '部分问题属实' });
    const decided = await ok('POST', `/api/v1/verifications/${verification.id}/decide`, t.office1, {
      decision: 'close',
      note: '予以了结',
    });
    expect(decided.status).toBe('decided');

    // case-management: the clue's status follows the decision.
    await eventually(async () => (await ok('GET', `/api/v1/clues/${clueId}`, t.caseManagement)).status === 'closed');
    const clue = await ok('GET', `/api/v1/clues/${clueId}`, t.caseManagement);
    expect(clue.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['ClueOutcomeRecorded']));

    // petitions: concluded, and the real-name reporter's feedback clock runs 15 working days.
    await eventually(async () => (await ok('GET', `/api/v1/petitions/${petitionId}`, t.petitionOffice)).status === 'concluded');
    const { rows: clocks } = await pool().query(
      `SELECT id, rule, state, to_char(due_on, 'YYYY-MM-DD') AS due FROM petitions.clocks`,
    );
    expect(clocks).toEqual(
      expect.arrayContaining([
        {
          id: `petition-feedback-${petitionId}`,
          rule: '实名举报结果反馈 15 个工作日',
          state: 'running',
          due: expect.any(String),
        },
      ]),
    );
    // The petition office sees it on the merged clock list, beside its other clocks.
    const running = (await ok('GET', '/api/v1/clocks?state=running&pageSize=200', t.petitionOffice)).items as {
      id: string;
      rule: string;
    }[];
    expect(running).toContainEqual(
      expect.objectContaining({ id: `petition-feedback-${petitionId}`, rule: '实名举报结果反馈 15 个工作日' }),
    );
    await ok('POST', `/api/v1/petitions/${petitionId}/feedback`, t.petitionOffice, { note: '已电话告知举报人办理结果' });
    expect((await ok('GET', `/api/v1/petitions/${petitionId}`, t.petitionOffice)).status).toBe('feedback-delivered');
    expect(
      (await pool().query(`SELECT state FROM petitions.clocks WHERE id = $1`, [`petition-feedback-${petitionId}`])).rows[0].state,
    ).toBe('met');
  });

  it('holds every dispatched agency to its quarterly report: a missing one is a breached clock', async () => {
    const agency = await sys.token({ office: 'dispatched-agency-a', name: '派驻组干部' });
    await ok('POST', '/api/v1/zones', t.caseManagement, { id: 'za', name: '派驻某局纪检监察组', office: 'dispatched-agency-a' });
    const clock = await eventually(async () => {
      const items = (await ok('GET', '/api/v1/clocks?state=running', agency)).items as {
        measures: string;
        subject: string;
        dueOn: string;
      }[];
      const found = items.find((c) => c.measures === 'agency-quarterly-report');
      if (!found) throw new Error('no quarterly clock yet');
      return found;
    });
    expect(clock.subject).toMatch(/^dispatched-agency-a:\d{4}-Q[1-4]$/);

    // Nobody reported; three days after the due date the watcher records the breach.
    await sys.kill('supervision');
    await sys.start('supervision', 1, {
      JIANDU_NOW: new Date(Date.parse(`${clock.dueOn}T10:00:00+08:00`) + 3 * DAY).toISOString(),
      DEADLINE_WATCH_INTERVAL_MS: '100',
    });
    await eventually(async () => {
      const items = (await ok('GET', '/api/v1/clocks?state=breached', agency)).items as { subject: string }[];
      return items.some((c) => c.subject === clock.subject);
    });
    const [year, quarter] = clock.subject.split(':')[1]!.split('-Q').map(Number);
    const late = await api('POST', '/api/v1/agency-reports', agency, {
      kind: 'quarterly',
      year,
      quarter,
      summary: '本季度监督情况',
    });
    expect(late.status).toBe(201);
    const { rows } = await pool().query(`SELECT data FROM supervision.events WHERE type = 'AgencyQuarterlyReportSubmitted'`);
    expect(rows[0].data).toMatchObject({ agency: 'dispatched-agency-a', year, quarter, late: true });
    expect(
      (await api('POST', '/api/v1/agency-reports', agency, { kind: 'quarterly', year, quarter, summary: '重复' })).status,
    ).toBe(409);
  });
});
