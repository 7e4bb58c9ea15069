// The analytics service (分析): the ledgers (台账), the clock board and the period statistics
// analysts read, projected from every service's public events. It never reads another service's
// tables, appends no events of its own, and holds no personal name.
import { ContractRegistry, latestPublicEvents, withEarlierVersions } from '@jiandu/contracts';
import { clockEventContracts, deadlineEventContracts } from '@jiandu/deadlines';
import { runService, type ServiceDefinition } from '@jiandu/runtime';
import { analyticsRpc } from './analytics.rpc.js';
import { analyticsConfig } from './config.js';
import { analyticsMigrations } from './migrations.js';
import { onPublicEvents, SOURCE_SERVICES } from './reactors/on-public-events.reactor.js';

export function analyticsService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const config = analyticsConfig(env);
  return {
    name: 'analytics',
    schema: 'analytics',
    migrations: analyticsMigrations,
    // Every public event of every service in every published version (upcast to the latest), and
    // each service's clock events: its signals and its clocks' start, extension and stop.
    registry: withEarlierVersions(
      new ContractRegistry().register(
        ...latestPublicEvents,
        ...SOURCE_SERVICES.flatMap((s) => [...deadlineEventContracts(s), ...clockEventContracts(s)]),
      ),
    ),
    publicTypes: [],
    rpc: (ctx) => analyticsRpc(ctx, config),
    consumers: (ctx) => onPublicEvents(ctx.store.schema, config.consumerMaxDeliver),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(analyticsService());
