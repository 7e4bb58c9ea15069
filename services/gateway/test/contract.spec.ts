// Issue 9 at the gateway: routes registered from the table, the published document exact (servers,
// tags, who may call, every status with its codes, no body where a command takes none), path fields
// named by their path parameter, the longest token life, and no cache for any answer.
import { SignJWT } from 'jose';
import { answersOf } from '../src/openapi.js';
import { bodyFields, GATEWAY_ROUTES } from '../src/routes.js';
import { call, JWT_SECRET, lastCall, startHarness, tokenFor, type Harness } from './harness.js';

const bilingual = { zh: expect.any(String), en: expect.any(String) };
let h: Harness;
let doc: any; // eslint-disable-line @typescript-eslint/no-explicit-any
beforeAll(async () => {
  h = await startHarness();
  doc = (await call(h.url, 'GET', '/api/docs-json')).body;
});
afterAll(() => h.close());
beforeEach(() => h.stub.respond(() => ({ ok: true, value: { id: 'x-1', status: 'accepted' } })));

describe('routes from the table', () => {
  it('serves every row of the route table, with its status, and nothing else under /api/v1', async () => {
    const petition = await tokenFor('petition-office');
    const res = await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', { token: petition });
    expect(res.status).toBe(200);
    expect(lastCall(h).subject).toBe('jiandu.cmd.petitions.accept-petition');
    const unknown = await call(h.url, 'POST', '/api/v1/petitions/p-1/archive', { token: petition });
    expect(unknown.status).toBe(404);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.filter((r) => r.includes('/api/v1/')).sort()).toEqual(
      GATEWAY_ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort(),
    );
  });
});

describe('the OpenAPI document', () => {
  it('names its server and a tag per service, each described', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.tags.map((t: { name: string }) => t.name).sort()).toEqual([
      'analytics',
      'case-management',
      'gateway',
      'petitions',
      'publicity',
      'review',
      'supervision',
    ]);
    for (const route of GATEWAY_ROUTES)
      expect(doc.paths[route.path.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()].tags).toEqual([
        route.operation.service,
      ]);
  });

  it('declares the content of /health, ready or not', () => {
    for (const status of ['200', '503'])
      expect(doc.paths['/health'].get.responses[status].content['application/json'].schema).toMatchObject({
        type: 'object',
        required: ['status', 'live', 'ready', 'checks'],
      });
  });

  it('says who may call each route, in the description and in x-jiandu-access', () => {
    const approve = doc.paths['/api/v1/clues/{id}/disposition/approve'].post;
    expect(approve['x-jiandu-access']).toEqual({
      public: false,
      offices: ['leadership'],
      roles: ['leader', 'secretary'],
      zones: false,
    });
    expect(approve.description).toContain('leadership (委领导) with the role leader or secretary');
    expect(doc.paths['/api/v1/verifications/{id}/approve'].post['x-jiandu-access'].note).toContain('secretary');
    expect(doc.paths['/api/v1/clues'].get['x-jiandu-access']).toMatchObject({
      offices: expect.arrayContaining(['supervision-office-N', 'dispatched-agency-X']),
      zones: true,
    });
    expect(doc.paths['/api/v1/lookup/{lookupCode}'].get['x-jiandu-access']).toMatchObject({ public: true });
    for (const route of GATEWAY_ROUTES)
      expect(doc.paths[route.path.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()].description).toMatch(/^Who: /);
  });

  it('declares every status a route answers, with its codes (the 422s of the rules too)', () => {
    const responses = (method: string, path: string) => doc.paths[path][method].responses;
    expect(responses('post', '/api/v1/units/{id}/move')['422'].description).toContain('EFFECTIVE_DATE_NOT_AFTER_CURRENT');
    expect(responses('get', '/api/v1/petitions/{id}/reporter')['422'].description).toContain('PETITION_ANONYMOUS');
    expect(responses('post', '/api/v1/petitions/{id}/feedback')['422'].description).toContain('PETITION_ANONYMOUS');
    expect(responses('post', '/api/v1/rectifications')['422'].description).toContain('DEADLINE_IN_PAST');
    expect(responses('post', '/api/v1/agency-reports')['422'].description).toContain('YEAR_NOT_STARTED');
    expect(responses('post', '/api/v1/clues/{id}/disposition/approve')['403'].description).toContain('FORBIDDEN_ROLE');
    expect(Object.keys(responses('get', '/api/v1/clues')).sort()).toEqual(['200', '400', '401', '403', '431', '500', '503']);
    expect(Object.keys(responses('get', '/api/v1/lookup/{lookupCode}')).sort()).toEqual([
      '200',
      '400',
      '404',
      '429',
      '431',
      '500',
      '503',
    ]);
    for (const route of GATEWAY_ROUTES) {
      const documented = Object.keys(responses(route.method.toLowerCase(), route.path.replace(/:(\w+)/g, '{$1}')));
      expect(documented.sort()).toEqual([String(route.status), ...[...answersOf(route).keys()].map(String)].sort());
    }
  });

  it('declares no body for a command whose fields all come from its path, and accepts none', async () => {
    const accept = doc.paths['/api/v1/petitions/{id}/accept'].post;
    expect(accept.requestBody).toBeUndefined();
    const noBody = GATEWAY_ROUTES.filter((r) => r.method === 'POST' && bodyFields(r).length === 0).map((r) => r.path);
    expect(noBody).toEqual(expect.arrayContaining(['/api/v1/petitions/:id/accept', '/api/v1/petitions/:id/transfer']));
    for (const path of noBody) expect(doc.paths[path.replace(/:(\w+)/g, '{$1}')].post.requestBody).toBeUndefined();
    const token = await tokenFor('petition-office');
    expect((await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', { token })).status).toBe(200);
    expect(
      (
        await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', {
          token,
          rawBody: '',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(200);
    expect((await call(h.url, 'POST', '/api/v1/petitions/p-1/accept', { token, body: { note: 'x' } })).status).toBe(400);
  });

  it('passes the contracts’ cross-field rules on as they are (if/then/else, dependentRequired), each naming a declared property', () => {
    const register = doc.paths['/api/v1/petitions'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(register)).toContain('"if"');
    const rules: { parent: string[]; required: string[] }[] = [];
    const walk = (schema: any, parent: string[]) => {
      // eslint-disable-line @typescript-eslint/no-explicit-any
      if (!schema || typeof schema !== 'object') return;
      const own = schema.properties ? Object.keys(schema.properties) : parent;
      for (const key of ['if', 'then', 'else'])
        if (schema[key]?.required) rules.push({ parent: own, required: schema[key].required });
      if (schema.dependentRequired)
        for (const list of Object.values(schema.dependentRequired) as string[][]) rules.push({ parent: own, required: list });
      for (const value of Object.values(schema)) {
        if (Array.isArray(value)) value.forEach((v) => walk(v, own));
        else walk(value, own);
      }
    };
    type Operation = { requestBody?: { content?: Record<string, { schema?: unknown }> } };
    for (const ops of Object.values(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const op of Object.values(ops)) walk(op.requestBody?.content?.['application/json']?.schema, []);
    }
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules)
      for (const name of rule.required) expect({ name, declared: rule.parent.includes(name) }).toEqual({ name, declared: true });
  });

  it('marks a body with no required field as optional', () => {
    const approve = doc.paths['/api/v1/clues/{id}/disposition/approve'].post;
    expect(approve.requestBody.required).toBe(false);
    expect(doc.paths['/api/v1/petitions'].post.requestBody.required).toBe(true);
  });
});

describe('field paths', () => {
  it('names a path parameter by its name in the path, in the gateway’s refusal', async () => {
    const res = await call(h.url, 'POST', `/api/v1/petitions/${'x'.repeat(80)}/accept`, {
      token: await tokenFor('petition-office'),
    });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { path: string }) => f.path)).toEqual(['id']);
  });

  it('names it so in the service’s refusal too', async () => {
    h.stub.respond(() => ({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        status: 400,
        message: { zh: '无效', en: 'invalid' },
        fields: [
          { path: 'clueId', message: { zh: '无效', en: 'invalid' } },
          { path: 'note', message: { zh: '无效', en: 'invalid' } },
        ],
      },
    }));
    const res = await call(h.url, 'POST', '/api/v1/clues/c-1/disposition/approve', {
      token: await tokenFor('leadership', { roles: ['leader'] }),
      body: { note: '同意' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'INVALID_INPUT',
      message: bilingual,
      fields: [
        { path: 'id', message: bilingual },
        { path: 'note', message: bilingual },
      ],
    });
  });
});

describe('tokens', () => {
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ name: '张三', office: 'petition-office', roles: ['staff'], zones: [], ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('jiandu')
      .sign(new TextEncoder().encode(JWT_SECRET));
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a token living longer than TOKEN_MAX_LIFETIME_SECONDS (12 h by default) with 401 and a bilingual message', async () => {
    for (const claims of [{ exp: now() + 95 * 365 * 86_400 }, { iat: now(), exp: now() + 13 * 3600 }]) {
      const res = await call(h.url, 'GET', '/api/v1/petitions/p-1', { token: await sign(claims) });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'TOKEN_LIFETIME_TOO_LONG', message: bilingual });
    }
    const ok = await call(h.url, 'GET', '/api/v1/petitions/p-1', { token: await sign({ iat: now(), exp: now() + 12 * 3600 }) });
    expect(ok.status).toBe(200);
  });
});

describe('caching', () => {
  it('answers the reporter identity, and every API answer, with Cache-Control: no-store', async () => {
    h.stub.respond(() => ({ ok: true, value: { name: '甲', phone: '13800000000', idNumber: '610111', address: '某路' } }));
    const token = await tokenFor('petition-office');
    const reporter = await call(h.url, 'GET', '/api/v1/petitions/p-1/reporter?reason=%E6%A0%B8%E5%AE%9E', { token });
    expect(reporter.status).toBe(200);
    expect(reporter.headers.get('cache-control')).toBe('no-store');
    for (const res of [
      await call(h.url, 'GET', '/api/v1/petitions/p-1/reporter', { token }),
      await call(h.url, 'GET', '/api/v1/petitions/p-1'),
      await call(h.url, 'GET', '/api/v1/nothing'),
    ]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
