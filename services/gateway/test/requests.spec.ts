// What the gateway lets through, and how it answers for the services: validation, limits, the
// mapping of domain errors, an absent service, and the secrecy of the reporter's identity.
import { call, lastCall, startHarness, tokenFor, type Harness } from './harness.js';

const reporter = { name: '王秘密', phone: '13912345678', idNumber: '61011119800101999X', address: '灞桥区纺织城秘密路88号' };
const REPORTER_VALUES = Object.values(reporter);
const petition = {
  channel: 'visit',
  realName: true,
  reporter,
  accused: { name: '赵某', position: '副局长', unitId: 'unit-7' },
  category: '违反八项规定',
  summary: '公款吃喝',
  content: '举报内容',
};
const bilingual = { zh: expect.any(String), en: expect.any(String) };

let h: Harness;
let petitionToken: string;
beforeAll(async () => {
  h = await startHarness({ rpcTimeoutMs: 500, logLevel: 'debug' });
  petitionToken = await tokenFor('petition-office');
});
afterAll(() => h.close());
beforeEach(() => h.stub.respond(() => ({ ok: true, value: { id: 'p-1', lookupCode: 'ABCD-2345-EFGH', status: 'received' } })));

const register = (body: unknown) => call(h.url, 'POST', '/api/v1/petitions', { token: petitionToken, body });

function expectNoReporterValue(text: string) {
  for (const value of REPORTER_VALUES) expect(text).not.toContain(value);
}

describe('Registering a petition', () => {
  it('forwards a valid real-name petition and answers 201', async () => {
    const res = await register(petition);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'p-1', lookupCode: 'ABCD-2345-EFGH', status: 'received' });
    const forwarded = lastCall(h);
    expect(forwarded.subject).toBe('jiandu.cmd.petitions.register-petition');
    expect(forwarded.data.payload).toEqual(petition);
  });

  it('names a missing field, in Chinese and English', async () => {
    const { summary: _summary, ...body } = petition;
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'VALIDATION_FAILED',
      message: bilingual,
      fields: [{ path: 'summary', message: bilingual }],
    });
  });

  it('refuses an unknown field, also one nested in the reporter', async () => {
    const res = await register({ ...petition, priority: 'high', reporter: { ...reporter, wechat: 'wx-secret' } });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['priority', 'reporter.wechat']);
    expect(JSON.stringify(res.body)).not.toContain('wx-secret');
  });

  it('refuses a real-name petition without its reporter', async () => {
    const { reporter: _r, ...body } = petition;
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ path: 'reporter', message: bilingual }]);
  });

  it('refuses an anonymous petition that carries a reporter, without quoting it', async () => {
    const res = await register({ ...petition, realName: false });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ path: 'reporter', message: bilingual }]);
    expectNoReporterValue(JSON.stringify(res.body));
  });

  it('refuses a reporter field with a bad shape without quoting the value', async () => {
    const res = await register({ ...petition, reporter: { ...reporter, phone: `${reporter.phone}abc` } });
    expect(res.status).toBe(400);
    expect(res.body.fields[0].path).toBe('reporter.phone');
    expectNoReporterValue(JSON.stringify(res.body));
  });

  it('answers 413 to a body over 64 KB', async () => {
    const res = await register({ ...petition, content: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: bilingual });
  });

  it('takes JSON only', async () => {
    const res = await call(h.url, 'POST', '/api/v1/petitions', {
      token: petitionToken,
      rawBody: 'name=王秘密',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const form = await call(h.url, 'POST', '/api/v1/petitions', {
      token: petitionToken,
      rawBody: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });

  it('answers malformed JSON with 400 and without quoting it', async () => {
    const res = await call(h.url, 'POST', '/api/v1/petitions', {
      token: petitionToken,
      rawBody: `{"reporter":{"name":"${reporter.name}"`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'MALFORMED_REQUEST', message: bilingual });
  });
});

describe('Other routes', () => {
  it('puts the path id into the payload and refuses it again in the body', async () => {
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'not-accepted' } }));
    const ok = await call(h.url, 'POST', '/api/v1/petitions/p-1/reject', {
      token: petitionToken,
      body: { reason: 'litigation' },
    });
    expect(ok.status).toBe(200);
    expect(lastCall(h).data.payload).toEqual({ petitionId: 'p-1', reason: 'litigation' });
    const doubled = await call(h.url, 'POST', '/api/v1/petitions/p-1/reject', {
      token: petitionToken,
      body: { petitionId: 'p-2', reason: 'litigation' },
    });
    expect(doubled.status).toBe(400);
    expect(doubled.body.fields[0].path).toBe('petitionId');
  });

  it('takes an empty JSON body as no fields', async () => {
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' } }));
    const res = await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', {
      token: petitionToken,
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(lastCall(h).data.payload).toEqual({ petitionId: 'p-1' });
  });

  it('requires a reason to read the reporter', async () => {
    const res = await call(h.url, 'GET', '/api/v1/petitions/p-1/reporter', { token: petitionToken });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ path: 'reason', message: bilingual }]);
  });

  it('converts clue list query values and fills in the paging defaults', async () => {
    h.stub.respond(() => ({ ok: true, value: { items: [], total: 0 } }));
    const token = await tokenFor('case-management');
    const res = await call(h.url, 'GET', '/api/v1/clues?status=assigned&from=2026-01-01&pageSize=50', { token });
    expect(res.status).toBe(200);
    expect(lastCall(h).data.payload).toEqual({ status: 'assigned', from: '2026-01-01', page: 1, pageSize: 50 });
    const bad = await call(h.url, 'GET', '/api/v1/clues?pageSize=500&colour=red', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['colour', 'pageSize']);
  });

  it('answers the lookup with the status and its date only', async () => {
    h.stub.respond(() => ({ ok: true, value: { status: 'accepted', updatedAt: '2026-10-01T08:00:00Z', id: 'p-1', reporter } }));
    const res = await call(h.url, 'GET', '/api/v1/lookup/ABCD-2345-EFGH');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'accepted', updatedAt: '2026-10-01T08:00:00Z' });
    expect(lastCall(h).data.actor).toBeUndefined();
  });
});

describe('Answers of the services', () => {
  const domainError = (code: string, status: number) => ({
    ok: false as const,
    error: { code, status, message: { zh: '中文说明', en: 'explanation' } },
  });

  it.each([
    ['PETITION_NOT_FOUND', 404],
    ['PETITION_ALREADY_ACCEPTED', 409],
    ['NOT_ASSIGNED_OFFICE', 403],
    ['RULE_REFUSED', 422],
  ])('maps %s to %d', async (code, status) => {
    h.stub.respond(() => domainError(code, status));
    const res = await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', { token: petitionToken });
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ code, message: { zh: '中文说明', en: 'explanation' } });
  });

  it('ends every JSON answer, success or error, with a newline (a terminal prints them apart)', async () => {
    const raw = async (path: string, token?: string) => {
      const res = await fetch(h.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { text: await res.text(), length: res.headers.get('content-length') };
    };
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'received' } }));
    for (const answer of [
      await raw('/api/v1/petitions/p-1', petitionToken),
      await raw('/api/v1/petitions/p-1'), // 401
      await raw('/api/v1/nowhere', petitionToken), // 404
    ]) {
      expect(answer.text.endsWith('}\n')).toBe(true);
      expect(JSON.parse(answer.text)).toBeInstanceOf(Object);
      if (answer.length !== null) expect(Number(answer.length)).toBe(Buffer.byteLength(answer.text));
    }
  });

  it('answers 503 when no service responds in time', async () => {
    h.stub.respond(() => undefined);
    const started = Date.now();
    const res = await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', { token: petitionToken });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: bilingual });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('propagates the correlation id and a W3C traceparent in the RPC request', async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', {
      token: petitionToken,
      headers: { 'x-correlation-id': 'corr-123', traceparent: `00-${trace}-00f067aa0ba902b7-01` },
    });
    expect(res.headers.get('x-correlation-id')).toBe('corr-123');
    const forwarded = lastCall(h);
    expect(forwarded.data.correlationId).toBe('corr-123');
    expect(forwarded.data.traceparent).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
  });
});

describe('The log', () => {
  it('has one line per request with the route pattern (a success at debug, a refusal at info), and never a reporter value, code or reason', async () => {
    await register(petition);
    await register({ ...petition, realName: false });
    await call(h.url, 'GET', '/api/v1/petitions/p-1/reporter?reason=核实身份-秘密理由', { token: petitionToken });
    await call(h.url, 'GET', '/api/v1/lookup/SECRET-CODE-9876');
    const lines = h.logLines();
    const text = lines.join('\n');
    expectNoReporterValue(text);
    expect(text).not.toContain('秘密理由');
    expect(text).not.toContain('SECRET-CODE-9876');
    const entries = lines.map((l) => JSON.parse(l)).filter((e) => e.msg === 'request');
    expect(entries.some((e) => e.route === '/api/v1/lookup/:lookupCode' && e.status === 200)).toBe(true);
    for (const e of entries)
      expect(e).toEqual(
        expect.objectContaining({
          method: expect.any(String),
          route: expect.any(String),
          status: expect.any(Number),
          durationMs: expect.any(Number),
          correlationId: expect.any(String),
        }),
      );
    expect(entries.some((e) => e.status === 400)).toBe(true);
    for (const e of entries)
      expect({ status: e.status, level: e.level }).toEqual({ status: e.status, level: e.status < 400 ? 20 : 30 });
  });
});
