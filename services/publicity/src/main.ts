// The publicity service (组宣部): integrity opinion replies (廉政意见回复), screened in parallel by
// 信访室, 案管室 and 审理室 through a durable outbox (docs/adr/0017), and public opinion (舆情)
// forwarded to 案管 as clues; the reply's and the assessment's clocks.
import { ContractRegistry, publicityPublicEvents, withEarlierVersions } from '@jiandu/contracts';
import {
  CLOCK_EVENT_TYPES,
  clockEventContracts,
  DEADLINE_EVENT_TYPES,
  deadlineEventContracts,
  startDeadlineWatcher,
} from '@jiandu/deadlines';
import { runService, type ServiceDefinition } from '@jiandu/runtime';
import { screeningRunner } from './commands/screenings.js';
import { publicityConfig } from './config.js';
import { publicityMigrations } from './migrations.js';
import { publicityRpc } from './publicity.rpc.js';

export function publicityService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const config = publicityConfig(env);
  const own = Object.values(publicityPublicEvents);
  return {
    name: 'publicity',
    schema: 'publicity',
    migrations: publicityMigrations,
    registry: withEarlierVersions(
      new ContractRegistry().register(...own, ...deadlineEventContracts('publicity'), ...clockEventContracts('publicity')),
    ),
    publicTypes: [...own.map((c) => c.type), ...DEADLINE_EVENT_TYPES, ...CLOCK_EVENT_TYPES],
    rpc: (ctx) => publicityRpc(ctx, config),
    consumers: () => [],
    background: (ctx) => [
      startDeadlineWatcher({
        ...ctx,
        metrics: ctx.metrics.deadlines,
        service: 'publicity',
        intervalMs: config.deadlines.watchIntervalMs,
        leadWorkingDays: config.deadlines.leadWorkingDays,
      }),
      screeningRunner({ ctx, config }),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(publicityService());
