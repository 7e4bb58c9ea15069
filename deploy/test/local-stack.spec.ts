// docker-compose.yml with docker-compose.local.yml: the local stack of `npm run stack` (rootful
// podman, host network, images built from Debian's packages). Rendered offline here; the stack
// itself runs in the `stack` project (deploy/stack).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { read, run, yamlDocuments } from './helpers.js';

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
const envFile = path.join(mkdtempSync(path.join(tmpdir(), 'compose-local-')), 'empty.env');
writeFileSync(envFile, '');

function env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (const name of REQUIRED) result[name] = `dummy${name.length}`;
  return { ...result, ...extra };
}
function render(files: string[], extra: Record<string, string | undefined> = {}) {
  const args = files.flatMap((f) => ['-f', f]);
  return run('docker-compose', [...args, '--env-file', envFile, 'config'], { env: env(extra) });
}

interface Service {
  image?: string;
  network_mode?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
}
const servicesOf = (stdout: string) => (yamlDocuments(stdout)[0] as { services: Record<string, Service> }).services;

describe('docker-compose.yml images', () => {
  it('names every image by a variable, official upstream images by default', () => {
    const defaults = servicesOf(render(['docker-compose.yml']).stdout);
    expect(defaults.nats.image).toBe('nats:2.12-alpine');
    expect(defaults.postgres.image).toBe('postgres:15');
    expect(defaults.gateway.image).toBe('jiandu/gateway:dev');
    const chosen = servicesOf(
      render(['docker-compose.yml'], {
        NATS_IMAGE: 'registry.example/nats:2.12.1',
        POSTGRES_IMAGE: 'registry.example/postgres:15.8',
        JIANDU_IMAGE_REPO: 'registry.example/jiandu',
        JIANDU_VERSION: '1.2.3',
      }).stdout,
    );
    expect(chosen.nats.image).toBe('registry.example/nats:2.12.1');
    expect(chosen.postgres.image).toBe('registry.example/postgres:15.8');
    for (const name of ['petitions', 'case-management', 'supervision', 'review', 'analytics', 'publicity', 'gateway'])
      expect(chosen[name].image).toBe(`registry.example/jiandu/${name}:1.2.3`);
  });
});

describe('docker-compose.local.yml (npm run stack)', () => {
  const files = ['docker-compose.yml', 'docker-compose.local.yml'];

  it('renders with the required variables, and refuses without any one of them', () => {
    const result = render(files);
    expect(result.status).toBe(0);
    for (const name of REQUIRED) {
      const missing = render(files, { [name]: undefined });
      expect({ name, status: missing.status }).toEqual({ name, status: 1 });
    }
  });

  it('runs every container on the host network with the local images', () => {
    const services = servicesOf(render(files).stdout);
    for (const [name, service] of Object.entries(services))
      expect({ name, mode: service.network_mode }).toEqual({ name, mode: 'host' });
    expect(services.nats.image).toBe('localhost/jiandu-nats:2');
    expect(services.postgres.image).toBe('localhost/jiandu-postgres:15');
    expect(services.petitions.image).toBe('jiandu/petitions:dev');
  });

  it('uses none of the ports of the machine PostgreSQL, NATS or npm start', () => {
    const rendered = render(files).stdout;
    const services = servicesOf(rendered);
    expect(services.postgres.environment?.PGPORT).toBe('55432');
    expect(services.nats.command).toEqual(expect.arrayContaining(['--port', '54222', '--http_port', '58222']));
    expect(services.gateway.environment?.PORT).toBe('53000');
    expect(services.gateway.environment?.NATS_URL).toBe('nats://127.0.0.1:54222');
    expect(services.petitions.environment?.HEALTH_PORT).toBe('53001');
    expect(services.analytics.environment?.HEALTH_PORT).toBe('53004');
    expect(services.review.environment?.HEALTH_PORT).toBe('53005');
    expect(services.publicity.environment?.HEALTH_PORT).toBe('53006');
    expect(services.petitions.environment?.DATABASE_URL).toMatch(/@127\.0\.0\.1:55432\/jiandu$/);
    for (const name of ['petitions', 'case-management', 'supervision', 'review', 'analytics', 'publicity', 'gateway']) {
      const environment = services[name].environment ?? {};
      for (const value of [environment.DATABASE_URL ?? '', environment.NATS_URL ?? ''])
        expect(value).not.toMatch(/:(5432|4222)\b|@postgres:|\/\/nats:/);
      expect(environment.HEALTH_PORT ?? environment.PORT).toMatch(/^5300[0-6]$/);
      expect(services[name].healthcheck?.test?.join(' ')).toContain('process.env.');
    }
  });

  it('is what the stack script passes to docker-compose', () => {
    const script = read('deploy/stack/stack.sh');
    expect(script).toContain('-f docker-compose.yml -f docker-compose.local.yml');
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.stack).toBe('bash deploy/stack/stack.sh');
  });
});
