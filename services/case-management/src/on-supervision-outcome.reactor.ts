import type { Actor } from '@jiandu/access';
// The end of an inquiry or a verification (supervision) becomes RecordOutcome here: the clue and its
// ledger row follow in the consumer's transaction. One durable consumer per subject (nats-server 2.9).
import type { PoolClient } from 'pg';
import {
  DomainException,
  supervisionPublicEvents,
  type InquiryConcludedV1,
  type VerificationDecidedV1,
  type VerificationOpenedV1,
} from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec, type IncomingEvent } from '@jiandu/messaging';
import { executeCommand } from '@jiandu/runtime';
import { projectClueEvent } from './clue-ledger/clue-ledger.projection.js';
import type { RecordOutcome } from './domain/problem-clue.js';
import { clueDecider, clueStream } from './on-petition-transferred.reactor.js';

export const OUTCOME_RECORDER = { sub: 'system:case-management', name: '案管室据办理结果登记', office: 'case-management' } satisfies Omit<Actor, 'roles' | 'zones'>;

/**
 * Refusals a later delivery may get past: outcomes travel on separate consumers, so a verification's
 * decision can arrive before the conversion that put the clue in verification. Others are parked.
 */
const RETRIED = new Set(['CLUE_WRONG_STATE', 'CLUE_NOT_FOUND']);

type Reactor = Omit<ConsumerSpec, 'stream'>;

export function onSupervisionOutcomes(store: PostgresEventStore, now: () => Date = () => new Date()): Reactor[] {
  async function record(event: IncomingEvent, tx: PoolClient, data: RecordOutcome['data']): Promise<void> {
    const at = now();
    try {
      const result = await executeCommand(store, clueDecider, clueStream(data.clueId), { type: 'RecordOutcome', data }, {
        context: { now: at, actor: { ...OUTCOME_RECORDER, roles: [], zones: [] } },
        metadata: { actor: OUTCOME_RECORDER, correlationId: event.metadata.correlationId, causationId: event.eventId, occurredAt: at.toISOString() },
        tx,
      });
      for (const e of result.events) await projectClueEvent(tx, store.schema, e, at.toISOString());
    } catch (error) {
      if (error instanceof DomainException && !RETRIED.has(error.error.code)) throw new PoisonMessageError(error.message);
      throw error;
    }
  }

  return [
    {
      durable: 'case-management--inquiry-concluded',
      filterSubjects: [supervisionPublicEvents.InquiryConcluded.subject],
      async handle(event, tx) {
        const { clueId, inquiryId, outcome } = event.data as InquiryConcludedV1;
        await record(event, tx, { clueId, source: 'inquiry', ref: inquiryId, outcome });
      },
    },
    {
      durable: 'case-management--verification-opened',
      filterSubjects: [supervisionPublicEvents.VerificationOpened.subject],
      async handle(event, tx) {
        // The same fact as the inquiry's conversion, whichever of the two arrives first; a verification
        // opened on an approved disposition found the clue in verification already.
        const { clueId, fromInquiryId } = event.data as VerificationOpenedV1;
        if (fromInquiryId === undefined) return;
        await record(event, tx, { clueId, source: 'inquiry', ref: fromInquiryId, outcome: 'convert-to-verification' });
      },
    },
    {
      durable: 'case-management--verification-decided',
      filterSubjects: [supervisionPublicEvents.VerificationDecided.subject],
      async handle(event, tx) {
        const { clueId, verificationId, decision } = event.data as VerificationDecidedV1;
        await record(event, tx, { clueId, source: 'verification', ref: verificationId, outcome: decision });
      },
    },
  ];
}
