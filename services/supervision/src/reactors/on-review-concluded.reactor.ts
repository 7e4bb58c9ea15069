// The review office concluded a case without a sanction (review's ReviewConcludedWithoutSanction,
// 免予处分 / 不予处分): the case ends (concluded, with that outcome), as the system, once. Each
// published version has its own durable (ADR 0012): v1 keeps the name it had, v2 is suffixed `-v2`.
import type { PoolClient } from 'pg';
import { publishedVersions, reviewPublicEvents as rv } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { concludeCase } from '../commands/case.commands.js';
import { systemCaller, type CommandDeps } from '../commands/run-command.js';
import type { DataOf } from '../projections/units.projection.js';

export function onReviewConcluded(deps: CommandDeps): Omit<ConsumerSpec, 'stream'>[] {
  return publishedVersions(rv.ReviewConcludedWithoutSanction).map(({ version, subject }) => ({
    durable:
      version === 1
        ? 'supervision--review-concluded-without-sanction'
        : `supervision--review-concluded-without-sanction-v${version}`,
    filterSubjects: [subject],
    maxDeliver: 10,
    // Decoded, validated against its own version and upcast to the latest by the consumer runner.
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as DataOf<typeof rv.ReviewConcludedWithoutSanction>;
      await concludeCase(
        deps,
        { type: 'ConcludeCase', data: { caseId: d.caseId, outcome: d.outcome, decidedOn: d.concludedOn } },
        systemCaller(d.office, event.metadata.correlationId, event.eventId),
        tx,
      );
    },
  }));
}
