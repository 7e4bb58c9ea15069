// An approved inquiry or verification disposition (case-management's DispositionApproved) opens
// the inquiry or the verification, as the system, for the handling office, with the clue's number,
// unit and subject (its reference and position, learnt from ClueRegistered), so nobody retypes them.
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
      const known = await findClueSubject(tx, schema, d.clueId);
      if (!known) throw new SubjectNotYetKnownError(`clue ${d.clueId} not registered here yet`);
      // No public event names the accused (issue 12): the inquiry names them by the register's
      // subject reference, and the office reads the name in 案管's clue record (need to know).
      const subject = { name: known.subjectRef, position: known.position };
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
