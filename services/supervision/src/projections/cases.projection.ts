// The cases list (审查调查台账), kept in the same transaction as their events. No name: the subject's
// position and reference only.
import type { PoolClient } from 'pg';
import type { CaseOutcome, SanctionChoice } from '@jiandu/contracts';
import type { CaseEvent } from '../domain/case.js';
import { recordsOf } from './records.table.js';

/** What a case's row shows besides the common columns; findings and the proposal only in the detail. */
export interface CaseFacts {
  verificationId: string;
  subjectPosition: string;
  escalated: boolean;
  round: number;
  extended?: boolean;
  filedOn?: string;
  rejectedOn?: string;
  dueOn?: string;
  returnReason?: string;
  findings?: string;
  proposedSanction?: SanctionChoice;
  outcome?: CaseOutcome;
  concludedOn?: string;
}

export const caseRecords = recordsOf<CaseFacts>('case');

export async function projectCaseEvent(tx: PoolClient, schema: string, event: CaseEvent, at: string): Promise<void> {
  const patch = (id: string, change: Parameters<typeof caseRecords.patch>[3]) => caseRecords.patch(tx, schema, id, change, at);
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      await caseRecords.insert(
        tx,
        schema,
        {
          id: d.caseId,
          status: 'pending-filing',
          office: d.office,
          unitId: d.unitId,
          clueId: d.clueId,
          clueNumber: d.clueNumber,
          facts: {
            verificationId: d.verificationId,
            subjectPosition: d.subjectPosition,
            escalated: d.subjectHeadsLowerCommittee,
            round: 1,
          },
        },
        at,
      );
      return;
    }
    case 'CaseFiled': {
      const { caseId, filedOn, dueOn } = event.data;
      return patch(caseId, { status: 'investigating', dueOn, facts: { filedOn, dueOn, extended: false } });
    }
    case 'CaseFilingRejected': {
      const { caseId, rejectedOn } = event.data;
      return patch(caseId, { status: 'filing-rejected', facts: { rejectedOn } });
    }
    case 'CaseExtended': {
      const { caseId, dueOn } = event.data;
      return patch(caseId, { dueOn, facts: { dueOn, extended: true } });
    }
    case 'CaseReportSubmitted': {
      const { caseId, findings, proposedSanction } = event.data;
      return patch(caseId, { status: 'report-submitted', dueOn: null, facts: { findings, proposedSanction } });
    }
    case 'CaseTransferredToReview':
      return patch(event.data.caseId, { status: 'in-review' });
    case 'CaseReturnedFromReview': {
      const { caseId, round, reason, dueOn } = event.data;
      return patch(caseId, { status: 'investigating', dueOn, facts: { round, returnReason: reason, dueOn, extended: false } });
    }
    case 'CaseConcluded': {
      const { caseId, outcome, concludedOn } = event.data;
      return patch(caseId, { status: 'concluded', dueOn: null, facts: { outcome, concludedOn } });
    }
    case 'CaseSubjectRecorded':
    case 'CaseFilingRejectionRecorded':
    case 'CaseTransferNoted':
      return; // the subject, the reason and the note stay in the events
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
