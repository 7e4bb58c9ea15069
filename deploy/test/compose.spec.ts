import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { read, run, which, yamlDocuments } from './helpers.js';

const REQUIRED = [
  'POSTGRES_PASSWORD',
  'PETITIONS_DB_PASSWORD',
  'CASE_MANAGEMENT_DB_PASSWORD',
  'SUPERVISION_DB_PASSWORD',
  'REVIEW_DB_PASSWORD',
  'ANALYTICS_DB_PASSWORD',
  'PUBLICITY_DB_PASSWORD',
  'PETITIONS_NATS_PASSWORD',
  'CASE_MANAGEMENT_NATS_PASSWORD',
  'SUPERVISION_NATS_PASSWORD',
  'REVIEW_NATS_PASSWORD',
  'ANALYTICS_NATS_PASSWORD',
  'PUBLICITY_NATS_PASSWORD',
  'GATEWAY_NATS_PASSWORD',
  'OPS_NATS_PASSWORD',
  'JWT_SECRET',
  'VAULT_MASTER_KEY',
  'PETITIONS_SERVICE_SIGNING_KEY',
  'CASE_MANAGEMENT_SERVICE_SIGNING_KEY',
  'SUPERVISION_SERVICE_SIGNING_KEY',
  'REVIEW_SERVICE_SIGNING_KEY',
  'ANALYTICS_SERVICE_SIGNING_KEY',
  'PUBLICITY_SERVICE_SIGNING_KEY',
  'SERVICE_PUBLIC_KEYS',
];
const dummy = (name: string) => `dummy-${name.toLowerCase().replaceAll('_', '-')}`;
const SECRET_NAME = /PASSWORD|SECRET|KEY|TOKEN/;

// An empty env file, so that a developer's .env never changes what is tested.
const envFile = path.join(mkdtempSync(path.join(tmpdir(), 'compose-')), 'empty.env');
writeFileSync(envFile, '');

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (const name of REQUIRED) env[name] = dummy(name);
  return env;
}
function compose(args: string[], env = baseEnv()) {
  return run('docker-compose', ['-f', 'docker-compose.yml', '--env-file', envFile, ...args], { env });
}

interface Service {
  image?: string;
  build?: { args?: Record<string, string> };
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  restart?: string;
  ports?: Array<{ target: number; published: number | string } | string>;
}

describe('docker-compose.yml', () => {
  it('needs docker-compose on this machine (the tests do not skip without it)', () => {
    expect(which('docker-compose')).toBeDefined();
    expect(run('docker-compose', ['version', '--short']).status).toBe(0);
  });

  it('is valid with the required variables set', () => {
    const result = compose(['config', '-q']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(REQUIRED)('refuses to render without %s', (name) => {
    const env = baseEnv();
    delete env[name];
    const result = compose(['config', '-q'], env);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(name);
  });

  const config = () => {
    const result = compose(['config']);
    expect(result.status).toBe(0);
    return yamlDocuments(result.stdout)[0] as { services: Record<string, Service> };
  };

  it('runs NATS, PostgreSQL and every service, each with a healthcheck and a restart policy', () => {
    const { services } = config();
    expect(Object.keys(services).sort()).toEqual([
      'analytics',
      'case-management',
      'gateway',
      'nats',
      'petitions',
      'postgres',
      'publicity',
      'review',
      'supervision',
    ]);
    const withoutHealthcheck = Object.entries(services)
      .filter(([, s]) => !/^CMD/.test(s.healthcheck?.test?.[0] ?? ''))
      .map(([n]) => n);
    expect(withoutHealthcheck).toEqual([]);
    const withoutRestart = Object.entries(services)
      .filter(([, s]) => s.restart !== 'unless-stopped')
      .map(([n]) => n);
    expect(withoutRestart).toEqual([]);
    // The official upstream images by default: NATS 2.12 or later (sync_interval, ARCHITECTURE), PostgreSQL 15.
    expect(services.nats.image).toMatch(/^nats:2\.(1[2-9]|[2-9]\d)/);
    expect(services.postgres.image).toMatch(/^postgres:15/);
  });

  it('builds each service from the Dockerfile and starts it after its dependencies are healthy', () => {
    const { services } = config();
    for (const name of ['petitions', 'case-management', 'supervision', 'review', 'analytics', 'publicity', 'gateway']) {
      const service = services[name];
      expect(service.build?.args?.SERVICE).toBe(name);
      expect(service.environment?.NODE_ENV).toBe('production');
      expect(service.environment?.NATS_URL).toBe('nats://nats:4222');
      const conditions = Object.values(service.depends_on ?? {}).map((d) => d.condition);
      expect(conditions.length).toBeGreaterThan(0);
      expect(conditions.every((c) => c === 'service_healthy')).toBe(true);
    }
    expect(Object.keys(services.gateway.depends_on ?? {}).sort()).toEqual([
      'analytics',
      'case-management',
      'nats',
      'petitions',
      'publicity',
      'review',
      'supervision',
    ]);
    expect(services.review.environment?.DATABASE_URL).toBe(
      `postgres://review:${dummy('REVIEW_DB_PASSWORD')}@postgres:5432/jiandu`,
    );
    expect(services.review.environment?.NATS_USER).toBe('review');
    expect(services.review.environment?.VAULT_MASTER_KEY).toBeUndefined();
    expect(services.review.environment?.JWT_SECRET).toBe(dummy('JWT_SECRET'));
    expect(services.petitions.environment?.DATABASE_URL).toBe(
      `postgres://petitions:${dummy('PETITIONS_DB_PASSWORD')}@postgres:5432/jiandu`,
    );
    expect(services.petitions.environment?.VAULT_MASTER_KEY).toBe(dummy('VAULT_MASTER_KEY'));
    // Only petitions holds the reporter-vault key; the gateway has no database either.
    expect(services.gateway.environment?.VAULT_MASTER_KEY).toBeUndefined();
    expect(services['case-management'].environment?.VAULT_MASTER_KEY).toBeUndefined();
    expect(services.petitions.environment?.JWT_SECRET).toBe(dummy('JWT_SECRET'));
    expect(services.gateway.environment?.JWT_SECRET).toBe(dummy('JWT_SECRET'));
    // Every service verifies the forwarded token itself and signs its own calls (ADR 0019).
    for (const name of ['petitions', 'case-management', 'supervision', 'review', 'analytics', 'publicity']) {
      const variable = `${name.toUpperCase().replaceAll('-', '_')}_SERVICE_SIGNING_KEY`;
      expect(services[name]!.environment).toMatchObject({
        JWT_SECRET: dummy('JWT_SECRET'),
        SERVICE_SIGNING_KEY: dummy(variable),
        SERVICE_PUBLIC_KEYS: dummy('SERVICE_PUBLIC_KEYS'),
      });
    }
    expect(services.gateway.environment?.SERVICE_SIGNING_KEY).toBeUndefined();
    expect(services.gateway.environment?.DATABASE_URL).toBeUndefined();
    expect(services.gateway.ports).toEqual([expect.objectContaining({ target: 3000, published: 3000 })]);
  });

  it('runs supervision as its own NATS user and database role, with the deadline watcher and no secret it does not read', () => {
    const { services } = config();
    const supervision = services.supervision;
    expect(supervision.image).toBe('jiandu/supervision:dev');
    expect(supervision.environment).toMatchObject({
      HEALTH_PORT: '3003',
      DATABASE_URL: `postgres://supervision:${dummy('SUPERVISION_DB_PASSWORD')}@postgres:5432/jiandu`,
      NATS_USER: 'supervision',
      NATS_PASSWORD: dummy('SUPERVISION_NATS_PASSWORD'),
      DEADLINE_WATCH_INTERVAL_MS: '60000',
      LOG_LEVEL: 'info',
    });
    expect(supervision.healthcheck?.test?.join(' ')).toContain('http://127.0.0.1:3003/health');
    expect(Object.keys(supervision.depends_on ?? {}).sort()).toEqual(['nats', 'postgres']);
    expect(supervision.environment?.JWT_SECRET).toBe(dummy('JWT_SECRET'));
    expect(supervision.environment?.VAULT_MASTER_KEY).toBeUndefined();
    // a pinned clock is for tests and drills; production refuses it
    expect(supervision.environment?.JIANDU_NOW).toBeUndefined();
    expect(services.nats.environment?.SUPERVISION_NATS_PASSWORD).toBe(dummy('SUPERVISION_NATS_PASSWORD'));
    expect(services.postgres.environment?.SUPERVISION_DB_PASSWORD).toBe(dummy('SUPERVISION_DB_PASSWORD'));
  });

  it('runs analytics as its own NATS user and database role, on health port 3004, with no secret it does not read', () => {
    const { services } = config();
    const analytics = services.analytics;
    expect(analytics.image).toBe('jiandu/analytics:dev');
    expect(analytics.environment).toMatchObject({
      HEALTH_PORT: '3004',
      DATABASE_URL: `postgres://analytics:${dummy('ANALYTICS_DB_PASSWORD')}@postgres:5432/jiandu`,
      NATS_USER: 'analytics',
      NATS_PASSWORD: dummy('ANALYTICS_NATS_PASSWORD'),
    });
    expect(analytics.healthcheck?.test?.join(' ')).toContain('http://127.0.0.1:3004/health');
    expect(Object.keys(analytics.depends_on ?? {}).sort()).toEqual(['nats', 'postgres']);
    expect(analytics.environment?.JWT_SECRET).toBe(dummy('JWT_SECRET'));
    expect(analytics.environment?.VAULT_MASTER_KEY).toBeUndefined();
    expect(analytics.environment?.JIANDU_NOW).toBeUndefined();
    expect(services.nats.environment?.ANALYTICS_NATS_PASSWORD).toBe(dummy('ANALYTICS_NATS_PASSWORD'));
    expect(services.postgres.environment?.ANALYTICS_DB_PASSWORD).toBe(dummy('ANALYTICS_DB_PASSWORD'));
  });

  it('runs publicity as its own NATS user and database role, on health port 3006, with its deadline watcher', () => {
    const { services } = config();
    const publicity = services.publicity;
    expect(publicity.image).toBe('jiandu/publicity:dev');
    expect(publicity.environment).toMatchObject({
      HEALTH_PORT: '3006',
      DATABASE_URL: `postgres://publicity:${dummy('PUBLICITY_DB_PASSWORD')}@postgres:5432/jiandu`,
      NATS_USER: 'publicity',
      NATS_PASSWORD: dummy('PUBLICITY_NATS_PASSWORD'),
      DEADLINE_WATCH_INTERVAL_MS: '60000',
    });
    expect(publicity.healthcheck?.test?.join(' ')).toContain('http://127.0.0.1:3006/health');
    expect(Object.keys(publicity.depends_on ?? {}).sort()).toEqual(['nats', 'postgres']);
    expect(publicity.environment?.JWT_SECRET).toBe(dummy('JWT_SECRET'));
    expect(publicity.environment?.VAULT_MASTER_KEY).toBeUndefined();
    expect(publicity.environment?.JIANDU_NOW).toBeUndefined();
  });

  it('passes every password of the NATS config to the nats service, and every database password to the postgres init', () => {
    const { services } = config();
    const natsVariables = [...read('deploy/nats/nats.conf').matchAll(/password:\s*\$([A-Z_]+)/g)].map((m) => m[1]).sort();
    expect(Object.keys(services.nats.environment ?? {}).sort()).toEqual(natsVariables);
    const initdb = read('deploy/postgres/initdb/01-jiandu.sh');
    for (const name of REQUIRED.filter((n) => n.endsWith('_DB_PASSWORD'))) {
      expect(services.postgres.environment?.[name]).toBe(dummy(name));
      expect(initdb).toContain(`"$${name}"`);
    }
  });

  it('commits no secret: every secret-looking value comes from a variable', () => {
    const { services } = config();
    const values = new Set(REQUIRED.map(dummy));
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!SECRET_NAME.test(key)) continue;
        expect({ service: name, key, fromVariable: values.has(value) }).toEqual({ service: name, key, fromVariable: true });
      }
    }
    const raw = read('docker-compose.yml');
    for (const line of raw.split('\n')) {
      const match = /^\s*([A-Z_]*(?:PASSWORD|SECRET|KEY|TOKEN)[A-Z_]*)\s*:\s*(.+)$/.exec(line);
      if (match)
        expect({ key: match[1], value: match[2] }).toEqual({
          key: match[1],
          value: expect.stringMatching(/^\$\{[A-Z_]+:\?[^}]*\}$/),
        });
      // credentials inside URLs must be variables too
      for (const url of line.matchAll(/[a-z]+:\/\/[^:/\s@]+:([^@\s]+)@/g)) expect(url[1]).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
    }
  });

  it('documents every required variable in deploy/env.example without a value', () => {
    const example = read('deploy/env.example');
    for (const name of REQUIRED) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));
  });
});
