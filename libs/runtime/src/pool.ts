// The service's PostgreSQL pools: every wait bounded (acquisition, statements, idle transactions,
// the client side of a lost network), and a connection that drops is discarded, never fatal.
import pg from 'pg';
import { positiveInteger } from './config.js';
import type { Logger } from './logger.js';
import { PreparingClient } from './prepared-client.js';

export interface PoolLimits {
  /** Connections in the runtime pool (PG_POOL_SIZE). */
  size: number;
  /** How long a caller waits for a pooled connection (PG_ACQUIRE_TIMEOUT_MS); then 503. */
  acquireTimeoutMs: number;
  /** Server-side limit on one statement (PG_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** Server-side limit on a transaction left idle (PG_IDLE_TX_TIMEOUT_MS). */
  idleInTransactionTimeoutMs: number;
  /**
   * Parallel workers one statement may start (PG_PARALLEL_WORKERS, max_parallel_workers_per_gather;
   * default 0). A request's statement reads an index range: on a small machine, starting workers
   * costs more than they save, and takes the cores the other requests need (an analyst's count
   * planned in parallel now and then took 45 ms instead of 6).
   */
  parallelWorkers: number;
}

export function poolLimits(env: NodeJS.ProcessEnv): PoolLimits {
  return {
    size: positiveInteger(env, 'PG_POOL_SIZE', 10),
    acquireTimeoutMs: positiveInteger(env, 'PG_ACQUIRE_TIMEOUT_MS', 2_000),
    statementTimeoutMs: positiveInteger(env, 'PG_STATEMENT_TIMEOUT_MS', 10_000),
    idleInTransactionTimeoutMs: positiveInteger(env, 'PG_IDLE_TX_TIMEOUT_MS', 15_000),
    parallelWorkers: env.PG_PARALLEL_WORKERS === '0' ? 0 : positiveInteger(env, 'PG_PARALLEL_WORKERS', 0),
  };
}

/**
 * A pool whose every wait has a limit. The client-side query timeout backs the server's statement
 * timeout when the server cannot answer at all (a network partition, a frozen host).
 */
export function createPool(connectionString: string, limits: PoolLimits, logger: Logger, max = limits.size): pg.Pool {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString,
    max,
    connectionTimeoutMillis: limits.acquireTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    options: `-c max_parallel_workers_per_gather=${limits.parallelWorkers}`,
    query_timeout: limits.statementTimeoutMs + 2_000,
    keepAlive: true,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that fails is removed by the pool; this listener keeps it from being fatal.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'idle database client failed'));
  // A checked-out client has no pool listener: without one, a dropped connection (failover,
  // restart, pg_terminate_backend) is an unhandled 'error' event and ends the process. The query
  // in flight rejects on its own; the holder releases the client with the error, which discards it.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err: err.message }, 'database connection lost'));
  });
  return pool;
}

/** Whether the pool can take one more caller without waiting. */
export function poolSaturated(pool: pg.Pool): boolean {
  return pool.totalCount >= (pool.options.max ?? 10) && pool.idleCount === 0 && pool.waitingCount > 0;
}

const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '57014', // query_canceled (statement_timeout)
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007', // connection exceptions
  '40001', // serialization_failure: retry
  '40P01', // deadlock_detected: retry
  '55P03', // lock_not_available
]);

/**
 * An error that says "the database is not available now", not "this request is wrong": a pool
 * acquisition timeout, a refused or dropped connection, a statement that ran out of time. The
 * caller answers 503 with Retry-After; nothing was committed by the failed transaction.
 */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; name?: unknown } | null;
  if (typeof e !== 'object' || e === null) return false;
  if (typeof e.code === 'string' && UNAVAILABLE_SQLSTATES.has(e.code)) return true;
  if (
    typeof e.code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(e.code)
  )
    return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|Query read timeout|Client has encountered a connection error|connection (is )?(closed|ended)|Client was closed|Cannot use a pool after calling end/i.test(
    message,
  );
}
