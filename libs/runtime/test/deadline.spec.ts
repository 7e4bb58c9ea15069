// The caller's deadline on a real PostgreSQL: a command that could only commit after the caller
// gave up is rolled back and answered 503, so the caller's timeout never hides a command that was
// done; a request that waited in the queue past it never starts.
import { Writable } from 'node:stream';
import { petitionOperations } from '@jiandu/contracts';
import { WrongExpectedVersionError } from '@jiandu/event-store';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { idempotencyMigrations } from '../src/idempotency.js';
import { createLimiter } from '../src/limiter.js';
import { createLogger } from '../src/logger.js';
import { serveRpc, type RpcRoute, type RpcServer } from '../src/rpc-server.js';

const logger = createLogger('test', 'warn', new Writable({ write: (_c, _e, done) => done() }));
const actor = { sub: 'u1', name: '张三', office: 'petition-office', roles: ['staff'], zones: [] };
const request = (budgetMs: number | undefined, idempotencyKey?: string) => ({
  actor,
  correlationId: 'c1',
  budgetMs,
  idempotencyKey,
  payload: { petitionId: 'p-1' },
});

describe('the caller’s deadline (budgetMs)', () => {
  let db: TestDatabase;
  let server: RpcServer;

  beforeAll(async () => {
    db = await createTestDatabase('deadline');
    await db.pool().query(`CREATE SCHEMA s; CREATE TABLE s.writes (n int)`);
    for (const m of idempotencyMigrations) await db.pool().query(m.sql.replaceAll('{{schema}}', 's'));
    server = { logger, transactions: { pool: db.pool(), schema: 's', idempotencyTtlSeconds: 3600, contentionBudgetMs: 1_000 } };
  });
  afterAll(() => db?.drop());

  /** A command that writes a row and then takes `ms` before it would commit. */
  const slowWrite = (ms: number): RpcRoute => ({
    operation: petitionOperations.acceptPetition,
    handle: async (_call, tx) => {
      await tx.query('INSERT INTO s.writes VALUES (1)');
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { id: 'p-1', status: 'accepted' };
    },
  });
  const rows = async () => (await db.pool().query<{ n: number }>('SELECT count(*)::int AS n FROM s.writes')).rows[0]!.n;

  it('rolls back a command that would commit after the caller gave up, and answers 503', async () => {
    const before = await rows();
    const reply = await serveRpc(slowWrite(300), request(250), server);
    expect(reply).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
    expect(await rows()).toBe(before);
  });

  it('commits a command that finishes in time, and one whose caller set no budget', async () => {
    const before = await rows();
    expect(await serveRpc(slowWrite(10), request(5_000), server)).toMatchObject({ ok: true });
    expect(await serveRpc(slowWrite(10), request(undefined), server)).toMatchObject({ ok: true });
    expect(await rows()).toBe(before + 2);
  });

  it('remembers no Idempotency-Key for a rolled-back command: the retry runs it', async () => {
    const before = await rows();
    expect(await serveRpc(slowWrite(300), request(250, 'key-1'), server)).toMatchObject({ ok: false, error: { status: 503 } });
    const retried = await serveRpc(slowWrite(10), request(5_000, 'key-1'), server);
    expect(retried).toMatchObject({ ok: true });
    expect(retried.replayed).toBeUndefined();
    expect(await rows()).toBe(before + 1);
  });

  it('re-runs a command that lost its race on the stream, and answers 503 once the contention budget is spent', async () => {
    let runs = 0;
    const losing: RpcRoute = {
      operation: petitionOperations.acceptPetition,
      handle: async () => {
        runs++;
        throw new WrongExpectedVersionError('petition-p-1', 1, 2);
      },
    };
    const started = performance.now();
    const reply = await serveRpc(losing, request(undefined), {
      ...server,
      transactions: { ...server.transactions!, contentionBudgetMs: 200 },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
    expect(runs).toBeGreaterThan(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('does not start a request that waited in the queue past its deadline', async () => {
    const limiter = createLimiter({ concurrency: 1, queue: 10, queueTimeoutMs: 10_000 });
    let started = 0;
    const busy = serveRpc(slowWrite(400), request(5_000), { ...server, limiter });
    const queued = serveRpc(
      { ...slowWrite(0), handle: async () => (started++, { id: 'p-1', status: 'accepted' }) },
      request(300),
      { ...server, limiter },
    );
    expect(await queued).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
    expect(started).toBe(0);
    expect(await busy).toMatchObject({ ok: true });
  });
});
