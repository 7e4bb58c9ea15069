// A case transferred to review (supervision's CaseTransferredToReview) is received for review, as
// the system, with what the case carries: nothing is retyped (from v2 on, the cadre the case's clue
// is linked to, which the review keeps for its SanctionDecided / ReviewConcludedWithoutSanction). A
// case received again after a return opens the next round; a redelivered round changes nothing.
// Each published version has its own durable (ADR 0012): v1 keeps the name it had, v2 is suffixed.
import type { PoolClient } from 'pg';
import { publishedVersions, supervisionPublicEvents as sv, type CaseTransferredToReviewV2 } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { runReviewCommand, systemCaller, type CommandDeps } from '../commands/review.commands.js';
import { reviewStream } from '../domain/review.js';

export function onCaseTransferred(deps: CommandDeps): Omit<ConsumerSpec, 'stream'>[] {
  return publishedVersions(sv.CaseTransferredToReview).map(({ version, subject }) => ({
    durable: version === 1 ? 'review--case-transferred' : `review--case-transferred-v${version}`,
    filterSubjects: [subject],
    maxDeliver: 10,
    // Decoded, validated against its own version and upcast to the latest by the consumer runner.
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as CaseTransferredToReviewV2;
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
  }));
}
