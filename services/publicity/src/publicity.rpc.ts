// The publicity service's operation table: a handler for every contract operation, by its key. Commands live in
// commands/, queries in queries/ (docs/architecture.md, "The anatomy of a service").
import { publicityOperations as ops } from '@jiandu/contracts';
import { routeTable, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { opinionRequestCommands } from './commands/opinion-request.commands.js';
import { publicOpinionCommands } from './commands/public-opinion.commands.js';
import type { PublicityServiceConfig } from './config.js';
import { clockQueries } from './queries/clocks.queries.js';
import { opinionRequestQueries } from './queries/opinion-requests.queries.js';
import { publicOpinionQueries } from './queries/public-opinion.queries.js';
import { replyLetterQueries } from './queries/reply-letter.queries.js';

export function publicityRpc(ctx: ServiceContext, config: PublicityServiceConfig): RpcRoute[] {
  const opinion = { ...opinionRequestCommands({ ctx, config }), ...opinionRequestQueries(ctx.pool, ctx.store) };
  const po = { ...publicOpinionCommands({ ctx, config }), ...publicOpinionQueries(ctx.pool, ctx.store) };
  return routeTable(ops, {
    requestOpinion: opinion.request,
    listOpinionRequests: opinion.list,
    getOpinionRequest: opinion.get,
    getScreening: opinion.getScreening,
    submitScreening: opinion.submitScreening,
    proposeReply: opinion.proposeReply,
    approveReply: opinion.approveReply,
    rejectReply: opinion.rejectReply,
    sendReply: opinion.sendReply,
    ...replyLetterQueries(ctx.pool, ctx.store.schema),
    collectPublicOpinion: po.collect,
    listPublicOpinion: po.list,
    getPublicOpinion: po.get,
    assessPublicOpinion: po.assess,
    forwardPublicOpinion: po.forward,
    closePublicOpinion: po.close,
    ...clockQueries(ctx),
  });
}
