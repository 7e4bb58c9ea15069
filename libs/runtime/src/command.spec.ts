import { DomainException, type DomainError } from '@jiandu/contracts';
import { openEventStore, withTransaction, WrongExpectedVersionError, type PostgresEventStore } from '@jiandu/event-store';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { executeCommand, loadState, type Decider } from './command.js';
import { runtimeMetrics } from './metrics.js';

// A counter that refuses to go past a limit: enough to see loading, deciding and racing.
type Cmd = { type: 'Add'; data: { by: number } };
type Evt = { type: 'Added'; data: { by: number } };
const LIMIT = 10;
const counter: Decider<Cmd, Evt, number, { now: Date }> = {
  initialState: 0,
  evolve: (n, e) => n + e.data.by,
  decide: (c, n): Evt[] | DomainError =>
    n + c.data.by > LIMIT
      ? { code: 'OVER_LIMIT', status: 409, message: { zh: '超过上限', en: 'over the limit' } }
      : [{ type: 'Added', data: c.data }],
};
const metadata = { actor: { sub: 'u1', name: '测试', office: 'case-management' }, correlationId: 'c1' };
// 7 retries: among 8 racers one always wins each round, so nobody can lose more than 7 times.
const add = (store: PostgresEventStore, by: number) =>
  executeCommand(
    store,
    counter,
    'counter-1',
    { type: 'Add', data: { by } },
    { context: { now: new Date() }, metadata, retries: 7 },
  );

describe('executeCommand', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('runtime');
    store = await openEventStore({ pool: db.pool(), schema: 'runtime_test' });
  });
  afterAll(() => db.drop());

  it('decides on the folded stream and appends with the actor in the metadata', async () => {
    const result = await add(store, 2);
    expect(result).toMatchObject({ state: 2, version: 1, events: [{ type: 'Added', data: { by: 2 } }] });
    const [recorded] = await store.readStream('counter-1');
    expect(recorded!.metadata).toMatchObject({ actor: metadata.actor, correlationId: 'c1', occurredAt: expect.any(String) });
  });

  it('with expected no-stream, decides on the initial state without reading, and refuses a stream that exists', async () => {
    const fresh = await executeCommand(
      store,
      counter,
      'counter-new',
      { type: 'Add', data: { by: 3 } },
      { context: { now: new Date() }, metadata, expected: 'no-stream', retries: 0 },
    );
    expect(fresh).toMatchObject({ state: 3, version: 1 });
    await expect(
      executeCommand(
        store,
        counter,
        'counter-new',
        { type: 'Add', data: { by: 1 } },
        { context: { now: new Date() }, metadata, expected: 'no-stream', retries: 0 },
      ),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect((await loadState(store, counter, 'counter-new')).state).toBe(3);
  });

  it("reads the stream inside the caller's transaction: a transaction holding the only connection still decides", async () => {
    const { default: pg } = await import('pg');
    const one = new pg.Pool({ connectionString: db.url, max: 1, connectionTimeoutMillis: 2_000 });
    const single = await openEventStore({ pool: one, schema: 'runtime_test' });
    const result = await withTransaction(one, (tx) =>
      executeCommand(
        single,
        counter,
        'counter-tx',
        { type: 'Add', data: { by: 1 } },
        { context: { now: new Date() }, metadata, tx },
      ).then(() =>
        executeCommand(
          single,
          counter,
          'counter-tx',
          { type: 'Add', data: { by: 2 } },
          { context: { now: new Date() }, metadata, tx },
        ),
      ),
    );
    expect(result).toMatchObject({ state: 3, version: 2 });
    await one.end();
  });

  it('throws a refusal as a DomainException and appends nothing', async () => {
    await expect(add(store, 100)).rejects.toBeInstanceOf(DomainException);
    expect((await loadState(store, counter, 'counter-1')).version).toBe(1);
  });

  it('counts the appended events by type in the process registry', async () => {
    const appended = runtimeMetrics().eventsAppended;
    const before = appended.get({ type: 'Added' });
    await executeCommand(
      store,
      counter,
      'counter-2',
      { type: 'Add', data: { by: 1 } },
      { context: { now: new Date() }, metadata },
    );
    expect(appended.get({ type: 'Added' })).toBe(before + 1);
    await expect(
      executeCommand(store, counter, 'counter-2', { type: 'Add', data: { by: 100 } }, { context: { now: new Date() }, metadata }),
    ).rejects.toBeInstanceOf(DomainException);
    expect(appended.get({ type: 'Added' })).toBe(before + 1);
  });

  it('re-decides on fresh state when concurrent commands race, so no write is lost and the rule holds', async () => {
    // 8 racers adding 1 from state 2: every one lands (retries), the limit is never crossed.
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => add(store, 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(8);
    expect((await loadState(store, counter, 'counter-1')).state).toBe(10);
    await expect(add(store, 1)).rejects.toMatchObject({ error: { code: 'OVER_LIMIT' } });
  });
});
