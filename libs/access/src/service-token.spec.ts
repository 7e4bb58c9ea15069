import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  callerVerifier,
  devServicePrivateKey,
  isGranted,
  privateKeyBase64,
  publicKeyBase64,
  resolveServiceAuth,
  sameActor,
  serviceTokens,
  signServiceToken,
  SERVICE_GRANTS,
} from './service-token.js';
import { signToken } from './token.js';

const CM = { sub: 'system:case-management', name: '案管室自动登记', office: 'case-management' };
const PUB = { sub: 'system:publicity', name: '组宣部核查系统', office: 'publicity-dept' };
const petitions = resolveServiceAuth('petitions', {});
const verifier = callerVerifier(petitions);
const now = () => Math.floor(Date.now() / 1000);
const b64url = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');

describe('service tokens', () => {
  it('a granted call verifies: the actor is system:<caller>, with no roles and no zones', async () => {
    const token = await signServiceToken('case-management', devServicePrivateKey('case-management'), 'petitions', CM);
    expect(await verifier.verify(token, 'read-accused')).toEqual({
      ok: true,
      kind: 'service',
      actor: { ...CM, roles: [], zones: [] },
    });
  });

  it('refuses a token signed with another key than the caller’s', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const token = await signServiceToken('case-management', privateKey, 'petitions', CM);
    expect(await verifier.verify(token, 'read-accused')).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
  });

  it('refuses a token meant for another service (aud)', async () => {
    const token = await signServiceToken('publicity', devServicePrivateKey('publicity'), 'review', PUB);
    expect(await verifier.verify(token, 'screen-candidates')).toEqual({ ok: false, reason: 'WRONG_AUDIENCE' });
  });

  it('refuses an operation outside the scope, and one in the scope but outside SERVICE_GRANTS', async () => {
    const key = devServicePrivateKey('case-management');
    const scoped = await signServiceToken('case-management', key, 'petitions', CM);
    expect(await verifier.verify(scoped, 'read-reporter')).toEqual({ ok: false, reason: 'OUT_OF_SCOPE' });
    const widened = await signServiceToken('case-management', key, 'petitions', CM, { scope: ['read-accused', 'read-reporter'] });
    expect(await verifier.verify(widened, 'read-reporter')).toEqual({ ok: false, reason: 'NOT_GRANTED' });
    expect(isGranted('case-management', 'petitions', 'read-reporter')).toBe(false);
  });

  it('refuses an expired token, and one claiming a life longer than 5 minutes', async () => {
    const key = devServicePrivateKey('case-management');
    const expired = await signServiceToken('case-management', key, 'petitions', CM, { now: now() - 120, ttlSeconds: 60 });
    expect(await verifier.verify(expired, 'read-accused')).toEqual({ ok: false, reason: 'TOKEN_EXPIRED' });
    const long = await signServiceToken('case-management', key, 'petitions', CM, { ttlSeconds: 3600 });
    expect(await verifier.verify(long, 'read-accused')).toEqual({ ok: false, reason: 'TOKEN_LIFETIME_TOO_LONG' });
  });

  it('refuses tampered claims (a widened scope, another issuer) under the original signature', async () => {
    const token = await signServiceToken('case-management', devServicePrivateKey('case-management'), 'petitions', CM);
    const [head, body, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const widened = `${head}.${b64url({ ...claims, scope: ['read-accused', 'read-reporter'] })}.${sig}`;
    expect(await verifier.verify(widened, 'read-accused')).toEqual({ ok: false, reason: 'TOKEN_INVALID' });
    const other = `${head}.${b64url({ ...claims, iss: 'publicity', sub: 'system:publicity' })}.${sig}`;
    expect(await verifier.verify(other, 'read-accused')).toMatchObject({ ok: false });
  });

  it('refuses alg none, and an HS256 token posing as a service (signed with the public key or any secret)', async () => {
    const claims = {
      iss: 'case-management',
      sub: CM.sub,
      aud: 'petitions',
      scope: ['read-accused'],
      name: CM.name,
      office: CM.office,
      iat: now(),
      exp: now() + 60,
    };
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    expect(await verifier.verify(none, 'read-accused')).toMatchObject({ ok: false });
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(publicKeyBase64(devServicePrivateKey('case-management'))));
    expect(await verifier.verify(hs, 'read-accused')).toMatchObject({ ok: false });
  });

  it('refuses a sub other than system:<iss>, and an issuer with no known key', async () => {
    await expect(
      signServiceToken('case-management', devServicePrivateKey('case-management'), 'petitions', PUB),
    ).rejects.toThrow();
    const { privateKey } = generateKeyPairSync('ed25519');
    const stranger = await new SignJWT({ scope: ['read-accused'], name: 'x', office: 'case-management' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer('stranger')
      .setSubject('system:stranger')
      .setAudience('petitions')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(privateKey);
    expect(await verifier.verify(stranger, 'read-accused')).toEqual({ ok: false, reason: 'UNKNOWN_SERVICE' });
  });

  it('the grant table names every service-to-service call and nothing more', () => {
    expect(SERVICE_GRANTS).toEqual({
      'case-management': { petitions: ['read-accused'] },
      publicity: { petitions: ['screen-candidates'], 'case-management': ['screen-candidates'], review: ['list-sanctions'] },
    });
  });

  it('the caller keeps its token while it lives long enough, and signs a new one per audience', async () => {
    const tokens = serviceTokens('publicity', devServicePrivateKey('publicity'));
    const first = await tokens.tokenFor('review', PUB);
    expect(await tokens.tokenFor('review', PUB)).toBe(first);
    expect(await tokens.tokenFor('petitions', PUB)).not.toBe(first);
    const review = callerVerifier(resolveServiceAuth('review', {}));
    expect(await review.verify(first, 'list-sanctions')).toMatchObject({ ok: true, actor: { sub: 'system:publicity' } });
  });
});

describe('person tokens at a service', () => {
  const staff = { sub: 'u-1', name: '张三', office: 'petition-office' as const, roles: ['staff'], zones: ['z1'] };

  it('verifies the gateway’s token with the same secret, and refuses one of another secret or none', async () => {
    expect(await verifier.verify(await signToken(staff, petitions.jwtSecret), 'read-reporter')).toEqual({
      ok: true,
      kind: 'person',
      actor: staff,
    });
    expect(await verifier.verify(await signToken(staff, 'another-secret-of-at-least-32-characters'), 'read-reporter')).toEqual({
      ok: false,
      reason: 'TOKEN_INVALID',
    });
    expect(await verifier.verify(undefined, 'read-reporter')).toEqual({ ok: false, reason: 'NO_TOKEN' });
  });

  it('refuses a person at an operation that serves services alone (read-accused), whatever the office', async () => {
    const clerk = { ...staff, office: 'case-management' as const };
    expect(await verifier.verify(await signToken(clerk, petitions.jwtSecret), 'read-accused')).toEqual({
      ok: false,
      reason: 'SERVICE_ONLY',
    });
  });

  it('applies the gateway’s lifetime rule (TOKEN_MAX_LIFETIME_SECONDS)', async () => {
    const strict = callerVerifier(resolveServiceAuth('petitions', { TOKEN_MAX_LIFETIME_SECONDS: '60' }));
    expect(await strict.verify(await signToken(staff, petitions.jwtSecret, '8h'), 'read-reporter')).toEqual({
      ok: false,
      reason: 'TOKEN_LIFETIME_TOO_LONG',
    });
  });

  it('sameActor: the actor a message names must be the token’s', () => {
    expect(sameActor({ ...staff, zones: ['z1'], roles: ['staff'] }, staff)).toBe(true);
    expect(sameActor({ ...staff, office: 'case-management' }, staff)).toBe(false);
    expect(sameActor({ ...staff, roles: ['staff', 'leader'] }, staff)).toBe(false);
    expect(sameActor(undefined, staff)).toBe(false);
  });
});

describe('resolveServiceAuth', () => {
  it('derives a development key per service, the same in every process, and says so', () => {
    const a = resolveServiceAuth('petitions', {});
    expect(a.devDefaults).toEqual(['JWT_SECRET', 'SERVICE_SIGNING_KEY', 'SERVICE_PUBLIC_KEYS']);
    expect(publicKeyBase64(a.signingKey)).toBe(publicKeyBase64(devServicePrivateKey('petitions')));
    expect(publicKeyBase64(devServicePrivateKey('petitions'))).not.toBe(publicKeyBase64(devServicePrivateKey('review')));
  });

  it('refuses to start in production with any development default', () => {
    expect(() => resolveServiceAuth('petitions', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(
      /SERVICE_SIGNING_KEY, SERVICE_PUBLIC_KEYS/,
    );
  });

  it('takes real keys from the environment', () => {
    const keys = Object.fromEntries(['petitions', 'case-management'].map((s) => [s, generateKeyPairSync('ed25519').privateKey]));
    const env = {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      SERVICE_SIGNING_KEY: privateKeyBase64(keys['petitions']!),
      SERVICE_PUBLIC_KEYS: JSON.stringify(Object.fromEntries(Object.entries(keys).map(([s, k]) => [s, publicKeyBase64(k)]))),
    };
    const auth = resolveServiceAuth('petitions', env);
    expect(auth.devDefaults).toEqual([]);
    expect([...auth.publicKeys.keys()]).toEqual(['petitions', 'case-management']);
    expect(() => resolveServiceAuth('petitions', { ...env, SERVICE_PUBLIC_KEYS: '[]' })).toThrow(/JSON object/);
    expect(() => resolveServiceAuth('petitions', { ...env, JWT_SECRET: 'short' })).toThrow(/32 characters/);
    const devPublic = JSON.stringify({ petitions: publicKeyBase64(devServicePrivateKey('petitions')) });
    expect(() => resolveServiceAuth('petitions', { ...env, SERVICE_PUBLIC_KEYS: devPublic })).toThrow(/SERVICE_PUBLIC_KEYS/);
  });
});
