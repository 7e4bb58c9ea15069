// A common issue 审理室 identified on a sanctioned case (review's CommonIssueIdentified) becomes the
// 加强监督建议书 to the office that supervises the unit, as the system, with its response clock.
// One per issue: a redelivery issues nothing more.
import type { PoolClient } from 'pg';
import { reviewPublicEvents as rv } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { supervisionAdvice } from '../commands/supervision-advice.commands.js';
import { runCommand, systemCaller, type CommandDeps } from '../commands/run-command.js';
import { adviceIdOf, supervisionAdviceStream } from '../domain/supervision-advice.js';
import type { DataOf } from '../projections/units.projection.js';

export function onCommonIssueIdentified(deps: CommandDeps): Omit<ConsumerSpec, 'stream'> {
  return {
    durable: 'supervision--common-issue-identified',
    filterSubjects: [rv.CommonIssueIdentified.subject],
    maxDeliver: 10,
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as DataOf<typeof rv.CommonIssueIdentified>;
      const adviceId = adviceIdOf(d.issueId);
      if ((await deps.ctx.store.readStream(supervisionAdviceStream(adviceId), 1, tx)).length > 0) return;
      const { issueId, caseId, clueId, clueNumber, unitId, office, issue } = d;
      await runCommand(
        deps,
        supervisionAdvice,
        adviceId,
        {
          type: 'IssueSupervisionAdvice',
          data: { adviceId, issueId, caseId, clueId, clueNumber, unitId, office, content: issue },
        },
        systemCaller(office, event.metadata.correlationId, event.eventId),
        tx,
      );
    },
  };
}
