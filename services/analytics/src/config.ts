// The analytics service's own settings, read once from the environment at start (each is in the
// README's configuration table).
import { positiveInteger } from '@jiandu/runtime';

export interface AnalyticsConfig {
  /** Deliveries of one public event before it is parked in dead_letters. */
  consumerMaxDeliver: number;
  /** The longest a ledger or statistics query may run, in milliseconds (beyond it: 503). */
  queryTimeoutMs: number;
}

export function analyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  return {
    consumerMaxDeliver: positiveInteger(env, 'ANALYTICS_MAX_DELIVER', 10),
    queryTimeoutMs: positiveInteger(env, 'ANALYTICS_QUERY_TIMEOUT_MS', 5_000),
  };
}
