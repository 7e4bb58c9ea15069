// The registry read model: registry_zones, registry_units and registry_memberships (migration
// case-management-002-registry-tables, which also brought in the former district-wide 'registry'
// stream), written in the same transaction as the events of each zone's and unit's own stream
// (handlers/registry.handler.ts). A command reads its aggregate's snapshot here on its own
// transaction; routing a clue reads the unit's memberships; the lists read the tables. Nothing here
// replays a stream.
import type { Pool, PoolClient } from 'pg';
import { caseManagementOperations as ops } from '@jiandu/contracts';
import type { RpcRoute, ServiceContext } from '@jiandu/runtime';
import { routeAt, type Membership, type Zone } from '../domain/registry.js';
import type { UnitState } from '../domain/registry-unit.js';
import type { ZoneState } from '../domain/registry-zone.js';

type Db = Pool | PoolClient;

/**
 * An aggregate's state as its row shows it, and the version of its own stream that row reflects
 * (0: it has no stream of its own: not registered, or registered in the former 'registry' stream).
 */
export interface Snapshot<S> {
  state: S;
  version: number;
}

export async function zoneSnapshot(db: Db, schema: string, zoneId: string): Promise<Snapshot<ZoneState>> {
  const { rows } = await db.query<{ zone_id: string; name: string; office: string; version: number }>(
    `SELECT zone_id, name, office, version FROM ${schema}.registry_zones WHERE zone_id = $1`,
    [zoneId],
  );
  const row = rows[0];
  return row ? { state: { zoneId: row.zone_id, name: row.name, office: row.office }, version: row.version } : { state: null, version: 0 };
}

/** A unit with its memberships, and the zone a command on it names (`zones`: empty if that zone is not registered), in one round trip. */
export async function unitSnapshot(db: Db, schema: string, unitId: string, zoneId: string): Promise<Snapshot<UnitState> & { zones: Record<string, Zone> }> {
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
  const zones: Record<string, Zone> = Object.fromEntries(row.zone_id === null ? [] : [[row.zone_id, { zoneId: row.zone_id, name: row.zone_name, office: row.office }]]);
  if (row.unit_id === null) return { state: null, version: 0, zones };
  return { state: { unitId: row.unit_id, name: row.unit_name, staffCount: row.staff_count, memberships: row.memberships }, version: row.version, zones };
}

/** Where a clue about `unitId` goes at `at` (the office of the zone the unit was in that day), from its memberships. */
export async function unitRoute(db: Db, schema: string, unitId: string, at: Date): Promise<{ zoneId: string; office: string } | undefined> {
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

/** Every zone, in registration order. */
export async function listZones(db: Db, schema: string): Promise<Array<{ id: string; name: string; office: string }>> {
  const { rows } = await db.query<{ id: string; name: string; office: string }>(`SELECT zone_id AS id, name, office FROM ${schema}.registry_zones ORDER BY seq`);
  return rows;
}

/** Every unit, in registration order, with the zone of its latest membership. */
export async function listUnits(db: Db, schema: string): Promise<Array<{ id: string; name: string; zoneId: string; staffCount: number }>> {
  const { rows } = await db.query<{ id: string; name: string; staff_count: number; zone_id: string | null }>(
    `SELECT u.unit_id AS id, u.name, u.staff_count, m.zone_id
       FROM ${schema}.registry_units u
       LEFT JOIN LATERAL (SELECT zone_id FROM ${schema}.registry_memberships WHERE unit_id = u.unit_id ORDER BY seq DESC LIMIT 1) m ON true
      ORDER BY u.seq`,
  );
  return rows.map((u) => ({ id: u.id, name: u.name, zoneId: u.zone_id ?? '', staffCount: u.staff_count }));
}

/** The registry's list operations (queries: no transaction, read on the pool). */
export function registryQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>): RpcRoute[] {
  return [
    { operation: ops.listZones, handle: async () => ({ items: await listZones(pool, store.schema) }) },
    { operation: ops.listUnits, handle: async () => ({ items: await listUnits(pool, store.schema) }) },
  ];
}
