// The supervision service (纪检监察室, 党风政风监督室, 派驻机构, 办公室): inquiries, preliminary
// verifications, recommendations, rectifications, agency reports and 督办 tasks, with their clocks.
import {
  caseManagementPublicEvents,
  ContractRegistry,
  reviewPublicEvents,
  supervisionPublicEvents,
  withEarlierVersions,
} from '@jiandu/contracts';
import { localDate } from '@jiandu/decision';
import {
  CLOCK_EVENT_TYPES,
  clockEventContracts,
  DEADLINE_EVENT_TYPES,
  deadlineEventContracts,
  startDeadlineWatcher,
} from '@jiandu/deadlines';
import { withTransaction } from '@jiandu/event-store';
import { runService, type ServiceContext, type ServiceDefinition } from '@jiandu/runtime';
import { supervisionConfig, type SupervisionConfig } from './config.js';
import type { Quarter } from './domain/agency-report.js';
import { supervisionMigrations } from './migrations.js';
import { ensureQuarterlyClock } from './projections/clocks.projection.js';
import { listAgencies } from './projections/units.projection.js';
import { onCaseReturned } from './reactors/on-case-returned.reactor.js';
import { onCommonIssueIdentified } from './reactors/on-common-issue-identified.reactor.js';
import { onDispositionApproved } from './reactors/on-disposition-approved.reactor.js';
import { onRegistry } from './reactors/on-registry.reactor.js';
import { onReviewConcluded } from './reactors/on-review-concluded.reactor.js';
import { onSanctionDecided } from './reactors/on-sanction-decided.reactor.js';
import { supervisionRpc } from './supervision.rpc.js';

/** Every known agency owes the current quarter's report: make sure its clock runs. */
export async function ensureQuarterlyClocks(ctx: ServiceContext, config: SupervisionConfig): Promise<void> {
  const [year, month] = localDate(ctx.now()).split('-').map(Number) as [number, number];
  const quarter = (Math.floor((month - 1) / 3) + 1) as Quarter;
  for (const agency of await listAgencies(ctx.pool, ctx.store.schema)) {
    await withTransaction(ctx.pool, (tx) => ensureQuarterlyClock(tx, ctx.store, agency, year, quarter, config.agencyReport));
  }
}

function quarterlyClocks(ctx: ServiceContext, config: SupervisionConfig) {
  const tick = () =>
    ensureQuarterlyClocks(ctx, config).catch((err: Error) => ctx.logger.warn({ err: err.message }, 'quarterly clocks'));
  const timer = setInterval(tick, config.deadlines.watchIntervalMs);
  return { stop: async () => clearInterval(timer) };
}

export function supervisionService(env: NodeJS.ProcessEnv = process.env): ServiceDefinition {
  const config = supervisionConfig(env);
  const own = Object.values(supervisionPublicEvents);
  const clockEvents = [...deadlineEventContracts('supervision'), ...clockEventContracts('supervision')];
  return {
    name: 'supervision',
    schema: 'supervision',
    migrations: supervisionMigrations,
    // Every published version: ClueRegistered v1 may still be in the stream (upcast to v2 for the reactor).
    registry: withEarlierVersions(
      new ContractRegistry().register(
        ...own,
        ...clockEvents,
        ...Object.values(caseManagementPublicEvents),
        reviewPublicEvents.CaseReturnedForInvestigation,
        reviewPublicEvents.SanctionDecided,
        reviewPublicEvents.ReviewConcludedWithoutSanction,
        reviewPublicEvents.CommonIssueIdentified,
      ),
    ),
    publicTypes: [...own.map((c) => c.type), ...DEADLINE_EVENT_TYPES, ...CLOCK_EVENT_TYPES],
    rpc: (ctx) => supervisionRpc(ctx, config),
    consumers: (ctx) => [
      ...onRegistry(ctx.store.schema),
      onDispositionApproved({ ctx, config }),
      onCaseReturned({ ctx, config }),
      ...onSanctionDecided({ ctx, config }),
      ...onReviewConcluded({ ctx, config }),
      onCommonIssueIdentified({ ctx, config }),
    ],
    background: (ctx) => [
      startDeadlineWatcher({
        ...ctx,
        metrics: ctx.metrics.deadlines,
        service: 'supervision',
        intervalMs: config.deadlines.watchIntervalMs,
        leadWorkingDays: config.deadlines.leadWorkingDays,
      }),
      quarterlyClocks(ctx, config),
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) runService(supervisionService());
