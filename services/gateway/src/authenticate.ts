// Bearer token → actor, with @jiandu/access (HS256 pinned, issuer and expiry required). A token
// verified once is remembered until it expires: the same token string (its signature included)
// carries the same actor, so a session's later requests skip the HMAC and the JSON parsing.
import { verifyToken, type Actor, type VerifyOptions } from '@jiandu/access';
import { GatewayError, unauthorized } from './errors.js';

export type { Actor } from '@jiandu/access';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;
const CACHE_SIZE = 10_000;

interface Verified {
  actor: Actor;
  expiresAtMs: number;
}

export type TokenCache = Map<string, Verified>;

/** One per gateway, so per secret: a bounded map of verified tokens, oldest dropped first. */
export function tokenCache(): TokenCache {
  return new Map<string, Verified>();
}

export async function authenticate(
  authorization: string | undefined,
  secret: Uint8Array,
  cache: TokenCache,
  options: VerifyOptions = {},
): Promise<Actor> {
  const token = BEARER.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  const known = cache.get(token);
  if (known && known.expiresAtMs > Date.now()) return known.actor;
  if (known) cache.delete(token);
  const verified = await verifyToken(token, secret, options);
  if (!verified.ok) throw new GatewayError(401, verified.error);
  const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number }).exp;
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(token, { actor: verified.actor, expiresAtMs: exp * 1000 });
  return verified.actor;
}
