// The petitions service's operation table: one route per contract operation. Commands are in
// commands/petition.commands.ts, queries in queries/petition.queries.ts.
import { petitionOperations as ops } from '@jiandu/contracts';
import { route, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { petitionCommands } from './commands/petition.commands.js';
import { petitionQueries } from './queries/petition.queries.js';
import type { ReporterVault } from './vault/reporter-vault.js';

export function petitionsRpc(ctx: ServiceContext, vault: ReporterVault): RpcRoute[] {
  const commands = petitionCommands(ctx, vault);
  const queries = petitionQueries(ctx);
  return [
    route(ops.registerPetition, commands.registerPetition),
    route(ops.acceptPetition, commands.acceptPetition),
    route(ops.rejectPetition, commands.rejectPetition),
    route(ops.transferPetition, commands.transferPetition),
    route(ops.deliverFeedback, commands.deliverFeedback),
    // The identity is never stored outside the vault, so a retry reads (and records) again.
    route(ops.readReporter, commands.readReporter, { replay: 'rerun' }),
    route(ops.getPetition, queries.getPetition),
    route(ops.lookup, queries.lookup, { anonymous: true }),
  ];
}
