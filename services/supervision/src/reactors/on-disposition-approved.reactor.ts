// An approved inquiry or verification disposition (case-management's DispositionApproved) opens
// the inquiry or the verification, as the system, for the handling office, with the clue's number,
// unit and subject (learnt from ClueRegistered), so nobody retypes them.
import type { PoolClient } from 'pg';
import { caseManagementPublicEvents as cm } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { openInquiry } from '../commands/inquiry.commands.js';
import { systemCaller, type CommandDeps } from '../commands/run-command.js';
import { openVerification } from '../commands/verification.commands.js';
import { inquiryIdFor } from '../domain/inquiry.js';
import { verificationIdFor } from '../domain/verification.js';
import { findClueSubject, type DataOf } from '../projections/units.projection.js';

/** Retried with backoff, then parked with its reason: the clue's registration has not arrived yet. */
export class SubjectNotYetKnownError extends Error {}

export function onDispositionApproved(deps: CommandDeps): Omit<ConsumerSpec, 'stream'> {
  const schema = deps.ctx.store.schema;
  return {
    durable: 'supervision--disposition-approved',
    filterSubjects: [cm.DispositionApproved.subject],
    maxDeliver: 10,
    async handle(event: IncomingEvent, tx: PoolClient) {
      const d = event.data as DataOf<typeof cm.DispositionApproved>;
      if (d.kind !== 'inquiry' && d.kind !== 'verification') return;
      const subject = await findClueSubject(tx, schema, d.clueId);
      if (!subject) throw new SubjectNotYetKnownError(`clue ${d.clueId} not registered here yet`);
      const origin = {
        clueId: d.clueId,
        clueNumber: d.number,
        ...(d.sourceRef ? { sourceRef: d.sourceRef } : {}),
        unitId: d.unitId,
        office: d.assignedOffice,
        subject,
      };
      const by = systemCaller(d.assignedOffice, event.metadata.correlationId, event.eventId);
      if (d.kind === 'inquiry') {
        await openInquiry(
          deps,
          { type: 'OpenInquiry', data: { inquiryId: inquiryIdFor(d.clueId), ...origin, round: 1 } },
          by,
          tx,
        );
      } else {
        await openVerification(
          deps,
          { type: 'OpenVerification', data: { verificationId: verificationIdFor(d.clueId), ...origin } },
          by,
          tx,
        );
      }
    },
  };
}
