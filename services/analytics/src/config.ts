// The analytics service's own settings, read once from the environment at start (each is in the
// README's configuration table).
import { positiveInteger } from '@jiandu/runtime';

export interface AnalyticsConfig {
  /** Deliveries of one public event before it is parked in dead_letters. */
  consumerMaxDeliver: number;
}

export function analyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  return {
    consumerMaxDeliver: positiveInteger(env, 'ANALYTICS_MAX_DELIVER', 10),
  };
}
