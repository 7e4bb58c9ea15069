// The analytics service's own settings, read once from the environment at start (each is in the
// README's configuration table).
import { positiveInteger } from '@jiandu/runtime';

export interface AnalyticsConfig {
  /** Deliveries of one public event before it is parked in dead_letters. */
  consumerMaxDeliver: number;
  /** The issuing body printed on the 通报 (ANALYTICS_BULLETIN_ISSUER). */
  bulletinIssuer: string;
}

export function analyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  return {
    consumerMaxDeliver: positiveInteger(env, 'ANALYTICS_MAX_DELIVER', 10),
    bulletinIssuer: env['ANALYTICS_BULLETIN_ISSUER']?.trim() || '灞桥区纪委监委',
  };
}
