// The registry's commands (issue 8). Each zone is the aggregate of `zone-<id>`, each unit of
// `unit-<id>`, with its own small decider: registrations of different ids never contend, and two
// registrations of one id race on that stream alone (the loser runs again and is refused, 409).
//
// A command runs in the transaction the RPC server opened (`tx`) and touches nothing else: it reads
// its aggregate's snapshot and the zone it names from the registry tables, decides, appends to its
// own stream with the version the row reflects, and writes the rows those events change.
import type { PoolClient } from 'pg';
import type { caseManagementOperations as ops } from '@jiandu/contracts';
import { callMetadata, executeCommand, type Handler, type RequestOf, type RpcCall, type ServiceContext } from '@jiandu/runtime';
import { unitDecider, unitStream, type UnitCommand, type UnitEvent } from '../domain/registry-unit.js';
import { zoneDecider, zoneStream, type ZoneCommand } from '../domain/registry-zone.js';
import type { MoveUnit, RegisterUnit, RegisterZone } from '../domain/registry.js';
import { projectUnitEvents, projectZoneEvents, unitSnapshot, zoneSnapshot } from '../projections/registry.projection.js';

/** Each operation's request as its decider's command (the contract already checked the shape). */
export const registryCommandOf = {
  registerZone: ({ id, name, office }: RequestOf<typeof ops.registerZone>): RegisterZone => ({
    type: 'RegisterZone',
    data: { zoneId: id, name, office },
  }),
  registerUnit: ({ id, name, zoneId, staffCount }: RequestOf<typeof ops.registerUnit>): RegisterUnit => ({
    type: 'RegisterUnit',
    data: { unitId: id, name, zoneId, staffCount },
  }),
  moveUnit: (request: RequestOf<typeof ops.moveUnit>): MoveUnit => ({ type: 'MoveUnit', data: request }),
};

export interface RegistryCommands {
  registerZone: Handler<typeof ops.registerZone>;
  registerUnit: Handler<typeof ops.registerUnit>;
  moveUnit: Handler<typeof ops.moveUnit>;
}

export function registryCommands(ctx: Pick<ServiceContext, 'store' | 'now'>): RegistryCommands {
  const { store } = ctx;
  const schema = store.schema;

  /** A zone's command, on its own stream, decided on its row. */
  const zoneCommand = async (call: RpcCall<unknown>, tx: PoolClient, command: ZoneCommand): Promise<void> => {
    const snapshot = await zoneSnapshot(tx, schema, command.data.zoneId);
    const result = await executeCommand(store, zoneDecider, zoneStream(command.data.zoneId), command, {
      context: { now: ctx.now(), actor: call.actor },
      metadata: callMetadata(call),
      tx,
      snapshot,
    });
    await projectZoneEvents(tx, schema, result.events, result.version);
  };

  /** A unit's command, on its own stream, decided on its row and memberships and the zone it names; answers its new events. */
  const unitCommand = async (call: RpcCall<unknown>, tx: PoolClient, command: UnitCommand): Promise<UnitEvent[]> => {
    const { unitId, zoneId } = command.data;
    const { zones, ...snapshot } = await unitSnapshot(tx, schema, unitId, zoneId);
    const result = await executeCommand(store, unitDecider, unitStream(unitId), command, {
      context: { now: ctx.now(), actor: call.actor, zones },
      metadata: callMetadata(call),
      tx,
      snapshot,
    });
    await projectUnitEvents(tx, schema, unitId, result.events, snapshot.version, result.version);
    return result.events;
  };

  return {
    async registerZone(call, tx) {
      await zoneCommand(call, tx, registryCommandOf.registerZone(call.payload));
      const { id, name, office } = call.payload;
      return { id, name, office };
    },
    async registerUnit(call, tx) {
      await unitCommand(call, tx, registryCommandOf.registerUnit(call.payload));
      const { id, name, zoneId, staffCount } = call.payload;
      return { id, name, zoneId, staffCount };
    },
    async moveUnit(call, tx) {
      const events = await unitCommand(call, tx, registryCommandOf.moveUnit(call.payload));
      // The membership as decided: its date is the request's, or the day of the decision.
      const membership = events.find((e) => e.type === 'UnitAssignedToZone');
      if (!membership) throw new Error(`MoveUnit of unit-${call.payload.unitId} decided no membership`);
      const { unitId, zoneId, effectiveFrom } = membership.data;
      return { unitId, zoneId, effectiveFrom };
    },
  };
}
