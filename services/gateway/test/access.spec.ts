// Who may call what: the gateway refuses before anything reaches a service.
import { SignJWT } from 'jose';
import { GATEWAY_ROUTES } from '../src/routes.js';
import { call, JWT_SECRET, lastCall, startHarness, tokenFor, type Harness } from './harness.js';

const OFFICES = [
  'petition-office',
  'case-management',
  'supervision-office-1',
  'dispatched-agency-a',
  'conduct-office',
  'review-office',
  'general-office',
  'publicity-dept',
  'leadership',
];

const REGISTRY = ['case-management', 'leadership'];
const PETITIONS = ['petition-office'];
const CLUE_READERS = ['case-management', 'leadership', 'supervision-office-1', 'dispatched-agency-a'];
const CLUE_HANDLERS = ['supervision-office-1', 'dispatched-agency-a'];
const LEADERSHIP = ['leadership'];
const SUPERVISION_READERS = ['case-management', 'leadership', 'supervision-office-1', 'dispatched-agency-a', 'conduct-office'];
const HANDLERS = CLUE_HANDLERS;
const GENERAL_OFFICE = ['general-office'];
const ANY_OFFICE = OFFICES;
const AGENCY = ['dispatched-agency-a'];
const AGENCY_REPORT_READERS = ['dispatched-agency-a', 'supervision-office-1', 'conduct-office', 'leadership'];

// The spec, written out: not derived from the route table it checks.
const ALLOWED: Record<string, string[]> = {
  'POST /api/v1/zones': REGISTRY,
  'GET /api/v1/zones': REGISTRY,
  'POST /api/v1/units': REGISTRY,
  'GET /api/v1/units': REGISTRY,
  'POST /api/v1/units/:id/move': REGISTRY,
  'POST /api/v1/petitions': PETITIONS,
  'POST /api/v1/petitions/:id/accept': PETITIONS,
  'POST /api/v1/petitions/:id/reject': PETITIONS,
  'POST /api/v1/petitions/:id/transfer': PETITIONS,
  'POST /api/v1/petitions/:id/feedback': PETITIONS,
  'GET /api/v1/petitions/:id': PETITIONS,
  'GET /api/v1/petitions/:id/reporter': PETITIONS,
  'GET /api/v1/clues': CLUE_READERS,
  'GET /api/v1/clues/:id': CLUE_READERS,
  'POST /api/v1/clues/:id/disposition': CLUE_HANDLERS,
  'POST /api/v1/clues/:id/disposition/approve': LEADERSHIP,
  'POST /api/v1/clues/:id/disposition/reject': LEADERSHIP,
  // supervision
  'GET /api/v1/inquiries': SUPERVISION_READERS,
  'GET /api/v1/inquiries/:id': SUPERVISION_READERS,
  'POST /api/v1/inquiries/:id/talk': HANDLERS,
  'POST /api/v1/inquiries/:id/letter': HANDLERS,
  'POST /api/v1/inquiries/:id/reply': HANDLERS,
  'POST /api/v1/inquiries/:id/assess': HANDLERS,
  'POST /api/v1/inquiries/:id/conclude': HANDLERS,
  'GET /api/v1/verifications': SUPERVISION_READERS,
  'GET /api/v1/verifications/:id': SUPERVISION_READERS,
  'POST /api/v1/verifications/:id/plan': HANDLERS,
  'POST /api/v1/verifications/:id/approve': LEADERSHIP,
  'POST /api/v1/verifications/:id/reject': LEADERSHIP,
  'POST /api/v1/verifications/:id/extend': HANDLERS,
  'POST /api/v1/verifications/:id/report': HANDLERS,
  'POST /api/v1/verifications/:id/decide': HANDLERS,
  'POST /api/v1/recommendations': HANDLERS,
  'GET /api/v1/recommendations': SUPERVISION_READERS,
  'GET /api/v1/recommendations/:id': SUPERVISION_READERS,
  'POST /api/v1/recommendations/:id/respond': HANDLERS,
  'POST /api/v1/recommendations/:id/verify': HANDLERS,
  'POST /api/v1/recommendations/:id/close': HANDLERS,
  'POST /api/v1/recommendations/:id/refuse': HANDLERS,
  'POST /api/v1/rectifications': HANDLERS,
  'GET /api/v1/rectifications': SUPERVISION_READERS,
  'GET /api/v1/rectifications/:id': SUPERVISION_READERS,
  'POST /api/v1/rectifications/:id/progress': HANDLERS,
  'POST /api/v1/rectifications/:id/complete': HANDLERS,
  'POST /api/v1/rectifications/:id/verify': HANDLERS,
  'POST /api/v1/rectifications/:id/reopen': HANDLERS,
  'POST /api/v1/oversight-tasks': GENERAL_OFFICE,
  'GET /api/v1/oversight-tasks': ANY_OFFICE,
  'GET /api/v1/oversight-tasks/:id': ANY_OFFICE,
  'POST /api/v1/oversight-tasks/:id/progress': ANY_OFFICE,
  'POST /api/v1/oversight-tasks/:id/close': GENERAL_OFFICE,
  'POST /api/v1/agency-reports': AGENCY,
  'GET /api/v1/agency-reports': AGENCY_REPORT_READERS,
  'GET /api/v1/clocks': SUPERVISION_READERS,
};

const concrete = (path: string) => path.replace(':id', 'x-1');
const protectedRoutes = GATEWAY_ROUTES.filter((r) => r.audience !== 'public');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.stub.respond(() => ({ ok: true, value: {} }));
});
afterAll(() => h.close());

describe('Gateway access', () => {
  it('has a written expectation for every protected route', () => {
    expect(protectedRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  describe('without a valid token', () => {
    it.each(protectedRoutes.map((r) => [r.method, r.path]))('%s %s answers 401 without a token', async (method, path) => {
      const res = await call(h.url, method, concrete(path), { body: method === 'POST' ? {} : undefined });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: { zh: expect.any(String), en: expect.any(String) } });
    });

    it('answers 401 to a token signed with another key', async () => {
      const forged = await tokenFor('leadership').then((t) => t.slice(0, t.lastIndexOf('.') + 1) + 'A'.repeat(43));
      const res = await call(h.url, 'GET', '/api/v1/zones', { token: forged });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    });

    it('answers 401 to an unsigned (alg none) token and to an expired one', async () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const claims = { sub: 'u1', name: 'x', office: 'leadership', roles: [], zones: [], iss: 'jiandu', exp: Math.floor(Date.now() / 1000) + 60 };
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
      expect((await call(h.url, 'GET', '/api/v1/zones', { headers: { authorization: `Bearer ${none}` } })).status).toBe(401);
      const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(JWT_SECRET));
      const res = await call(h.url, 'GET', '/api/v1/zones', { token: expired });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
    });

    it('serves /health and the lookup by code without a token', async () => {
      h.stub.respond(() => ({ ok: true, value: { status: 'accepted', updatedAt: '2026-10-01T08:00:00Z' } }));
      expect((await call(h.url, 'GET', '/health')).status).toBe(200);
      expect((await call(h.url, 'GET', '/api/v1/lookup/ABCD-2345-EFGH')).status).toBe(200);
      h.stub.respond(() => ({ ok: true, value: {} }));
    });
  });

  describe('by office', () => {
    const cases = protectedRoutes.flatMap((r) => OFFICES.map((office) => [r.method, r.path, office] as const));

    it.each(cases)('%s %s as %s', async (method, path, office) => {
      const before = h.stub.calls.length;
      const res = await call(h.url, method, concrete(path), { token: await tokenFor(office), body: method === 'POST' ? {} : undefined });
      if ((ALLOWED[`${method} ${path}`] ?? []).includes(office)) {
        expect([200, 201, 400]).toContain(res.status);
      } else {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ code: 'FORBIDDEN', message: { zh: expect.any(String), en: expect.any(String) } });
        expect(h.stub.calls.length).toBe(before);
      }
    });
  });

  it('forwards the actor from the token with the command', async () => {
    const token = await tokenFor('supervision-office-1', { zones: ['zone-7'] });
    const res = await call(h.url, 'GET', '/api/v1/clues/c-9', { token });
    expect(res.status).toBe(200);
    const last = lastCall(h);
    expect(last.subject).toBe('jiandu.qry.case-management.get-clue');
    expect(last.data.actor).toEqual({ sub: 'u-supervision-office-1', name: '测试-supervision-office-1', office: 'supervision-office-1', roles: ['staff'], zones: ['zone-7'] });
    expect(last.data.payload).toEqual({ clueId: 'c-9' });
  });
});
