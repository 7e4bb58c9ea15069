// Supervision routes: what reaches the service (subject, path id, converted query), the 201s, and the
// field-level 400s, including the cross-field rules, before anything is forwarded.
import { call, lastCall, startHarness, tokenFor, type Harness } from './harness.js';

const bilingual = { zh: expect.any(String), en: expect.any(String) };

let h: Harness;
let office: string;
let agency: string;
let general: string;
beforeAll(async () => {
  h = await startHarness();
  [office, agency, general] = await Promise.all([
    tokenFor('supervision-office-1'),
    tokenFor('dispatched-agency-a'),
    tokenFor('general-office'),
  ]);
});
afterAll(() => h.close());
beforeEach(() => h.stub.respond(() => ({ ok: true, value: { id: 'x-1', status: 'ok' } })));

/** A 400 that names exactly these fields, each in both languages, and nothing was forwarded. */
async function expectRefused(res: Promise<{ status: number; body: any }>, paths: string[]) {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const before = h.stub.calls.length;
  const { status, body } = await res;
  expect(status).toBe(400);
  expect(body.code).toBe('VALIDATION_FAILED');
  expect(body.fields.map((f: { path: string }) => f.path).sort()).toEqual([...paths].sort());
  for (const field of body.fields) expect(field.message).toEqual(bilingual);
  expect(h.stub.calls.length).toBe(before);
}

describe('Inquiries', () => {
  const assess = (body: unknown) => call(h.url, 'POST', '/api/v1/inquiries/inq-1/assess', { token: office, body });

  it('forwards an assessment with the path id to assess-inquiry', async () => {
    const res = await assess({ outcome: 'light-measure', measure: 'criticism', note: '批评教育' });
    expect(res.status).toBe(200);
    expect(lastCall(h).subject).toBe('jiandu.cmd.supervision.assess-inquiry');
    expect(lastCall(h).data.payload).toEqual({
      inquiryId: 'inq-1',
      outcome: 'light-measure',
      measure: 'criticism',
      note: '批评教育',
    });
  });

  it('names a missing field', () => expectRefused(assess({ outcome: 'accepted' }), ['note']));
  it('refuses an unknown field', () => expectRefused(assess({ outcome: 'accepted', note: 'n', severity: 'high' }), ['severity']));
  it('refuses a light measure without the measure', () =>
    expectRefused(assess({ outcome: 'light-measure', note: 'n' }), ['measure']));
  it('refuses a measure with another outcome', () =>
    expectRefused(assess({ outcome: 'accepted', measure: 'reminder', note: 'n' }), ['measure']));

  it('refuses a bad date on the talk and a missing summary', () =>
    expectRefused(call(h.url, 'POST', '/api/v1/inquiries/inq-1/talk', { token: office, body: { conductedOn: '2026/02/28' } }), [
      'conductedOn',
      'summary',
    ]));

  it('converts the list query and fills in the paging defaults', async () => {
    h.stub.respond(() => ({ ok: true, value: { items: [], total: 0 } }));
    const res = await call(h.url, 'GET', '/api/v1/inquiries?status=letter-sent&unitId=unit-3', { token: office });
    expect(res.status).toBe(200);
    expect(lastCall(h).subject).toBe('jiandu.qry.supervision.list-inquiries');
    expect(lastCall(h).data.payload).toEqual({ status: 'letter-sent', unitId: 'unit-3', page: 1, pageSize: 20 });
    await expectRefused(call(h.url, 'GET', '/api/v1/inquiries?pageSize=201&colour=red', { token: office }), [
      'colour',
      'pageSize',
    ]);
  });
});

describe('Verifications', () => {
  const plan = { plan: '核实方案', team: ['张三', '李四'], subjectHeadsLowerCommittee: true };

  it('forwards the plan', async () => {
    const res = await call(h.url, 'POST', '/api/v1/verifications/v-1/plan', { token: office, body: plan });
    expect(res.status).toBe(200);
    expect(lastCall(h).subject).toBe('jiandu.cmd.supervision.submit-verification-plan');
    expect(lastCall(h).data.payload).toEqual({ verificationId: 'v-1', ...plan });
  });

  it('refuses a team of one or with a repeated member', async () => {
    await expectRefused(
      call(h.url, 'POST', '/api/v1/verifications/v-1/plan', { token: office, body: { ...plan, team: ['张三'] } }),
      ['team'],
    );
    await expectRefused(
      call(h.url, 'POST', '/api/v1/verifications/v-1/plan', { token: office, body: { ...plan, team: ['张三', '张三'] } }),
      ['team'],
    );
  });

  it('refuses an unknown decision', () =>
    expectRefused(
      call(h.url, 'POST', '/api/v1/verifications/v-1/decide', { token: office, body: { decision: 'archive', note: 'n' } }),
      ['decision'],
    ));
});

describe('Creating', () => {
  it.each([
    [
      '/api/v1/recommendations',
      () => office,
      { kind: 'supervisory', unitId: 'unit-1', content: '建议内容', responseDays: 30 },
      'issue-recommendation',
    ],
    [
      '/api/v1/rectifications',
      () => office,
      { source: 'recommendation', sourceRef: 'rec-1', unitId: 'unit-1', description: '整改事项', dueOn: '2026-12-31' },
      'open-rectification',
    ],
    [
      '/api/v1/oversight-tasks',
      () => general,
      { title: '督办事项', description: '内容', assigneeOffice: 'conduct-office', dueOn: '2026-11-30' },
      'assign-oversight-task',
    ],
    [
      '/api/v1/agency-reports',
      () => agency,
      { kind: 'quarterly', year: 2026, quarter: 3, summary: '季度情况' },
      'submit-agency-report',
    ],
  ])('POST %s answers 201', async (path, token, body, name) => {
    const res = await call(h.url, 'POST', path, { token: token(), body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'x-1', status: 'ok' });
    expect(lastCall(h).subject).toBe(`jiandu.cmd.supervision.${name}`);
    expect(lastCall(h).data.payload).toEqual(body);
  });

  it('bounds the response days of a recommendation', () =>
    expectRefused(
      call(h.url, 'POST', '/api/v1/recommendations', {
        token: office,
        body: { kind: 'discipline', unitId: 'unit-1', content: 'c', responseDays: 0 },
      }),
      ['responseDays'],
    ));

  it('needs a new deadline to reopen a rectification', () =>
    expectRefused(call(h.url, 'POST', '/api/v1/rectifications/r-1/reopen', { token: office, body: { reason: '未整改到位' } }), [
      'dueOn',
    ]));
});

describe('Agency reports', () => {
  const submit = (body: unknown) => call(h.url, 'POST', '/api/v1/agency-reports', { token: agency, body });

  it('refuses a quarterly report without its quarter', () =>
    expectRefused(submit({ kind: 'quarterly', year: 2026, summary: 's' }), ['quarter']));
  it('refuses a political-ecology report without its unit', () =>
    expectRefused(submit({ kind: 'political-ecology', year: 2026, summary: 's' }), ['unitId']));
  it('refuses a quarter on a political-ecology report', () =>
    expectRefused(submit({ kind: 'political-ecology', year: 2026, unitId: 'unit-1', quarter: 2, summary: 's' }), ['quarter']));
  it('names a missing field and an unknown one', () =>
    expectRefused(submit({ kind: 'quarterly', quarter: 1, summary: 's', period: 'Q1' }), ['period', 'year']));

  it('converts the year of the list query', async () => {
    h.stub.respond(() => ({ ok: true, value: { items: [], total: 0 } }));
    const res = await call(h.url, 'GET', '/api/v1/agency-reports?year=2026&agency=dispatched-agency-a', { token: office });
    expect(res.status).toBe(200);
    expect(lastCall(h).data.payload).toEqual({ year: 2026, agency: 'dispatched-agency-a', page: 1, pageSize: 20 });
  });
});

describe('Clocks', () => {
  it('forwards the state and office filter to list-clocks', async () => {
    h.stub.respond(() => ({ ok: true, value: { items: [], total: 0 } }));
    const token = await tokenFor('leadership');
    const res = await call(h.url, 'GET', '/api/v1/clocks?state=breached&office=supervision-office-2', { token });
    expect(res.status).toBe(200);
    expect(lastCall(h).subject).toBe('jiandu.qry.supervision.list-clocks');
    expect(lastCall(h).data.payload).toEqual({ state: 'breached', office: 'supervision-office-2', page: 1, pageSize: 20 });
    await expectRefused(call(h.url, 'GET', '/api/v1/clocks?state=paused', { token }), ['state']);
  });
});

describe('Oversight tasks', () => {
  it('lets an assignee office record progress; the service checks it is the assignee', async () => {
    const res = await call(h.url, 'POST', '/api/v1/oversight-tasks/t-1/progress', {
      token: await tokenFor('publicity-dept'),
      body: { note: '已推进' },
    });
    expect(res.status).toBe(200);
    expect(lastCall(h).data.payload).toEqual({ taskId: 't-1', note: '已推进' });
    expect(lastCall(h).data.actor?.['office']).toBe('publicity-dept');
  });
});
