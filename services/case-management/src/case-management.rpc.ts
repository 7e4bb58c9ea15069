// Case management's operation table: a handler for every contract operation, by its key (libs/contracts/src/api/
// case-management.ts). The handlers are in commands/ (each in the transaction the RPC server opens)
// and queries/ (on the pool).
import { caseManagementOperations as ops, categoryOperations, integrityOperations } from '@jiandu/contracts';
import { routeTable, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { clearanceCommands } from './commands/clearance.commands.js';
import { clueSubmissionCommands } from './commands/clue-submission.commands.js';
import { clueCommands } from './commands/clue.commands.js';
import { integrityCommands } from './commands/integrity.commands.js';
import { registryCommands } from './commands/registry.commands.js';
import { caseManagementConfig, type CaseManagementConfig } from './config.js';
import { categoryQueries } from './queries/categories.queries.js';
import { clearanceQueries } from './queries/clearance.queries.js';
import { clockQueries } from './queries/clocks.queries.js';
import { clueSubmissionQueries } from './queries/clue-submissions.queries.js';
import { clueLedgerQueries } from './queries/clue-ledger.queries.js';
import { integrityQueries } from './queries/integrity.queries.js';
import { registryQueries } from './queries/registry.queries.js';
import { screeningRoutes } from './queries/screening.query.js';

export function caseManagementRpc(
  ctx: Pick<ServiceContext, 'store' | 'pool' | 'now'>,
  config: CaseManagementConfig = caseManagementConfig({}),
): RpcRoute[] {
  return [
    ...routeTable(ops, {
      ...registryCommands(ctx),
      ...registryQueries(ctx),
      ...clueCommands(ctx, config.clueClock),
      ...clueLedgerQueries(ctx),
      ...clockQueries(ctx),
      ...clearanceCommands(ctx, config),
      ...clearanceQueries(ctx),
      ...clueSubmissionCommands(ctx, config.clueClock),
      ...clueSubmissionQueries(ctx),
    }),
    ...routeTable(integrityOperations, {
      ...integrityCommands(ctx, { months: config.integrityFileMonths }),
      ...integrityQueries(ctx),
    }),
    ...routeTable(categoryOperations, categoryQueries()),
    ...screeningRoutes(ctx),
  ];
}
