// The registry's list operations: they read the registry projection's rows on the pool (no
// transaction) and answer the contract's ZoneList and UnitList.
import type { Pool } from 'pg';
import type { caseManagementOperations as ops } from '@jiandu/contracts';
import type { Handler, ServiceContext } from '@jiandu/runtime';

export interface RegistryQueries {
  listZones: Handler<typeof ops.listZones>;
  listUnits: Handler<typeof ops.listUnits>;
}

export function registryQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>): RegistryQueries {
  return {
    listZones: async () => ({ items: await listZones(pool, store.schema) }),
    listUnits: async () => ({ items: await listUnits(pool, store.schema) }),
  };
}

/** Every zone, in registration order. */
async function listZones(db: Pool, schema: string): Promise<Array<{ id: string; name: string; office: string }>> {
  const { rows } = await db.query<{ id: string; name: string; office: string }>(
    `SELECT zone_id AS id, name, office FROM ${schema}.registry_zones ORDER BY seq`,
  );
  return rows;
}

/** Every unit, in registration order, with the zone of its latest membership. */
async function listUnits(
  db: Pool,
  schema: string,
): Promise<Array<{ id: string; name: string; zoneId: string; staffCount: number }>> {
  const { rows } = await db.query<{ id: string; name: string; staff_count: number; zone_id: string | null }>(
    `SELECT u.unit_id AS id, u.name, u.staff_count, m.zone_id
       FROM ${schema}.registry_units u
       LEFT JOIN LATERAL (SELECT zone_id FROM ${schema}.registry_memberships WHERE unit_id = u.unit_id ORDER BY seq DESC LIMIT 1) m ON true
      ORDER BY u.seq`,
  );
  return rows.map((u) => ({ id: u.id, name: u.name, zoneId: u.zone_id ?? '', staffCount: u.staff_count }));
}
