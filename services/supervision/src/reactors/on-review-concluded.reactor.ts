// The review office concluded a case without a sanction (review's ReviewConcludedWithoutSanction,
// 免予处分 / 不予处分): the case ends (concluded, with that outcome), as the system, once.
import type { PoolClient } from 'pg';
import { reviewPublicEvents as rv } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { concludeCase } from '../commands/case.commands.js';
import { systemCaller, type CommandDeps } from '../commands/run-command.js';
import type { DataOf } from '../projections/units.projection.js';

export function onReviewConcluded(deps: CommandDeps): Omit<ConsumerSpec, 'stream'> {
  return {
    durable: 'supervision--review-concluded-without-sanction',
    filterSubjects: [rv.ReviewConcludedWithoutSanction.subject],
    maxDeliver: 10,
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as DataOf<typeof rv.ReviewConcludedWithoutSanction>;
      await concludeCase(
        deps,
        { type: 'ConcludeCase', data: { caseId: d.caseId, outcome: d.outcome, decidedOn: d.concludedOn } },
        systemCaller(d.office, event.metadata.correlationId, event.eventId),
        tx,
      );
    },
  };
}
