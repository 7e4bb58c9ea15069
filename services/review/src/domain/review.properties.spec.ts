// Properties of the review decider over random runs: a person's commands come from requests the
// contract accepts, so the decider refuses only for a state or rights rule (403, 404, 409), never
// as malformed input; every transition is one the lifecycle allows; a public event passes its
// contract and names no subject; every decided sanction's period starts on the decision and ends
// after it (or never, for 开除); every state is reached.
import { checkRequest, isDomainError, reviewOperations as ops, reviewPublicEvents, type ApiOperation } from '@jiandu/contracts';
import type { DecisionContext } from '@jiandu/decision';
import { acceptedRequest } from '@jiandu/testing';
import type { Static } from '@sinclair/typebox';
import fc from 'fast-check';
import { decide, evolve, initialState, type Review, type ReviewCommand, type ReviewConfig, type ReviewEvent } from './review.js';

const NOW = new Date('2026-09-25T02:00:00.000Z');
type Ctx = DecisionContext<ReviewConfig>;
const by = (office: string, system = false): fc.Arbitrary<Ctx> =>
  fc.record({
    now: fc.oneof(
      { weight: 4, arbitrary: fc.constant(NOW) },
      fc.date({ min: new Date('2026-01-01'), max: new Date('2032-12-31'), noInvalidDate: true }),
    ),
    actor: fc.record({
      sub: fc.oneof(
        { weight: 5, arbitrary: fc.constant(system ? 'system:review' : 'u-1') },
        fc.constant(system ? 'u-1' : 'system:review'),
      ),
      name: fc.constant('User'),
      office: fc.oneof(
        { weight: 5, arbitrary: fc.constant(office) },
        fc.constantFrom('review-office', 'leadership', 'supervision-office-1'),
      ),
      roles: fc.constantFrom([], ['leader'], ['secretary']),
      zones: fc.constant([]),
    }),
    config: fc.constantFrom(undefined, { months: 2, extensionMonths: 3 }),
  }) as fc.Arbitrary<Ctx>;

const from = <Op extends ApiOperation>(op: Op, office: string, type: ReviewCommand['type']) =>
  fc.tuple(
    acceptedRequest(op).map((request) => {
      const value = { ...(request as object), reviewId: 'k-1' } as Static<Op['request']>;
      if (!checkRequest(op, value).ok) throw new Error(`${op.name}: the pinned request is refused`);
      return { type, data: value } as unknown as ReviewCommand;
    }),
    by(office),
  );

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
  Reviewing: ['Reviewing', 'SentBack', 'SanctionProposed'],
  SentBack: ['SentBack', 'Reviewing'],
  SanctionProposed: ['SanctionProposed', 'Reviewing', 'Decided'],
  Decided: ['Decided'],
};
const PRIVATE = ['CaseReceivedForReview', 'ReviewExtended', 'SanctionProposed', 'SanctionProposalRejected'];
const publicContract = (type: string) =>
  (reviewPublicEvents as Record<string, (typeof reviewPublicEvents)[keyof typeof reviewPublicEvents]>)[type];

describe('Review (properties)', () => {
  it('refuses only for state or rights, moves only along its lifecycle, publishes only what its contract says, and reaches every state', () => {
    const reached = new Set<string>();
    for (let batch = 0; batch < 6 && reached.size < Object.keys(NEXT).length; batch++)
      fc.assert(
        fc.property(fc.array(steps, { maxLength: 40, size: 'max' }), (run) => {
          let state = initialState();
          reached.add(state.status);
          for (const [command, context] of run) {
            const result = decide(command, state, context);
            if (!Array.isArray(result)) {
              expect(isDomainError(result)).toBe(true);
              expect([403, 404, 409]).toContain(result.status);
              continue;
            }
            for (const event of result as ReviewEvent[]) {
              const next = evolve(state, event);
              expect(NEXT[state.status]).toContain(next.status);
              const contract = publicContract(event.type);
              if (contract) {
                expect(contract.errors(event.data)).toEqual([]);
                expect(JSON.stringify(event.data)).not.toContain('"subject"');
              } else expect(PRIVATE).toContain(event.type);
              if (event.type === 'SanctionDecided') {
                for (const effect of [event.data.party, event.data.governmental]) {
                  if (!effect) continue;
                  expect(effect.effectiveFrom).toBe(event.data.decidedOn);
                  if (effect.effectiveUntil !== undefined) expect(effect.effectiveUntil > effect.effectiveFrom).toBe(true);
                  else expect(effect.kind).toBe('expulsion');
                }
              }
              if (event.type === 'SanctionEffectEnded') expect(event.data.endedOn > event.data.effectiveUntil).toBe(true);
              if (event.type === 'CaseReceivedForReview') expect(event.data.dueOn > event.data.receivedOn).toBe(true);
              if (event.type === 'CommonIssueIdentified') {
                // only on a decided case, each issue once, numbered in order
                expect(state.status).toBe('Decided');
                const before = state.status === 'Decided' ? state.commonIssues : [];
                expect(before).not.toContain(event.data.issue);
                expect(event.data.issueId).toBe(`k-1-issue-${before.length + 1}`);
              }
              state = next;
              reached.add(state.status);
            }
          }
        }),
        { numRuns: 300 },
      );
    expect([...reached].sort()).toEqual(Object.keys(NEXT).sort());
  });
});
