// HS256 JWTs: the gateway verifies them, scripts/token.mjs and tests sign them.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { Text } from '@jiandu/contracts';
import type { Actor } from './actor.js';
import { isOfficeCode } from './offices.js';

export const TOKEN_ISSUER = 'jiandu';
const ALGORITHM = 'HS256';

export type TokenErrorCode = 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'TOKEN_CLAIMS_INVALID' | 'TOKEN_LIFETIME_TOO_LONG';

export interface TokenError {
  code: TokenErrorCode;
  message: Text;
}

export type VerifiedToken = { ok: true; actor: Actor } | { ok: false; error: TokenError };

export type Secret = string | Uint8Array;

const key = (secret: Secret) => (typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);

// Verification is HMAC-SHA256 with node:crypto, synchronously: jose's WebCrypto check was a quarter
// of the gateway's CPU per request. The key is imported once per secret (keyed by its bytes, so a
// rotated secret is a new key). Signing stays with jose.
const verifyKeys = new Map<string, KeyObject>();
function verifyKey(secret: Secret): KeyObject {
  const bytes = key(secret);
  const id = Buffer.from(bytes).toString('base64');
  let cached = verifyKeys.get(id);
  if (!cached) {
    if (verifyKeys.size >= 16) verifyKeys.clear();
    cached = createSecretKey(bytes);
    verifyKeys.set(id, cached);
  }
  return cached;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
type Checked = { ok: true; payload: JWTPayload } | { ok: false; expired: boolean };
const INVALID: Checked = { ok: false, expired: false };

/** The default longest life of a token (`TOKEN_MAX_LIFETIME_SECONDS`): 12 hours, a working day and more. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 12 * 60 * 60;

export interface VerifyOptions {
  /**
   * Refuse a token that lives longer than this: `exp − iat`, or `exp − now` without an `iat` (or
   * with one in the future). Unset: no limit.
   */
  maxLifetimeSeconds?: number;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A compact JWS with HS256 pinned (no alg=none, no algorithm confusion, no critical extensions),
 * signature first, then the claims: issuer, a numeric exp in the future, nbf and iat numeric if present.
 */
function checkHs256(token: string, secret: Secret, nowSeconds: number): Checked {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => B64URL.test(part))) return INVALID;
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeJson(head);
  if (!header || header['alg'] !== ALGORITHM || 'crit' in header) return INVALID;
  const expected = createHmac('sha256', verifyKey(secret)).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || given.toString('base64url') !== signature || !timingSafeEqual(given, expected))
    return INVALID;
  const payload = decodeJson(body);
  if (!payload || payload['iss'] !== TOKEN_ISSUER) return INVALID;
  const { exp, nbf, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return INVALID;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return INVALID;
  if (iat !== undefined && typeof iat !== 'number') return INVALID;
  if (exp <= nowSeconds) return { ok: false, expired: true };
  return { ok: true, payload: payload as JWTPayload };
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

export async function verifyToken(token: string, secret: Secret, options: VerifyOptions = {}): Promise<VerifiedToken> {
  const now = Math.floor(Date.now() / 1000);
  const checked = checkHs256(token, secret, now);
  if (!checked.ok && checked.expired)
    return refuse('TOKEN_EXPIRED', { zh: '登录已过期，请重新登录', en: 'the token has expired' });
  if (!checked.ok) return refuse('TOKEN_INVALID', { zh: '身份令牌无效', en: 'the token is invalid' });
  const max = options.maxLifetimeSeconds;
  if (max !== undefined && lifetimeOf(checked.payload, now) > max) {
    return refuse('TOKEN_LIFETIME_TOO_LONG', {
      zh: `身份令牌有效期过长（最长 ${max} 秒），请重新签发`,
      en: `the token lives too long (at most ${max} seconds); issue a new one`,
    });
  }
  const actor = toActor(checked.payload);
  if (!actor)
    return refuse('TOKEN_CLAIMS_INVALID', { zh: '身份令牌缺少或含有无效的用户信息', en: 'the token lacks valid user claims' });
  return { ok: true, actor };
}

/** Seconds from issue (or from now, without an issue time or with one ahead) to expiry. */
function lifetimeOf(payload: JWTPayload, now: number): number {
  const exp = payload.exp as number;
  const issued = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  return exp - issued;
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
