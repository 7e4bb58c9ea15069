// Properties of the case decider over random runs: a person's commands are built from requests the
// operation's contract accepts (the RPC server refuses the rest with 400 before a decider runs), so
// the decider refuses only for a state or cross-entity rule (403, 404, 409), never as malformed
// input; every transition is one the lifecycle allows; a public event passes its contract and
// names no subject; the due date is never before the filing; every state is reached.
import {
  checkRequest,
  isDomainError,
  Line,
  supervisionOperations as ops,
  supervisionPublicEvents,
  type ApiOperation,
} from '@jiandu/contracts';
import { acceptedRequest, arbitraryFromSchema } from '@jiandu/testing';
import type { Static } from '@sinclair/typebox';
import fc from 'fast-check';
import { decide, evolve, initialState, type Case, type CaseCommand, type CaseConfig, type CaseEvent } from './case.js';
import type { DecisionContext } from './decision.js';

const NOW = new Date('2026-09-25T02:00:00.000Z');
const O = 'supervision-office-1';
type Ctx = DecisionContext<CaseConfig>;
const by = (office: string, system = false): fc.Arbitrary<Ctx> =>
  fc.record({
    now: fc.oneof(
      { weight: 4, arbitrary: fc.constant(NOW) },
      fc.date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }),
    ),
    actor: fc.record({
      sub: fc.oneof(
        { weight: 5, arbitrary: fc.constant(system ? 'system:supervision' : 'u-1') },
        fc.constant(system ? 'u-1' : 'system:supervision'),
      ),
      name: fc.constant('User'),
      office: fc.oneof(
        { weight: 5, arbitrary: fc.constant(office) },
        fc.constantFrom(O, 'dispatched-agency-edu', 'leadership', 'review-office'),
      ),
      roles: fc.constantFrom([], ['leader'], ['secretary']),
      zones: fc.constant([]),
    }),
    config: fc.constantFrom(undefined, { months: 1, supplementaryMonths: 2 }),
  }) as fc.Arbitrary<Ctx>;

const from = <Op extends ApiOperation>(op: Op, office: string, type: CaseCommand['type']) =>
  fc.tuple(
    acceptedRequest(op).map((request) => {
      const value = { ...(request as object), caseId: 'k-1' } as Static<Op['request']>;
      if (!checkRequest(op, value).ok) throw new Error(`${op.name}: the pinned request is refused`);
      return { type, data: value } as unknown as CaseCommand;
    }),
    by(office),
  );

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
  from(ops.extendCase, O, 'ExtendCase'),
  from(ops.submitCaseReport, O, 'SubmitCaseReport'),
  from(ops.transferCaseToReview, O, 'TransferCaseToReview'),
  fc
    .tuple(
      fc.record({ caseId: fc.constant('k-1'), round: fc.constantFrom(1, 1, 2), reason: fc.constant('事实不清') }),
      by(O, true),
    )
    .map(([data, ctx]): [CaseCommand, Ctx] => [{ type: 'ReturnCaseFromReview', data }, ctx]),
);

const NEXT: Record<Case['status'], readonly Case['status'][]> = {
  Initial: ['Initial', 'PendingFiling'],
  PendingFiling: ['PendingFiling', 'Investigating'],
  Investigating: ['Investigating', 'ReportSubmitted'],
  ReportSubmitted: ['ReportSubmitted', 'InReview'],
  InReview: ['InReview', 'Investigating'],
};
const PRIVATE = [
  'CaseExtended',
  'CaseOpened',
  'CaseSubjectRecorded',
  'CaseReportSubmitted',
  'CaseTransferNoted',
  'CaseReturnedFromReview',
];
const publicContract = (type: string) =>
  (supervisionPublicEvents as Record<string, (typeof supervisionPublicEvents)[keyof typeof supervisionPublicEvents]>)[type];

describe('Case (properties)', () => {
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
              const opening = command.type === 'OpenCase';
              expect(opening ? [400, 403, 404, 409] : [403, 404, 409]).toContain(result.status);
              continue;
            }
            for (const event of result as CaseEvent[]) {
              const next = evolve(state, event);
              expect(NEXT[state.status]).toContain(next.status);
              const contract = publicContract(event.type);
              if (contract) {
                expect(contract.errors(event.data)).toEqual([]);
                expect(JSON.stringify(event.data)).not.toContain('"subject"');
              } else expect(PRIVATE).toContain(event.type);
              if (event.type === 'CaseFiled') expect(event.data.dueOn > event.data.filedOn).toBe(true);
              if (event.type === 'CaseReturnedFromReview') expect(event.data.dueOn > event.data.returnedOn).toBe(true);
              // A return opens the next round, one more than the round reviewed.
              if (event.type === 'CaseReturnedFromReview' && 'round' in state) expect(event.data.round).toBe(state.round + 1);
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
