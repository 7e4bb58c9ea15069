// The inquiries list (谈话函询台账), kept in the same transaction as the inquiry's events.
import type { PoolClient } from 'pg';
import type { InquiryOutcome, LightMeasure } from '@jiandu/contracts';
import type { InquiryEvent } from '../domain/inquiry.js';
import { recordsOf } from './records.table.js';

/** What an inquiry's row shows besides the common columns. */
export interface InquiryFacts {
  round: 1 | 2;
  previousInquiryId?: string;
  mode?: 'talk' | 'letter';
  replyDueOn?: string;
  concludeDueOn?: string;
  outcome?: InquiryOutcome;
  measure?: LightMeasure;
}

export const inquiryRecords = recordsOf<InquiryFacts>('inquiry');

export async function projectInquiryEvent(tx: PoolClient, schema: string, event: InquiryEvent, at: string): Promise<void> {
  const patch = (id: string, change: Parameters<typeof inquiryRecords.patch>[3]) =>
    inquiryRecords.patch(tx, schema, id, change, at);
  switch (event.type) {
    case 'InquiryOpened': {
      const d = event.data;
      const facts: InquiryFacts = { round: d.round, ...(d.previousInquiryId ? { previousInquiryId: d.previousInquiryId } : {}) };
      await inquiryRecords.insert(
        tx,
        schema,
        {
          id: d.inquiryId,
          status: 'approved',
          office: d.office,
          unitId: d.unitId,
          clueId: d.clueId,
          clueNumber: d.clueNumber,
          facts,
        },
        at,
      );
      return;
    }
    case 'TalkConducted':
      return patch(event.data.inquiryId, { status: 'talk-conducted', facts: { mode: 'talk' } });
    case 'InquiryLetterSent':
      return patch(event.data.inquiryId, {
        status: 'letter-sent',
        dueOn: event.data.replyDueOn,
        facts: { mode: 'letter', replyDueOn: event.data.replyDueOn },
      });
    case 'InquiryReplyReceived':
      return patch(event.data.inquiryId, { status: 'replied', dueOn: null });
    case 'InquiryAssessed': {
      const { inquiryId, outcome, measure, conclusionDueOn } = event.data;
      return patch(inquiryId, {
        status: 'assessed',
        dueOn: conclusionDueOn,
        facts: { outcome, ...(measure ? { measure } : {}), concludeDueOn: conclusionDueOn },
      });
    }
    case 'InquiryConcluded':
      return patch(event.data.inquiryId, { status: 'concluded', dueOn: null });
    case 'InquirySubjectRecorded':
    case 'InquiryConclusionRecorded':
    case 'InquiryConducted': // the mode is taken from TalkConducted / InquiryLetterSent
      return; // the subject and the written conclusion stay in the events
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
