// Configuration every service process reads from its environment, with local development defaults.
export interface ServiceConfig {
  service: string;
  databaseUrl: string;
  natsUrl: string;
  healthPort: number;
  logLevel: string;
  production: boolean;
  /** JetStream stream for public events; tests give each run its own. */
  eventStream: string;
  /** Prefix before every subject ('' in deployment; unique per test run so runs never meet). */
  namespace: string;
}

export class ConfigError extends Error {}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a port number, got "${value}"`);
  return n;
}

export function loadServiceConfig(service: string, env: NodeJS.ProcessEnv = process.env, defaultHealthPort = 0): ServiceConfig {
  return {
    service,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jiandu',
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    healthPort: port(env.HEALTH_PORT, defaultHealthPort, 'HEALTH_PORT'),
    logLevel: env.LOG_LEVEL ?? 'info',
    production: env.NODE_ENV === 'production',
    eventStream: env.JIANDU_EVENT_STREAM ?? 'JIANDU_EVENTS',
    namespace: env.JIANDU_NAMESPACE ?? '',
  };
}

/** A positive integer setting; an empty or malformed value is refused at start, never read as 0. */
export function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 1)
    throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
