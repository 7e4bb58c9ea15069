// The no-token routes (the lookup by code) are limited per client: a token bucket per client
// address, LOOKUP_RATE_LIMIT requests a minute (a burst of that many, then one every 60/limit s).
// Beyond it: 429 RATE_LIMITED with Retry-After, counted in /metrics, before anything is forwarded.
// The buckets are in memory and bounded (the least recently seen client is forgotten first); the
// client is Fastify's request.ip, the peer address unless TRUST_PROXY names the proxies in front.
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from './errors.js';

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one request of `client`'s allowance, or says how many whole seconds until the next one. */
  take(client: string): Take;
  readonly perMinute: number;
  /** Clients remembered now (at most `maxClients`). */
  size(): number;
}

export interface RateLimiterOptions {
  perMinute: number;
  /** Buckets kept; beyond it the least recently seen client is forgotten. Default 100,000. */
  maxClients?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export function tokenBucketLimiter({ perMinute, maxClients = 100_000, now = Date.now }: RateLimiterOptions): RateLimiter {
  if (!Number.isInteger(perMinute) || perMinute < 1) throw new Error('perMinute must be a positive integer');
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    perMinute,
    size: () => buckets.size,
    take(client) {
      const at = now();
      const known = buckets.get(client);
      const bucket: Bucket = known
        ? { tokens: Math.min(perMinute, known.tokens + Math.max(0, at - known.atMs) * perMs), atMs: at }
        : { tokens: perMinute, atMs: at };
      // Re-inserted: the map's order is the order clients were last seen in.
      buckets.delete(client);
      if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens >= 1) {
        buckets.set(client, { tokens: bucket.tokens - 1, atMs: at });
        return { ok: true };
      }
      buckets.set(client, bucket);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}

export const RATE_LIMITED: ErrorBody = {
  code: 'RATE_LIMITED',
  message: {
    zh: '查询过于频繁，请稍后再试',
    en: 'too many requests from this client; retry after the time in Retry-After',
  },
};

/**
 * Limits the requests to `routes` (Fastify route patterns, e.g. '/api/v1/lookup/:lookupCode'),
 * each client on its own bucket, before the body is read or anything forwarded.
 */
export function registerRateLimit(
  fastify: FastifyInstance,
  routes: ReadonlySet<string>,
  limiter: RateLimiter,
  onLimited: (route: string) => void,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route === undefined || !routes.has(route)) return done();
    const taken = limiter.take(request.ip);
    if (taken.ok) return done();
    onLimited(route);
    // Answered here: done() is not called, so no handler runs.
    void reply.code(429).header('retry-after', String(taken.retryAfterSeconds)).send(RATE_LIMITED);
  });
}
