// The reviews list and the sanctions table, kept in the same transaction as the review's events.
import type { PoolClient } from 'pg';
import type { ReviewEvent } from '../domain/review.js';

export async function projectReviewEvent(tx: PoolClient, schema: string, event: ReviewEvent, at: string): Promise<void> {
  switch (event.type) {
    case 'CaseReceivedForReview': {
      const d = event.data;
      // A case received again (after a return) starts a new round on the same row.
      await tx.query(
        `INSERT INTO ${schema}.reviews (id, clue_id, clue_number, unit_id, office, subject_ref, subject_position, escalated,
                                        status, round, received_on, due_on, extended, findings, proposed_sanction, created_at, updated_at,
                                        cadre_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'reviewing', $9, $10, $11, false, $12, $13, $14, $14, $15)
         ON CONFLICT (id) DO UPDATE SET status = 'reviewing', round = $9, received_on = $10, due_on = $11, extended = false,
                                        findings = $12, proposed_sanction = $13, sanction = NULL, updated_at = $14,
                                        cadre_id = $15`,
        [
          d.caseId,
          d.clueId,
          d.clueNumber,
          d.unitId,
          d.office,
          d.subjectRef,
          d.subjectPosition,
          d.subjectHeadsLowerCommittee,
          d.round,
          d.receivedOn,
          d.dueOn,
          d.findings,
          d.proposedSanction,
          at,
          d.cadreId ?? null,
        ],
      );
      return;
    }
    case 'ReviewExtended':
      await update(tx, schema, event.data.reviewId, at, 'due_on = $3, extended = true', [event.data.dueOn]);
      return;
    case 'CaseReturnedForInvestigation':
      await update(tx, schema, event.data.caseId, at, `status = 'sent-back', due_on = NULL, return_reason = $3`, [
        event.data.reason,
      ]);
      return;
    case 'SanctionProposed':
      await update(tx, schema, event.data.reviewId, at, `status = 'sanction-proposed', sanction = $3`, [event.data.sanction]);
      return;
    case 'SanctionProposalRejected':
      await update(tx, schema, event.data.reviewId, at, `status = 'reviewing'`, []);
      return;
    case 'SanctionDecided': {
      const d = event.data;
      const decided = { ...(d.party ? { party: d.party } : {}), ...(d.governmental ? { governmental: d.governmental } : {}) };
      await update(tx, schema, d.caseId, at, `status = 'decided', due_on = NULL, decided_on = $3, decided = $4`, [
        d.decidedOn,
        decided,
      ]);
      for (const [side, s] of [
        ['party', d.party],
        ['governmental', d.governmental],
      ] as const) {
        if (!s) continue;
        await tx.query(
          `INSERT INTO ${schema}.sanctions (case_id, side, kind, subject_ref, subject_position, unit_id, effective_from, effective_until, rule,
                                            cadre_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (case_id, side) DO NOTHING`,
          [
            d.caseId,
            side,
            s.kind,
            d.subjectRef,
            d.subjectPosition,
            d.unitId,
            s.effectiveFrom,
            s.effectiveUntil ?? null,
            s.rule,
            d.cadreId ?? null,
          ],
        );
      }
      return;
    }
    case 'ReviewConcludedWithoutSanction':
      await update(tx, schema, event.data.caseId, at, `status = 'concluded', due_on = NULL, decided_on = $3`, [
        event.data.concludedOn,
      ]);
      return;
    case 'ReviewConclusionRecorded':
      return; // the reason stays in the review's events
    case 'CommonIssueIdentified': {
      // The advice issued on it is supervision's (GET /api/v1/supervision-advice).
      const { caseId, issueId, issue, identifiedOn } = event.data;
      await update(tx, schema, caseId, at, 'common_issues = common_issues || jsonb_build_array($3::jsonb)', [
        { issueId, issue, identifiedOn },
      ]);
      return;
    }
    case 'SanctionEffectEnded':
      await tx.query(`UPDATE ${schema}.sanctions SET ended = true WHERE case_id = $1 AND side = $2`, [
        event.data.caseId,
        event.data.side,
      ]);
      return;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

async function update(tx: PoolClient, schema: string, id: string, at: string, set: string, values: unknown[]): Promise<void> {
  await tx.query(`UPDATE ${schema}.reviews SET ${set}, updated_at = $2 WHERE id = $1`, [id, at, ...values]);
}
