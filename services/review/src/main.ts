// The review service (审理室): cases transferred to review, sent back or sanctioned; the sanctions'
// effect periods, ended by the service's clock; the review's own clock.
import { ContractRegistry, reviewPublicEvents, supervisionPublicEvents, withEarlierVersions } from '@jiandu/contracts';
import {
  CLOCK_EVENT_TYPES,
  clockEventContracts,
  DEADLINE_EVENT_TYPES,
  deadlineEventContracts,
  startDeadlineWatcher,
} from '@jiandu/deadlines';
import { runService, type ServiceDefinition } from '@jiandu/runtime';
import { effectPeriodClock } from './commands/effect-periods.js';
import { reviewConfig } from './config.js';
import { reviewMigrations } from './migrations.js';
import { onCaseTransferred } from './reactors/on-case-transferred.reactor.js';
import { reviewRpc } from './review.rpc.js';

export function reviewService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const config = reviewConfig(env);
  const own = Object.values(reviewPublicEvents);
  return {
    name: 'review',
    schema: 'review',
    migrations: reviewMigrations,
    registry: withEarlierVersions(
      new ContractRegistry().register(
        ...own,
        ...deadlineEventContracts('review'),
        ...clockEventContracts('review'),
        supervisionPublicEvents.CaseTransferredToReview,
      ),
    ),
    publicTypes: [...own.map((c) => c.type), ...DEADLINE_EVENT_TYPES, ...CLOCK_EVENT_TYPES],
    rpc: (ctx) => reviewRpc(ctx, config),
    consumers: (ctx) => onCaseTransferred({ ctx, config }),
    background: (ctx) => [
      startDeadlineWatcher({
        ...ctx,
        metrics: ctx.metrics.deadlines,
        service: 'review',
        intervalMs: config.deadlines.watchIntervalMs,
        leadWorkingDays: config.deadlines.leadWorkingDays,
      }),
      effectPeriodClock({ ctx, config }),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(reviewService());
