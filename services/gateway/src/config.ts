// Gateway configuration from the environment, with local development defaults.
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, DEV_JWT_SECRET } from '@jiandu/access';
export interface GatewayConfig {
  port: number; // 0 = any free port (tests)
  host: string;
  natsUrl: string;
  jwtSecret: string;
  /** How long a forwarded request may wait for the owning service. */
  rpcTimeoutMs: number;
  /** Subject namespace ('<ns>.jiandu.…'), JIANDU_NAMESPACE as the services read it: '' in deployment, unique per test run. */
  namespace: string;
  logLevel: string;
  /** Requests in flight to one service; beyond it, 503 with Retry-After at once (GATEWAY_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** Seconds in the Retry-After header of every 503 (RETRY_AFTER_SECONDS). */
  retryAfterSeconds: number;
  /** The longest a token may live (exp − iat, or exp − now without iat); longer is 401 (TOKEN_MAX_LIFETIME_SECONDS; 12 h when unset). */
  tokenMaxLifetimeSeconds?: number;
  /** The `servers` entry of the OpenAPI document (PUBLIC_URL); '/' (this host) when unset. */
  publicUrl?: string;
  /** Requests a minute one client (address) may make to a no-token route, the lookup (LOOKUP_RATE_LIMIT; 30 when unset). */
  lookupRateLimit?: number;
  /** The proxies whose X-Forwarded-For names the client (TRUST_PROXY: addresses or CIDRs, comma-separated); none when unset. */
  trustProxy?: string[];
  /** Where pino writes; stdout when absent (tests capture it). */
  logDestination?: NodeJS.WritableStream;
}

export class GatewayConfigError extends Error {}

/** Lookups a minute per client when LOOKUP_RATE_LIMIT is unset. */
export const DEFAULT_LOOKUP_RATE_LIMIT = 30;

function trustProxyOf(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function integer(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new GatewayConfigError(`${name} must be an integer in ${min}..${max}`);
  return n;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  // Not resolveSecrets(): that also wants VAULT_MASTER_KEY, which the gateway must never hold.
  const jwtSecret = env.JWT_SECRET || DEV_JWT_SECRET;
  // HS256 with a short or default key is forgeable: refuse to start with one in production.
  if (production && (jwtSecret.length < 32 || jwtSecret === DEV_JWT_SECRET)) {
    throw new GatewayConfigError('JWT_SECRET must be set to at least 32 characters in production');
  }
  return {
    port: integer(env.PORT, 3000, 'PORT', 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    jwtSecret,
    rpcTimeoutMs: integer(env.RPC_TIMEOUT_MS, 5000, 'RPC_TIMEOUT_MS', 50, 120_000),
    namespace: env.JIANDU_NAMESPACE ?? '',
    logLevel: env.LOG_LEVEL ?? 'info',
    maxInFlight: integer(env.GATEWAY_MAX_IN_FLIGHT, 64, 'GATEWAY_MAX_IN_FLIGHT', 1, 100_000),
    retryAfterSeconds: integer(env.RETRY_AFTER_SECONDS, 1, 'RETRY_AFTER_SECONDS', 1, 3600),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL.replace(/\/+$/, '') } : {}),
    lookupRateLimit: integer(env.LOOKUP_RATE_LIMIT, DEFAULT_LOOKUP_RATE_LIMIT, 'LOOKUP_RATE_LIMIT', 1, 1_000_000),
    ...(env.TRUST_PROXY ? { trustProxy: trustProxyOf(env.TRUST_PROXY) } : {}),
    tokenMaxLifetimeSeconds: integer(
      env.TOKEN_MAX_LIFETIME_SECONDS,
      DEFAULT_TOKEN_MAX_LIFETIME_SECONDS,
      'TOKEN_MAX_LIFETIME_SECONDS',
      60,
      31 * 24 * 3600,
    ),
  };
}
