// The opinion requests list, kept in the same transaction as the request's events; and the
// screening outbox: OpinionRequested writes one task per screening office, which the screening
// runner (commands/screenings.ts) asks until the office answers.
import type { PoolClient } from 'pg';
import { SCREENING_OFFICES } from '@jiandu/contracts';
import type { EventMetadata } from '@jiandu/event-store';
import type { OpinionEvent, OpinionRequest } from '../domain/opinion-request.js';

export const OPINION_STATUS = {
  Initial: 'unknown',
  Screening: 'screening',
  Screened: 'screened',
  ReplyProposed: 'reply-proposed',
  Approved: 'approved',
  Replied: 'replied',
} as const satisfies Record<OpinionRequest['status'], string>;

/** Each candidate with the conclusion proposed for it (once there is one). */
function candidatesOf(state: Exclude<OpinionRequest, { status: 'Initial' }>) {
  const conclusions = 'conclusions' in state ? state.conclusions : [];
  return state.candidates.map(({ cadreId, name, unitId, position }) => {
    const c = conclusions.find((x) => x.cadreId === cadreId);
    return { cadreId, name, unitId, position, ...(c ? { conclusion: c.conclusion, citations: c.citations } : {}) };
  });
}

export async function projectOpinionEvents(
  tx: PoolClient,
  schema: string,
  events: readonly OpinionEvent[],
  state: OpinionRequest,
  metadata: Pick<EventMetadata, 'actor' | 'occurredAt'>,
): Promise<void> {
  if (state.status === 'Initial') return;
  const at = metadata.occurredAt;
  for (const event of events) {
    switch (event.type) {
      case 'OpinionRequested': {
        const d = event.data;
        const pending = { status: 'pending', proposed: [], confirmed: [] };
        await tx.query(
          `INSERT INTO ${schema}.opinion_requests (id, reference, purpose, on_date, status, candidate_count, received_on, due_on,
                                                   candidates, screenings, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'screening', $5, $6, $7, $8, $9, $10, $10)`,
          [
            d.requestId,
            d.reference,
            d.purpose,
            d.onDate,
            d.candidates.length,
            d.receivedOn,
            d.dueOn,
            JSON.stringify(candidatesOf(state)),
            JSON.stringify(Object.fromEntries(SCREENING_OFFICES.map((o) => [o, pending]))),
            at,
          ],
        );
        for (const office of SCREENING_OFFICES)
          await tx.query(`INSERT INTO ${schema}.screening_tasks (request_id, office, next_attempt_at) VALUES ($1, $2, $3)`, [
            d.requestId,
            office,
            at,
          ]);
        break;
      }
      case 'ScreeningProposed': {
        const { requestId, office, candidates } = event.data;
        await tx.query(
          `UPDATE ${schema}.opinion_requests SET screenings = jsonb_set(screenings, ARRAY[$2::text], $3::jsonb) WHERE id = $1`,
          [requestId, office, JSON.stringify({ status: 'proposed', proposed: candidates, confirmed: [] })],
        );
        break;
      }
      case 'ScreeningResultSubmitted': {
        const { requestId, office, candidates } = event.data;
        const { sub, name, office: actorOffice } = metadata.actor;
        await tx.query(
          `UPDATE ${schema}.opinion_requests
              SET screenings = jsonb_set(screenings, ARRAY[$2::text],
                    (screenings -> $2) || jsonb_build_object('status', 'submitted', 'confirmed', $3::jsonb,
                                                             'submittedBy', $4::jsonb, 'submittedAt', $5::text))
            WHERE id = $1`,
          [requestId, office, JSON.stringify(candidates), JSON.stringify({ sub, name, office: actorOffice }), at],
        );
        break;
      }
      case 'OpinionReplied':
        await tx.query(`UPDATE ${schema}.opinion_requests SET replied_on = $2 WHERE id = $1`, [
          event.data.requestId,
          event.data.repliedOn,
        ]);
        break;
      case 'ReplyProposed':
      case 'ReplyProposalRejected':
      case 'OpinionApproved':
        break; // the status and the candidates' conclusions, below
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
  if (events.length > 0)
    await tx.query(`UPDATE ${schema}.opinion_requests SET status = $2, candidates = $3, updated_at = $4 WHERE id = $1`, [
      state.requestId,
      OPINION_STATUS[state.status],
      JSON.stringify(candidatesOf(state)),
      at,
    ]);
}
