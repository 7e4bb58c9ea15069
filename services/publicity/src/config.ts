// The publicity service's own settings, read once from the environment at start (each is in the
// README's configuration table). The limits are DOMAIN.md's defaults, each configurable.
import { positiveInteger } from '@jiandu/runtime';
import { DEFAULT_REPLY_WORKING_DAYS } from './domain/opinion-request.js';
import { DEFAULT_ASSESS_WORKING_DAYS } from './domain/public-opinion.js';

export interface PublicityServiceConfig {
  opinion: { replyWorkingDays: number };
  publicOpinion: { assessWorkingDays: number };
  screening: {
    /** How long one screening office is waited for (a NATS request). */
    timeoutMs: number;
    /** How often due screenings are sent (and resent). */
    pollMs: number;
    /** The longest wait between two attempts at an office that does not answer (the backoff doubles up to it). */
    maxBackoffMs: number;
  };
  deadlines: {
    /** How often the deadline watcher runs. */
    watchIntervalMs: number;
    /** DeadlineApproaching is raised when at most this many working days remain. */
    leadWorkingDays: number;
  };
}

export function publicityConfig(env: NodeJS.ProcessEnv = process.env): PublicityServiceConfig {
  return {
    opinion: { replyWorkingDays: positiveInteger(env, 'OPINION_REPLY_WORKING_DAYS', DEFAULT_REPLY_WORKING_DAYS) },
    publicOpinion: {
      assessWorkingDays: positiveInteger(env, 'PUBLIC_OPINION_ASSESS_WORKING_DAYS', DEFAULT_ASSESS_WORKING_DAYS),
    },
    screening: {
      timeoutMs: positiveInteger(env, 'SCREENING_TIMEOUT_MS', 3_000),
      pollMs: positiveInteger(env, 'SCREENING_POLL_MS', 500),
      maxBackoffMs: positiveInteger(env, 'SCREENING_MAX_BACKOFF_MS', 30_000),
    },
    deadlines: {
      watchIntervalMs: positiveInteger(env, 'DEADLINE_WATCH_INTERVAL_MS', 60_000),
      leadWorkingDays: positiveInteger(env, 'DEADLINE_LEAD_WORKING_DAYS', 3),
    },
  };
}
