import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { Actor } from './actor.js';
import { DEV_JWT_SECRET } from './secrets.js';
import { signToken, verifyToken } from './token.js';

const secret = 'a-test-secret-that-is-long-enough-000';
const zhang: Actor = { sub: 'u1', name: '张三', office: 'supervision-office-2', roles: ['staff'], zones: ['zone-2'] };

const sign = (claims: Record<string, unknown>, key = secret) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u1')
    .setIssuer('jiandu')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(key));

describe('verifyToken', () => {
  it('gives back the actor of a token it signed', async () => {
    expect(await verifyToken(await signToken(zhang, secret), secret)).toEqual({ ok: true, actor: zhang });
  });

  it('defaults zones to none', async () => {
    const token = await sign({ name: '李四', office: 'petition-office', roles: [] });
    expect(await verifyToken(token, secret)).toMatchObject({ ok: true, actor: { zones: [] } });
  });

  it('refuses an expired token', async () => {
    const token = await signToken(zhang, secret, -10);
    expect(await verifyToken(token, secret)).toMatchObject({ ok: false, error: { code: 'TOKEN_EXPIRED' } });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signToken(zhang, 'another-secret-that-is-long-enough-11');
    expect(await verifyToken(token, secret)).toMatchObject({ ok: false, error: { code: 'TOKEN_INVALID' } });
  });

  it('refuses an unsigned token and garbage', async () => {
    const unsigned = new UnsecuredJWT({ name: 'x', office: 'leadership', roles: [] })
      .setSubject('u1')
      .setIssuer('jiandu')
      .setExpirationTime('1h')
      .encode();
    expect(await verifyToken(unsigned, secret)).toMatchObject({ ok: false, error: { code: 'TOKEN_INVALID' } });
    expect(await verifyToken('not.a.token', secret)).toMatchObject({ ok: false, error: { code: 'TOKEN_INVALID' } });
  });

  it('refuses a token whose office is not one of the commission', async () => {
    for (const office of [
      'police',
      'supervision-office-',
      'supervision-office-x',
      'supervision-office-01',
      'dispatched-agency-',
      'Leadership',
      1,
    ]) {
      const token = await sign({ name: '王五', office, roles: [] });
      expect(await verifyToken(token, secret)).toMatchObject({ ok: false, error: { code: 'TOKEN_CLAIMS_INVALID' } });
    }
  });

  it('refuses a token without a name or with malformed roles', async () => {
    expect(await verifyToken(await sign({ office: 'leadership', roles: [] }), secret)).toMatchObject({ ok: false });
    expect(await verifyToken(await sign({ name: 'x', office: 'leadership', roles: 'admin' }), secret)).toMatchObject({
      ok: false,
    });
  });

  it('accepts every office of DOMAIN.md', async () => {
    const offices = [
      'petition-office',
      'case-management',
      'supervision-office-1',
      'supervision-office-12',
      'conduct-office',
      'review-office',
      'general-office',
      'publicity-dept',
      'dispatched-agency-education',
      'dispatched-agency-3',
      'leadership',
    ];
    for (const office of offices) {
      const token = await sign({ name: '王五', office, roles: [] });
      expect(await verifyToken(token, secret)).toMatchObject({ ok: true, actor: { office } });
    }
  });
});

describe('scripts/token.mjs', () => {
  it('prints a token that verifyToken accepts with the same secret', async () => {
    const script = path.resolve(import.meta.dirname, '../../../scripts/token.mjs');
    const args = [
      '--sub',
      'u1',
      '--name',
      '张三',
      '--office',
      'petition-office',
      '--roles',
      'staff,lead',
      '--zones',
      'z1,z2',
      '--ttl',
      '8h',
    ];
    const env = { ...process.env, JWT_SECRET: '', JIANDU_STATE_DIR: await mkdtemp(path.join(tmpdir(), 'jiandu-token-')) };
    const first = await promisify(execFile)(process.execPath, [script, ...args], { env });
    expect(await verifyToken(first.stdout.trim(), DEV_JWT_SECRET)).toEqual({
      ok: true,
      actor: { sub: 'u1', name: '张三', office: 'petition-office', roles: ['staff', 'lead'], zones: ['z1', 'z2'] },
    });
    // The development default is said once, not on every token.
    expect(first.stderr).toMatch(/JWT_SECRET is not set/);
    const second = await promisify(execFile)(process.execPath, [script, ...args], { env });
    expect(second.stderr).toBe('');
    expect(second.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('prints its usage on --help, and one line with the usage (no stack) for an unknown option', async () => {
    const script = path.resolve(import.meta.dirname, '../../../scripts/token.mjs');
    const help = await promisify(execFile)(process.execPath, [script, '--help']);
    expect(help.stdout).toMatch(/^usage: npm run token -- --sub/);
    expect(help.stdout).toMatch(/--zones/);
    const bad = await promisify(execFile)(process.execPath, [script, '--bogus']).catch((error: unknown) => error);
    expect(bad).toMatchObject({ code: 2 });
    const { stderr } = bad as { stderr: string };
    expect(stderr.split('\n')[0]).toMatch(/--bogus/);
    expect(stderr).toMatch(/usage:/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('verifyToken with a maximum lifetime', () => {
  const max = 12 * 3600;
  const now = () => Math.floor(Date.now() / 1000);
  const signed = (claims: { iat?: number; exp: number }) => {
    let jwt = new SignJWT({ name: '张三', office: 'petition-office', roles: ['staff'], zones: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('jiandu')
      .setExpirationTime(claims.exp);
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    return jwt.sign(new TextEncoder().encode(secret));
  };

  it('accepts a token that lives at most the limit', async () => {
    expect(await verifyToken(await signed({ iat: now(), exp: now() + max }), secret, { maxLifetimeSeconds: max })).toMatchObject({
      ok: true,
    });
    expect(await verifyToken(await signToken(zhang, secret, '8h'), secret, { maxLifetimeSeconds: max })).toMatchObject({
      ok: true,
    });
  });

  it('refuses a token whose exp − iat exceeds it, with a bilingual message', async () => {
    const verified = await verifyToken(await signed({ iat: now() - 60, exp: now() + max }), secret, { maxLifetimeSeconds: max });
    expect(verified).toEqual({
      ok: false,
      error: {
        code: 'TOKEN_LIFETIME_TOO_LONG',
        message: { zh: expect.stringContaining('有效期过长'), en: expect.stringContaining('too long') },
      },
    });
  });

  it('counts from now without an iat, or with one in the future (95 years ahead is refused)', async () => {
    const ninetyFiveYears = now() + 95 * 365 * 24 * 3600;
    expect(await verifyToken(await signed({ exp: ninetyFiveYears }), secret, { maxLifetimeSeconds: max })).toMatchObject({
      ok: false,
      error: { code: 'TOKEN_LIFETIME_TOO_LONG' },
    });
    expect(
      await verifyToken(await signed({ iat: ninetyFiveYears - 60, exp: ninetyFiveYears }), secret, { maxLifetimeSeconds: max }),
    ).toMatchObject({ ok: false, error: { code: 'TOKEN_LIFETIME_TOO_LONG' } });
    expect(await verifyToken(await signed({ exp: now() + 3600 }), secret, { maxLifetimeSeconds: max })).toMatchObject({
      ok: true,
    });
  });

  it('has no limit unless asked (the services and the differential test)', async () => {
    expect(await verifyToken(await signed({ exp: now() + 95 * 365 * 24 * 3600 }), secret)).toMatchObject({ ok: true });
  });
});
