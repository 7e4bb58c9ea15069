// What analytics learns from case-management's registry: units (organisations) with their staff
// counts, their dated zones, and the zones' offices. Used to place each ledger row in its zone.
import type { PoolClient } from 'pg';
import type { ZoneAssignment } from '../domain/registry.js';

export type RegistryEvent =
  | { type: 'UnitRegistered'; data: { unitId: string; name: string; staffCount: number } }
  | { type: 'UnitAssignedToZone'; data: ZoneAssignment }
  | { type: 'ZoneRegistered'; data: { zoneId: string; name: string; office: string } };

export const REGISTRY_TYPES: readonly string[] = ['UnitRegistered', 'UnitAssignedToZone', 'ZoneRegistered'];

export async function projectRegistryEvent(tx: PoolClient, schema: string, event: RegistryEvent): Promise<void> {
  switch (event.type) {
    case 'UnitRegistered':
      await tx.query(
        `INSERT INTO ${schema}.units (unit_id, name, staff_count) VALUES ($1, $2, $3)
         ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, staff_count = EXCLUDED.staff_count`,
        [event.data.unitId, event.data.name, event.data.staffCount],
      );
      return;
    case 'UnitAssignedToZone':
      await tx.query(
        `INSERT INTO ${schema}.unit_zones (unit_id, zone_id, effective_from) VALUES ($1, $2, $3)
         ON CONFLICT (unit_id, effective_from) DO UPDATE SET zone_id = EXCLUDED.zone_id`,
        [event.data.unitId, event.data.zoneId, event.data.effectiveFrom],
      );
      return;
    case 'ZoneRegistered':
      await tx.query(
        `INSERT INTO ${schema}.zones (zone_id, name, office) VALUES ($1, $2, $3)
         ON CONFLICT (zone_id) DO UPDATE SET name = EXCLUDED.name, office = EXCLUDED.office`,
        [event.data.zoneId, event.data.name, event.data.office],
      );
      return;
  }
}

/** The dated zones of these units. */
export async function zoneAssignments(tx: PoolClient, schema: string, unitIds: readonly string[]): Promise<ZoneAssignment[]> {
  if (unitIds.length === 0) return [];
  // The consumers ask it for every event, nearly always for one unit: by key, a statement whose
  // generic plan is the custom one, so a connection plans it once (an array of keys is planned
  // again at every call, its generic plan being costed for ten keys).
  const one = unitIds.length === 1;
  const { rows } = await tx.query<{ unit_id: string; zone_id: string; effective_from: string }>({
    name: `analytics:${schema}:${one ? 'zones-of-unit' : 'zones-of-units'}`,
    text: `SELECT unit_id, zone_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from
       FROM ${schema}.unit_zones WHERE ${one ? 'unit_id = $1::text' : 'unit_id = ANY($1::text[])'}`,
    values: [one ? unitIds[0] : unitIds],
  });
  return rows.map((r) => ({ unitId: r.unit_id, zoneId: r.zone_id, effectiveFrom: r.effective_from }));
}

/** A unit as analytics knows it: its staff count and its dated zones. */
export async function findUnit(
  db: Pick<PoolClient, 'query'>,
  schema: string,
  unitId: string,
): Promise<{ staffCount: number; zones: ZoneAssignment[] } | undefined> {
  const { rows } = await db.query<{ staff_count: number }>(`SELECT staff_count FROM ${schema}.units WHERE unit_id = $1`, [
    unitId,
  ]);
  const unit = rows[0];
  if (!unit) return undefined;
  return { staffCount: unit.staff_count, zones: await zoneAssignments(db as PoolClient, schema, [unitId]) };
}
