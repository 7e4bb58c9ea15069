// Case management's operation table: one row per contract operation (libs/contracts/src/api/
// case-management.ts). The handlers are in commands/ (each in the transaction the RPC server opens)
// and queries/ (on the pool).
import { caseManagementOperations as ops } from '@jiandu/contracts';
import { route, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { clueCommands } from './commands/clue.commands.js';
import { registryCommands } from './commands/registry.commands.js';
import { clueLedgerQueries } from './queries/clue-ledger.queries.js';
import { registryQueries } from './queries/registry.queries.js';

export function caseManagementRpc(ctx: Pick<ServiceContext, 'store' | 'pool' | 'now'>): RpcRoute[] {
  const registry = registryCommands(ctx);
  const registryLists = registryQueries(ctx);
  const clues = clueCommands(ctx);
  const ledger = clueLedgerQueries(ctx);
  return [
    route(ops.registerZone, registry.registerZone),
    route(ops.registerUnit, registry.registerUnit),
    route(ops.moveUnit, registry.moveUnit),
    route(ops.listZones, registryLists.listZones),
    route(ops.listUnits, registryLists.listUnits),
    route(ops.listClues, ledger.listClues),
    route(ops.getClue, ledger.getClue),
    route(ops.proposeDisposition, clues.proposeDisposition),
    route(ops.approveDisposition, clues.approveDisposition),
    route(ops.rejectDisposition, clues.rejectDisposition),
  ];
}
