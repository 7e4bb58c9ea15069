// The 舆情 list, kept in the same transaction as the item's events.
import type { PoolClient } from 'pg';
import type { PublicOpinionEvent } from '../domain/public-opinion.js';

export async function projectPublicOpinionEvent(
  tx: PoolClient,
  schema: string,
  event: PublicOpinionEvent,
  at: string,
): Promise<void> {
  const table = `${schema}.public_opinion_items`;
  switch (event.type) {
    case 'PublicOpinionCollected': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${table} (id, source, reference, summary, unit_id, status, collected_on, assess_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'collected', $6, $7, $8, $8)`,
        [d.itemId, d.source, d.reference, d.summary, d.unitId, d.collectedOn, d.assessBy, at],
      );
      return;
    }
    case 'PublicOpinionAssessed': {
      const d = event.data;
      await tx.query(
        `UPDATE ${table} SET status = 'assessed', assessed_on = $2, assessment = $3, categories = $4, updated_at = $5 WHERE id = $1`,
        [d.itemId, d.assessedOn, d.assessment, d.categories, at],
      );
      return;
    }
    case 'PublicOpinionForwarded':
      await tx.query(`UPDATE ${table} SET status = 'forwarded', forwarded_on = $2, updated_at = $3 WHERE id = $1`, [
        event.data.itemId,
        event.data.forwardedOn,
        at,
      ]);
      return;
    case 'PublicOpinionClosed':
      await tx.query(`UPDATE ${table} SET status = 'closed', closed_on = $2, close_reason = $3, updated_at = $4 WHERE id = $1`, [
        event.data.itemId,
        event.data.closedOn,
        event.data.reason,
        at,
      ]);
      return;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
