// The review service's own settings, read once from the environment at start (each is in the
// README's configuration table). The limits and the sanctions' effect periods are DOMAIN.md's
// defaults, each configurable.
import { positiveInteger } from '@jiandu/runtime';
import { DEFAULT_REVIEW_EXTENSION_MONTHS, DEFAULT_REVIEW_MONTHS } from './domain/review.js';
import {
  DEFAULT_SANCTION_PERIODS,
  SANCTION_PERIOD_KEYS,
  periodVariable,
  type SanctionPeriods,
} from './domain/sanction-periods.js';

export interface ReviewServiceConfig {
  review: { months: number; extensionMonths: number; periods: SanctionPeriods };
  deadlines: {
    /** How often the deadline watcher and the effect-period clock run. */
    watchIntervalMs: number;
    /** DeadlineApproaching is raised when at most this many working days remain. */
    leadWorkingDays: number;
  };
}

/** SANCTION_MONTHS_<SIDE>_<KIND> overrides a default period (months), e.g. SANCTION_MONTHS_GOVERNMENTAL_WARNING=6. */
function periodsFrom(env: NodeJS.ProcessEnv): SanctionPeriods {
  const party = { ...DEFAULT_SANCTION_PERIODS.party };
  const governmental = { ...DEFAULT_SANCTION_PERIODS.governmental };
  for (const [side, kind] of SANCTION_PERIOD_KEYS) {
    if (side === 'party') {
      const k = kind as keyof typeof party;
      party[k] = positiveInteger(env, periodVariable(side, kind), party[k]);
    } else {
      const k = kind as keyof typeof governmental;
      governmental[k] = positiveInteger(env, periodVariable(side, kind), governmental[k] ?? 0);
    }
  }
  return { party, governmental };
}

export function reviewConfig(env: NodeJS.ProcessEnv = process.env): ReviewServiceConfig {
  return {
    review: {
      months: positiveInteger(env, 'REVIEW_MONTHS', DEFAULT_REVIEW_MONTHS),
      extensionMonths: positiveInteger(env, 'REVIEW_EXTENSION_MONTHS', DEFAULT_REVIEW_EXTENSION_MONTHS),
      periods: periodsFrom(env),
    },
    deadlines: {
      watchIntervalMs: positiveInteger(env, 'DEADLINE_WATCH_INTERVAL_MS', 60_000),
      leadWorkingDays: positiveInteger(env, 'DEADLINE_LEAD_WORKING_DAYS', 3),
    },
  };
}
