// The petitions service (信访室): petitions, the reporter vault, lookup codes, and the feedback owed
// to real-name reporters once the supervision office's result concludes a petition.
import { resolveSecrets } from '@jiandu/access';
import { ContractRegistry, petitionsPublicEvents, supervisionPublicEvents } from '@jiandu/contracts';
import { DEADLINE_EVENT_TYPES, deadlineEventContracts, deadlinesMigrations, startDeadlineWatcher } from '@jiandu/deadlines';
import { createLogger, positiveInteger, runService, type ServiceDefinition } from '@jiandu/runtime';
import { DEFAULT_FEEDBACK_WORKING_DAYS } from './domain/conclusion.js';
import { petitionsMigrations } from './migrations.js';
import { onSupervisionOutcomes } from './on-supervision-outcome.reactor.js';
import { petitionsRpc } from './petitions.rpc.js';
import { isDevVaultKey, vaultKeyFromEnv } from './vault/master-keys.js';
import { ReporterVault } from './vault/reporter-vault.js';

export function petitionsService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  // Refuses the development defaults under NODE_ENV=production; says so loudly otherwise.
  const { vaultMasterKey, devDefaults } = resolveSecrets(env);
  // Set only during a master key rotation (docs/operations.md): reads fall back to it, same rules.
  const previousVaultKey = vaultKeyFromEnv(env, 'VAULT_PREVIOUS_MASTER_KEY');
  const defaults = [...devDefaults, ...(previousVaultKey && isDevVaultKey(previousVaultKey) ? ['VAULT_PREVIOUS_MASTER_KEY'] : [])];
  if (defaults.length) createLogger('petitions').warn({ devDefaults: defaults }, 'DEVELOPMENT DEFAULT SECRETS IN USE: never in production');
  if (previousVaultKey) createLogger('petitions').warn('VAULT_PREVIOUS_MASTER_KEY is set: remove it once the vault key rotation has finished');
  const feedbackWorkingDays = positiveInteger(env, 'PETITION_FEEDBACK_WORKING_DAYS', DEFAULT_FEEDBACK_WORKING_DAYS);
  const watchIntervalMs = positiveInteger(env, 'DEADLINE_WATCH_INTERVAL_MS', 60_000);
  // DeadlineApproaching is raised when at most this many working days remain.
  const leadWorkingDays = positiveInteger(env, 'DEADLINE_LEAD_WORKING_DAYS', 3);
  const publicEvents = [...Object.values(petitionsPublicEvents), ...deadlineEventContracts('petitions')];
  return {
    name: 'petitions',
    schema: 'petitions',
    migrations: [...petitionsMigrations, ...deadlinesMigrations],
    registry: new ContractRegistry().register(...publicEvents, ...Object.values(supervisionPublicEvents)),
    publicTypes: [...Object.values(petitionsPublicEvents).map((c) => c.type), ...DEADLINE_EVENT_TYPES],
    rpc: (ctx) => petitionsRpc(ctx, new ReporterVault(ctx.store.schema, Buffer.from(vaultMasterKey), previousVaultKey)),
    consumers: (ctx) => onSupervisionOutcomes(ctx.store, { feedbackWorkingDays }, ctx.now).map((spec) => ({ ...spec, stream: ctx.config.eventStream })),
    background: (ctx) => [
      startDeadlineWatcher({ pool: ctx.pool, store: ctx.store, service: 'petitions', now: ctx.now, intervalMs: watchIntervalMs, leadWorkingDays, logger: ctx.logger, metrics: ctx.metrics.deadlines }),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(petitionsService());
