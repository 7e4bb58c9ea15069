// A sanction decided on a case (review's SanctionDecided) ends the case (concluded, sanctioned) and
// opens the 以案促改 rectification at the sanctioned subject's unit, as the system, followed by the
// office that investigated the case, due CASE_LESSON_RECTIFICATION_DAYS after the decision, in one
// transaction. One each per case: a redelivery concludes and opens nothing. Each published version
// of SanctionDecided has its own durable (ADR 0012): v1 keeps the name it had, v2 is suffixed `-v2`.
import type { PoolClient } from 'pg';
import { publishedVersions, reviewPublicEvents as rv } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { concludeCase } from '../commands/case.commands.js';
import { rectifications } from '../commands/rectification.commands.js';
import { runCommand, systemCaller, type CommandDeps } from '../commands/run-command.js';
import { calendarOf } from '../domain/decision.js';
import { rectificationStream } from '../domain/rectification.js';
import type { DataOf } from '../projections/units.projection.js';

/** The 以案促改 item of a case. */
export const caseLessonRectificationId = (caseId: string): string => `rect-${caseId}`;

export function onSanctionDecided(deps: CommandDeps): Omit<ConsumerSpec, 'stream'>[] {
  return publishedVersions(rv.SanctionDecided).map(({ version, subject }) => ({
    durable: version === 1 ? 'supervision--sanction-decided' : `supervision--sanction-decided-v${version}`,
    filterSubjects: [subject],
    maxDeliver: 10,
    // Decoded, validated against its own version and upcast to the latest by the consumer runner.
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as DataOf<typeof rv.SanctionDecided>;
      const by = systemCaller(d.office, event.metadata.correlationId, event.eventId);
      await concludeCase(
        deps,
        { type: 'ConcludeCase', data: { caseId: d.caseId, outcome: 'sanctioned', decidedOn: d.decidedOn } },
        by,
        tx,
      );
      const rectificationId = caseLessonRectificationId(d.caseId);
      if ((await deps.ctx.store.readStream(rectificationStream(rectificationId), 1, tx)).length > 0) return;
      const dueOn = calendarOf(undefined).addCalendarDays(d.decidedOn, deps.config.caseLesson.rectificationDays).date;
      await runCommand(
        deps,
        rectifications,
        rectificationId,
        {
          type: 'OpenRectification',
          data: {
            rectificationId,
            source: 'case',
            sourceRef: d.caseId,
            unitId: d.unitId,
            office: d.office,
            description: `以案促改：${d.clueNumber} 案件作出处分决定，针对案件暴露的问题查找制度漏洞、完善监督机制`,
            dueOn,
          },
        },
        by,
        tx,
      );
    },
  }));
}
