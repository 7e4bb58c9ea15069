// Case management's own settings, read once from the environment at start (README, Configuration).
import { positiveInteger } from '@jiandu/runtime';
import { DEFAULT_CLEARANCE_REVIEW_DAYS } from './commands/clearance.commands.js';
import { DEFAULT_DISPOSITION_DAYS, type ClueClockConfig } from './domain/deadlines.js';
import { DEFAULT_INTEGRITY_FILE_MONTHS } from './domain/integrity-file.js';

export interface CaseManagementConfig {
  /** The clue's clocks: `CLUE_DISPOSITION_DAYS`, days from registration to a proposed disposition. */
  clueClock: Required<ClueClockConfig>;
  /** CLEARANCE_REVIEW_DAYS: days from opening a clearance round (定期清理) to the offices' reviews being due. */
  clearanceReviewDays: number;
  /** DEADLINE_WATCH_INTERVAL_MS: how often the deadline watcher runs. */
  watchIntervalMs: number;
  /** DEADLINE_LEAD_WORKING_DAYS: DeadlineApproaching is raised when at most this many working days remain. */
  leadWorkingDays: number;
  /** INTEGRITY_FILE_MONTHS: months from a cadre's registration until the integrity file must be complete. */
  integrityFileMonths: number;
  /** PETITIONS_RPC_TIMEOUT_MS: how long the registration of a transferred petition waits for 信访室's answer (the accused's name). */
  petitionsTimeoutMs: number;
}

export function caseManagementConfig(env: NodeJS.ProcessEnv = process.env): CaseManagementConfig {
  return {
    clueClock: { dispositionDays: positiveInteger(env, 'CLUE_DISPOSITION_DAYS', DEFAULT_DISPOSITION_DAYS) },
    clearanceReviewDays: positiveInteger(env, 'CLEARANCE_REVIEW_DAYS', DEFAULT_CLEARANCE_REVIEW_DAYS),
    watchIntervalMs: positiveInteger(env, 'DEADLINE_WATCH_INTERVAL_MS', 60_000),
    leadWorkingDays: positiveInteger(env, 'DEADLINE_LEAD_WORKING_DAYS', 3),
    integrityFileMonths: positiveInteger(env, 'INTEGRITY_FILE_MONTHS', DEFAULT_INTEGRITY_FILE_MONTHS),
    petitionsTimeoutMs: positiveInteger(env, 'PETITIONS_RPC_TIMEOUT_MS', 5_000),
  };
}
