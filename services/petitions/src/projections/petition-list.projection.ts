// The petition office's list (信访室台账) and its repeat links, kept in the same transaction as the
// petition's events. Rows hold the petition office's own data (the accused's name for proposing
// repeats, the summary and content for its search), never the reporter or the lookup code.
import type { PoolClient } from 'pg';
import type { PetitionStatus } from '@jiandu/contracts';
import type { PetitionEvent } from '../domain/petition.js';

export interface PetitionRow {
  petition_id: string;
  status: PetitionStatus;
  channel: string;
  real_name: boolean;
  categories: string[];
  category: string | null;
  unit_id: string;
  accused_name: string;
  summary: string;
  content: string;
  registered_at: Date;
  updated_at: Date;
  /** Counted from petition_repeats by the list query. */
  repeat_count?: string;
  proposed_repeats?: string;
}

export const petitionListTable = (schema: string) => `${schema}.petition_list`;
export const petitionRepeatsTable = (schema: string) => `${schema}.petition_repeats`;

/**
 * Writes what `event` changes; `status` is where the petition stands after the command and `at`
 * when it happened.
 */
export async function projectPetitionEvent(
  tx: PoolClient,
  schema: string,
  event: PetitionEvent,
  status: PetitionStatus,
  at: string,
): Promise<void> {
  const list = petitionListTable(schema);
  const repeats = petitionRepeatsTable(schema);
  const setStatus = (petitionId: string) =>
    tx.query(`UPDATE ${list} SET status = $2, updated_at = $3 WHERE petition_id = $1`, [petitionId, status, at]);
  const link = (petitionId: string, earlierId: string, state: 'confirmed' | 'rejected') =>
    tx.query(`UPDATE ${repeats} SET state = $3 WHERE petition_id = $1 AND earlier_id = $2`, [petitionId, earlierId, state]);
  switch (event.type) {
    case 'PetitionRecorded': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${list} (petition_id, status, channel, real_name, categories, category, unit_id, accused_name,
                              summary, content, registered_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         ON CONFLICT (petition_id) DO NOTHING`,
        [
          d.petitionId,
          status,
          d.channel,
          d.realName,
          d.categories,
          d.category ?? null,
          d.accused.unitId,
          d.accused.name,
          d.summary,
          d.content,
          at,
        ],
      );
      return;
    }
    case 'RepeatsProposed':
      await tx.query(
        `INSERT INTO ${repeats} (petition_id, earlier_id, state)
         SELECT $1, unnest($2::text[]), 'proposed' ON CONFLICT DO NOTHING`,
        [event.data.petitionId, event.data.earlierIds],
      );
      return;
    case 'RepeatConfirmed':
      await link(event.data.petitionId, event.data.earlierId, 'confirmed');
      return;
    case 'RepeatRejected':
      await link(event.data.petitionId, event.data.earlierId, 'rejected');
      return;
    case 'PetitionScreened':
    case 'PetitionAccepted':
    case 'PetitionNotAccepted':
    case 'PetitionForwardedToSuperior':
    case 'PetitionForwardedToSubordinate':
    case 'DuplicatePetitionFiled':
    case 'PetitionTransferred':
    case 'PetitionConcluded':
    case 'FeedbackDelivered':
      await setStatus(event.data.petitionId);
      return;
    case 'PetitionRegistered':
    case 'NotAcceptanceNoted':
    case 'AcceptanceNotified':
    case 'ObjectionRaised':
    case 'ReporterIdentityRead':
      return;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** Earlier petitions about the same accused (by name) and unit: proposed as repeats at registration. */
export async function earlierPetitionsAbout(
  tx: PoolClient,
  schema: string,
  accused: { name: string; unitId: string },
): Promise<string[]> {
  const { rows } = await tx.query<{ petition_id: string }>(
    `SELECT petition_id FROM ${petitionListTable(schema)} WHERE unit_id = $1 AND accused_name = $2
      ORDER BY registered_at, petition_id LIMIT 50`,
    [accused.unitId, accused.name],
  );
  return rows.map((r) => r.petition_id);
}
