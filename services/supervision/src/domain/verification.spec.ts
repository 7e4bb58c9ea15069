import { supervisionPublicEvents } from '@jiandu/contracts';
import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from './decision.js';
import {
  decide,
  evolve,
  initialState,
  type OpenVerification,
  type VerificationCommand,
  type VerificationConfig,
  type VerificationEvent,
} from './verification.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
type Context = DecisionContext<VerificationConfig>;
const as = (office: string, extra: Partial<Context> = {}, roles: string[] = [], sub = `u-${office}`): Context => ({
  now: NOW,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles, zones: [] },
  ...extra,
});
const office = as('supervision-office-2');
const system = as('supervision-office-2', {}, [], 'system:supervision');
const leadership = as('leadership');
const secretary = as('leadership', {}, ['secretary']);

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const verificationId = 'v-1';
const subject = { name: '李四', position: '镇党委书记' };
const opening: OpenVerification['data'] = {
  verificationId,
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  office: 'supervision-office-2',
  subject,
};
const pub = {
  verificationId,
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  office: 'supervision-office-2',
};
const open: VerificationCommand = { type: 'OpenVerification', data: opening };
const opened: VerificationEvent = { type: 'VerificationOpened', data: { ...pub, openedOn: '2026-09-25' } };
const subjectRecorded: VerificationEvent = { type: 'VerificationSubjectRecorded', data: { verificationId, subject } };
const plan = (heads = false): VerificationCommand => ({
  type: 'SubmitVerificationPlan',
  data: { verificationId, plan: '调取账目，约谈相关人员', team: ['王五', '赵六'], subjectHeadsLowerCommittee: heads },
});
const planned = (heads = false): VerificationEvent => ({
  type: 'VerificationPlanSubmitted',
  data: { verificationId, plan: '调取账目，约谈相关人员', team: ['王五', '赵六'], subjectHeadsLowerCommittee: heads },
});
const approve: VerificationCommand = { type: 'ApproveVerification', data: { verificationId } };
const approved = (escalated = false): VerificationEvent => ({
  type: 'VerificationApproved',
  data: { ...pub, approvedOn: '2026-09-25', dueOn: '2026-11-25', provisional: false, escalated },
});
const reject: VerificationCommand = { type: 'RejectVerificationPlan', data: { verificationId, note: '核查组人员不足' } };
const rejected: VerificationEvent = { type: 'VerificationPlanRejected', data: { verificationId, note: '核查组人员不足' } };
const extend: VerificationCommand = { type: 'ExtendVerification', data: { verificationId, reason: '需调取外地银行流水' } };
const extended: VerificationEvent = {
  type: 'VerificationExtended',
  data: { ...pub, extendedOn: '2026-09-25', dueOn: '2026-12-25', provisional: false },
};
const extensionReason: VerificationEvent = {
  type: 'VerificationExtensionReasonRecorded',
  data: { verificationId, reason: '需调取外地银行流水' },
};
const report: VerificationCommand = { type: 'SubmitVerificationReport', data: { verificationId, findings: '部分问题属实' } };
const reported = (submittedOn = '2026-09-25', late = false): VerificationEvent => ({
  type: 'VerificationReportSubmitted',
  data: { verificationId, findings: '部分问题属实', submittedOn, late },
});
const decideOn = (decision: string): VerificationCommand =>
  ({ type: 'DecideVerification', data: { verificationId, decision, note: '建议立案审查' } }) as VerificationCommand;
const base = [opened, subjectRecorded];
const running = [...base, planned(), approved()];
const officeCommands = [plan(), extend, report, decideOn('file-case')];
const leadershipCommands = [approve, reject];

describe('PreliminaryVerification', () => {
  describe('when not opened yet', () => {
    it('is opened by the system, the subject kept in a private event', () => {
      given().when(open, system).then([opened, subjectRecorded]);
      expect(given(base).state).toMatchObject({ status: 'Planning', subject });
    });

    it('records the inquiry it was converted from', () => {
      const result = given()
        .when({ type: 'OpenVerification', data: { ...opening, fromInquiryId: 'i-1' } }, system)
        .events();
      expect(result).toMatchObject([{ data: { fromInquiryId: 'i-1' } }, {}]);
    });

    it('is opened by nobody but the system', () => {
      given().when(open, office).thenError('SYSTEM_ONLY', 403);
    });

    it.each([
      ['a bad clue number', { clueNumber: 'XS-1' }, 'clueNumber'],
      ['an office that handles no clues', { office: 'review-office' }, 'office'],
      ['a subject without a position', { subject: { name: '李四', position: '' } }, 'subject.position'],
      ['an empty unit', { unitId: '' }, 'unitId'],
      ['an empty inquiry reference', { fromInquiryId: '' }, 'fromInquiryId'],
    ])('refuses %s', (_what, patch, path) => {
      given()
        .when({ type: 'OpenVerification', data: { ...opening, ...patch } as unknown as OpenVerification['data'] }, system)
        .thenError('INVALID_INPUT', 400, path);
    });

    it.each(officeCommands.map((c) => [c.type, c]))('cannot be acted on: %s', (_t, command) => {
      given().when(command, office).thenError('VERIFICATION_NOT_FOUND', 404);
    });

    it.each(leadershipCommands.map((c) => [c.type, c]))('cannot be approved or rejected: %s', (_t, command) => {
      given().when(command, leadership).thenError('VERIFICATION_NOT_FOUND', 404);
    });
  });

  describe('when planning', () => {
    it('cannot be opened twice', () => {
      given(base).when(open, system).thenError('VERIFICATION_ALREADY_OPENED', 409);
    });

    it('takes a plan with a team of two', () => {
      given(base).when(plan(), office).then([planned()]);
      expect(given([...base, planned()]).state).toMatchObject({ status: 'PlanSubmitted' });
    });

    it.each(officeCommands.map((c) => [c.type, c]))('is acted on by the handling office only: %s', (_t, command) => {
      given(base).when(command, as('dispatched-agency-edu')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it.each([extend, report, decideOn('close')].map((c) => [c.type, c]))('refuses %s before approval', (_t, command) => {
      given(base).when(command, office).thenError('VERIFICATION_WRONG_STATE', 409);
    });

    it.each(leadershipCommands.map((c) => [c.type, c]))('has no plan to approve or reject: %s', (_t, command) => {
      given(base).when(command, leadership).thenError('VERIFICATION_WRONG_STATE', 409);
    });
  });

  describe('when the plan is submitted', () => {
    const submitted = [...base, planned()];

    it('is approved by leadership; the report is due two months later', () => {
      given(submitted).when(approve, leadership).then([approved()]);
      expect(given([...submitted, approved()]).state).toMatchObject({ status: 'Approved', dueOn: '2026-11-25', extended: false });
    });

    it('takes the months from config and keeps an approval note', () => {
      const result = given(submitted)
        .when(
          { type: 'ApproveVerification', data: { verificationId, note: '同意' } },
          as('leadership', { config: { months: 3 } }),
        )
        .events();
      expect(result).toMatchObject([{ data: { dueOn: '2026-12-25', note: '同意' } }]);
    });

    it('falls due on the first working day after a period that ends on a rest day (民法典 Art. 203)', () => {
      // Approved on 2026-04-28 with 2 months: Sunday 06-28 gives way to Monday 06-29.
      const result = given(submitted)
        .when(approve, as('leadership', { now: on('2026-04-28') }))
        .events();
      expect(result).toMatchObject([{ data: { approvedOn: '2026-04-28', dueOn: '2026-06-29', provisional: false } }]);
      // Approved on 2026-08-03 with 2 months: 10-03 is in the National Day holiday (10-01 to 10-07).
      expect(
        given(submitted)
          .when(approve, as('leadership', { now: on('2026-08-03') }))
          .events(),
      ).toMatchObject([{ data: { dueOn: '2026-10-08' } }]);
      // Approved on 2026-08-10 with 2 months: Saturday 10-10 is a 调休 working day, and the due date.
      expect(
        given(submitted)
          .when(approve, as('leadership', { now: on('2026-08-10') }))
          .events(),
      ).toMatchObject([{ data: { dueOn: '2026-10-10' } }]);
    });

    it('is approved by leadership only', () => {
      given(submitted).when(approve, office).thenError('FORBIDDEN_OFFICE', 403);
      given(submitted).when(reject, office).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('needs the secretary when the subject heads a lower-level party committee', () => {
      const escalated = [...base, planned(true)];
      given(escalated).when(approve, leadership).thenError('ESCALATED_APPROVAL_REQUIRED', 403);
      given(escalated)
        .when(approve, secretary)
        .then([approved(true)]);
    });

    it('goes back to planning when rejected, and takes a new plan', () => {
      given(submitted).when(reject, leadership).then([rejected]);
      expect(given([...submitted, rejected]).state).toMatchObject({ status: 'Planning', rejection: '核查组人员不足' });
      given([...submitted, rejected])
        .when(plan(), office)
        .then([planned()]);
    });

    it('cannot take another plan while one waits', () => {
      given(submitted).when(plan(), office).thenError('VERIFICATION_WRONG_STATE', 409);
    });
  });

  describe('when approved', () => {
    it('is extended once by a month: the facts public, the reason private', () => {
      given(running).when(extend, office).then([extended, extensionReason]);
      expect(supervisionPublicEvents.VerificationExtended.errors(extended.data)).toEqual([]);
      expect(extended.data).not.toHaveProperty('reason');
      // An extension recorded before v2 (the reason in the event, no unit) reads the same.
      const v1 = {
        type: 'VerificationExtended',
        data: { verificationId, reason: '需调取外地银行流水', dueOn: '2026-12-25', provisional: false },
      } as unknown as VerificationEvent;
      expect(given([...running, v1]).state).toMatchObject({ dueOn: '2026-12-25', extended: true });
      expect(given([...running, extended]).state).toMatchObject({ dueOn: '2026-12-25', extended: true });
    });

    it('is not extended twice', () => {
      given([...running, extended])
        .when(extend, office)
        .thenError('ALREADY_EXTENDED', 409);
    });

    it('takes the extension from config and needs a reason', () => {
      const result = given(running)
        .when(extend, as('supervision-office-2', { config: { extensionMonths: 2 } }))
        .events();
      expect(result).toMatchObject([{ data: { dueOn: '2027-01-25' } }, { type: 'VerificationExtensionReasonRecorded' }]);
    });

    it('extends from the due date to a working day, provisional in a year without official data', () => {
      // 2026-11-25 plus 3 months is Thursday 2027-02-25; plus 5 is Sunday 2027-04-25, which moves to 04-26.
      const three = given(running)
        .when(extend, as('supervision-office-2', { config: { extensionMonths: 3 } }))
        .events();
      expect(three.slice(0, 1)).toMatchObject([{ data: { dueOn: '2027-02-25', provisional: true } }]);
      const five = given(running)
        .when(extend, as('supervision-office-2', { config: { extensionMonths: 5 } }))
        .events();
      expect(five.slice(0, 1)).toMatchObject([{ data: { dueOn: '2027-04-26', provisional: true } }]);
    });

    it('takes the report, late after the due day', () => {
      given(running).when(report, office).then([reported()]);
      given(running)
        .when(report, as('supervision-office-2', { now: on('2026-11-26') }))
        .then([reported('2026-11-26', true)]);
    });

    it.each([leadershipCommands, [plan(), decideOn('close')]].flat().map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      const context = command.type === 'ApproveVerification' || command.type === 'RejectVerificationPlan' ? leadership : office;
      given(running).when(command, context).thenError('VERIFICATION_WRONG_STATE', 409);
    });
  });

  describe('when the report is in', () => {
    const done = [...running, reported()];

    it.each(['file-case', 'close', 'light-measure', 'shelve', 'transfer'])(
      'is decided: %s, the reasoning kept private',
      (decision) => {
        given(done)
          .when(decideOn(decision), office)
          .then([
            { type: 'VerificationDecided', data: { ...pub, decision, decidedOn: '2026-09-25' } } as VerificationEvent,
            { type: 'VerificationDecisionRecorded', data: { verificationId, note: '建议立案审查' } },
          ]);
      },
    );

    it.each([extend, report].map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given(done).when(command, office).thenError('VERIFICATION_WRONG_STATE', 409);
    });
  });

  describe('when decided', () => {
    const decided = [
      ...running,
      reported(),
      { type: 'VerificationDecided', data: { ...pub, decision: 'close', decidedOn: '2026-09-25' } } as VerificationEvent,
      { type: 'VerificationDecisionRecorded', data: { verificationId, note: '了结' } } as VerificationEvent,
    ];

    it('keeps the decision', () => {
      expect(given(decided).state).toMatchObject({ status: 'Decided', decision: 'close', note: '了结' });
    });

    it.each(officeCommands.map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given(decided).when(command, office).thenError('VERIFICATION_WRONG_STATE', 409);
    });
  });
});
