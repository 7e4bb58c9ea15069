// Who may call what: the gateway refuses before anything reaches a service.
import { SignJWT } from 'jose';
import { ACCESS_POLICY, authorize } from '@jiandu/access';
import { EXAMPLE_OFFICES } from '@jiandu/testing';
import { GATEWAY_ROUTES, isPublic, operationName } from '../src/routes.js';
import { call, JWT_SECRET, lastCall, startHarness, tokenFor, type Harness } from './harness.js';

const ROLE_SETS: string[][] = [[], ['staff'], ['leader'], ['secretary'], ['staff', 'leader']];
const ZONE_SETS: string[][] = [[], ['zone-1']];

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, 'x-1');
const protectedRoutes = GATEWAY_ROUTES.filter((r) => !isPublic(r));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.stub.respond(() => ({ ok: true, value: {} }));
});
afterAll(() => h.close());

describe('Gateway access', () => {
  it('has an access rule for every route, and a route for every rule', () => {
    // A route's other formats (`?format=xlsx`) are operations of their own, each with its rule.
    const operations = GATEWAY_ROUTES.flatMap((r) => [r.operation, ...Object.values(r.formats ?? {}).map((f) => f.operation)]);
    expect(operations.map((o) => o.name).sort()).toEqual(Object.keys(ACCESS_POLICY).sort());
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
      const claims = {
        sub: 'u1',
        name: 'x',
        office: 'leadership',
        roles: [],
        zones: [],
        iss: 'jiandu',
        exp: Math.floor(Date.now() / 1000) + 60,
      };
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

  // The matrix, generated from ACCESS_POLICY: route × office × roles × zones. The gateway refuses
  // by office and role before anything reaches a service; zones never change its answer (the
  // service narrows to them).
  describe('route × office × role × zone (ACCESS_POLICY)', () => {
    it.each(protectedRoutes.map((r) => [r.method, r.path, r] as const))('%s %s', async (method, path, route) => {
      // A file route's service answers a file (GeneratedFile); the others any value.
      const file = route.file;
      h.stub.respond(() => ({
        ok: true,
        value: file ? { fileName: 'f.bin', mediaType: file.mediaType, contentBase64: '' } : {},
      }));
      for (const office of EXAMPLE_OFFICES) {
        for (const roles of ROLE_SETS) {
          for (const zones of ZONE_SETS) {
            const before = h.stub.calls.length;
            const res = await call(h.url, method, concrete(path), {
              token: await tokenFor(office, { roles, zones }),
              body: method === 'POST' ? {} : undefined,
            });
            const expected = authorize(operationName(route), { office, roles, zones });
            const seen = { office, roles, zones, status: res.status, code: res.body?.code };
            if (expected.ok) {
              expect({ ...seen, forwarded: [200, 201, 400].includes(res.status) }).toEqual({ ...seen, forwarded: true });
            } else {
              expect(seen).toEqual({ ...seen, status: 403, code: expected.error.code });
              expect(res.body).toEqual({
                code: expected.error.code,
                message: { zh: expect.any(String), en: expect.any(String) },
              });
              expect(h.stub.calls.length).toBe(before);
            }
          }
        }
      }
    });
  });

  it('refuses an approval to leadership without the leader or secretary role (403 FORBIDDEN_ROLE)', async () => {
    for (const path of [
      '/api/v1/clues/c-1/disposition/approve',
      '/api/v1/clues/c-1/disposition/reject',
      '/api/v1/verifications/v-1/approve',
      '/api/v1/verifications/v-1/reject',
    ]) {
      const before = h.stub.calls.length;
      const staff = await call(h.url, 'POST', path, {
        token: await tokenFor('leadership', { roles: ['staff'] }),
        body: { note: '同意' },
      });
      expect({ path, status: staff.status, code: staff.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN_ROLE' });
      expect(h.stub.calls.length).toBe(before);
      for (const role of ['leader', 'secretary']) {
        const allowed = await call(h.url, 'POST', path, {
          token: await tokenFor('leadership', { roles: [role] }),
          body: { note: '同意' },
        });
        expect({ path, role, status: allowed.status }).toEqual({ path, role, status: 200 });
      }
    }
  });

  it('forwards the actor from the token with the command', async () => {
    const token = await tokenFor('supervision-office-1', { zones: ['zone-7'] });
    const res = await call(h.url, 'GET', '/api/v1/clues/c-9', { token });
    expect(res.status).toBe(200);
    const last = lastCall(h);
    expect(last.subject).toBe('jiandu.qry.case-management.get-clue');
    expect(last.data.actor).toEqual({
      sub: 'u-supervision-office-1',
      name: '测试-supervision-office-1',
      office: 'supervision-office-1',
      roles: ['staff'],
      zones: ['zone-7'],
    });
    expect(last.data.payload).toEqual({ clueId: 'c-9' });
  });
});
