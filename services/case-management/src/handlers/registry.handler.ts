// The registry's commands (issue 8). Each zone is the aggregate of `zone-<id>`, each unit of
// `unit-<id>`, with its own small decider: registrations of different ids never contend, and two
// registrations of one id race on that stream alone (the loser runs again and is refused, 409).
//
// A command runs in the transaction the RPC server opened (`tx`) and touches nothing else: it reads
// its aggregate's snapshot and the zone it names from the registry tables, decides, appends to its
// own stream with the version the row reflects, and writes the rows those events change.
import type { PoolClient } from 'pg';
import { chinaDate } from '@jiandu/calendar';
import { caseManagementOperations as ops } from '@jiandu/contracts';
import { callMetadata, executeCommand, type RpcCall, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import * as unit from '../domain/registry-unit.js';
import * as zone from '../domain/registry-zone.js';
import { unitSnapshot, zoneSnapshot } from '../queries/registry.query.js';

export const zoneStream = (zoneId: string) => `zone-${zoneId}`;
export const unitStream = (unitId: string) => `unit-${unitId}`;

export const zoneDecider = { decide: zone.decide, evolve: zone.evolve, initialState: zone.initialState() };
export const unitDecider = { decide: unit.decide, evolve: unit.evolve, initialState: unit.initialState() };

function route<P>(operation: RpcRoute['operation'], handle: (call: RpcCall<P>, tx: PoolClient) => Promise<unknown>): RpcRoute {
  return { operation, handle: handle as RpcRoute['handle'] };
}

export function registryCommands(ctx: Pick<ServiceContext, 'store' | 'now'>): RpcRoute[] {
  const { store } = ctx;
  const schema = store.schema;

  /** A zone's command, on its own stream, decided on its row. */
  const zoneCommand = async (call: RpcCall<unknown>, tx: PoolClient, command: zone.ZoneCommand) => {
    const snapshot = await zoneSnapshot(tx, schema, command.data.zoneId);
    const result = await executeCommand(store, zoneDecider, zoneStream(command.data.zoneId), command, {
      context: { now: ctx.now(), actor: call.actor },
      metadata: callMetadata(call),
      tx,
      snapshot,
    });
    await recordZoneEvents(tx, schema, result.events, result.version);
  };

  /** A unit's command, on its own stream, decided on its row and memberships and the zone it names. */
  const unitCommand = async (call: RpcCall<unknown>, tx: PoolClient, command: unit.UnitCommand) => {
    const { unitId, zoneId } = command.data;
    const { zones, ...snapshot } = await unitSnapshot(tx, schema, unitId, zoneId);
    const result = await executeCommand(store, unitDecider, unitStream(unitId), command, {
      context: { now: ctx.now(), actor: call.actor, zones },
      metadata: callMetadata(call),
      tx,
      snapshot,
    });
    await recordUnitEvents(tx, schema, unitId, result.events, snapshot.version, result.version);
  };

  return [
    route<{ id: string; name: string; office: string }>(ops.registerZone, async (call, tx) => {
      const { id, name, office } = call.payload;
      await zoneCommand(call, tx, { type: 'RegisterZone', data: { zoneId: id, name, office } });
      return { id, name, office };
    }),
    route<{ id: string; name: string; zoneId: string; staffCount: number }>(ops.registerUnit, async (call, tx) => {
      const { id, name, zoneId, staffCount } = call.payload;
      await unitCommand(call, tx, { type: 'RegisterUnit', data: { unitId: id, name, zoneId, staffCount } });
      return { id, name, zoneId, staffCount };
    }),
    route<{ unitId: string; zoneId: string; effectiveFrom?: string }>(ops.moveUnit, async (call, tx) => {
      const { unitId, zoneId } = call.payload;
      const effectiveFrom = call.payload.effectiveFrom ?? chinaDate(ctx.now());
      await unitCommand(call, tx, { type: 'MoveUnit', data: { unitId, zoneId, effectiveFrom } });
      return { unitId, zoneId, effectiveFrom };
    }),
  ];
}

/** The rows a zone's events change; `version`: its stream's version after them. */
export async function recordZoneEvents(tx: PoolClient, schema: string, events: zone.ZoneEvent[], version: number): Promise<void> {
  for (const event of events) {
    const { zoneId, name, office } = event.data;
    await tx.query(`INSERT INTO ${schema}.registry_zones (zone_id, name, office, version) VALUES ($1, $2, $3, $4)`, [zoneId, name, office, version]);
  }
}

/** The rows a unit's events change, taking its row from version `from` to `to` of its stream. */
export async function recordUnitEvents(tx: PoolClient, schema: string, unitId: string, events: unit.UnitEvent[], from: number, to: number): Promise<void> {
  if (events.length === 0) return;
  let registered = false;
  for (const event of events) {
    switch (event.type) {
      case 'UnitRegistered': {
        const { name, staffCount } = event.data;
        await tx.query(`INSERT INTO ${schema}.registry_units (unit_id, name, staff_count, version) VALUES ($1, $2, $3, $4)`, [unitId, name, staffCount, to]);
        registered = true;
        break;
      }
      case 'UnitAssignedToZone': {
        const { zoneId, effectiveFrom } = event.data;
        await tx.query(`INSERT INTO ${schema}.registry_memberships (unit_id, zone_id, effective_from) VALUES ($1, $2, $3)`, [unitId, zoneId, effectiveFrom]);
        break;
      }
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
  if (registered) return;
  // The append already held the stream at `from`; the row must have said the same.
  const { rowCount } = await tx.query(`UPDATE ${schema}.registry_units SET version = $3 WHERE unit_id = $1 AND version = $2`, [unitId, from, to]);
  if (rowCount !== 1) throw new Error(`registry_units row of unit-${unitId} is not at version ${from}`);
}
