// What supervision keeps of case-management's registry (its public events): the units, their dated
// zone memberships, the dispatched agencies (each owes quarterly reports), and each clue's subject
// (so an inquiry never asks anyone to retype it).
import type { Pool, PoolClient } from 'pg';
import type { caseManagementPublicEvents as cm, EventContract } from '@jiandu/contracts';
import type { KnownUnit } from '../domain/units.js';

/** The data of a public event, as its contract says it. */
export type DataOf<C> = C extends EventContract<infer T> ? T : never;

export type RegistryEvent =
  | { type: 'ZoneRegistered'; data: DataOf<typeof cm.ZoneRegistered> }
  | { type: 'UnitRegistered'; data: DataOf<typeof cm.UnitRegistered> }
  | { type: 'UnitAssignedToZone'; data: DataOf<typeof cm.UnitAssignedToZone> }
  | { type: 'ClueRegistered'; data: DataOf<typeof cm.ClueRegistered> }
  | { type: 'ClueLinkedToCadre'; data: DataOf<typeof cm.ClueLinkedToCadre> };

export async function projectRegistryEvent(tx: PoolClient, schema: string, event: RegistryEvent): Promise<void> {
  switch (event.type) {
    case 'ZoneRegistered': {
      const { office, zoneId } = event.data;
      if (!office.startsWith('dispatched-agency-')) return;
      await tx.query(
        `INSERT INTO ${schema}.agencies (office, zone_id) VALUES ($1, $2) ON CONFLICT (office) DO UPDATE SET zone_id = $2`,
        [office, zoneId],
      );
      return;
    }
    case 'UnitRegistered':
      await tx.query(`INSERT INTO ${schema}.units (unit_id) VALUES ($1) ON CONFLICT DO NOTHING`, [event.data.unitId]);
      return;
    case 'UnitAssignedToZone': {
      const { unitId, zoneId, effectiveFrom } = event.data;
      await tx.query(
        `INSERT INTO ${schema}.unit_zones (unit_id, zone_id, effective_from) VALUES ($1, $2, $3)
         ON CONFLICT (unit_id, effective_from) DO UPDATE SET zone_id = $2`,
        [unitId, zoneId, effectiveFrom],
      );
      return;
    }
    case 'ClueRegistered': {
      // Upcast to the latest version by the consumer runner: a reference and the position, never a name.
      const { clueId, accused } = event.data;
      await tx.query(
        `INSERT INTO ${schema}.clue_subjects (clue_id, subject_ref, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [clueId, accused.subjectRef, accused.position],
      );
      return;
    }
    case 'ClueLinkedToCadre': {
      // Ids and the day only. Linked once: a redelivery changes nothing.
      const { clueId, cadreId, linkedOn } = event.data;
      await tx.query(
        `INSERT INTO ${schema}.clue_cadres (clue_id, cadre_id, linked_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [clueId, cadreId, linkedOn],
      );
      return;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The unit, with its zone on `day` (the membership in force then), or undefined when not registered. */
export async function findUnit(
  db: Pool | PoolClient,
  schema: string,
  unitId: string,
  day: string,
): Promise<KnownUnit | undefined> {
  const { rows } = await db.query<{ unit_id: string; zone_id: string | null }>(
    `SELECT u.unit_id,
            (SELECT z.zone_id FROM ${schema}.unit_zones z WHERE z.unit_id = u.unit_id AND z.effective_from <= $2::date
              ORDER BY z.effective_from DESC LIMIT 1) AS zone_id
       FROM ${schema}.units u WHERE u.unit_id = $1`,
    [unitId, day],
  );
  const row = rows[0];
  if (!row) return undefined;
  return row.zone_id === null ? { unitId: row.unit_id } : { unitId: row.unit_id, zoneId: row.zone_id };
}

/** The subject of a clue, learnt from ClueRegistered: its reference and position (the name is case-management's). */
export async function findClueSubject(
  tx: PoolClient,
  schema: string,
  clueId: string,
): Promise<{ subjectRef: string; position: string } | undefined> {
  const { rows } = await tx.query<{ subject_ref: string; position: string }>(
    `SELECT subject_ref, position FROM ${schema}.clue_subjects WHERE clue_id = $1`,
    [clueId],
  );
  const row = rows[0];
  return row && { subjectRef: row.subject_ref, position: row.position };
}

/** The cadre the clue is linked to (ClueLinkedToCadre), or undefined while it is not. */
export async function findClueCadre(tx: Pick<PoolClient, 'query'>, schema: string, clueId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ cadre_id: string }>(`SELECT cadre_id FROM ${schema}.clue_cadres WHERE clue_id = $1`, [
    clueId,
  ]);
  return rows[0]?.cadre_id;
}

/** The cadre the clue of a record (an inquiry, a verification, a case) is linked to, if any. */
export async function findRecordCadre(
  tx: Pick<PoolClient, 'query'>,
  schema: string,
  kind: string,
  id: string,
): Promise<string | undefined> {
  const { rows } = await tx.query<{ cadre_id: string }>(
    `SELECT c.cadre_id FROM ${schema}.records r JOIN ${schema}.clue_cadres c ON c.clue_id = r.clue_id
      WHERE r.kind = $1 AND r.id = $2`,
    [kind, id],
  );
  return rows[0]?.cadre_id;
}

/** The dispatched agencies known so far. */
export async function listAgencies(db: Pool, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ office: string }>(`SELECT office FROM ${schema}.agencies ORDER BY office`);
  return rows.map((r) => r.office);
}
