import {
  CATEGORY_CODES,
  caseManagementPublicEvents,
  INQUIRY_OUTCOMES,
  isDomainError,
  VERIFICATION_DECISIONS,
  type EventContract,
} from '@jiandu/contracts';
import fc from 'fast-check';
import { dayInfo } from '@jiandu/calendar';
import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import { STATUS_AFTER_OUTCOME } from './clue-outcomes.js';
import { dispositionDeadline } from './deadlines.js';
import {
  STATUS_AFTER_APPROVAL,
  decide,
  evolve,
  initialState,
  type ClueCommand,
  type ClueEvent,
  type DispositionKind,
  type ProblemClue,
} from './problem-clue.js';

const publicContract = (type: string): EventContract | undefined =>
  (caseManagementPublicEvents as Record<string, EventContract>)[type];
const PRIVATE: readonly string[] = ['ClueShelved', 'ClueClosed', 'ClueSubjectRecorded'];

// Text as the contracts let it through (their shape is tested with them): short, or as long as allowed.
const text = (max: number) =>
  fc.oneof(
    { weight: 40, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '') },
    { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
  );
const clueId = fc.constant('c-1');
const kind = fc.constantFrom<DispositionKind>('inquiry', 'verification', 'shelve', 'close');
const register = fc.record({
  type: fc.constant('RegisterClue' as const),
  data: fc.record({
    clueId,
    number: fc.constant('XS-2026-000001'),
    source: fc.constant('petition' as const),
    sourceRef: fc.constant('p-1'),
    unitId: fc.constant('unit-1'),
    zoneId: fc.constant('zone-1'),
    assignedOffice: fc.oneof({ weight: 9, arbitrary: fc.constant('supervision-office-1') }, fc.constant('dispatched-agency-edu')),
    accused: fc.record({ name: text(100), position: text(100), unitId: fc.constant('unit-1') }),
    categories: fc.uniqueArray(fc.constantFrom(...CATEGORY_CODES), { minLength: 1, maxLength: 8 }),
    category: text(50),
    summary: text(500),
    dispositionDeadline: fc.oneof({ weight: 18, arbitrary: fc.constant('2099-12-31') }, fc.constant('2000-01-01')),
  }),
}) as fc.Arbitrary<ClueCommand>;
// A few refs, so that outcomes repeat (redeliveries) as well as follow one another.
const recordOutcome = fc
  .oneof(
    fc.record({
      source: fc.constant('inquiry' as const),
      ref: fc.constantFrom('inq-1', 'inq-2'),
      outcome: fc.constantFrom(...INQUIRY_OUTCOMES),
    }),
    fc.record({
      source: fc.constant('verification' as const),
      ref: fc.constantFrom('ver-1', 'ver-2'),
      outcome: fc.constantFrom(...VERIFICATION_DECISIONS),
    }),
    fc.record({
      source: fc.constant('case' as const),
      ref: fc.constantFrom('case-1', 'case-2'),
      outcome: fc.constantFrom('sanctioned' as const, 'no-sanction' as const, 'filing-rejected' as const),
    }),
  )
  .map((data) => ({ type: 'RecordOutcome' as const, data: { clueId: 'c-1', ...data } }) as ClueCommand);
const offices: OfficeCode[] = [
  'case-management',
  'leadership',
  'supervision-office-1',
  'dispatched-agency-edu',
  'petition-office',
];
// Mostly the office entitled to the command, so that runs reach approvals; sometimes any office.
const by = (office: OfficeCode): fc.Arbitrary<DecisionContext> =>
  fc.record({
    now: fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
    actor: fc.record({
      sub: fc.constant('u-1'),
      name: fc.constant('User'),
      office: fc.oneof({ weight: 4, arbitrary: fc.constant(office) }, fc.constantFrom(...offices)),
      roles: fc.constant([]),
      zones: fc.constant([]),
    }),
  });
const step: fc.Arbitrary<[ClueCommand, DecisionContext]> = fc.oneof(
  fc.tuple(register, by('case-management')),
  fc.tuple(
    fc.record({ type: fc.constant('ProposeDisposition' as const), data: fc.record({ clueId, kind, reason: text(2_000) }) }),
    by('supervision-office-1'),
  ),
  fc.tuple(
    fc.record({
      type: fc.constant('ApproveDisposition' as const),
      data: fc.record({ clueId, note: text(2_000) }, { requiredKeys: ['clueId'] }),
    }),
    by('leadership'),
  ),
  fc.tuple(
    fc.record({ type: fc.constant('RejectDisposition' as const), data: fc.record({ clueId, note: text(2_000) }) }),
    by('leadership'),
  ),
  fc.tuple(recordOutcome, by('case-management')),
  fc.tuple(recordOutcome, by('case-management')),
  // 定期清理: the office's review reactivates a shelved clue or proposes to close it.
  fc.tuple(
    fc.record({
      type: fc.constant('ReactivateClue' as const),
      data: fc.record({
        clueId,
        roundId: fc.constant('cr-2026-q3'),
        dispositionDeadline: fc.oneof({ weight: 9, arbitrary: fc.constant('2099-12-31') }, fc.constant('2000-01-01')),
      }),
    }),
    by('supervision-office-1'),
  ),
  fc.tuple(
    fc.record({
      type: fc.constant('ProposeClosureOnReview' as const),
      data: fc.record({ clueId, roundId: fc.constant('cr-2026-q3'), reason: text(2_000) }),
    }),
    by('supervision-office-1'),
  ),
);

const NEXT: Record<ProblemClue['status'], readonly ProblemClue['status'][]> = {
  Initial: ['Initial', 'Registered'],
  Registered: ['Registered', 'Assigned'],
  Assigned: ['Assigned', 'DispositionProposed'],
  Reactivated: ['Reactivated', 'DispositionProposed'],
  DispositionProposed: ['DispositionProposed', 'DispositionRejected', 'InInquiry', 'InVerification', 'Shelved', 'Closed'],
  DispositionRejected: ['DispositionRejected', 'DispositionProposed'],
  InInquiry: ['InInquiry', 'InVerification', 'Closed'],
  InVerification: ['InVerification', 'ToInvestigation', 'Closed', 'Shelved'],
  Shelved: ['Shelved', 'Reactivated', 'DispositionProposed'],
  Closed: ['Closed'],
  ToInvestigation: ['ToInvestigation', 'Sanctioned', 'Closed'],
  Sanctioned: ['Sanctioned'],
};

describe('ProblemClue (properties)', () => {
  it('for any commands from any office, moves only along allowed transitions and publishes valid events', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let state = initialState();
        const history: ClueEvent[] = [];
        for (const [cmd, ctx] of steps) {
          const result = decide(cmd, state, ctx);
          if (!Array.isArray(result)) {
            expect(isDomainError(result)).toBe(true);
            continue;
          }
          for (const event of result) {
            const next = evolve(state, event);
            expect(NEXT[state.status]).toContain(next.status);
            const contract = publicContract(event.type);
            if (contract) expect(contract.errors(event.data)).toEqual([]);
            else expect(PRIVATE).toContain(event.type);
            state = next;
            history.push(event);
          }
          // A register leaves the clue assigned: Registered is never observed between decisions.
          expect(state.status).not.toBe('Registered');
        }
        // The status always follows the last event that set it: an outcome, an approved disposition,
        // a reactivation (定期清理), a proposal or a rejection.
        const setting = history
          .filter((e) =>
            [
              'ClueOutcomeRecorded',
              'DispositionApproved',
              'ClueReactivated',
              'DispositionProposed',
              'DispositionRejected',
            ].includes(e.type),
          )
          .at(-1);
        if (!setting) expect(['Initial', 'Assigned']).toContain(state.status);
        else if (setting.type === 'ClueOutcomeRecorded')
          expect(state.status).toBe((STATUS_AFTER_OUTCOME[setting.data.source] as Record<string, string>)[setting.data.outcome]);
        else if (setting.type === 'DispositionApproved') expect(state.status).toBe(STATUS_AFTER_APPROVAL[setting.data.kind]);
        else if (setting.type === 'ClueReactivated') expect(state.status).toBe('Reactivated');
        else expect(state.status).toBe(setting.type);
        // No disposition without approval: each approval follows a proposal of the same kind, and
        // only a clearance review (a shelved clue proposed for closing) leads to a second one.
        history.forEach((e, i) => {
          if (e.type !== 'DispositionApproved') return;
          const proposal = history
            .slice(0, i)
            .filter((p) => p.type === 'DispositionProposed')
            .at(-1);
          expect(proposal?.data.kind).toBe(e.data.kind);
        });
        const approvals = history.filter((e) => e.type === 'DispositionApproved');
        expect(approvals.length).toBeLessThanOrEqual(history.filter((e) => e.type === 'DispositionProposed').length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ProblemClue outcomes (properties)', () => {
  const cm: DecisionContext = {
    now: new Date('2026-11-02T02:00:00Z'),
    actor: { sub: 's', name: '案管', office: 'case-management', roles: [], zones: [] },
  };
  const approvedAs = (kind: DispositionKind): ProblemClue => {
    const steps: ClueCommand[] = [
      {
        type: 'RegisterClue',
        data: {
          clueId: 'c-1',
          number: 'XS-2026-000001',
          source: 'petition',
          sourceRef: 'p-1',
          unitId: 'unit-1',
          zoneId: 'zone-1',
          assignedOffice: 'supervision-office-1',
          accused: { name: '张三', position: '主任', unitId: 'unit-1' },
          categories: ['eight-rules'],
          category: '八项规定',
          summary: '公款吃喝',
          dispositionDeadline: '2099-12-31',
        },
      },
      { type: 'ProposeDisposition', data: { clueId: 'c-1', kind, reason: '具体' } },
      { type: 'ApproveDisposition', data: { clueId: 'c-1' } },
    ];
    const offices: OfficeCode[] = ['case-management', 'supervision-office-1', 'leadership'];
    return steps.reduce((state, cmd, i) => {
      const events = decide(cmd, state, { ...cm, actor: { ...cm.actor, office: offices[i]! } }) as ClueEvent[];
      return events.reduce(evolve, state);
    }, initialState());
  };

  it('keeps the status on the last recorded outcome, records each inquiry or verification once, and ignores repeats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<DispositionKind>('inquiry', 'verification'),
        fc.array(recordOutcome, { maxLength: 30 }),
        (kind, commands) => {
          let state = approvedAs(kind);
          const recorded: Extract<ClueEvent, { type: 'ClueOutcomeRecorded' }>[] = [];
          for (const command of commands) {
            const result = decide(command, state, cm);
            if (!Array.isArray(result)) {
              expect(result).toMatchObject({ code: 'CLUE_WRONG_STATE' });
              continue;
            }
            for (const event of result) {
              if (event.type === 'ClueOutcomeRecorded') recorded.push(event);
              state = evolve(state, event);
            }
            // The same outcome again changes nothing.
            expect(decide(command, state, cm)).toEqual([]);
          }
          const last = recorded.at(-1);
          const expected = last
            ? (STATUS_AFTER_OUTCOME[last.data.source] as Record<string, string>)[last.data.outcome]
            : STATUS_AFTER_APPROVAL[kind];
          expect(state.status).toBe(expected);
          const keys = recorded.map((e) => `${e.data.source}:${e.data.ref}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const e of recorded)
            expect(e.data.status).toBe((STATUS_AFTER_OUTCOME[e.data.source] as Record<string, string>)[e.data.outcome]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Disposition deadline (properties)', () => {
  const instant = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });

  it('is the first working day on or after N calendar days from the Beijing date of the event (民法典 Art. 201, 203)', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 400 }), (at, days) => {
        const due = dispositionDeadline(at, { dispositionDays: days });
        const beijingDay = Date.parse(new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
        const plain = beijingDay + days * 86_400_000;
        expect(dayInfo(due).working).toBe(true);
        for (let t = plain; t < Date.parse(due); t += 86_400_000)
          expect(dayInfo(new Date(t).toISOString().slice(0, 10)).working).toBe(false);
        expect(Date.parse(due)).toBeGreaterThanOrEqual(plain);
      }),
    );
  });

  it('is monotonic: more days never fall due earlier', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), (at, n, m) => {
        expect(dispositionDeadline(at, { dispositionDays: n }) <= dispositionDeadline(at, { dispositionDays: n + m })).toBe(true);
      }),
    );
  });
});
