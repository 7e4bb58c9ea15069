// 加强监督建议书 in the supervision service against a real PostgreSQL and NATS, in-process: review's
// CommonIssueIdentified issues the advice (once, whatever the redeliveries) to the office that
// handled the case, with its response clock; need to know on the list and the detail; only the
// addressed office answers, once, which stops the clock. Every reply is checked strictly against
// its operation's response schema.
import { reviewPublicEvents as rv, supervisionOperations as ops, type ApiOperation } from '@jiandu/contracts';
import { startServiceHarness } from '@jiandu/runtime';
import { serviceOnOwnDatabase, strictCalls } from '@jiandu/testing';
import { supervisionService } from '../src/main.js';

const { db, service: sv } = serviceOnOwnDatabase('sv_advice', (db) =>
  startServiceHarness(supervisionService, {
    DATABASE_URL: db.url,
    JIANDU_NOW: '2026-09-25T02:00:00.000Z',
    SUPERVISION_ADVICE_RESPONSE_DAYS: '20',
    DEADLINE_WATCH_INTERVAL_MS: '60000',
  }),
);

const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };
const office2 = { sub: 'u-s2', name: '二室干部', office: 'supervision-office-2', roles: ['staff'], zones: ['z2'] };
const reviewOffice = { sub: 'u-sl', name: '审理室干部', office: 'review-office', roles: ['staff'], zones: [] };
type Who = typeof office1;

const strict = strictCalls<Who>(sv);
const call = strict.call;
async function refused(operation: ApiOperation, who: Who, payload: object) {
  const { code, status } = await strict.refused(operation, who, payload);
  return { code, status };
}

const identified = {
  issueId: 'case-k-3-issue-1',
  caseId: 'case-k-3',
  clueId: 'c-k-3',
  clueNumber: 'XS-2026-000003',
  unitId: 'u-1',
  office: 'supervision-office-1',
  issue: '该街道公务接待审批流于形式',
  identifiedOn: '2026-09-25',
};
const adviceId = 'advice-case-k-3-issue-1';

describe('加强监督建议书 in supervision', () => {
  it('is issued once on a common issue, to the office that handled the case, with its response clock', async () => {
    await sv.deliver(rv.CommonIssueIdentified, identified);
    await sv.deliver(rv.CommonIssueIdentified, identified); // redelivered: nothing more
    const list = await call(ops.listSupervisionAdvice, office1, {});
    // 20 days from 2026-09-25: 10-15
    expect(list).toEqual({
      total: 1,
      items: [
        {
          id: adviceId,
          office: 'supervision-office-1',
          unitId: 'u-1',
          clueId: 'c-k-3',
          clueNumber: 'XS-2026-000003',
          caseId: 'case-k-3',
          issueId: 'case-k-3-issue-1',
          status: 'issued',
          issuedOn: '2026-09-25',
          responseDueOn: '2026-10-15',
        },
      ],
    });
    const { rows: events } = await db
      .pool()
      .query(`SELECT type, metadata->'actor'->>'sub' AS sub FROM supervision.events WHERE stream_id = $1`, [
        `supervision-advice-${adviceId}`,
      ]);
    expect(events).toEqual([{ type: 'SupervisionAdviceIssued', sub: 'system:supervision' }]);
    const { rows: clocks } = await db
      .pool()
      .query(`SELECT rule, to_char(due_on, 'YYYY-MM-DD') AS due, state, office FROM supervision.clocks WHERE subject = $1`, [
        adviceId,
      ]);
    expect(clocks).toEqual([
      { rule: '加强监督建议书回复 20 日', due: '2026-10-15', state: 'running', office: 'supervision-office-1' },
    ]);
  });

  it('is read by the addressed office and 审理室, and by no other office', async () => {
    expect((await call(ops.listSupervisionAdvice, reviewOffice, {})).total).toBe(1);
    expect((await call(ops.listSupervisionAdvice, office2, {})).total).toBe(0);
    expect(await refused(ops.getSupervisionAdvice, office2, { adviceId })).toEqual({ code: 'NOT_FOUND', status: 404 });
    const detail = await call(ops.getSupervisionAdvice, reviewOffice, { adviceId });
    expect(detail).toMatchObject({ id: adviceId, content: identified.issue, status: 'issued' });
  });

  it('is answered by the addressed office only, once, which stops its clock', async () => {
    const response = { adviceId, response: '已开展公务接待专项检查' };
    expect(await refused(ops.respondToSupervisionAdvice, office2, response)).toEqual({ code: 'FORBIDDEN_OFFICE', status: 403 });
    // 审理室 reads what it gave, and answers none (the access policy, checked again by the service)
    expect(await refused(ops.respondToSupervisionAdvice, reviewOffice, response)).toEqual({ code: 'FORBIDDEN', status: 403 });
    expect(await call(ops.respondToSupervisionAdvice, office1, response)).toEqual({ id: adviceId, status: 'responded' });
    expect(await refused(ops.respondToSupervisionAdvice, office1, response)).toEqual({ code: 'ADVICE_WRONG_STATE', status: 409 });
    const detail = await call(ops.getSupervisionAdvice, office1, { adviceId });
    expect(detail).toMatchObject({ status: 'responded', respondedOn: '2026-09-25', late: false, response: response.response });
    expect(await refused(ops.respondToSupervisionAdvice, office1, { ...response, adviceId: 'advice-none' })).toEqual({
      code: 'ADVICE_NOT_FOUND',
      status: 404,
    });
    const { rows } = await db.pool().query(`SELECT state FROM supervision.clocks WHERE subject = $1`, [adviceId]);
    expect(rows).toEqual([{ state: 'met' }]);
  });
});
