// The analytics service's operation table: a handler for every contract operation, by its key.
// Analytics only answers queries; its read models are written by its consumers (reactors/).
import { analyticsOperations as ops } from '@jiandu/contracts';
import { routeTable, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { ledgerQueries } from './queries/ledgers.queries.js';
import { statisticsQueries } from './queries/statistics.queries.js';

export function analyticsRpc(ctx: ServiceContext): RpcRoute[] {
  const { pool, now } = ctx;
  const schema = ctx.store.schema;
  const ledgers = ledgerQueries(pool, schema, now);
  const statistics = statisticsQueries(pool, schema, now);
  return routeTable(ops, {
    readLedger: ledgers.readLedger,
    readClockBoard: ledgers.readClockBoard,
    readStatistics: statistics.readStatistics,
    readUnitEcology: statistics.readUnitEcology,
  });
}
