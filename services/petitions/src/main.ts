// The petitions service (信访室): petitions, the reporter vault, lookup codes, and the feedback owed
// to real-name reporters once the supervision office's result concludes a petition.
import {
  ContractRegistry,
  petitionsPublicEvents,
  reviewPublicEvents,
  supervisionPublicEvents,
  withEarlierVersions,
} from '@jiandu/contracts';
import {
  CLOCK_EVENT_TYPES,
  clockEventContracts,
  DEADLINE_EVENT_TYPES,
  deadlineEventContracts,
  deadlinesMigrations,
  startDeadlineWatcher,
} from '@jiandu/deadlines';
import { createLogger, runService, type ServiceDefinition } from '@jiandu/runtime';
import { petitionsConfig } from './config.js';
import { petitionsMigrations } from './migrations.js';
import { petitionsRpc } from './petitions.rpc.js';
import { onSupervisionOutcomes } from './reactors/on-supervision-outcome.reactor.js';
import { ReporterVault } from './vault/reporter-vault.js';

export function petitionsService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const config = petitionsConfig(env);
  if (config.devDefaults.length)
    createLogger('petitions').warn(
      { devDefaults: config.devDefaults },
      'DEVELOPMENT DEFAULT SECRETS IN USE: never in production',
    );
  if (config.previousVaultKey)
    createLogger('petitions').warn('VAULT_PREVIOUS_MASTER_KEY is set: remove it once the vault key rotation has finished');
  const publicEvents = [
    ...Object.values(petitionsPublicEvents),
    ...deadlineEventContracts('petitions'),
    ...clockEventContracts('petitions'),
  ];
  return {
    name: 'petitions',
    schema: 'petitions',
    migrations: [...petitionsMigrations, ...deadlinesMigrations],
    // Every published version of what it reads, but only the latest of its own: the relay publishes
    // a listed type only at a version the registry knows (ADR 0016), so a PetitionTransferred stored
    // before v4, with the accused's name, never leaves the service, even from a reset checkpoint
    // (issue 12, ADR 0018).
    registry: withEarlierVersions(
      new ContractRegistry().register(
        ...Object.values(supervisionPublicEvents),
        reviewPublicEvents.SanctionDecided,
        reviewPublicEvents.ReviewConcludedWithoutSanction,
      ),
    ).register(...publicEvents),
    publicTypes: [...Object.values(petitionsPublicEvents).map((c) => c.type), ...DEADLINE_EVENT_TYPES, ...CLOCK_EVENT_TYPES],
    rpc: (ctx) =>
      petitionsRpc(ctx, new ReporterVault(ctx.store.schema, config.vaultMasterKey, config.previousVaultKey), {
        decisionWorkingDays: config.decisionWorkingDays,
        noticeWorkingDays: config.noticeWorkingDays,
      }),
    consumers: (ctx) => onSupervisionOutcomes(ctx.store, { feedbackWorkingDays: config.feedbackWorkingDays }, ctx.now),
    background: (ctx) => [
      startDeadlineWatcher({
        ...ctx,
        metrics: ctx.metrics.deadlines,
        service: 'petitions',
        intervalMs: config.watchIntervalMs,
        leadWorkingDays: config.leadWorkingDays,
      }),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(petitionsService());
