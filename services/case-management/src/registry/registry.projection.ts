// The registry of zones and units as tables, written in the same transaction as the events of each
// zone's and each unit's own stream. Commands read the few rows they need from here (a snapshot of
// just their zone and unit), and routing a clue reads its unit's memberships: nothing replays a
// stream of the whole district.
import type { Pool, PoolClient } from 'pg';
import type { Migration } from '@jiandu/event-store';
import type { Registry, RegistryEvent, Unit, Zone } from '../domain/registry.js';

export const zoneStream = (zoneId: string) => `zone-${zoneId}`;
export const unitStream = (unitId: string) => `unit-${unitId}`;

export const registryMigrations: Migration[] = [
  {
    id: 'case-management-002-registry-tables',
    sql: `
      -- version: the version of the zone's or unit's own stream (0: it has none yet, e.g. a unit
      -- registered in the former district-wide 'registry' stream). seq keeps registration order.
      CREATE TABLE {{schema}}.registry_zones (
        zone_id text PRIMARY KEY,
        name    text NOT NULL,
        office  text NOT NULL,
        version int  NOT NULL,
        seq     bigserial
      );
      CREATE TABLE {{schema}}.registry_units (
        unit_id     text PRIMARY KEY,
        name        text NOT NULL,
        staff_count int  NOT NULL,
        version     int  NOT NULL,
        seq         bigserial
      );
      CREATE TABLE {{schema}}.registry_memberships (
        unit_id        text NOT NULL REFERENCES {{schema}}.registry_units (unit_id),
        zone_id        text NOT NULL,
        effective_from text NOT NULL,
        seq            bigserial,
        PRIMARY KEY (unit_id, seq)
      );
      -- What the district-wide stream held, in its order.
      INSERT INTO {{schema}}.registry_zones (zone_id, name, office, version)
        SELECT data->>'zoneId', data->>'name', data->>'office', 0 FROM {{schema}}.events
         WHERE stream_id = 'registry' AND type = 'ZoneRegistered' ORDER BY version;
      INSERT INTO {{schema}}.registry_units (unit_id, name, staff_count, version)
        SELECT data->>'unitId', data->>'name', (data->>'staffCount')::int, 0 FROM {{schema}}.events
         WHERE stream_id = 'registry' AND type = 'UnitRegistered' ORDER BY version;
      INSERT INTO {{schema}}.registry_memberships (unit_id, zone_id, effective_from)
        SELECT data->>'unitId', data->>'zoneId', data->>'effectiveFrom' FROM {{schema}}.events
         WHERE stream_id = 'registry' AND type = 'UnitAssignedToZone' ORDER BY version;`,
  },
];

/** The part of the registry a command or a routing needs: these zones, these units and the zones they were in. */
export async function registrySnapshot(db: PoolClient | Pool, schema: string, want: { zoneIds?: string[]; unitIds?: string[] }): Promise<{ registry: Registry; versions: Map<string, number> }> {
  const unitIds = want.unitIds ?? [];
  const [units, memberships] = await Promise.all([
    db.query<{ unit_id: string; name: string; staff_count: number; version: number }>(`SELECT unit_id, name, staff_count, version FROM ${schema}.registry_units WHERE unit_id = ANY($1)`, [unitIds]),
    db.query<{ unit_id: string; zone_id: string; effective_from: string }>(
      `SELECT unit_id, zone_id, effective_from FROM ${schema}.registry_memberships WHERE unit_id = ANY($1) ORDER BY seq`,
      [unitIds],
    ),
  ]);
  const zoneIds = [...new Set([...(want.zoneIds ?? []), ...memberships.rows.map((m) => m.zone_id)])];
  const zones = await db.query<{ zone_id: string; name: string; office: string; version: number }>(`SELECT zone_id, name, office, version FROM ${schema}.registry_zones WHERE zone_id = ANY($1)`, [zoneIds]);
  const versions = new Map<string, number>();
  const zoneRecord: Record<string, Zone> = {};
  for (const z of zones.rows) {
    zoneRecord[z.zone_id] = { zoneId: z.zone_id, name: z.name, office: z.office };
    versions.set(zoneStream(z.zone_id), z.version);
  }
  const unitRecord: Record<string, Unit> = {};
  for (const u of units.rows) {
    unitRecord[u.unit_id] = { unitId: u.unit_id, name: u.name, staffCount: u.staff_count, memberships: [] };
    versions.set(unitStream(u.unit_id), u.version);
  }
  for (const m of memberships.rows) unitRecord[m.unit_id]?.memberships.push({ zoneId: m.zone_id, effectiveFrom: m.effective_from });
  return { registry: { zones: zoneRecord, units: unitRecord }, versions };
}

/** Applies the events a command appended to `stream`, which is now at `version`. */
export async function projectRegistryEvents(tx: PoolClient, schema: string, events: RegistryEvent[], version: number): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'ZoneRegistered': {
        const { zoneId, name, office } = event.data;
        await tx.query(`INSERT INTO ${schema}.registry_zones (zone_id, name, office, version) VALUES ($1, $2, $3, $4)`, [zoneId, name, office, version]);
        break;
      }
      case 'UnitRegistered': {
        const { unitId, name, staffCount } = event.data;
        await tx.query(`INSERT INTO ${schema}.registry_units (unit_id, name, staff_count, version) VALUES ($1, $2, $3, $4)`, [unitId, name, staffCount, version]);
        break;
      }
      case 'UnitAssignedToZone': {
        const { unitId, zoneId, effectiveFrom } = event.data;
        await tx.query(`INSERT INTO ${schema}.registry_memberships (unit_id, zone_id, effective_from) VALUES ($1, $2, $3)`, [unitId, zoneId, effectiveFrom]);
        await tx.query(`UPDATE ${schema}.registry_units SET version = $2 WHERE unit_id = $1`, [unitId, version]);
        break;
      }
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
}

/** Every zone and unit, in registration order (the lists of the registry). */
export async function listRegistry(pool: Pool, schema: string) {
  const [zones, units] = await Promise.all([
    pool.query<{ id: string; name: string; office: string }>(`SELECT zone_id AS id, name, office FROM ${schema}.registry_zones ORDER BY seq`),
    pool.query<{ id: string; name: string; zone_id: string | null; staff_count: number }>(
      `SELECT u.unit_id AS id, u.name, u.staff_count,
              (SELECT m.zone_id FROM ${schema}.registry_memberships m WHERE m.unit_id = u.unit_id ORDER BY m.seq DESC LIMIT 1) AS zone_id
         FROM ${schema}.registry_units u ORDER BY u.seq`,
    ),
  ]);
  return {
    zones: zones.rows,
    units: units.rows.map((u) => ({ id: u.id, name: u.name, zoneId: u.zone_id ?? '', staffCount: u.staff_count })),
  };
}
