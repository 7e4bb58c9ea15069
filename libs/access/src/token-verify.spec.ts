// The HS256 verifier against jose, the reference: the same verdict for valid tokens, mutated
// tokens and any combination of issuer, expiry and not-before, and the attacks named one by one.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { jwtVerify, SignJWT } from 'jose';
import { signToken, TOKEN_ISSUER, verifyToken } from './token.js';

const SECRET = 'token-verify-spec-secret-0123456789-abcdef';
const bytes = new TextEncoder().encode(SECRET);
const actor = { sub: 'u1', name: '张三', office: 'petition-office' as const, roles: ['staff'], zones: [] };
const now = () => Math.floor(Date.now() / 1000);

async function reference(token: string): Promise<'ok' | 'expired' | 'invalid'> {
  try {
    await jwtVerify(token, bytes, { algorithms: ['HS256'], issuer: TOKEN_ISSUER, requiredClaims: ['sub', 'exp'] });
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid';
  }
}
async function ours(token: string): Promise<'ok' | 'expired' | 'invalid'> {
  const verified = await verifyToken(token, SECRET);
  return verified.ok ? 'ok' : verified.error.code === 'TOKEN_EXPIRED' ? 'expired' : 'invalid';
}

const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
const forge = (header: object, payload: object, secret = SECRET) => {
  const signing = `${b64(header)}.${b64(payload)}`;
  return `${signing}.${createHmac('sha256', secret).update(signing).digest('base64url')}`;
};
const claims = () => ({
  sub: 'u1',
  name: '张三',
  office: 'petition-office',
  roles: ['staff'],
  zones: [],
  iss: TOKEN_ISSUER,
  exp: now() + 600,
});

const canonicalSignature = (token: string) => {
  const signature = token.split('.')[2] ?? '';
  return Buffer.from(signature, 'base64url').toString('base64url') === signature;
};

describe('verifyToken', () => {
  it('refuses a signature written in a non-canonical base64url (same bytes, other last character)', async () => {
    const token = await signToken(actor, SECRET, 600);
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBits = alphabet[alphabet.indexOf(last) ^ 1]!; // a 43-character signature's last 2 bits are unused
    const variant = token.slice(0, -1) + sameBits;
    expect(await reference(variant)).toBe('ok');
    expect(await ours(variant)).toBe('invalid');
  });

  it('gives jose’s verdict on any single-character change of a valid token', async () => {
    const token = await signToken(actor, SECRET, 600);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=';
    await fc.assert(
      fc.asyncProperty(fc.nat(token.length - 1), fc.nat(alphabet.length - 1), async (at, c) => {
        const mutated = token.slice(0, at) + alphabet[c] + token.slice(at + 1);
        const verdict = await reference(mutated);
        // Stricter than jose by design: a signature that is not the canonical base64url of its
        // bytes (its last character changed only in the unused low bits) is refused.
        expect(await ours(mutated)).toBe(verdict === 'ok' && !canonicalSignature(mutated) ? 'invalid' : verdict);
      }),
      { numRuns: 300 },
    );
  });

  it('gives jose’s verdict for any issuer, expiry and not-before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(TOKEN_ISSUER, 'other', undefined),
        fc.option(fc.integer({ min: -3600, max: 3600 }), { nil: undefined }),
        fc.option(fc.integer({ min: -3600, max: 3600 }), { nil: undefined }),
        async (iss, expIn, nbfIn) => {
          let jwt = new SignJWT({ name: '张三', office: 'petition-office', roles: ['staff'], zones: [] })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('u1');
          if (iss) jwt = jwt.setIssuer(iss);
          if (expIn !== undefined) jwt = jwt.setExpirationTime(now() + expIn);
          if (nbfIn !== undefined) jwt = jwt.setNotBefore(now() + nbfIn);
          const token = await jwt.sign(bytes);
          expect(await ours(token)).toBe(await reference(token));
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each([
    ['alg none', forge({ alg: 'none' }, claims())],
    ['alg HS512 (algorithm confusion)', forge({ alg: 'HS512' }, claims())],
    ['a critical extension', forge({ alg: 'HS256', crit: ['x'], x: 1 }, claims())],
    ['another secret', forge({ alg: 'HS256' }, claims(), 'another-secret-0123456789-0123456789-abc')],
    ['no expiry', forge({ alg: 'HS256' }, { ...claims(), exp: undefined })],
    ['a string expiry', forge({ alg: 'HS256' }, { ...claims(), exp: String(now() + 600) })],
    ['not yet valid', forge({ alg: 'HS256' }, { ...claims(), nbf: now() + 600 })],
    ['another issuer', forge({ alg: 'HS256' }, { ...claims(), iss: 'someone' })],
    [
      'a payload that is not an object',
      `${b64({ alg: 'HS256' })}.${b64([1])}.${createHmac('sha256', SECRET)
        .update(`${b64({ alg: 'HS256' })}.${b64([1])}`)
        .digest('base64url')}`,
    ],
    ['two parts', `${b64({ alg: 'HS256' })}.${b64(claims())}`],
  ])('refuses a token with %s', async (_what, token) => {
    expect(await ours(token)).toBe('invalid');
    expect(await reference(token)).not.toBe('ok');
  });

  it('accepts a forged-by-hand token that is right in every respect (the verifier is not jose-specific)', async () => {
    expect(await verifyToken(forge({ alg: 'HS256', typ: 'JWT' }, claims()), SECRET)).toMatchObject({
      ok: true,
      actor: { sub: 'u1', office: 'petition-office' },
    });
  });
});
