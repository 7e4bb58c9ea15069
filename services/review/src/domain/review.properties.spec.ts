// Properties of the review decider over random runs: a person's commands come from requests the
// contract accepts, so the decider refuses only for a state or rights rule (403, 404, 409), never
// as malformed input; every transition is one the lifecycle allows; a public event passes its
// contract and names no subject; every decided sanction's period starts on the decision and ends
// after it (or never, for 开除); every state is reached.
import { reviewOperations as ops, reviewPublicEvents } from '@jiandu/contracts';
import type { DecisionContext } from '@jiandu/decision';
import { checkLifecycle, commandsFrom, contextsOf } from '@jiandu/testing';
import fc from 'fast-check';
import { decide, evolve, initialState, type Review, type ReviewCommand, type ReviewConfig } from './review.js';

type Ctx = DecisionContext<ReviewConfig>;
const by = contextsOf<Ctx>({
  now: new Date('2026-09-25T02:00:00.000Z'),
  days: { min: new Date('2026-01-01'), max: new Date('2032-12-31') },
  system: 'system:review',
  others: ['review-office', 'leadership', 'supervision-office-1'],
  configs: [undefined, { months: 2, extensionMonths: 3 }],
});
const from = commandsFrom<ReviewCommand, Ctx>(by, { reviewId: 'k-1' });

const steps: fc.Arbitrary<[ReviewCommand, Ctx]> = fc.oneof(
  fc.tuple(
    fc
      .record({
        round: fc.constantFrom(1, 2, 3),
        subjectHeadsLowerCommittee: fc.boolean(),
      })
      .map(({ round, subjectHeadsLowerCommittee }): ReviewCommand => ({
        type: 'ReceiveCase',
        data: {
          caseId: 'k-1',
          verificationId: 'v-1',
          clueId: 'c-1',
          clueNumber: 'XS-2026-000001',
          unitId: 'unit-1',
          office: 'supervision-office-1',
          subjectRef: 'c-1',
          subjectPosition: '主任',
          subjectHeadsLowerCommittee,
          round,
          findings: '事实',
          proposedSanction: { party: { kind: 'warning' } },
        },
      })),
    by('review-office', true),
  ),
  from(ops.extendReview, 'review-office', 'ExtendReview'),
  from(ops.sendCaseBack, 'review-office', 'SendCaseBack'),
  from(ops.proposeSanction, 'review-office', 'ProposeSanction'),
  from(ops.approveSanction, 'leadership', 'ApproveSanction'),
  from(ops.rejectSanction, 'leadership', 'RejectSanction'),
  from(ops.concludeWithoutSanction, 'leadership', 'ConcludeWithoutSanction'),
  // a few issue texts, so that the same one comes again
  fc.tuple(
    fc
      .constantFrom('报销审核流于形式', '公务接待无审批', '采购不公开')
      .map((issue): ReviewCommand => ({ type: 'IdentifyCommonIssue', data: { reviewId: 'k-1', issue } })),
    by('review-office'),
  ),
  from(ops.identifyCommonIssue, 'review-office', 'IdentifyCommonIssue'),
  fc.tuple(
    fc
      .constantFrom('party' as const, 'governmental' as const)
      .map((side): ReviewCommand => ({ type: 'EndSanctionEffect', data: { reviewId: 'k-1', side } })),
    by('review-office', true),
  ),
);

const NEXT: Record<Review['status'], readonly Review['status'][]> = {
  Initial: ['Initial', 'Reviewing'],
  Reviewing: ['Reviewing', 'SentBack', 'SanctionProposed', 'Concluded'],
  SentBack: ['SentBack', 'Reviewing'],
  SanctionProposed: ['SanctionProposed', 'Reviewing', 'Decided'],
  Decided: ['Decided'],
  // 免予处分 / 不予处分 ends the review: nothing moves it again.
  Concluded: ['Concluded'],
};
const PRIVATE = [
  'CaseReceivedForReview',
  'ReviewExtended',
  'SanctionProposed',
  'SanctionProposalRejected',
  'ReviewConclusionRecorded',
];

describe('Review (properties)', () => {
  it('refuses only for state or rights, moves only along its lifecycle, publishes only what its contract says, and reaches every state', () => {
    checkLifecycle({
      initialState,
      decide,
      evolve,
      steps,
      next: NEXT,
      publicEvents: reviewPublicEvents,
      privateEvents: PRIVATE,
      eachEvent: (event, state) => {
        if (event.type === 'SanctionDecided') {
          for (const effect of [event.data.party, event.data.governmental]) {
            if (!effect) continue;
            expect(effect.effectiveFrom).toBe(event.data.decidedOn);
            if (effect.effectiveUntil !== undefined) expect(effect.effectiveUntil > effect.effectiveFrom).toBe(true);
            else expect(effect.kind).toBe('expulsion');
          }
        }
        if (event.type === 'SanctionEffectEnded') expect(event.data.endedOn > event.data.effectiveUntil).toBe(true);
        // a conclusion without a sanction only on a case under review, never after a sanction
        if (event.type === 'ReviewConcludedWithoutSanction') expect(state.status).toBe('Reviewing');
        if (event.type === 'CaseReceivedForReview') expect(event.data.dueOn > event.data.receivedOn).toBe(true);
        if (event.type === 'CommonIssueIdentified') {
          // only on a decided case, each issue once, numbered in order
          expect(state.status).toBe('Decided');
          const before = state.status === 'Decided' ? state.commonIssues : [];
          expect(before).not.toContain(event.data.issue);
          expect(event.data.issueId).toBe(`k-1-issue-${before.length + 1}`);
        }
      },
    });
  });
});
