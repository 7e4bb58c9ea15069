import { isUnavailable } from './pool.js';

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
