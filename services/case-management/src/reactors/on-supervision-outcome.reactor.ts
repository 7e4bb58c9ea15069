// The end of an inquiry or a verification (supervision) becomes RecordOutcome here: the clue and its
// ledger row follow in the consumer's transaction. One durable consumer per subject (nats-server 2.9).
import type { PoolClient } from 'pg';
import {
  DomainException,
  publishedVersions,
  supervisionPublicEvents,
  type EventContract,
  type InquiryConcludedV2,
  type VerificationDecidedV2,
  type VerificationOpenedV1,
} from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec, type IncomingEvent } from '@jiandu/messaging';
import { issuedOnEvent, recordOutcome, type SystemActor } from '../commands/clue.commands.js';
import type { RecordOutcome } from '../domain/problem-clue.js';

export const OUTCOME_RECORDER = {
  sub: 'system:case-management',
  name: '案管室据办理结果登记',
  office: 'case-management',
} satisfies SystemActor;

/**
 * Refusals a later delivery may get past: outcomes travel on separate consumers, so a verification's
 * decision can arrive before the conversion that put the clue in verification. Others are parked.
 */
const RETRIED = new Set(['CLUE_WRONG_STATE', 'CLUE_NOT_FOUND']);

/**
 * The outcome each supervision event reports, as RecordOutcome's data (none: the event reports no
 * outcome of a clue). The events were decoded and validated against their contracts by the runner.
 */
export const outcomeFrom = {
  inquiryConcluded: ({ clueId, inquiryId, outcome }: InquiryConcludedV2): RecordOutcome['data'] => ({
    clueId,
    ref: inquiryId,
    source: 'inquiry',
    outcome,
  }),
  /**
   * The same fact as the inquiry's conversion, whichever of the two arrives first; a verification
   * opened on an approved disposition found the clue in verification already.
   */
  verificationOpened: ({ clueId, fromInquiryId }: VerificationOpenedV1): RecordOutcome['data'] | undefined =>
    fromInquiryId === undefined
      ? undefined
      : { clueId, ref: fromInquiryId, source: 'inquiry', outcome: 'convert-to-verification' },
  verificationDecided: ({ clueId, verificationId, decision }: VerificationDecidedV2): RecordOutcome['data'] => ({
    clueId,
    ref: verificationId,
    source: 'verification',
    outcome: decision,
  }),
};

type Reactor = Omit<ConsumerSpec, 'stream'>;

/**
 * One durable per published version of `contract` (ADR 0012): v1 keeps the durable it always had (and
 * so its place in the stream), a later version's is suffixed; the runner upcasts each to the latest.
 */
export const perVersion = (durable: string, contract: EventContract, handle: Reactor['handle']): Reactor[] =>
  publishedVersions(contract).map(({ version, subject }) => ({
    durable: version === 1 ? durable : `${durable}-v${version}`,
    filterSubjects: [subject],
    handle,
  }));

export function onSupervisionOutcomes(store: PostgresEventStore, now: () => Date = () => new Date()): Reactor[] {
  async function record(event: IncomingEvent, tx: PoolClient, data: RecordOutcome['data'] | undefined): Promise<void> {
    if (data === undefined) return;
    try {
      await recordOutcome(store, tx, data, issuedOnEvent(OUTCOME_RECORDER, event, now()));
    } catch (error) {
      if (error instanceof DomainException && !RETRIED.has(error.error.code)) throw new PoisonMessageError(error.message);
      throw error;
    }
  }

  return [
    ...perVersion('case-management--inquiry-concluded', supervisionPublicEvents.InquiryConcluded, (event, tx) =>
      record(event, tx, outcomeFrom.inquiryConcluded(event.data as InquiryConcludedV2)),
    ),
    {
      durable: 'case-management--verification-opened',
      filterSubjects: [supervisionPublicEvents.VerificationOpened.subject],
      handle: (event, tx) => record(event, tx, outcomeFrom.verificationOpened(event.data as VerificationOpenedV1)),
    },
    ...perVersion('case-management--verification-decided', supervisionPublicEvents.VerificationDecided, (event, tx) =>
      record(event, tx, outcomeFrom.verificationDecided(event.data as VerificationDecidedV2)),
    ),
  ];
}
