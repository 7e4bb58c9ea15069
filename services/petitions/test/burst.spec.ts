// A burst never wedges the service: with two pooled connections, 200 concurrent calls of each
// transactional operation end in a success or a clean domain refusal, and the service still
// answers afterwards. Retries with an Idempotency-Key replay the first outcome.
import { petitionOperations as ops } from '@jiandu/contracts';
import { burst as burstOf, outcomes, startServiceHarness, type ServiceHarness } from '@jiandu/runtime';
import { uniqueName, serviceOnOwnDatabase } from '@jiandu/testing';
import { petitionsService } from '../src/main.js';

// Every call must end answered, and this burst must not fail for want of time on a loaded CI machine:
// the waits a caller would cut short (queue, contention) are generous here (their 503s: libs/runtime's specs).
const GENEROUS_BUDGETS = { RPC_QUEUE_TIMEOUT_MS: '60000', CONTENTION_BUDGET_MS: '60000' };

const clerk = { sub: 'u-xfs', name: '信访室干部', office: 'petition-office', roles: ['staff'], zones: [] };
const BURST = 200;

const { db, service: petitions } = serviceOnOwnDatabase('pet_burst', (database) =>
  startServiceHarness(petitionsService, { DATABASE_URL: database.url, PG_POOL_SIZE: '2', ...GENEROUS_BUDGETS }),
);

const registration = (n: number) => ({
  channel: 'letter',
  realName: true,
  reporter: { name: `举报人${n}`, phone: '13800138000', idNumber: '610111199001011234', address: '某路1号' },
  accused: { name: '被反映人', position: '主任', unitId: 'u-xx' },
  category: '违反八项规定',
  summary: '公款吃喝',
  content: '详细内容',
});

async function registered(): Promise<string> {
  const reply = await petitions.call(ops.registerPetition, clerk, registration(0));
  if (!reply.ok) throw new Error(reply.error.code);
  return (reply.value as { id: string }).id;
}

const burst = (call: (i: number) => ReturnType<ServiceHarness['call']>) => burstOf(BURST, call);

async function stillAnswers(): Promise<void> {
  expect((await petitions.health()).status).toBe(200);
  expect((await petitions.call(ops.registerPetition, clerk, registration(1))).ok).toBe(true);
}

describe('The petitions service under a burst (PG_POOL_SIZE=2)', () => {
  it('registers 200 concurrent petitions, each with its vault row and lookup code', async () => {
    const replies = await burst((i) => petitions.call(ops.registerPetition, clerk, registration(i)));
    expect(outcomes(replies)).toEqual({ ok: BURST, refused: 0, failed: {} });
    const { rows } = await db.pool().query(
      `SELECT (SELECT count(*) FROM petitions.reporter_vault)::int AS vault,
              (SELECT count(*) FROM petitions.lookup_codes)::int AS codes,
              (SELECT count(*) FROM petitions.events WHERE type = 'PetitionRegistered')::int AS events`,
    );
    expect(rows[0].vault).toBe(rows[0].events);
    expect(rows[0].codes).toBe(rows[0].events);
    await stillAnswers();
  }, 60_000);

  it.each([
    ['accept', ops.acceptPetition, {}],
    ['refuse', ops.rejectPetition, { reason: 'no-substance' }],
  ] as const)(
    '%s clicked 200 times at once: one success, 199 clean refusals',
    async (_name, operation, extra) => {
      const petitionId = await registered();
      expect(outcomes(await burst(() => petitions.call(operation, clerk, { petitionId, ...extra })))).toEqual({
        ok: 1,
        refused: BURST - 1,
        failed: {},
      });
      await stillAnswers();
    },
    60_000,
  );

  it('transfers once when 200 transfers arrive at once after acceptance', async () => {
    const petitionId = await registered();
    expect((await petitions.call(ops.acceptPetition, clerk, { petitionId })).ok).toBe(true);
    expect(outcomes(await burst(() => petitions.call(ops.transferPetition, clerk, { petitionId })))).toEqual({
      ok: 1,
      refused: BURST - 1,
      failed: {},
    });
    await stillAnswers();
  }, 60_000);

  it('answers 200 concurrent reads of one reporter identity, each recorded, none failing', async () => {
    const petitionId = await registered();
    const replies = await burst(() => petitions.call(ops.readReporter, clerk, { petitionId, reason: '核实身份' }));
    expect(outcomes(replies)).toEqual({ ok: BURST, refused: 0, failed: {} });
    const { rows } = await db
      .pool()
      .query(`SELECT count(*)::int AS n FROM petitions.events WHERE stream_id = $1 AND type = 'ReporterIdentityRead'`, [
        `petition-${petitionId}`,
      ]);
    expect(rows[0].n).toBe(BURST);
    await stillAnswers();
  }, 60_000);

  it('refuses 200 concurrent feedbacks on a petition that is not concluded, cleanly', async () => {
    const petitionId = await registered();
    expect(outcomes(await burst(() => petitions.call(ops.deliverFeedback, clerk, { petitionId, note: '已告知' })))).toEqual({
      ok: 0,
      refused: BURST,
      failed: {},
    });
    await stillAnswers();
  }, 60_000);
});

describe('Bounded waits', () => {
  it('sets statement and idle-transaction timeouts on every runtime connection, and on the runtime role in this database', async () => {
    const { rows } = await petitions.service.ctx.pool.query(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    expect(rows[0]).toEqual({ statement: '10s', idle: '15s' });
    const role = await db
      .pool()
      .query(
        `SELECT setconfig FROM pg_db_role_setting WHERE setrole = 'petitions_app'::regrole AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
    expect(role.rows[0].setconfig).toEqual(
      expect.arrayContaining(['statement_timeout=10s', 'idle_in_transaction_session_timeout=15s']),
    );
  });

  it('says "database pool exhausted" on /health while every connection is taken and callers wait, and is ready again after', async () => {
    const { pool } = petitions.service.ctx;
    const held = await Promise.all([pool.connect(), pool.connect()]);
    const waiting = pool.connect().catch(() => undefined); // a caller waiting, within the acquisition timeout
    const started = performance.now();
    const health = await petitions.health();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ready: false, checks: { pool: false } });
    expect(String(health.body.reason)).toContain('database pool exhausted');
    for (const client of held) client.release();
    (await waiting)?.release();
    expect((await petitions.health()).status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first registration for a retry with the same key: one petition, the same id and lookup code', async () => {
    const key = `reg-${uniqueName('k')}`;
    const first = await petitions.call(ops.registerPetition, clerk, registration(7), { idempotencyKey: key });
    const again = await petitions.call(ops.registerPetition, clerk, registration(7), { idempotencyKey: key });
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual({ ...first, replayed: true });
    const { rows } = await db
      .pool()
      // One registration: its particulars recorded once (beside the public PetitionRegistered and the repeats it proposes).
      .query(`SELECT count(*)::int AS n FROM petitions.events WHERE stream_id = $1 AND type = 'PetitionRecorded'`, [
        `petition-${(first as { value: { id: string } }).value.id}`,
      ]);
    expect(rows[0].n).toBe(1);
  });

  it('runs a command once for 50 concurrent sends with one key, and all of them get its outcome', async () => {
    const petitionId = await registered();
    const key = `acc-${uniqueName('k')}`;
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => petitions.call(ops.acceptPetition, clerk, { petitionId }, { idempotencyKey: key })),
    );
    expect(outcomes(replies)).toEqual({ ok: 50, refused: 0, failed: {} });
    const { rows } = await db
      .pool()
      .query(`SELECT count(*)::int AS n FROM petitions.events WHERE stream_id = $1 AND type = 'PetitionAccepted'`, [
        `petition-${petitionId}`,
      ]);
    expect(rows[0].n).toBe(1);
  });

  it('replays a refusal as a refusal, and a later call without the key sees the real state', async () => {
    const petitionId = await registered();
    await petitions.call(ops.acceptPetition, clerk, { petitionId });
    const key = `acc2-${uniqueName('k')}`;
    const first = await petitions.call(ops.acceptPetition, clerk, { petitionId }, { idempotencyKey: key });
    const again = await petitions.call(ops.acceptPetition, clerk, { petitionId }, { idempotencyKey: key });
    expect(first).toMatchObject({ ok: false, error: { status: 409 } });
    expect(again).toEqual({ ...first, replayed: true });
  });

  it('refuses the same key for a different request with 422 IDEMPOTENCY_KEY_REUSED, and runs nothing', async () => {
    const key = `reuse-${uniqueName('k')}`;
    await petitions.call(ops.registerPetition, clerk, registration(1), { idempotencyKey: key });
    const before = await db.pool().query(`SELECT count(*)::int AS n FROM petitions.events`);
    const other = await petitions.call(ops.registerPetition, clerk, registration(2), { idempotencyKey: key });
    expect(other).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED', status: 422 } });
    const after = await db.pool().query(`SELECT count(*)::int AS n FROM petitions.events`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('keeps keys per caller: another caller with the same key runs its own command', async () => {
    const key = `shared-${uniqueName('k')}`;
    const mine = await petitions.call(ops.registerPetition, clerk, registration(3), { idempotencyKey: key });
    const theirs = await petitions.call(ops.registerPetition, { ...clerk, sub: 'u-xfs-2' }, registration(3), {
      idempotencyKey: key,
    });
    expect(mine.ok && theirs.ok).toBe(true);
    expect((theirs as { value: { id: string } }).value.id).not.toBe((mine as { value: { id: string } }).value.id);
  });

  it('stores no reply in a readable form, and never a reporter identity', async () => {
    const petitionId = await registered();
    await petitions.call(ops.readReporter, clerk, { petitionId, reason: '核实' }, { idempotencyKey: `read-${uniqueName('k')}` });
    const { rows } = await db.pool().query(`SELECT encode(reply, 'escape') AS reply FROM petitions.idempotency_keys`);
    const text = rows.map((r) => r.reply).join('\n');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('lookupCode');
    expect(text).not.toContain('received');
  });
});
