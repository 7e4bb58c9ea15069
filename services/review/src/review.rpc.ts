// The review service's operation table: a handler for every contract operation, by its key. Commands live in
// commands/, queries in queries/ (docs/architecture.md, "The anatomy of a service").
import { reviewOperations as ops } from '@jiandu/contracts';
import { routeTable, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { reviewCommands } from './commands/review.commands.js';
import type { ReviewServiceConfig } from './config.js';
import { clockQueries } from './queries/clocks.queries.js';
import { reviewQueries } from './queries/reviews.queries.js';
import { sanctionQueries } from './queries/sanctions.queries.js';

export function reviewRpc(ctx: ServiceContext, config: ReviewServiceConfig): RpcRoute[] {
  const review = { ...reviewCommands({ ctx, config }), ...reviewQueries(ctx.pool, ctx.store) };
  const sanctions = sanctionQueries(ctx.pool, ctx.store.schema, ctx.now);
  return routeTable(ops, {
    listReviews: review.list,
    getReview: review.get,
    extendReview: review.extend,
    sendCaseBack: review.sendBack,
    proposeSanction: review.propose,
    approveSanction: review.approve,
    rejectSanction: review.reject,
    concludeWithoutSanction: review.concludeWithoutSanction,
    identifyCommonIssue: review.identifyCommonIssue,
    listSanctions: sanctions.list,
    ...clockQueries(ctx),
  });
}
