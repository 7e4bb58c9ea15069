// A case transferred to review (supervision's CaseTransferredToReview) is received for review, as
// the system, with what the case carries: nothing is retyped. A case received again after a return
// opens the next round; a redelivered round changes nothing.
import type { PoolClient } from 'pg';
import { supervisionPublicEvents as sv, type CaseTransferredToReviewV1 } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { runReviewCommand, systemCaller, type CommandDeps } from '../commands/review.commands.js';
import { reviewStream } from '../domain/review.js';

export function onCaseTransferred(deps: CommandDeps): Omit<ConsumerSpec, 'stream'> {
  return {
    durable: 'review--case-transferred',
    filterSubjects: [sv.CaseTransferredToReview.subject],
    maxDeliver: 10,
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as CaseTransferredToReviewV1;
      const seen = await deps.ctx.store.readStream(reviewStream(d.caseId), 1, tx);
      const already = seen.some((e) => e.type === 'CaseReceivedForReview' && (e.data as { round: number }).round >= d.round);
      if (already) return;
      const { transferredOn: _on, ...transferred } = d;
      await runReviewCommand(
        deps,
        d.caseId,
        { type: 'ReceiveCase', data: transferred },
        systemCaller(event.metadata.correlationId, event.eventId),
        tx,
      );
    },
  };
}
