// Zero trust between services (ADR 0019). A service believes no caller named inside a NATS message:
// a request carries the caller's signed token, and the receiving service verifies it itself.
// - A person's request: the gateway forwards the bearer token (HS256, JWT_SECRET) as it received it.
// - A service's own request (a reactor, the screenings): a SERVICE token, EdDSA (Ed25519) signed
//   with the calling service's private key; iss = the caller, sub = `system:<caller>`, aud = the
//   service called, `scope` the operations it may call there, living 60 s. The verifier checks the
//   signature with the caller's public key, aud = itself, and the operation in the scope AND in
//   SERVICE_GRANTS below (a stolen key reaches no more than its grant).
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import type { Text } from '@jiandu/contracts';
import type { Actor } from './actor.js';
import { isOfficeCode, type OfficeCode } from './offices.js';
import { DEV_JWT_SECRET } from './secrets.js';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, verifyToken, type Secret } from './token.js';

/** The services that serve and make calls on the bus. */
export const SERVICE_NAMES = ['petitions', 'case-management', 'supervision', 'analytics', 'review', 'publicity'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/**
 * What each service may call of another, written once: caller → service called → operation names.
 * Every `rpc.call` between services is here (`grep -rn "rpc.call" services`); nothing else is granted.
 */
export const SERVICE_GRANTS: Readonly<Partial<Record<ServiceName, Readonly<Partial<Record<ServiceName, readonly string[]>>>>>> = {
  // 案管 asks 信访室 the accused's name of a transferred petition (ADR 0018).
  'case-management': { petitions: ['read-accused'] },
  // The 廉政意见 screenings ask 信访室, 案管室 and 审理室 (ADR 0017).
  publicity: { petitions: ['screen-candidates'], 'case-management': ['screen-candidates'], review: ['list-sanctions'] },
};

/**
 * Operations that serve services alone (no gateway route reaches them): a person's token is refused
 * there, whatever the office, so 案管's staff cannot ask 信访室 for an accused's name the way the
 * registration does.
 */
export const SERVICE_ONLY_OPERATIONS: Readonly<Partial<Record<ServiceName, readonly string[]>>> = {
  petitions: ['read-accused', 'screen-candidates'],
  'case-management': ['screen-candidates'],
};

/** May `caller` call `operation` of `target` (SERVICE_GRANTS)? */
export function isGranted(caller: string, target: string, operation: string): boolean {
  const byTarget = (SERVICE_GRANTS as Record<string, Record<string, readonly string[]> | undefined>)[caller];
  return byTarget?.[target]?.includes(operation) ?? false;
}

export const SERVICE_TOKEN_ALGORITHM = 'EdDSA';
/** A service token's life: short, renewed by the caller before it ends. */
export const SERVICE_TOKEN_TTL_SECONDS = 60;
/** The longest life a service token may claim (exp − iat); longer is refused. */
const SERVICE_TOKEN_MAX_LIFETIME_SECONDS = 300;

// ---------------------------------------------------------------------------------------------
// Keys

/** PKCS8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The development key of `service`, derived from its name alone: every process of a development
 * system (npm start, the e2e suites, the local stack) knows every service's key without configuration.
 * Public knowledge, hence refused in production.
 */
export function devServicePrivateKey(service: string): KeyObject {
  const seed = createHash('sha256').update(`jiandu-dev-only-insecure-service-key:${service}`).digest();
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function privateKeyBase64(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}
export function publicKeyBase64(key: KeyObject): string {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' }).toString('base64');
}

function readPrivateKey(base64: string): KeyObject {
  const key = createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('SERVICE_SIGNING_KEY must be an Ed25519 key (base64 PKCS8 DER)');
  return key;
}
function readPublicKey(service: string, base64: string): KeyObject {
  const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`SERVICE_PUBLIC_KEYS.${service} must be an Ed25519 key (base64 SPKI DER)`);
  return key;
}

export type ServiceAuthDefault = 'JWT_SECRET' | 'SERVICE_SIGNING_KEY' | 'SERVICE_PUBLIC_KEYS';

/** What a service needs to verify its callers and to sign its own calls. */
export interface ServiceAuth {
  service: string;
  /** Verifies the gateway-forwarded bearer tokens (the gateway's JWT_SECRET). */
  jwtSecret: Secret;
  /** TOKEN_MAX_LIFETIME_SECONDS, the gateway's rule (12 h when unset). */
  maxLifetimeSeconds: number;
  signingKey: KeyObject;
  /** Every service's public key, by service name. */
  publicKeys: ReadonlyMap<string, KeyObject>;
  /** Variables that fell back to a development default (a startup warning; refused in production). */
  devDefaults: ServiceAuthDefault[];
}

/**
 * JWT_SECRET, TOKEN_MAX_LIFETIME_SECONDS, SERVICE_SIGNING_KEY (base64 PKCS8 Ed25519) and
 * SERVICE_PUBLIC_KEYS (JSON {service: base64 SPKI}) of `service`. Unset: development defaults (the
 * keys derived from the service names); with NODE_ENV=production that refuses to start.
 */
export function resolveServiceAuth(service: string, env: Record<string, string | undefined> = process.env): ServiceAuth {
  const devDefaults: ServiceAuthDefault[] = [];
  const jwtSecret = env['JWT_SECRET'] || DEV_JWT_SECRET;
  if (jwtSecret === DEV_JWT_SECRET) devDefaults.push('JWT_SECRET');
  const dev = devServicePrivateKey(service);
  const signingKey = env['SERVICE_SIGNING_KEY'] ? readPrivateKey(env['SERVICE_SIGNING_KEY']) : dev;
  if (publicKeyBase64(signingKey) === publicKeyBase64(dev)) devDefaults.push('SERVICE_SIGNING_KEY');
  const publicKeys = new Map<string, KeyObject>();
  if (env['SERVICE_PUBLIC_KEYS']) {
    const given = JSON.parse(env['SERVICE_PUBLIC_KEYS']) as unknown;
    if (typeof given !== 'object' || given === null || Array.isArray(given))
      throw new Error('SERVICE_PUBLIC_KEYS must be a JSON object {service: base64 SPKI}');
    for (const [name, value] of Object.entries(given)) {
      if (typeof value !== 'string') throw new Error(`SERVICE_PUBLIC_KEYS.${name} must be a base64 string`);
      const key = readPublicKey(name, value);
      if (publicKeyBase64(key) === publicKeyBase64(devServicePrivateKey(name))) devDefaults.push('SERVICE_PUBLIC_KEYS');
      publicKeys.set(name, key);
    }
  } else {
    for (const name of SERVICE_NAMES) publicKeys.set(name, createPublicKey(devServicePrivateKey(name)));
    devDefaults.push('SERVICE_PUBLIC_KEYS');
  }
  const unique = [...new Set(devDefaults)];
  if (env['NODE_ENV'] === 'production' && unique.length > 0)
    throw new Error(`refusing to start in production with development keys: set ${unique.join(', ')}`);
  if (env['NODE_ENV'] === 'production' && jwtSecret.length < 32)
    throw new Error('JWT_SECRET must be at least 32 characters in production');
  const max = Number(env['TOKEN_MAX_LIFETIME_SECONDS'] ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS);
  if (!Number.isInteger(max) || max <= 0) throw new Error('TOKEN_MAX_LIFETIME_SECONDS must be a positive integer');
  return { service, jwtSecret, maxLifetimeSeconds: max, signingKey, publicKeys, devDefaults: unique };
}

// ---------------------------------------------------------------------------------------------
// Signing (the caller)

/** A service's identity when it calls: `sub` is `system:<service>`. */
export interface SystemIdentity {
  sub: string;
  name: string;
  office: string;
}

/** Signs one service token: `aud` the service called, `scope` the operations granted there. */
export async function signServiceToken(
  service: string,
  key: KeyObject,
  audience: string,
  identity: SystemIdentity,
  options: { scope?: readonly string[]; ttlSeconds?: number; now?: number } = {},
): Promise<string> {
  if (identity.sub !== `system:${service}`) throw new Error(`a service token of ${service} is for system:${service} only`);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const scope =
    options.scope ?? (SERVICE_GRANTS as Record<string, Record<string, readonly string[]> | undefined>)[service]?.[audience] ?? [];
  return new SignJWT({ name: identity.name, office: identity.office, scope: [...scope] })
    .setProtectedHeader({ alg: SERVICE_TOKEN_ALGORITHM, typ: 'JWT' })
    .setIssuer(service)
    .setSubject(identity.sub)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? SERVICE_TOKEN_TTL_SECONDS))
    .sign(key);
}

export interface ServiceTokens {
  /** A token for calling `audience` as `identity`, from the cache while it has 15 s or more to live. */
  tokenFor(audience: string, identity: SystemIdentity): Promise<string>;
}

/** The caller's cache of its service tokens, one per service called and identity, renewed before they end. */
export function serviceTokens(service: string, key: KeyObject, ttlSeconds = SERVICE_TOKEN_TTL_SECONDS): ServiceTokens {
  const cached = new Map<string, { token: string; exp: number }>();
  return {
    async tokenFor(audience, identity) {
      const id = `${audience}\u0000${identity.sub}\u0000${identity.name}\u0000${identity.office}`;
      const now = Math.floor(Date.now() / 1000);
      const hit = cached.get(id);
      if (hit && hit.exp - now >= Math.min(15, ttlSeconds / 4)) return hit.token;
      const token = await signServiceToken(service, key, audience, identity, { ttlSeconds, now });
      cached.set(id, { token, exp: now + ttlSeconds });
      return token;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Verifying (the service called)

export type CallerRefusal =
  | 'NO_TOKEN'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'TOKEN_CLAIMS_INVALID'
  | 'TOKEN_LIFETIME_TOO_LONG'
  | 'UNKNOWN_SERVICE'
  | 'WRONG_AUDIENCE'
  | 'OUT_OF_SCOPE'
  | 'NOT_GRANTED'
  | 'SERVICE_ONLY'
  | 'ACTOR_MISMATCH';

export type VerifiedCaller = { ok: true; actor: Actor; kind: 'person' | 'service' } | { ok: false; reason: CallerRefusal };

/** The refusal every unverified caller gets (the reason goes to the log and the metrics, not the caller). */
export const CALLER_UNVERIFIED = {
  code: 'CALLER_UNVERIFIED',
  status: 403 as const,
  message: {
    zh: '无法核实调用方身份：请求未携带有效的签名令牌，或所称身份与令牌不符',
    en: 'the caller could not be verified: the request carries no valid signed token, or claims someone the token does not name',
  } satisfies Text,
};

/** The service's check of the token a request carries, for an operation of its own. */
export interface CallerVerifier {
  verify(token: unknown, operation: string): Promise<VerifiedCaller>;
}

interface Verified {
  actor: Actor;
  kind: 'person' | 'service';
  /** The issuing service and its scope, for a service token. */
  issuer?: string;
  scope?: readonly string[];
  exp: number;
}

/**
 * Verifies a person's token (HS256 with JWT_SECRET, the gateway's lifetime rule) or a service token
 * (EdDSA with the issuer's public key, aud = this service, the operation in its scope and in
 * SERVICE_GRANTS). Verified tokens are kept in a small LRU until they expire, so a caller's next
 * request costs a map lookup; the operation is checked on every request.
 */
export function callerVerifier(auth: Omit<ServiceAuth, 'signingKey' | 'devDefaults'>, cacheSize = 1_000): CallerVerifier {
  const cache = new Map<string, Verified>();
  const remember = (token: string, verified: Verified) => {
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(token, verified);
  };
  const check = async (token: string): Promise<Verified | CallerRefusal> => {
    const now = Math.floor(Date.now() / 1000);
    const hit = cache.get(token);
    if (hit) {
      cache.delete(token);
      if (hit.exp > now) {
        cache.set(token, hit);
        return hit;
      }
    }
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return 'TOKEN_INVALID';
    }
    if (alg === SERVICE_TOKEN_ALGORITHM) return verifyServiceClaims(token, auth, now);
    const person = await verifyToken(token, auth.jwtSecret, { maxLifetimeSeconds: auth.maxLifetimeSeconds });
    if (!person.ok) return person.error.code;
    return { actor: person.actor, kind: 'person', exp: (decodeJwt(token).exp as number) ?? now };
  };
  return {
    async verify(token, operation) {
      if (typeof token !== 'string' || token === '') return { ok: false, reason: 'NO_TOKEN' };
      const verified = await check(token);
      if (typeof verified === 'string') return { ok: false, reason: verified };
      if (!cache.has(token)) remember(token, verified);
      if (verified.kind === 'service') {
        if (!verified.scope?.includes(operation)) return { ok: false, reason: 'OUT_OF_SCOPE' };
        if (!isGranted(verified.issuer ?? '', auth.service, operation)) return { ok: false, reason: 'NOT_GRANTED' };
      } else if ((SERVICE_ONLY_OPERATIONS as Record<string, readonly string[] | undefined>)[auth.service]?.includes(operation)) {
        return { ok: false, reason: 'SERVICE_ONLY' };
      }
      return { ok: true, actor: verified.actor, kind: verified.kind };
    },
  };
}

async function verifyServiceClaims(
  token: string,
  auth: Pick<ServiceAuth, 'service' | 'publicKeys'>,
  now: number,
): Promise<Verified | CallerRefusal> {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    return 'TOKEN_INVALID';
  }
  const key = typeof issuer === 'string' ? auth.publicKeys.get(issuer) : undefined;
  if (typeof issuer !== 'string' || !key) return 'UNKNOWN_SERVICE';
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [SERVICE_TOKEN_ALGORITHM],
      issuer,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      currentDate: new Date(now * 1000),
    }));
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID';
  }
  const aud = payload['aud'];
  if (aud !== auth.service && !(Array.isArray(aud) && aud.length === 1 && aud[0] === auth.service)) return 'WRONG_AUDIENCE';
  const { sub, name, office, scope, exp, iat } = payload;
  if ((exp as number) - (iat as number) > SERVICE_TOKEN_MAX_LIFETIME_SECONDS) return 'TOKEN_LIFETIME_TOO_LONG';
  if (sub !== `system:${issuer}` || typeof name !== 'string' || name === '' || !isOfficeCode(office))
    return 'TOKEN_CLAIMS_INVALID';
  if (!Array.isArray(scope) || !scope.every((s) => typeof s === 'string')) return 'TOKEN_CLAIMS_INVALID';
  return {
    actor: { sub, name, office: office as OfficeCode, roles: [], zones: [] },
    kind: 'service',
    issuer,
    scope: scope as string[],
    exp: exp as number,
  };
}

/** The actor a message names is the one its token names (roles and zones as sets). */
export function sameActor(claimed: unknown, verified: Actor): boolean {
  const c = claimed as Partial<Actor> | null | undefined;
  if (typeof c !== 'object' || c === null) return false;
  const sameSet = (a: unknown, b: string[]) =>
    Array.isArray(a) && a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  return (
    c.sub === verified.sub &&
    c.name === verified.name &&
    c.office === verified.office &&
    sameSet(c.roles, verified.roles) &&
    sameSet(c.zones, verified.zones)
  );
}
