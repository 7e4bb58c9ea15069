// The preliminary verifications list (初核台账), kept in the same transaction as their events.
import type { PoolClient } from 'pg';
import type { VerificationDecision } from '@jiandu/contracts';
import type { VerificationEvent } from '../domain/verification.js';
import { recordsOf } from './records.table.js';

/** What a verification's row shows besides the common columns; plan and findings only in the detail. */
export interface VerificationFacts {
  fromInquiryId?: string;
  plan?: string;
  team?: string[];
  escalated?: boolean;
  extended?: boolean;
  dueOn?: string;
  findings?: string;
  decision?: VerificationDecision;
}

export const verificationRecords = recordsOf<VerificationFacts>('verification');

export async function projectVerificationEvent(
  tx: PoolClient,
  schema: string,
  event: VerificationEvent,
  at: string,
): Promise<void> {
  const patch = (id: string, change: Parameters<typeof verificationRecords.patch>[3]) =>
    verificationRecords.patch(tx, schema, id, change, at);
  switch (event.type) {
    case 'VerificationOpened': {
      const d = event.data;
      const facts: VerificationFacts = d.fromInquiryId ? { fromInquiryId: d.fromInquiryId } : {};
      const row = {
        id: d.verificationId,
        status: 'awaiting-plan',
        office: d.office,
        unitId: d.unitId,
        clueId: d.clueId,
        clueNumber: d.clueNumber,
        facts,
      };
      await verificationRecords.insert(tx, schema, row, at);
      return;
    }
    case 'VerificationPlanSubmitted':
      return patch(event.data.verificationId, {
        status: 'plan-submitted',
        facts: { plan: event.data.plan, team: event.data.team },
      });
    case 'VerificationPlanRejected':
      return patch(event.data.verificationId, { status: 'plan-rejected' });
    case 'VerificationApproved': {
      const { verificationId, dueOn, escalated } = event.data;
      return patch(verificationId, { status: 'approved', dueOn, facts: { dueOn, escalated, extended: false } });
    }
    case 'VerificationExtended':
      return patch(event.data.verificationId, { dueOn: event.data.dueOn, facts: { dueOn: event.data.dueOn, extended: true } });
    case 'VerificationExtensionReasonRecorded':
      return;
    case 'VerificationReportSubmitted':
      return patch(event.data.verificationId, {
        status: 'report-submitted',
        dueOn: null,
        facts: { findings: event.data.findings },
      });
    case 'VerificationDecided':
      return patch(event.data.verificationId, { status: 'decided', facts: { decision: event.data.decision } });
    case 'VerificationSubjectRecorded':
    case 'VerificationDecisionRecorded':
      return; // the subject and the decision's reasoning stay in the events
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
