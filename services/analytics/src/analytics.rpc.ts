// The analytics service's operation table: a handler for every contract operation, by its key.
// Analytics only answers queries; its read models are written by its consumers (reactors/).
import { analyticsOperations as ops } from '@jiandu/contracts';
import { routeTable, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import type { AnalyticsConfig } from './config.js';
import { documentQueries } from './queries/documents.queries.js';
import { ledgerQueries } from './queries/ledgers.queries.js';
import { statisticsQueries } from './queries/statistics.queries.js';

/** nats-server's default max_payload, when the connection does not say. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

export function analyticsRpc(ctx: ServiceContext, config: AnalyticsConfig): RpcRoute[] {
  const { pool, now } = ctx;
  const schema = ctx.store.schema;
  const ledgers = ledgerQueries(pool, schema, now);
  const statistics = statisticsQueries(pool, schema, now);
  const documents = documentQueries(pool, schema, now, ledgers, statistics, {
    maxPayloadBytes: ctx.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD,
    issuer: config.bulletinIssuer,
  });
  return routeTable(ops, {
    readLedger: ledgers.readLedger,
    readClockBoard: ledgers.readClockBoard,
    readStatistics: statistics.readStatistics,
    readUnitEcology: statistics.readUnitEcology,
    exportLedger: documents.exportLedger,
    exportClockBoard: documents.exportClockBoard,
    readBulletin: documents.readBulletin,
  });
}
