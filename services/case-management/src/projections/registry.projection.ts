// The registry read model: registry_zones, registry_units and registry_memberships (migration
// case-management-002-registry-tables, which also brought in the former district-wide 'registry'
// stream), written in the same transaction as the events of each zone's and unit's own stream.
// The commands decide on the rows read back here (a snapshot with the stream version it reflects),
// and routing a clue reads a unit's memberships: nothing replays a stream.
import type { Pool, PoolClient } from 'pg';
import { routeAt, type Membership, type Zone } from '../domain/registry.js';
import type { UnitEvent, UnitState } from '../domain/registry-unit.js';
import type { ZoneEvent, ZoneState } from '../domain/registry-zone.js';

type Db = Pool | PoolClient;

/**
 * An aggregate's state as its row shows it, and the version of its own stream that row reflects
 * (0: it has no stream of its own: not registered, or registered in the former 'registry' stream).
 */
export interface Snapshot<S> {
  state: S;
  version: number;
}

// ── writing

/** The rows a zone's events change; `version`: its stream's version after them. */
export async function projectZoneEvents(
  tx: PoolClient,
  schema: string,
  events: readonly ZoneEvent[],
  version: number,
): Promise<void> {
  for (const event of events) {
    const { zoneId, name, office } = event.data;
    await tx.query(`INSERT INTO ${schema}.registry_zones (zone_id, name, office, version) VALUES ($1, $2, $3, $4)`, [
      zoneId,
      name,
      office,
      version,
    ]);
  }
}

/** The rows a unit's events change, taking its row from version `from` to `to` of its stream. */
export async function projectUnitEvents(
  tx: PoolClient,
  schema: string,
  unitId: string,
  events: readonly UnitEvent[],
  from: number,
  to: number,
): Promise<void> {
  if (events.length === 0) return;
  let registered = false;
  for (const event of events) {
    switch (event.type) {
      case 'UnitRegistered': {
        const { name, staffCount } = event.data;
        await tx.query(`INSERT INTO ${schema}.registry_units (unit_id, name, staff_count, version) VALUES ($1, $2, $3, $4)`, [
          unitId,
          name,
          staffCount,
          to,
        ]);
        registered = true;
        break;
      }
      case 'UnitAssignedToZone': {
        const { zoneId, effectiveFrom } = event.data;
        await tx.query(`INSERT INTO ${schema}.registry_memberships (unit_id, zone_id, effective_from) VALUES ($1, $2, $3)`, [
          unitId,
          zoneId,
          effectiveFrom,
        ]);
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
  const { rowCount } = await tx.query(`UPDATE ${schema}.registry_units SET version = $3 WHERE unit_id = $1 AND version = $2`, [
    unitId,
    from,
    to,
  ]);
  if (rowCount !== 1) throw new Error(`registry_units row of unit-${unitId} is not at version ${from}`);
}

// ── reading back, for the commands and for routing

export async function zoneSnapshot(db: Db, schema: string, zoneId: string): Promise<Snapshot<ZoneState>> {
  const { rows } = await db.query<{ zone_id: string; name: string; office: string; version: number }>(
    `SELECT zone_id, name, office, version FROM ${schema}.registry_zones WHERE zone_id = $1`,
    [zoneId],
  );
  const row = rows[0];
  return row
    ? { state: { zoneId: row.zone_id, name: row.name, office: row.office }, version: row.version }
    : { state: null, version: 0 };
}

/** A unit with its memberships, and the zone a command on it names (`zones`: empty if that zone is not registered), in one round trip. */
export async function unitSnapshot(
  db: Db,
  schema: string,
  unitId: string,
  zoneId: string,
): Promise<Snapshot<UnitState> & { zones: Record<string, Zone> }> {
  const { rows } = await db.query<{
    unit_id: string | null;
    unit_name: string;
    staff_count: number;
    version: number;
    memberships: Membership[];
    zone_id: string | null;
    zone_name: string;
    office: string;
  }>(
    `SELECT u.unit_id, u.name AS unit_name, u.staff_count, u.version,
            coalesce((SELECT json_agg(json_build_object('zoneId', m.zone_id, 'effectiveFrom', m.effective_from) ORDER BY m.seq)
                        FROM ${schema}.registry_memberships m WHERE m.unit_id = u.unit_id), '[]'::json) AS memberships,
            z.zone_id, z.name AS zone_name, z.office
       FROM (SELECT $1::text AS unit_id, $2::text AS zone_id) wanted
       LEFT JOIN ${schema}.registry_units u ON u.unit_id = wanted.unit_id
       LEFT JOIN ${schema}.registry_zones z ON z.zone_id = wanted.zone_id`,
    [unitId, zoneId],
  );
  const row = rows[0]!;
  // fromEntries: an id is always an own key, even one named like an Object.prototype member.
  const zones: Record<string, Zone> = Object.fromEntries(
    row.zone_id === null ? [] : [[row.zone_id, { zoneId: row.zone_id, name: row.zone_name, office: row.office }]],
  );
  if (row.unit_id === null) return { state: null, version: 0, zones };
  return {
    state: { unitId: row.unit_id, name: row.unit_name, staffCount: row.staff_count, memberships: row.memberships },
    version: row.version,
    zones,
  };
}

/** Where a clue about `unitId` goes at `at` (the office of the zone the unit was in that day), from its memberships. */
export async function unitRoute(
  db: Db,
  schema: string,
  unitId: string,
  at: Date,
): Promise<{ zoneId: string; office: string } | undefined> {
  const { rows } = await db.query<{ zone_id: string; effective_from: string; name: string | null; office: string | null }>(
    `SELECT m.zone_id, m.effective_from, z.name, z.office
       FROM ${schema}.registry_memberships m LEFT JOIN ${schema}.registry_zones z ON z.zone_id = m.zone_id
      WHERE m.unit_id = $1 ORDER BY m.seq`,
    [unitId],
  );
  const zones: Record<string, Zone> = Object.fromEntries(
    rows.flatMap((r) => (r.office === null ? [] : [[r.zone_id, { zoneId: r.zone_id, name: r.name ?? '', office: r.office }]])),
  );
  return routeAt(
    rows.map((r) => ({ zoneId: r.zone_id, effectiveFrom: r.effective_from })),
    zones,
    at,
  );
}
