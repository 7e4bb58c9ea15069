// HS256 JWTs: the gateway verifies them, scripts/token.mjs and tests sign them.
import { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Text } from '@jiandu/contracts';
import type { Actor } from './actor.js';
import { isOfficeCode } from './offices.js';

export const TOKEN_ISSUER = 'jiandu';
const ALGORITHM = 'HS256';

export type TokenErrorCode = 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'TOKEN_CLAIMS_INVALID';

export interface TokenError {
  code: TokenErrorCode;
  message: Text;
}

export type VerifiedToken = { ok: true; actor: Actor } | { ok: false; error: TokenError };

export type Secret = string | Uint8Array;

const key = (secret: Secret) => (typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);

// The HMAC key is imported once per secret, not on every verify (a profile of the gateway showed
// the WebCrypto import in every request). Keyed by the secret's text, so a rotated secret is a new key.
const verifyKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
function verifyKey(secret: Secret): Promise<webcrypto.CryptoKey> {
  const bytes = key(secret);
  const id = Buffer.from(bytes).toString('base64');
  let cached = verifyKeys.get(id);
  if (!cached) {
    if (verifyKeys.size >= 16) verifyKeys.clear();
    cached = webcrypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifyKeys.set(id, cached);
  }
  return cached;
}

/** `ttl` is a jose time span ('8h', '15m') or seconds. */
export async function signToken(claims: Actor, secret: Secret, ttl: string | number = '8h'): Promise<string> {
  if (!isOfficeCode(claims.office)) throw new Error(`unknown office ${JSON.stringify(claims.office)}`);
  const { sub, name, office, roles, zones } = claims;
  return new SignJWT({ name, office, roles, zones })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime(typeof ttl === 'number' ? Math.floor(Date.now() / 1000) + ttl : ttl)
    .sign(key(secret));
}

export async function verifyToken(token: string, secret: Secret): Promise<VerifiedToken> {
  let payload: JWTPayload;
  try {
    // Pinning the algorithm stops alg=none and algorithm-confusion tokens.
    ({ payload } = await jwtVerify(token, await verifyKey(secret), { algorithms: [ALGORITHM], issuer: TOKEN_ISSUER, requiredClaims: ['sub', 'exp'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return refuse('TOKEN_EXPIRED', { zh: '登录已过期，请重新登录', en: 'the token has expired' });
    return refuse('TOKEN_INVALID', { zh: '身份令牌无效', en: 'the token is invalid' });
  }
  const actor = toActor(payload);
  if (!actor) return refuse('TOKEN_CLAIMS_INVALID', { zh: '身份令牌缺少或含有无效的用户信息', en: 'the token lacks valid user claims' });
  return { ok: true, actor };
}

function toActor(payload: JWTPayload): Actor | undefined {
  const { sub, name, office, roles, zones = [] } = payload;
  if (typeof sub !== 'string' || sub === '' || typeof name !== 'string' || name === '') return undefined;
  if (!isOfficeCode(office) || !isStringArray(roles) || !isStringArray(zones)) return undefined;
  return { sub, name, office, roles, zones };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');
}

function refuse(code: TokenErrorCode, message: Text): VerifiedToken {
  return { ok: false, error: { code, message } };
}
