// Case management's own settings, read once from the environment at start (README, Configuration).
import { positiveInteger } from '@jiandu/runtime';
import { DEFAULT_DISPOSITION_DAYS, type ClueClockConfig } from './domain/deadlines.js';

export interface CaseManagementConfig {
  /** The clue's clocks: `CLUE_DISPOSITION_DAYS`, days from registration to a proposed disposition. */
  clueClock: Required<ClueClockConfig>;
}

export function caseManagementConfig(env: NodeJS.ProcessEnv = process.env): CaseManagementConfig {
  return { clueClock: { dispositionDays: positiveInteger(env, 'CLUE_DISPOSITION_DAYS', DEFAULT_DISPOSITION_DAYS) } };
}
