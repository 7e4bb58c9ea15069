// The supervision service (纪检监察室, 党风政风监督室, 派驻机构, 办公室): inquiries, preliminary
// verifications, recommendations, rectifications, agency reports and 督办 tasks, with their clocks.
import { chinaDate } from '@jiandu/calendar';
import { caseManagementPublicEvents, ContractRegistry, supervisionPublicEvents } from '@jiandu/contracts';
import { DEADLINE_EVENT_TYPES, deadlineEventContracts, startDeadlineWatcher } from '@jiandu/deadlines';
import { withTransaction } from '@jiandu/event-store';
import { positiveInteger, runService, type ServiceContext, type ServiceDefinition } from '@jiandu/runtime';
import { supervisionMigrations } from './migrations.js';
import { supervisionConsumers } from './reactors.js';
import { ensureQuarterlyClock, supervisionRpc } from './supervision.rpc.js';

/** Every known agency owes the current quarter's report: make sure its clock runs. */
function quarterlyClocks(ctx: ServiceContext, intervalMs: number) {
  const tick = async () => {
    const [year, month] = chinaDate(ctx.now()).split('-').map(Number) as [number, number];
    const quarter = Math.floor((month - 1) / 3) + 1;
    const { rows } = await ctx.pool.query<{ office: string }>(`SELECT office FROM ${ctx.store.schema}.agencies`);
    for (const { office } of rows) await withTransaction(ctx.pool, (tx) => ensureQuarterlyClock(tx, ctx.store.schema, office, year, quarter));
  };
  const timer = setInterval(() => tick().catch((err: Error) => ctx.logger.warn({ err: err.message }, 'quarterly clocks')), intervalMs);
  return { stop: async () => clearInterval(timer) };
}

export function supervisionService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const own = Object.values(supervisionPublicEvents);
  const clockEvents = deadlineEventContracts('supervision');
  const intervalMs = positiveInteger(env, 'DEADLINE_WATCH_INTERVAL_MS', 60_000);
  // DeadlineApproaching is raised when at most this many working days remain.
  const leadWorkingDays = positiveInteger(env, 'DEADLINE_LEAD_WORKING_DAYS', 3);
  return {
    name: 'supervision',
    schema: 'supervision',
    migrations: supervisionMigrations,
    registry: new ContractRegistry().register(...own, ...clockEvents, ...Object.values(caseManagementPublicEvents)),
    publicTypes: [...own.map((c) => c.type), ...DEADLINE_EVENT_TYPES],
    rpc: supervisionRpc,
    consumers: (ctx) => supervisionConsumers(ctx).map((spec) => ({ ...spec, stream: ctx.config.eventStream })),
    background: (ctx) => [
      startDeadlineWatcher({ pool: ctx.pool, store: ctx.store, service: 'supervision', now: ctx.now, intervalMs, leadWorkingDays, logger: ctx.logger, metrics: ctx.metrics.deadlines }),
      quarterlyClocks(ctx, intervalMs),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(supervisionService());
