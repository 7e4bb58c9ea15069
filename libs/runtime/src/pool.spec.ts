import { createLogger } from './logger.js';
import { createPool, isUnavailable, poolLimits } from './pool.js';

describe('isUnavailable', () => {
  it.each([
    ['a pool acquisition timeout', new Error('timeout exceeded when trying to connect')],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pg_terminate_backend', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    [
      'an idle transaction timeout',
      Object.assign(new Error('terminating connection due to idle-in-transaction timeout'), { code: '25P03' }),
    ],
    ['a client-side query timeout', new Error('Query read timeout')],
    ['a server in recovery', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
  ])('says %s is the database being unavailable (503, retry)', (_name, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['a programming error', new TypeError('x is undefined')],
    ['not an error', 'text'],
    ['nothing', undefined],
  ])('says %s is not', (_name, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});

describe('parallel workers of a statement (PG_PARALLEL_WORKERS)', () => {
  it('is 0 unless set, takes 0 or a positive integer, and refuses anything else', () => {
    expect(poolLimits({}).parallelWorkers).toBe(0);
    expect(poolLimits({ PG_PARALLEL_WORKERS: '0' }).parallelWorkers).toBe(0);
    expect(poolLimits({ PG_PARALLEL_WORKERS: '2' }).parallelWorkers).toBe(2);
    for (const bad of ['-1', '1.5', 'two', ''])
      expect(() => poolLimits({ PG_PARALLEL_WORKERS: bad })).toThrow(/PG_PARALLEL_WORKERS/);
  });

  it('is what every connection of the pool has as max_parallel_workers_per_gather', async () => {
    const url = process.env['JIANDU_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    for (const workers of ['0', '3']) {
      const pool = createPool(url, poolLimits({ PG_PARALLEL_WORKERS: workers }), createLogger('test', 'silent'), 2);
      try {
        const { rows } = await pool.query<{ value: string }>(
          `SELECT current_setting('max_parallel_workers_per_gather') AS value`,
        );
        expect(rows[0]?.value).toBe(workers);
      } finally {
        await pool.end();
      }
    }
  });
});
