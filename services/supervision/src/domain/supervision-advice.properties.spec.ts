// Properties of the 加强监督建议书 decider over random runs: the addressed office's response comes
// from requests the contract accepts, so the decider refuses only for a state or rights rule (403,
// 404, 409); the advice moves only Initial → Issued → Responded; the public event passes its
// contract; the response is due after the issue; a response is late exactly when it comes after the
// due date; every state is reached.
import { checkRequest, isDomainError, supervisionOperations as ops, supervisionPublicEvents } from '@jiandu/contracts';
import type { OfficeCode } from '@jiandu/decision';
import { acceptedRequest } from '@jiandu/testing';
import fc from 'fast-check';
import type { DecisionContext } from './decision.js';
import {
  decide,
  evolve,
  initialState,
  type SupervisionAdvice,
  type SupervisionAdviceCommand,
  type SupervisionAdviceConfig,
} from './supervision-advice.js';

type Ctx = DecisionContext<SupervisionAdviceConfig>;
const NOW = new Date('2026-09-25T02:00:00.000Z');
const by = (office: string, system: boolean): fc.Arbitrary<Ctx> =>
  fc.record({
    now: fc.oneof(
      { weight: 3, arbitrary: fc.constant(NOW) },
      fc.date({ min: new Date('2026-09-25'), max: new Date('2027-12-31'), noInvalidDate: true }),
    ),
    actor: fc.record({
      sub: fc.oneof(
        { weight: 4, arbitrary: fc.constant(system ? 'system:supervision' : 'u-1') },
        fc.constant(system ? 'u-1' : 'system:supervision'),
      ),
      name: fc.constant('User'),
      office: fc
        .oneof(
          { weight: 4, arbitrary: fc.constant(office) },
          fc.constantFrom('supervision-office-1', 'review-office', 'leadership'),
        )
        .map((o) => o as OfficeCode),
      roles: fc.constant([]),
      zones: fc.constant([]),
    }),
    config: fc.constantFrom(undefined, { responseDays: 1 }, { responseDays: 90 }),
  });

const issue: fc.Arbitrary<[SupervisionAdviceCommand, Ctx]> = fc.tuple(
  fc.record({ content: fc.string({ minLength: 1, maxLength: 40 }) }).map(({ content }): SupervisionAdviceCommand => ({
    type: 'IssueSupervisionAdvice',
    data: {
      adviceId: 'advice-k-1-issue-1',
      issueId: 'k-1-issue-1',
      caseId: 'k-1',
      clueId: 'c-1',
      clueNumber: 'XS-2026-000001',
      unitId: 'unit-1',
      office: 'supervision-office-2',
      content,
    },
  })),
  by('supervision-office-2', true),
);
const respond: fc.Arbitrary<[SupervisionAdviceCommand, Ctx]> = fc.tuple(
  acceptedRequest(ops.respondToSupervisionAdvice).map((request): SupervisionAdviceCommand => {
    const data = { ...request, adviceId: 'advice-k-1-issue-1' };
    if (!checkRequest(ops.respondToSupervisionAdvice, data).ok) throw new Error('the pinned request is refused');
    return { type: 'RespondToSupervisionAdvice', data };
  }),
  by('supervision-office-2', false),
);

const NEXT: Record<SupervisionAdvice['status'], readonly SupervisionAdvice['status'][]> = {
  Initial: ['Issued'],
  Issued: ['Responded'],
  Responded: [],
};

describe('SupervisionAdvice (properties)', () => {
  it('refuses only for state or rights, moves only forward, publishes what its contract says, and reaches every state', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.oneof(issue, respond), { maxLength: 12 }), (run) => {
        let state = initialState();
        reached.add(state.status);
        for (const [command, context] of run) {
          const result = decide(command, state, context);
          if (!Array.isArray(result)) {
            expect(isDomainError(result)).toBe(true);
            expect([403, 404, 409]).toContain(result.status);
            continue;
          }
          expect(result).toHaveLength(1);
          for (const event of result) {
            const next = evolve(state, event);
            expect(NEXT[state.status]).toContain(next.status);
            if (event.type === 'SupervisionAdviceIssued') {
              expect(context.actor.sub.startsWith('system:')).toBe(true);
              expect(supervisionPublicEvents.SupervisionAdviceIssued.errors(event.data)).toEqual([]);
              expect(event.data.responseDueOn > event.data.issuedOn).toBe(true);
            } else {
              // private: the response stays in supervision; only the addressed office gives it
              expect(Object.keys(supervisionPublicEvents)).not.toContain(event.type);
              expect(state.status === 'Issued' && context.actor.office === state.office).toBe(true);
              if (state.status === 'Issued') expect(event.data.late).toBe(event.data.respondedOn > state.responseDueOn);
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
