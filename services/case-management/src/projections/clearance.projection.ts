// The clearance rounds' read model: a row per round (`clearance_rounds`) and per listed clue
// (`clearance_items`, with its review), written in the same transaction as the round's events.
import type { PoolClient } from 'pg';
import type { ClearanceDecision } from '@jiandu/contracts';
import type { ClearanceEvent, ClearanceReason } from '../domain/clearance-round.js';

export interface ClearanceRoundRow {
  round_id: string;
  year: number;
  quarter: number;
  status: 'open' | 'closed';
  opened_at: Date;
  /** YYYY-MM-DD (to_char). */
  due_on: string;
  closed_at: Date | null;
}
export interface ClearanceItemRow {
  clue_id: string;
  number: string;
  office: string;
  reason: ClearanceReason;
  review: { decision: ClearanceDecision; note: string; reviewedAt: string; reviewedBy: string } | null;
}

/** `occurredAt`: when the events were decided; `by`: the name of who decided them. */
export async function projectClearanceEvents(
  tx: PoolClient,
  schema: string,
  events: readonly ClearanceEvent[],
  occurredAt: string,
  by: string,
): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'ClearanceRoundOpened': {
        const { roundId, year, quarter, dueOn, openedAt, items } = event.data;
        await tx.query(
          `INSERT INTO ${schema}.clearance_rounds (round_id, year, quarter, status, opened_at, due_on) VALUES ($1, $2, $3, 'open', $4, $5)`,
          [roundId, year, quarter, openedAt, dueOn],
        );
        let seq = 0;
        for (const item of items) {
          await tx.query(
            `INSERT INTO ${schema}.clearance_items (round_id, clue_id, number, office, reason, seq) VALUES ($1, $2, $3, $4, $5, $6)`,
            [roundId, item.clueId, item.number, item.office, item.reason, ++seq],
          );
        }
        break;
      }
      case 'ClueSweepReviewed': {
        const { roundId, clueId, decision, note } = event.data;
        const review = { decision, note, reviewedAt: occurredAt, reviewedBy: by };
        await tx.query(`UPDATE ${schema}.clearance_items SET review = $3 WHERE round_id = $1 AND clue_id = $2`, [
          roundId,
          clueId,
          review,
        ]);
        break;
      }
      case 'ClearanceRoundClosed':
        await tx.query(`UPDATE ${schema}.clearance_rounds SET status = 'closed', closed_at = $2 WHERE round_id = $1`, [
          event.data.roundId,
          occurredAt,
        ]);
        break;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
}
