// The review sent a case back for further investigation (review's CaseReturnedForInvestigation):
// the case returns to investigating, as the system, with a supplementary limit and the reason.
import type { PoolClient } from 'pg';
import { reviewPublicEvents as rv } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { returnCaseFromReview } from '../commands/case.commands.js';
import { systemCaller, type CommandDeps } from '../commands/run-command.js';
import type { DataOf } from '../projections/units.projection.js';

export function onCaseReturned(deps: CommandDeps): Omit<ConsumerSpec, 'stream'> {
  return {
    durable: 'supervision--case-returned',
    filterSubjects: [rv.CaseReturnedForInvestigation.subject],
    maxDeliver: 10,
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as DataOf<typeof rv.CaseReturnedForInvestigation>;
      const by = systemCaller(d.office, event.metadata.correlationId, event.eventId);
      await returnCaseFromReview(
        deps,
        { type: 'ReturnCaseFromReview', data: { caseId: d.caseId, round: d.round, reason: d.reason } },
        by,
        tx,
      );
    },
  };
}
