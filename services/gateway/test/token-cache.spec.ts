// A verified token is remembered until it expires, and never past that.
import { signToken } from '@jiandu/access';
import { call, JWT_SECRET, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.stub.respond(() => ({ ok: true, value: { items: [] } }));
});
afterAll(() => h.close());

const actor = { sub: 'u-ld', name: '委领导', office: 'leadership' as const, roles: ['leader'], zones: [] };

describe('Remembered tokens', () => {
  it('accepts a token again while it is valid, and refuses it once it has expired', async () => {
    const token = await signToken(actor, JWT_SECRET, 2);
    expect((await call(h.url, 'GET', '/api/v1/zones', { token })).status).toBe(200);
    expect((await call(h.url, 'GET', '/api/v1/zones', { token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const late = await call(h.url, 'GET', '/api/v1/zones', { token });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('TOKEN_EXPIRED');
  });

  it('never takes a token signed with another secret, even one with the same claims as a remembered one', async () => {
    const good = await signToken(actor, JWT_SECRET, 60);
    expect((await call(h.url, 'GET', '/api/v1/zones', { token: good })).status).toBe(200);
    const forged = await signToken(actor, 'another-secret-that-is-at-least-32-characters', 60);
    expect((await call(h.url, 'GET', '/api/v1/zones', { token: forged })).status).toBe(401);
    const [header, payload] = good.split('.');
    const tampered = `${header}.${payload}.${'A'.repeat(43)}`;
    expect((await call(h.url, 'GET', '/api/v1/zones', { token: tampered })).status).toBe(401);
  });
});
