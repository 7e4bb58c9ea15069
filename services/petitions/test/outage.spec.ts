// Connections heal: the service, on a private PostgreSQL and a private nats-server, survives its
// database connections being killed under traffic, the database going away and the broker going
// away. Requests during the fault fail cleanly (503), /health says why within a second, and the
// service serves again by itself once the server is back.
import { petitionOperations as ops } from '@jiandu/contracts';
import { startServiceHarness, tally, type ServiceHarness } from '@jiandu/runtime';
import { eventually, startPrivateNats, startPrivatePostgres, uniqueName, type PrivateServer } from '@jiandu/testing';
import pg from 'pg';
import { petitionsService } from '../src/main.js';

const clerk = { sub: 'u-xfs', name: '信访室干部', office: 'petition-office', roles: ['staff'], zones: [] };
const registration = {
  channel: 'letter',
  realName: true,
  reporter: { name: '举报人', phone: '13800138000', idNumber: '610111199001011234', address: '某路1号' },
  accused: { name: '被反映人', position: '主任', unitId: 'u-xx' },
  category: '违反八项规定',
  summary: '公款吃喝',
  content: '详细内容',
};

let postgres: PrivateServer;
let nats: PrivateServer;
let petitions: ServiceHarness;
let databaseUrl: string;

beforeAll(async () => {
  [postgres, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
  databaseUrl = postgres.url.replace(/\/postgres$/, '/jiandu');
  const namespace = uniqueName('pet_outage');
  petitions = await startServiceHarness(petitionsService, {
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    JIANDU_NAMESPACE: namespace,
    JIANDU_EVENT_STREAM: namespace.toUpperCase(),
    PG_POOL_SIZE: '4',
    PG_ACQUIRE_TIMEOUT_MS: '1000',
  });
}, 120_000);
afterAll(async () => {
  await petitions?.stop();
  await Promise.all([postgres?.stop(), nats?.stop()]);
}, 60_000);

const register = () =>
  petitions
    .call(ops.registerPetition, clerk, registration, { timeoutMs: 8_000 })
    .catch(() => ({ ok: false as const, error: { code: 'NO_REPLY', status: 503 as const, message: { zh: '', en: '' } } }));

/** Keeps registering, a few at a time, until stopped; returns every reply. */
function traffic() {
  let running = true;
  const replies: Awaited<ReturnType<typeof register>>[] = [];
  const loop = async () => {
    while (running) replies.push(await register());
  };
  const loops = Promise.all([loop(), loop(), loop()]);
  return {
    replies,
    async stop() {
      running = false;
      await loops;
      return replies;
    },
  };
}

async function timedHealth() {
  const started = performance.now();
  const health = await petitions.health();
  return { ...health, ms: performance.now() - started };
}

/** Seconds from now until a registration succeeds again. */
async function recovery(): Promise<number> {
  const started = performance.now();
  await eventually(
    async () => {
      const reply = await register();
      if (!reply.ok) throw new Error(reply.error.code);
      return true;
    },
    { timeoutMs: 10_000, intervalMs: 100 },
  );
  return (performance.now() - started) / 1000;
}

describe('The petitions service when its connections fail', () => {
  it('survives every database connection killed under traffic: in-flight calls fail cleanly, later ones succeed', async () => {
    const load = traffic();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    for (let round = 0; round < 3; round++) {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'jiandu' AND pid <> pg_backend_pid()`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const replies = await load.stop();
    const counted = tally(replies);
    expect(counted.ok).toBeGreaterThan(0);
    expect(counted.refused).toEqual({});
    expect(Object.keys(counted.failed).every((code) => code === 'SERVICE_UNAVAILABLE')).toBe(true);
    expect(await recovery()).toBeLessThan(10);
    expect((await timedHealth()).status).toBe(200);
  }, 60_000);

  it('answers 503 and says "database unreachable" within a second while PostgreSQL is down, and heals within 10 s of its return', async () => {
    await postgres.down();
    const during = await register();
    expect(during).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
    const health = await timedHealth();
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ready: false, checks: { database: false } });
    expect(String(health.body.reason)).toContain('database unreachable');
    expect(health.ms).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await postgres.restart();
    expect(await recovery()).toBeLessThan(10);
    await eventually(async () => {
      if ((await timedHealth()).status !== 200) throw new Error('not ready');
      return true;
    });
  }, 60_000);

  it('says "nats unreachable" within a second while the broker is down, and serves again within 10 s of its return', async () => {
    await nats.kill();
    await eventually(async () => {
      const health = await timedHealth();
      expect(health.ms).toBeLessThan(1_000);
      if (health.status !== 503) throw new Error('still ready');
      expect(String(health.body.reason)).toContain('nats unreachable');
      return true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await nats.restart();
    expect(await recovery()).toBeLessThan(10);
    await eventually(async () => {
      if ((await timedHealth()).status !== 200) throw new Error('not ready');
      return true;
    });
  }, 60_000);
});
