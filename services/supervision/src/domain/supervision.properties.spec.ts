import type { OfficeCode } from '@jiandu/decision';
import {
  checkRequest,
  isDomainError,
  Line,
  supervisionOperations as ops,
  supervisionPublicEvents,
  type ApiOperation,
  type EventContract,
} from '@jiandu/contracts';
import { acceptedRequest, arbitraryFromSchema } from '@jiandu/testing';
import type { Static } from '@sinclair/typebox';
import fc from 'fast-check';
import * as agencyReport from './agency-report.js';
import type { DecisionContext } from './decision.js';
import * as inquiry from './inquiry.js';
import * as oversight from './oversight-task.js';
import * as recommendation from './recommendation.js';
import * as rectification from './rectification.js';
import * as verification from './verification.js';

// Every command a person sends is one the contract accepted (the RPC server refuses the rest with
// 400 before any decider runs). So a person's commands are built, as the command handlers build
// them, from requests generated from the operation's own request schema (@jiandu/testing), and the
// property holds the deciders to refusing them only for a state or cross-entity rule (403, 404,
// 409, 422), never as malformed input (400).

// ── arbitraries shared by every aggregate
const NOW = new Date('2026-09-25T02:00:00.000Z');
const TODAY = '2026-09-25';
/** Mostly today, so that runs get far; sometimes any day around it. */
const day = fc.oneof(
  { weight: 6, arbitrary: fc.constant('2026-09-25') },
  { weight: 1, arbitrary: fc.constantFrom('2026-01-05', '2026-10-22', '2026-12-31', '2027-03-01', '2028-06-30', '2026-02-28') },
);
const OFFICES = [
  'supervision-office-1',
  'dispatched-agency-edu',
  'leadership',
  'general-office',
  'conduct-office',
  'petition-office',
];
type Ctx = DecisionContext<Record<string, number>>;
// Mostly the office entitled to act (the system for openings) on the same day, so that runs get far;
// sometimes anyone, any day, a person instead of the system, with or without the secretary's role.
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
      office: fc.oneof({ weight: 5, arbitrary: fc.constant(office) }, fc.constantFrom(...OFFICES)),
      roles: fc.constantFrom([], ['secretary']),
      zones: fc.constantFrom(['unit-1'], []),
    }),
    config: fc.constantFrom(undefined, {
      replyWorkingDays: 3,
      conclusionDays: 1,
      months: 1,
      extensionMonths: 3,
      responseDays: 7,
      quarterlyReportWorkingDays: 1,
    }),
  }) as fc.Arbitrary<Ctx>;
/** A command the system sends (an opening, whose input comes from events), and its context. */
const cmd = <C>(type: string, data: fc.Arbitrary<object>, office: string, system = false) =>
  fc.tuple(
    fc.record({ type: fc.constant(type), data }).map((command) => command as unknown as C),
    by(office, system),
  );
/**
 * A person's command, built from a request the operation's contract accepts as its command handler
 * builds it, and its context. `pinned` keeps the aggregate's id (and a few values) to a handful, so
 * that one run meets the same aggregate again; a pinned request must still pass the contract.
 */
const from = <Op extends ApiOperation>(
  op: Op,
  office: string,
  toCommand: (request: Static<Op['request']>) => { type: string; data: object },
  pinned: Record<string, fc.Arbitrary<unknown>> = {},
) =>
  fc.tuple(
    fc.tuple(acceptedRequest(op, { formats: { date: day } }), fc.record(pinned)).map(([request, pins]) => {
      const present = Object.entries(pins).filter(([key]) => key in (request as object));
      const value = { ...(request as object), ...Object.fromEntries(present) } as Static<Op['request']>;
      const checked = checkRequest(op, value);
      if (!checked.ok) throw new Error(`${op.name}: a pinned request the contract refuses: ${JSON.stringify(checked.fields)}`);
      return toCommand(value);
    }),
    by(office),
  );
/** The command handler passes the request on as the command's data. */
const as = (type: string) => (request: object) => ({ type, data: request });
const clue = {
  clueId: fc.constant('c-1'),
  clueNumber: fc.oneof({ weight: 9, arbitrary: fc.constant('XS-2026-000001') }, fc.constant('XS-26-1')),
  sourceRef: fc.constant('p-1'),
};
const inquiryId = { inquiryId: fc.constant('i-1') };
const verificationId = { verificationId: fc.constant('v-1') };
const recommendationId = { recommendationId: fc.constant('r-1') };
const rectificationId = { rectificationId: fc.constant('x-1') };
const unit = { unitId: fc.constant('unit-1') };
const subject = fc.record({ name: arbitraryFromSchema(Line(100)), position: arbitraryFromSchema(Line(100)) });
const handling = fc.oneof(
  { weight: 9, arbitrary: fc.constant('supervision-office-1') },
  fc.constantFrom('dispatched-agency-edu', 'petition-office'),
);

// ── the aggregates, each with its commands and the transitions it may take
interface Aggregate {
  name: string;
  decide: (c: unknown, s: unknown, ctx: Ctx) => unknown;
  evolve: (s: unknown, e: unknown) => { status: string };
  initial: () => { status: string };
  steps: fc.Arbitrary<[unknown, Ctx]>;
  next: Record<string, readonly string[]>;
  private: readonly string[];
}
const O = 'supervision-office-1';
const AGGREGATES: Aggregate[] = [
  {
    name: 'Inquiry',
    ...(inquiry as unknown as Pick<Aggregate, 'decide' | 'evolve'>),
    initial: inquiry.initialState,
    steps: fc.oneof(
      cmd(
        'OpenInquiry',
        fc.record(
          {
            inquiryId: fc.constant('i-1'),
            ...clue,
            unitId: fc.constant('unit-1'),
            office: handling,
            subject,
            round: fc.constantFrom(1, 1, 2),
            previousInquiryId: fc.constantFrom(undefined, 'i-0'),
          },
          { requiredKeys: ['inquiryId', 'clueId', 'clueNumber', 'unitId', 'office', 'subject', 'round'] },
        ),
        O,
        true,
      ),
      from(ops.conductTalk, O, (r) => ({ type: 'ConductTalk', data: { ...r, conductedOn: r.conductedOn ?? TODAY } }), inquiryId),
      from(ops.sendInquiryLetter, O, as('SendLetter'), inquiryId),
      from(
        ops.receiveInquiryReply,
        O,
        (r) => ({ type: 'ReceiveReply', data: { ...r, receivedOn: r.receivedOn ?? TODAY } }),
        inquiryId,
      ),
      from(ops.assessInquiry, O, as('AssessInquiry'), inquiryId),
      from(ops.concludeInquiry, O, as('ConcludeInquiry'), inquiryId),
    ) as fc.Arbitrary<[unknown, Ctx]>,
    next: {
      Initial: ['Initial', 'Approved'],
      Approved: ['Approved', 'TalkConducted', 'LetterSent'],
      TalkConducted: ['TalkConducted', 'Assessed'],
      LetterSent: ['LetterSent', 'Replied'],
      Replied: ['Replied', 'Assessed'],
      Assessed: ['Assessed', 'Concluded'],
      Concluded: ['Concluded'],
    },
    private: [
      'InquirySubjectRecorded',
      'TalkConducted',
      'InquiryLetterSent',
      'InquiryReplyReceived',
      'InquiryAssessed',
      'InquiryConclusionRecorded',
    ],
  },
  {
    name: 'PreliminaryVerification',
    ...(verification as unknown as Pick<Aggregate, 'decide' | 'evolve'>),
    initial: verification.initialState,
    steps: fc.oneof(
      cmd(
        'OpenVerification',
        fc.record({ verificationId: fc.constant('v-1'), ...clue, unitId: fc.constant('unit-1'), office: handling, subject }),
        O,
        true,
      ),
      from(ops.submitVerificationPlan, O, as('SubmitVerificationPlan'), verificationId),
      from(ops.approveVerification, 'leadership', as('ApproveVerification'), verificationId),
      from(ops.rejectVerificationPlan, 'leadership', as('RejectVerificationPlan'), verificationId),
      from(ops.extendVerification, O, as('ExtendVerification'), verificationId),
      from(ops.submitVerificationReport, O, as('SubmitVerificationReport'), verificationId),
      from(ops.decideVerification, O, as('DecideVerification'), verificationId),
    ) as fc.Arbitrary<[unknown, Ctx]>,
    next: {
      Initial: ['Initial', 'Planning'],
      Planning: ['Planning', 'PlanSubmitted'],
      PlanSubmitted: ['PlanSubmitted', 'Planning', 'Approved'],
      Approved: ['Approved', 'ReportSubmitted'],
      ReportSubmitted: ['ReportSubmitted', 'Decided'],
      Decided: ['Decided'],
    },
    private: [
      'VerificationSubjectRecorded',
      'VerificationPlanSubmitted',
      'VerificationPlanRejected',
      'VerificationExtensionReasonRecorded',
      'VerificationReportSubmitted',
      'VerificationDecisionRecorded',
    ],
  },
  {
    name: 'DisciplineRecommendation',
    ...(recommendation as unknown as Pick<Aggregate, 'decide' | 'evolve'>),
    initial: recommendation.initialState,
    steps: fc.oneof(
      from(
        ops.issueRecommendation,
        O,
        (r) => ({ type: 'IssueRecommendation', data: { recommendationId: 'r-1', ...r, office: O } }),
        unit,
      ),
      from(ops.recordRecommendationResponse, O, as('RecordResponse'), recommendationId),
      from(ops.verifyRecommendation, O, as('VerifyRecommendation'), recommendationId),
      from(ops.closeRecommendation, O, as('CloseRecommendation'), recommendationId),
      from(ops.recordRecommendationRefusal, O, as('RecordRefusal'), recommendationId),
    ) as fc.Arbitrary<[unknown, Ctx]>,
    next: {
      Initial: ['Initial', 'Issued'],
      Issued: ['Issued', 'Responded', 'Escalated'],
      Responded: ['Responded', 'Verified'],
      Verified: ['Verified', 'Closed'],
      Closed: ['Closed'],
      Escalated: ['Escalated'],
    },
    private: ['RecommendationResponseRecorded', 'RecommendationVerified', 'RecommendationClosed'],
  },
  {
    name: 'RectificationItem',
    ...(rectification as unknown as Pick<Aggregate, 'decide' | 'evolve'>),
    initial: rectification.initialState,
    steps: fc.oneof(
      from(
        ops.openRectification,
        O,
        (r) => ({ type: 'OpenRectification', data: { rectificationId: 'x-1', ...r, office: O } }),
        unit,
      ),
      from(ops.reportRectificationProgress, O, as('ReportProgress'), rectificationId),
      from(ops.completeRectification, O, as('CompleteRectification'), rectificationId),
      from(ops.verifyRectification, O, as('VerifyRectification'), rectificationId),
      from(ops.reopenRectification, O, as('ReopenRectification'), rectificationId),
    ) as fc.Arbitrary<[unknown, Ctx]>,
    next: {
      Initial: ['Initial', 'Opened'],
      Opened: ['Opened', 'InProgress', 'Completed'],
      InProgress: ['InProgress', 'Completed'],
      Completed: ['Completed', 'Verified', 'InProgress'],
      Verified: ['Verified'],
    },
    private: ['RectificationProgressReported', 'RectificationCompleted', 'RectificationReopeningReasonRecorded'],
  },
  {
    name: 'OversightTask',
    ...(oversight as unknown as Pick<Aggregate, 'decide' | 'evolve'>),
    initial: oversight.initialState,
    steps: fc.oneof(
      from(ops.assignOversightTask, 'general-office', (r) => ({ type: 'AssignOversightTask', data: { taskId: 't-1', ...r } }), {
        assigneeOffice: fc.constantFrom('conduct-office', 'supervision-office-3'),
      }),
      from(ops.recordOversightProgress, 'conduct-office', as('RecordTaskProgress'), { taskId: fc.constant('t-1') }),
      from(ops.closeOversightTask, 'general-office', as('CloseOversightTask'), { taskId: fc.constant('t-1') }),
    ) as fc.Arbitrary<[unknown, Ctx]>,
    next: {
      Initial: ['Initial', 'Assigned'],
      Assigned: ['Assigned', 'InProgress', 'Closed'],
      InProgress: ['InProgress', 'Closed'],
      Closed: ['Closed'],
    },
    private: ['OversightTaskProgressed'],
  },
  {
    name: 'AgencyReports',
    ...(agencyReport as unknown as Pick<Aggregate, 'decide' | 'evolve'>),
    initial: agencyReport.initialState,
    steps: fc.oneof(
      from(
        ops.submitAgencyReport,
        'dispatched-agency-edu',
        ({ kind, year, quarter, unitId, summary }) =>
          kind === 'quarterly'
            ? { type: 'SubmitQuarterlyReport', data: { year, quarter, summary } }
            : { type: 'SubmitPoliticalEcologyReport', data: { unitId, year, summary } },
        { year: fc.constantFrom(2000, 2026, 2027, 2100), unitId: fc.constantFrom('unit-1', 'unit-2') },
      ),
    ) as fc.Arbitrary<[unknown, Ctx]>,
    next: { Initial: ['Initial', 'Reporting'], Reporting: ['Reporting'] },
    private: ['QuarterlyReportSummaryRecorded', 'PoliticalEcologyReportSummaryRecorded'],
  },
];

// ── what no event may carry, and which deadline follows which start
const REPORTER = /reporter|phone|idNumber|idCard|address|lookupCode|realName/i;
const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]) : [];
const DEADLINES: Record<string, [due: string, start: string]> = {
  InquiryLetterSent: ['replyDueOn', 'sentOn'],
  InquiryAssessed: ['conclusionDueOn', 'assessedOn'],
  VerificationApproved: ['dueOn', 'approvedOn'],
  RecommendationIssued: ['responseDueOn', 'issuedOn'],
  RectificationOpened: ['dueOn', 'openedOn'],
  RectificationReopened: ['dueOn', 'reopenedOn'],
  OversightTaskAssigned: ['dueOn', 'assignedOn'],
};
const publicContract = (type: string): EventContract | undefined =>
  (supervisionPublicEvents as Record<string, EventContract>)[type];

describe.each(AGGREGATES)('$name (properties)', (aggregate) => {
  it('for any commands from any office, moves only along allowed transitions, refuses with typed errors, and publishes valid events', () => {
    const reached = new Set<string>();
    const everyState = Object.keys(aggregate.next)
      .filter((s) => s !== 'Initial')
      .sort();
    const covered = () => everyState.every((s) => reached.has(s));
    // Random runs reach the deepest states (a concluded inquiry) only sometimes: run more batches,
    // each checking the property, until every state was reached (or give up after six).
    for (let batch = 0; batch < 6 && !covered(); batch++)
      fc.assert(
        fc.property(fc.array(aggregate.steps, { maxLength: 40, size: 'max' }), (steps) => {
          let state = aggregate.initial();
          let previousDue: string | undefined;
          for (const [command, context] of steps) {
            const result = aggregate.decide(command, state, context);
            if (!Array.isArray(result)) {
              expect(isDomainError(result)).toBe(true);
              // A system opening may still be refused as malformed (its input came from an event).
              const opening = (command as { type: string }).type.startsWith('Open');
              expect(opening ? [400, 403, 404, 409, 422] : [403, 404, 409, 422]).toContain((result as { status: number }).status);
              continue;
            }
            for (const event of result as Array<{ type: string; data: Record<string, unknown> }>) {
              const next = aggregate.evolve(state, event);
              expect(aggregate.next[state.status]).toContain(next.status);
              // A decision on a new aggregate creates it: its first event leaves Initial.
              if (state.status === 'Initial') expect(next.status).not.toBe('Initial');
              const contract = publicContract(event.type);
              if (contract) {
                expect(contract.errors(event.data)).toEqual([]);
                expect(keysOf(event.data)).not.toContain('subject');
              } else {
                expect(aggregate.private).toContain(event.type);
              }
              expect(keysOf(event.data).filter((k) => REPORTER.test(k))).toEqual([]);
              const rule = DEADLINES[event.type];
              if (rule) expect(String(event.data[rule[0]]) >= String(event.data[rule[1]])).toBe(true);
              if (event.type === 'VerificationExtended') expect(String(event.data.dueOn) > String(previousDue)).toBe(true);
              if (event.type === 'VerificationApproved') previousDue = String(event.data.dueOn);
              state = next;
              reached.add(state.status);
            }
          }
          if ('extended' in state) expect(typeof state.extended).toBe('boolean');
          if ('round' in state) expect([1, 2]).toContain(state.round);
        }),
        { numRuns: 300 },
      );
    // The runs are worth something only if they get everywhere.
    expect([...reached].sort()).toEqual(everyState);
  });
});

describe('Deadlines (properties)', () => {
  const instant = fc.date({ min: new Date('2025-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
  const actor = { sub: 'u-1', name: 'User', office: O as OfficeCode, roles: [], zones: [] };
  const opened = (round: 1 | 2 = 1) =>
    [
      {
        type: 'InquiryOpened',
        data: {
          inquiryId: 'i-1',
          clueId: 'c-1',
          clueNumber: 'XS-2026-000001',
          unitId: 'u',
          office: O,
          round,
          openedOn: '2025-01-01',
        },
      },
    ] as inquiry.InquiryEvent[];

  it('a reply is never due before the letter, and strictly after it', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 60 }), (now, days) => {
        const state = opened().reduce(inquiry.evolve, inquiry.initialState());
        const result = inquiry.decide({ type: 'SendLetter', data: { inquiryId: 'i-1', issueSummary: '问题摘要' } }, state, {
          now,
          actor,
          config: { replyWorkingDays: days },
        });
        const data = (result as inquiry.InquiryLetterSent[])[0]?.data;
        expect(data && data.replyDueOn > data.sentOn).toBe(true);
      }),
    );
  });

  it('a quarterly report is due after its quarter ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2035 }),
        fc.constantFrom<agencyReport.Quarter>(1, 2, 3, 4),
        fc.integer({ min: 1, max: 30 }),
        (year, quarter, days) => {
          expect(
            agencyReport.quarterlyReportDueOn(year, quarter, { quarterlyReportWorkingDays: days }).date >
              agencyReport.quarterEnd(year, quarter),
          ).toBe(true);
        },
      ),
    );
  });
});
