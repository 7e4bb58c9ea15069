// Properties of the case decider over random runs: a person's commands are built from requests the
// operation's contract accepts (the RPC server refuses the rest with 400 before a decider runs), so
// the decider refuses only for a state or cross-entity rule (403, 404, 409), never as malformed
// input; every transition is one the lifecycle allows; a public event passes its contract and
// names no subject; the due date is never before the filing; only a case under review is concluded,
// and nothing moves a concluded one; every state is reached.
import { CASE_OUTCOMES, Line, supervisionOperations as ops, supervisionPublicEvents } from '@jiandu/contracts';
import { arbitraryFromSchema, checkLifecycle, commandsFrom, contextsOf } from '@jiandu/testing';
import fc from 'fast-check';
import { decide, evolve, initialState, type Case, type CaseCommand, type CaseConfig } from './case.js';
import type { DecisionContext } from './decision.js';

const O = 'supervision-office-1';
type Ctx = DecisionContext<CaseConfig>;
const by = contextsOf<Ctx>({
  now: new Date('2026-09-25T02:00:00.000Z'),
  days: { min: new Date('2026-01-01'), max: new Date('2028-12-31') },
  system: 'system:supervision',
  others: [O, 'dispatched-agency-edu', 'leadership', 'review-office'],
  configs: [undefined, { months: 1, supplementaryMonths: 2 }],
});
const from = commandsFrom<CaseCommand, Ctx>(by, { caseId: 'k-1' });

const steps: fc.Arbitrary<[CaseCommand, Ctx]> = fc.oneof(
  fc.tuple(
    fc
      .record({
        caseId: fc.constant('k-1'),
        verificationId: fc.constant('v-1'),
        clueId: fc.constant('c-1'),
        clueNumber: fc.oneof({ weight: 9, arbitrary: fc.constant('XS-2026-000001') }, fc.constant('XS-26-1')),
        unitId: fc.constant('unit-1'),
        office: fc.oneof({ weight: 9, arbitrary: fc.constant(O) }, fc.constant('petition-office')),
        subject: fc.record({ name: arbitraryFromSchema(Line(100)), position: arbitraryFromSchema(Line(100)) }),
        subjectHeadsLowerCommittee: fc.boolean(),
      })
      .map((data): CaseCommand => ({ type: 'OpenCase', data })),
    by(O, true),
  ),
  from(ops.approveCaseFiling, 'leadership', 'ApproveCaseFiling'),
  from(ops.rejectCaseFiling, 'leadership', 'RejectCaseFiling'),
  from(ops.extendCase, O, 'ExtendCase'),
  from(ops.submitCaseReport, O, 'SubmitCaseReport'),
  from(ops.transferCaseToReview, O, 'TransferCaseToReview'),
  fc
    .tuple(
      fc.record({ caseId: fc.constant('k-1'), round: fc.constantFrom(1, 1, 2), reason: fc.constant('事实不清') }),
      by(O, true),
    )
    .map(([data, ctx]): [CaseCommand, Ctx] => [{ type: 'ReturnCaseFromReview', data }, ctx]),
  // The review's end of the case: the system on review's public event (another caller is refused).
  fc
    .tuple(
      fc.record({
        caseId: fc.constant('k-1'),
        outcome: fc.constantFrom(...CASE_OUTCOMES),
        decidedOn: fc.constantFrom('2026-09-25', '2027-01-04'),
      }),
      fc.oneof({ weight: 4, arbitrary: by(O, true) }, by('review-office')),
    )
    .map(([data, ctx]): [CaseCommand, Ctx] => [{ type: 'ConcludeCase', data }, ctx]),
);

const NEXT: Record<Case['status'], readonly Case['status'][]> = {
  Initial: ['Initial', 'PendingFiling'],
  PendingFiling: ['PendingFiling', 'Investigating', 'FilingRejected'],
  // 不予立案 ends the case: nothing moves it again.
  FilingRejected: ['FilingRejected'],
  Investigating: ['Investigating', 'ReportSubmitted'],
  ReportSubmitted: ['ReportSubmitted', 'InReview'],
  InReview: ['InReview', 'Investigating', 'Concluded'],
  // The review office ended it: nothing moves it again.
  Concluded: ['Concluded'],
};
const PRIVATE = [
  'CaseExtended',
  'CaseOpened',
  'CaseSubjectRecorded',
  'CaseFilingRejectionRecorded',
  'CaseReportSubmitted',
  'CaseTransferNoted',
  'CaseReturnedFromReview',
  'CaseConcluded',
];

describe('Case (properties)', () => {
  it('refuses only for state or rights, moves only along its lifecycle, publishes only what its contract says, and reaches every state', () => {
    checkLifecycle({
      initialState,
      decide,
      evolve,
      steps,
      next: NEXT,
      publicEvents: supervisionPublicEvents,
      privateEvents: PRIVATE,
      refusals: (command) => (command.type === 'OpenCase' ? [400, 403, 404, 409] : [403, 404, 409]),
      eachEvent: (event, state) => {
        if (event.type === 'CaseFiled') expect(event.data.dueOn > event.data.filedOn).toBe(true);
        // A refusal is decided only on a case pending 立案, by whoever may approve it.
        if (event.type === 'CaseFilingRejected') expect(state.status).toBe('PendingFiling');
        if (event.type === 'CaseReturnedFromReview') expect(event.data.dueOn > event.data.returnedOn).toBe(true);
        // A return opens the next round, one more than the round reviewed.
        if (event.type === 'CaseReturnedFromReview' && 'round' in state) expect(event.data.round).toBe(state.round + 1);
        // Only a case under review is concluded, in the round under review.
        if (event.type === 'CaseConcluded') {
          expect(state.status).toBe('InReview');
          if ('round' in state) expect(event.data.round).toBe(state.round);
        }
      },
    });
  });
});
