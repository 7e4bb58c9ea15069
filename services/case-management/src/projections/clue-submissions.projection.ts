// The submissions' read model (`clue_submissions`), written in the same transaction as their events.
import type { PoolClient } from 'pg';
import type { SubmissionEvent } from '../domain/clue-submission.js';

export interface ClueSubmissionRow {
  submission_id: string;
  office: string;
  status: 'submitted' | 'registered' | 'declined';
  source: 'dispatched-agency' | 'self-found';
  reference: string;
  unit_id: string;
  categories: string[];
  category: string | null;
  summary: string;
  accused: { name: string; position: string; unitId: string };
  submitted_at: Date;
  clue_id: string | null;
  /** The registered clue's number, from the ledger. */
  clue_number: string | null;
  decline_reason: string | null;
}

export async function projectSubmissionEvents(
  tx: PoolClient,
  schema: string,
  events: readonly SubmissionEvent[],
  occurredAt: string,
): Promise<void> {
  const table = `${schema}.clue_submissions`;
  for (const event of events) {
    switch (event.type) {
      case 'ClueSubmitted': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${table} (submission_id, office, status, source, reference, unit_id, categories, category, summary, accused, submitted_at, updated_at)
           VALUES ($1, $2, 'submitted', $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            d.submissionId,
            d.office,
            d.source,
            d.reference,
            d.accused.unitId,
            d.categories,
            d.category ?? null,
            d.summary,
            d.accused,
            d.submittedAt,
            occurredAt,
          ],
        );
        break;
      }
      case 'ClueSubmissionRegistered':
        await tx.query(`UPDATE ${table} SET status = 'registered', clue_id = $2, updated_at = $3 WHERE submission_id = $1`, [
          event.data.submissionId,
          event.data.clueId,
          occurredAt,
        ]);
        break;
      case 'ClueSubmissionDeclined':
        await tx.query(`UPDATE ${table} SET status = 'declined', decline_reason = $2, updated_at = $3 WHERE submission_id = $1`, [
          event.data.submissionId,
          event.data.reason,
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
