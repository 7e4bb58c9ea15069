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

describe('Clocks: every service’s, merged', () => {
  const SERVICES = ['petitions', 'case-management', 'supervision', 'review', 'publicity'];
  const clock = (id: string, dueOn: string) => ({
    id,
    measures: 'm',
    rule: 'r',
    subject: id,
    startedOn: '2026-01-05',
    dueOn,
    provisional: false,
    state: 'running',
  });
  /** Each service's clocks in its own order (due date, then id), paged as listClocks pages them. */
  const ROWS: Record<string, ReturnType<typeof clock>[]> = {
    petitions: [clock('p-1', '2026-02-02'), clock('p-2', '2026-03-09')],
    'case-management': [clock('c-1', '2026-02-01'), clock('c-2', '2026-02-02'), clock('c-3', '2026-04-01')],
    supervision: [clock('s-1', '2026-01-20')],
  };
  const answerEach = () =>
    h.stub.respond((c) => {
      const service = c.subject.split('.')[2] ?? '';
      const { page = 1, pageSize = 20 } = c.data.payload as { page?: number; pageSize?: number };
      const rows = ROWS[service] ?? [];
      return { ok: true, value: { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length } };
    });

  it('asks every service’s list-clocks with the filters, and merges their rows by due date', async () => {
    answerEach();
    const token = await tokenFor('leadership');
    const before = h.stub.calls.length;
    const res = await call(h.url, 'GET', '/api/v1/clocks?state=breached&office=supervision-office-2', { token });
    expect(res.status).toBe(200);
    const calls = h.stub.calls.slice(before);
    expect(calls.map((c) => c.subject).sort()).toEqual(SERVICES.map((s) => `jiandu.qry.${s}.list-clocks`).sort());
    for (const c of calls)
      expect(c.data.payload).toEqual({ state: 'breached', office: 'supervision-office-2', page: 1, pageSize: 20 });
    expect(res.body.total).toBe(6);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(['s-1', 'c-1', 'c-2', 'p-1', 'p-2', 'c-3']);
    await expectRefused(call(h.url, 'GET', '/api/v1/clocks?state=paused', { token }), ['state']);
  });

  it('cuts a later page out of the merged order, and a page past the end is empty', async () => {
    answerEach();
    const token = await tokenFor('case-management');
    const second = await call(h.url, 'GET', '/api/v1/clocks?page=2&pageSize=2', { token });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ total: 6, items: [clock('c-2', '2026-02-02'), clock('p-1', '2026-02-02')] });
    const third = await call(h.url, 'GET', '/api/v1/clocks?page=3&pageSize=2', { token });
    expect(third.body.items.map((c: { id: string }) => c.id)).toEqual(['p-2', 'c-3']);
    const past = await call(h.url, 'GET', '/api/v1/clocks?page=9&pageSize=2', { token });
    expect(past.body).toEqual({ total: 6, items: [] });
  });

  it('answers 503, not a partial list, when one service does not answer', async () => {
    h.stub.respond((c) => (c.subject.includes('.petitions.') ? undefined : { ok: true, value: { items: [], total: 0 } }));
    const res = await call(h.url, 'GET', '/api/v1/clocks', { token: await tokenFor('leadership') });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('lets the petition office read the clocks, and refuses an office with nothing to time', async () => {
    answerEach();
    expect((await call(h.url, 'GET', '/api/v1/clocks', { token: await tokenFor('petition-office') })).status).toBe(200);
    expect((await call(h.url, 'GET', '/api/v1/clocks', { token: await tokenFor('general-office') })).status).toBe(403);
  });
});

describe('Categories', () => {
  it('forwards to case-management’s list-categories for any office', async () => {
    h.stub.respond(() => ({ ok: true, value: { items: [{ code: 'other', label: '其他' }] } }));
    const res = await call(h.url, 'GET', '/api/v1/categories', { token: await tokenFor('publicity-dept') });
    expect(res.status).toBe(200);
    expect(lastCall(h).subject).toBe('jiandu.qry.case-management.list-categories');
    expect(res.body.items).toEqual([{ code: 'other', label: '其他' }]);
    await expectRefused(call(h.url, 'GET', '/api/v1/categories?code=x', { token: await tokenFor('publicity-dept') }), ['code']);
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
