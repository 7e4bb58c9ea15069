// The petitions service's operation table: a handler for every contract operation, by its key. Commands are in
// commands/petition.commands.ts, queries in queries/.
import { petitionOperations as ops } from '@jiandu/contracts';
import { routeTable, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { petitionCommands } from './commands/petition.commands.js';
import { petitionQueries } from './queries/petition.queries.js';
import { DEFAULT_CLOCK_RULES, type PetitionClockRules } from './projections/clocks.projection.js';
import { clockQueries } from './queries/clocks.queries.js';
import { accusedRoutes } from './queries/accused.query.js';
import { screeningRoutes } from './queries/screening.query.js';
import type { ReporterVault } from './vault/reporter-vault.js';

export function petitionsRpc(
  ctx: ServiceContext,
  vault: ReporterVault,
  rules: PetitionClockRules = DEFAULT_CLOCK_RULES,
): RpcRoute[] {
  const table = routeTable(
    ops,
    { ...petitionCommands(ctx, vault, rules), ...petitionQueries(ctx), ...clockQueries(ctx) },
    {
      // The identity is never stored outside the vault, so a retry reads (and records) again.
      readReporter: { replay: 'rerun' },
      lookup: { anonymous: true },
    },
  );
  return [...table, ...screeningRoutes(ctx), ...accusedRoutes(ctx)];
}
