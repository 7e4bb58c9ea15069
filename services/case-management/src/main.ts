// The case-management service (案管室): the one clue register, the unit and zone registry, and the
// integrity files (廉政档案) of district-managed cadres.
import {
  caseManagementPublicEvents,
  ContractRegistry,
  IntegrityEntryAppendedV1,
  petitionsPublicEvents,
  publicityPublicEvents,
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
import { runService, type ServiceContext, type ServiceDefinition } from '@jiandu/runtime';
import { caseManagementRpc } from './case-management.rpc.js';
import { caseManagementConfig } from './config.js';
import { caseManagementMigrations } from './migrations.js';
import { onIntegritySources } from './reactors/on-integrity-sources.reactor.js';
import { onPetitionTransferred } from './reactors/on-petition-transferred.reactor.js';
import { onPublicOpinionForwarded, PUBLIC_OPINION_CONTRACTS } from './reactors/on-public-opinion-forwarded.reactor.js';
import { petitionsAccusedClient, type AccusedNames } from './reactors/petition-accused.js';
import { onReviewOutcomes } from './reactors/on-review-outcome.reactor.js';
import { onSupervisionOutcomes } from './reactors/on-supervision-outcome.reactor.js';

/** `accusedNames`: who answers the accused's name of a transferred petition; 信访室 over NATS unless given (tests). */
export function caseManagementService(
  env: NodeJS.ProcessEnv = process.env,
  options: { accusedNames?: AccusedNames } = {},
): ServiceDefinition {
  const config = caseManagementConfig(env);
  const own = Object.values(caseManagementPublicEvents);
  // One client to 信访室 (the accused's name of a transferred petition), stopped with the background.
  let petitions: { names: AccusedNames; stop(): Promise<void> } | undefined;
  const petitionsOf = (ctx: ServiceContext) =>
    (petitions ??= options.accusedNames
      ? { names: options.accusedNames, stop: async () => undefined }
      : petitionsAccusedClient(ctx, config.petitionsTimeoutMs));
  return {
    name: 'case-management',
    schema: 'case_management',
    migrations: [...caseManagementMigrations, ...deadlinesMigrations],
    // Every published version of what it reads (PetitionTransferred v1 may still be in the stream),
    // but only the latest of its own: the relay publishes a listed type only at a version the
    // registry knows (ADR 0016), so a ClueRegistered stored before v4, with the accused's name, never
    // leaves the service, even from a reset checkpoint (issue 12). IntegrityEntryAppended v1 (no
    // personal data) stays publishable: v2 only widened it (the opinion reply).
    registry: withEarlierVersions(
      new ContractRegistry().register(
        ...deadlineEventContracts('case-management'),
        ...clockEventContracts('case-management'),
        ...Object.values(petitionsPublicEvents),
        ...PUBLIC_OPINION_CONTRACTS,
        publicityPublicEvents.OpinionReplied,
        ...Object.values(supervisionPublicEvents),
        ...Object.values(reviewPublicEvents),
      ),
    ).register(...own, IntegrityEntryAppendedV1),
    publicTypes: [...own.map((c) => c.type), ...DEADLINE_EVENT_TYPES, ...CLOCK_EVENT_TYPES],
    rpc: (ctx) => caseManagementRpc(ctx, config),
    consumers: (ctx) => [
      ...onPetitionTransferred(ctx.store, config.clueClock, petitionsOf(ctx).names, ctx.now),
      onPublicOpinionForwarded(ctx.store, config.clueClock, ctx.now),
      ...onSupervisionOutcomes(ctx.store, ctx.now),
      ...onReviewOutcomes(ctx.store, ctx.now),
      ...onIntegritySources(ctx.store, ctx.now, { months: config.integrityFileMonths }),
    ],
    // The 30-day disposition clock and the clearance reviews: DeadlineApproaching / DeadlineBreached.
    background: (ctx) => [
      petitionsOf(ctx),
      startDeadlineWatcher({
        ...ctx,
        metrics: ctx.metrics.deadlines,
        service: 'case-management',
        intervalMs: config.watchIntervalMs,
        leadWorkingDays: config.leadWorkingDays,
      }),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(caseManagementService());
