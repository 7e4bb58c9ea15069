// The 加强监督建议书 list, kept in the same transaction as their events.
import type { PoolClient } from 'pg';
import type { SupervisionAdviceEvent } from '../domain/supervision-advice.js';
import { recordsOf } from './records.table.js';

/** What an advice's row shows besides the common columns; the content and the response in the detail. */
export interface SupervisionAdviceFacts {
  caseId: string;
  issueId: string;
  issuedOn: string;
  responseDueOn: string;
  content: string;
  respondedOn?: string;
  late?: boolean;
  response?: string;
}

export const supervisionAdviceRecords = recordsOf<SupervisionAdviceFacts>('supervision-advice');

export async function projectSupervisionAdviceEvent(
  tx: PoolClient,
  schema: string,
  event: SupervisionAdviceEvent,
  at: string,
): Promise<void> {
  switch (event.type) {
    case 'SupervisionAdviceIssued': {
      const d = event.data;
      const facts: SupervisionAdviceFacts = {
        caseId: d.caseId,
        issueId: d.issueId,
        issuedOn: d.issuedOn,
        responseDueOn: d.responseDueOn,
        content: d.content,
      };
      const row = {
        id: d.adviceId,
        status: 'issued',
        office: d.office,
        unitId: d.unitId,
        clueId: d.clueId,
        clueNumber: d.clueNumber,
        dueOn: d.responseDueOn,
        facts,
      };
      await supervisionAdviceRecords.insert(tx, schema, row, at);
      return;
    }
    case 'SupervisionAdviceResponded': {
      const { adviceId, respondedOn, late, response } = event.data;
      const change = { status: 'responded', dueOn: null, facts: { respondedOn, late, response } };
      await supervisionAdviceRecords.patch(tx, schema, adviceId, change, at);
      return;
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
