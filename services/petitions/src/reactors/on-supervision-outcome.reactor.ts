// The result of the inquiry or verification of a petition's clue (supervision), or the end of the
// case filed on it, concludes the petition: the sanction decided (review), the review concluded
// without one (免予处分 / 不予处分, review), or the filing refused (不予立案, supervision); a
// verification that files a case does not (the case goes on). For a real-name reporter the feedback clock starts in the same
// transaction as the inbox row (commands/petition.commands.ts). One durable consumer per subject
// (nats-server 2.9). The events carry the petition's id as `sourceRef`, from the clue's registration on.
import type { PoolClient } from 'pg';
import {
  DomainException,
  reviewPublicEvents,
  publishedVersions,
  supervisionPublicEvents,
  type CaseFilingRejectedV2,
  type EventContract,
  type InquiryConcludedV2,
  type ReviewConcludedWithoutSanctionV2,
  type SanctionDecidedV2,
  type VerificationDecidedV2,
} from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec, type IncomingEvent } from '@jiandu/messaging';
import { concludePetition } from '../commands/petition.commands.js';
import { concludesPetition, verificationConcludesPetition, type Conclusion } from '../domain/conclusion.js';
import { petitionStream } from '../domain/petition.js';

export interface FeedbackClockConfig {
  /** 实名举报结果反馈: working days from conclusion (default 15). */
  feedbackWorkingDays: number;
}

type Reactor = Omit<ConsumerSpec, 'stream'>;

/**
 * One durable per published version of `contract` (ADR 0012): v1 keeps the durable it always had (and
 * so its place in the stream), a later version's is suffixed; the runner upcasts each to the latest.
 */
const perVersion = (durable: string, contract: EventContract, handle: Reactor['handle']): Reactor[] =>
  publishedVersions(contract).map(({ version, subject }) => ({
    durable: version === 1 ? durable : `${durable}-v${version}`,
    filterSubjects: [subject],
    handle,
  }));

export function onSupervisionOutcomes(
  store: PostgresEventStore,
  config: FeedbackClockConfig,
  now: () => Date = () => new Date(),
): Reactor[] {
  async function conclude(event: IncomingEvent, tx: PoolClient, petitionId: string, conclusion: Conclusion): Promise<void> {
    // A clue from another source points elsewhere: only a petition of this service is concluded here.
    if ((await store.readStream(petitionStream(petitionId), 1, tx)).length === 0) return;
    const cause = { correlationId: event.metadata.correlationId, causationId: event.eventId };
    try {
      await concludePetition(store, tx, petitionId, conclusion, {
        now: now(),
        cause,
        feedbackWorkingDays: config.feedbackWorkingDays,
      });
    } catch (error) {
      // The petition was transferred before its clue existed: a refusal here never goes away.
      if (error instanceof DomainException) throw new PoisonMessageError(error.message);
      throw error;
    }
  }

  return [
    ...perVersion('petitions--inquiry-concluded', supervisionPublicEvents.InquiryConcluded, async (event, tx) => {
      const { sourceRef, inquiryId, outcome, concludedOn } = event.data as InquiryConcludedV2;
      // A second round or a conversion carries the matter on; the next result concludes it.
      if (sourceRef === undefined || !concludesPetition(outcome)) return;
      await conclude(event, tx, sourceRef, { source: 'inquiry', ref: inquiryId, outcome, concludedOn });
    }),
    ...perVersion('petitions--verification-decided', supervisionPublicEvents.VerificationDecided, async (event, tx) => {
      const { sourceRef, verificationId, decision, decidedOn } = event.data as VerificationDecidedV2;
      // A filed case carries the matter on: the sanction decided on it concludes the petition.
      if (sourceRef === undefined || !verificationConcludesPetition(decision)) return;
      await conclude(event, tx, sourceRef, {
        source: 'verification',
        ref: verificationId,
        outcome: decision,
        concludedOn: decidedOn,
      });
    }),
    ...perVersion('petitions--sanction-decided', reviewPublicEvents.SanctionDecided, async (event, tx) => {
      const { sourceRef, caseId, decidedOn } = event.data as SanctionDecidedV2;
      if (sourceRef === undefined) return;
      await conclude(event, tx, sourceRef, { source: 'sanction', ref: caseId, outcome: 'sanctioned', concludedOn: decidedOn });
    }),
    ...perVersion(
      'petitions--review-concluded-without-sanction',
      reviewPublicEvents.ReviewConcludedWithoutSanction,
      async (event, tx) => {
        const { sourceRef, caseId, outcome, concludedOn } = event.data as ReviewConcludedWithoutSanctionV2;
        if (sourceRef === undefined) return;
        await conclude(event, tx, sourceRef, { source: 'case', ref: caseId, outcome, concludedOn });
      },
    ),
    ...perVersion('petitions--case-filing-rejected', supervisionPublicEvents.CaseFilingRejected, async (event, tx) => {
      const { sourceRef, caseId, rejectedOn } = event.data as CaseFilingRejectedV2;
      if (sourceRef === undefined) return;
      await conclude(event, tx, sourceRef, {
        source: 'case',
        ref: caseId,
        outcome: 'filing-rejected',
        concludedOn: rejectedOn,
      });
    }),
  ];
}
