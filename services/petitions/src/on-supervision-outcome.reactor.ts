import type { Actor } from '@jiandu/access';
// The result of the inquiry or verification of a petition's clue (supervision) concludes the petition;
// for a real-name reporter the feedback clock starts in the same transaction. One durable consumer
// per subject (nats-server 2.9).
import type { PoolClient } from 'pg';
import { DomainException, supervisionPublicEvents, type InquiryConcludedV1, type VerificationDecidedV1 } from '@jiandu/contracts';
import { ruleText, startClock } from '@jiandu/deadlines';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec, type IncomingEvent } from '@jiandu/messaging';
import { executeCommand } from '@jiandu/runtime';
import { feedbackClockId, type Conclusion } from './domain/conclusion.js';
import { PETITION_OFFICE, type ConcludePetition } from './domain/petition.js';
import { petitionDecider, streamOf } from './petition-stream.js';

/** 信访室 concludes on the supervision office's result; who decided that result is in the supervision store. */
export const CONCLUDER = { sub: 'system:petitions', name: '信访室据办理结果办结', office: PETITION_OFFICE } satisfies Omit<Actor, 'roles' | 'zones'>;

export interface FeedbackClockConfig {
  /** 实名举报结果反馈: working days from conclusion (default 15). */
  feedbackWorkingDays: number;
}

type Reactor = Omit<ConsumerSpec, 'stream'>;

export function onSupervisionOutcomes(store: PostgresEventStore, config: FeedbackClockConfig, now: () => Date = () => new Date()): Reactor[] {
  const limit = { workingDays: config.feedbackWorkingDays };

  async function conclude(event: IncomingEvent, tx: PoolClient, petitionId: string, conclusion: Conclusion): Promise<void> {
    // A clue from another source points elsewhere: only a petition of this service is concluded here.
    if ((await store.readStream(streamOf(petitionId), 1, tx)).length === 0) return;
    const at = now();
    const command: ConcludePetition = { type: 'ConcludePetition', data: { petitionId, ...conclusion } };
    let result;
    try {
      result = await executeCommand(store, petitionDecider, streamOf(petitionId), command, {
        context: { now: at, actor: { ...CONCLUDER, roles: [], zones: [] } },
        metadata: { actor: CONCLUDER, correlationId: event.metadata.correlationId, causationId: event.eventId, occurredAt: at.toISOString() },
        tx,
      });
    } catch (error) {
      // The petition was transferred before its clue existed: a refusal here never goes away.
      if (error instanceof DomainException) throw new PoisonMessageError(error.message);
      throw error;
    }
    const { state } = result;
    if (result.events.length === 0 || state.status === 'Initial' || !state.realName) return;
    await startClock(tx, store.schema, {
      id: feedbackClockId(petitionId),
      measures: 'petition-feedback',
      rule: ruleText('实名举报结果反馈', limit),
      limit,
      startedOn: conclusion.concludedOn,
      subject: streamOf(petitionId),
      office: PETITION_OFFICE,
      unitId: state.accused.unitId,
    });
  }

  return [
    {
      durable: 'petitions--inquiry-concluded',
      filterSubjects: [supervisionPublicEvents.InquiryConcluded.subject],
      async handle(event, tx) {
        const { sourceRef, inquiryId, outcome, concludedOn } = event.data as InquiryConcludedV1;
        // A second round or a conversion carries the matter on; the next result concludes it.
        if (sourceRef === undefined || outcome === 'second-round' || outcome === 'convert-to-verification') return;
        await conclude(event, tx, sourceRef, { source: 'inquiry', ref: inquiryId, outcome, concludedOn });
      },
    },
    {
      durable: 'petitions--verification-decided',
      filterSubjects: [supervisionPublicEvents.VerificationDecided.subject],
      async handle(event, tx) {
        const { sourceRef, verificationId, decision, decidedOn } = event.data as VerificationDecidedV1;
        if (sourceRef === undefined) return;
        await conclude(event, tx, sourceRef, { source: 'verification', ref: verificationId, outcome: decision, concludedOn: decidedOn });
      },
    },
  ];
}
