// The petitions service's own settings, read once from the environment (each in the README's
// configuration table). The shared ones (database, NATS, pools, timeouts) are the runtime's.
import { resolveSecrets } from '@jiandu/access';
import { positiveInteger } from '@jiandu/runtime';
import { DEFAULT_FEEDBACK_WORKING_DAYS } from './domain/conclusion.js';
import { isDevVaultKey, vaultKeyFromEnv } from './vault/master-keys.js';

export interface PetitionsConfig {
  /** VAULT_MASTER_KEY: wraps each petition's data key. */
  vaultMasterKey: Buffer;
  /** VAULT_PREVIOUS_MASTER_KEY: set only during a key rotation (docs/operations.md); reads fall back to it. */
  previousVaultKey: Buffer | undefined;
  /** The development defaults in use (never in production: refused there). */
  devDefaults: string[];
  /** PETITION_FEEDBACK_WORKING_DAYS: 实名举报结果反馈, working days from conclusion. */
  feedbackWorkingDays: number;
  /** PETITION_DECISION_WORKING_DAYS: accept, refuse, forward or file as a duplicate within these working days of registration. */
  decisionWorkingDays: number;
  /** PETITION_NOTICE_WORKING_DAYS: 实名举报受理告知, working days from registration. */
  noticeWorkingDays: number;
  /** DEADLINE_WATCH_INTERVAL_MS: how often the deadline watcher runs. */
  watchIntervalMs: number;
  /** DEADLINE_LEAD_WORKING_DAYS: DeadlineApproaching is raised when at most this many working days remain. */
  leadWorkingDays: number;
}

export function petitionsConfig(env: NodeJS.ProcessEnv): PetitionsConfig {
  // Refuses the development defaults under NODE_ENV=production.
  const { vaultMasterKey, devDefaults } = resolveSecrets(env);
  const previousVaultKey = vaultKeyFromEnv(env, 'VAULT_PREVIOUS_MASTER_KEY');
  return {
    vaultMasterKey: Buffer.from(vaultMasterKey),
    previousVaultKey,
    devDefaults: [...devDefaults, ...(previousVaultKey && isDevVaultKey(previousVaultKey) ? ['VAULT_PREVIOUS_MASTER_KEY'] : [])],
    feedbackWorkingDays: positiveInteger(env, 'PETITION_FEEDBACK_WORKING_DAYS', DEFAULT_FEEDBACK_WORKING_DAYS),
    decisionWorkingDays: positiveInteger(env, 'PETITION_DECISION_WORKING_DAYS', 5),
    noticeWorkingDays: positiveInteger(env, 'PETITION_NOTICE_WORKING_DAYS', 15),
    watchIntervalMs: positiveInteger(env, 'DEADLINE_WATCH_INTERVAL_MS', 60_000),
    leadWorkingDays: positiveInteger(env, 'DEADLINE_LEAD_WORKING_DAYS', 3),
  };
}
