import type { OfficeCode } from '@jiandu/decision';
import { checkRequest, supervisionOperations } from '@jiandu/contracts';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from './decision.js';
import { decide, evolve, initialState, type CaseCommand, type CaseConfig, type CaseEvent, type OpenCase } from './case.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
type Context = DecisionContext<CaseConfig>;
const as = (office: string, roles: string[] = [], sub = `u-${office}`, now = NOW): Context => ({
  now,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles, zones: [] },
  config: { months: 3, supplementaryMonths: 1 },
});
const office = as('supervision-office-2');
const otherOffice = as('supervision-office-1');
const system = as('supervision-office-2', [], 'system:supervision');
const leader = as('leadership', ['leader']);
const secretary = as('leadership', ['secretary']);

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const caseId = 'case-c-1';
const subject = { name: '李四', position: '镇党委书记' };
const opening = (heads = false): OpenCase['data'] => ({
  caseId,
  verificationId: 'v-c-1',
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  office: 'supervision-office-2',
  subject,
  subjectHeadsLowerCommittee: heads,
});
const pub = {
  caseId,
  verificationId: 'v-c-1',
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  office: 'supervision-office-2',
  subjectRef: 'c-1',
  subjectPosition: '镇党委书记',
};
const open = (heads = false): CaseCommand => ({ type: 'OpenCase', data: opening(heads) });
const opened = (heads = false): CaseEvent => ({
  type: 'CaseOpened',
  data: { ...pub, subjectHeadsLowerCommittee: heads, openedOn: '2026-09-25' },
});
const subjectRecorded: CaseEvent = { type: 'CaseSubjectRecorded', data: { caseId, subject } };
const approve: CaseCommand = { type: 'ApproveCaseFiling', data: { caseId } };
const filed = (escalated = false): CaseEvent => ({
  type: 'CaseFiled',
  // 3 months from 2026-09-25: Friday 2026-12-25
  data: { ...pub, escalated, filedOn: '2026-09-25', dueOn: '2026-12-25' },
});
const proposedSanction = { party: { kind: 'serious-warning' as const }, governmental: { kind: 'demerit' as const } };
const report: CaseCommand = {
  type: 'SubmitCaseReport',
  data: { caseId, findings: '违规收受礼金两万元', proposedSanction },
};
const reported = (round = 1, late = false): CaseEvent => ({
  type: 'CaseReportSubmitted',
  data: { caseId, round, findings: '违规收受礼金两万元', proposedSanction, submittedOn: '2026-09-25', late },
});
const transfer: CaseCommand = { type: 'TransferCaseToReview', data: { caseId } };
const transferred = (round = 1): CaseEvent => ({
  type: 'CaseTransferredToReview',
  data: {
    ...pub,
    subjectHeadsLowerCommittee: false,
    round,
    findings: '违规收受礼金两万元',
    proposedSanction,
    transferredOn: '2026-09-25',
  },
});
const returnCase = (round = 1): CaseCommand => ({ type: 'ReturnCaseFromReview', data: { caseId, round, reason: '事实不清' } });
const returned: CaseEvent = {
  type: 'CaseReturnedFromReview',
  // 1 month from 2026-09-25 is Sunday 10-25: the next working day, Monday 10-26
  data: { caseId, round: 2, reason: '事实不清', returnedOn: '2026-09-25', dueOn: '2026-10-26' },
};
const base = [opened(), subjectRecorded];

describe('Case 审查调查', () => {
  describe('opening (the system, on a verification decided file-case)', () => {
    it('opens pending 立案, the subject private, the position and a subject reference public', () => {
      given().when(open(), system).then([opened(), subjectRecorded]);
      expect(given(base).state).toMatchObject({ status: 'PendingFiling', subject });
    });
    it('is the system’s alone', () => {
      given().when(open(), office).thenError('SYSTEM_ONLY', 403);
    });
    it('opens a case once', () => {
      given(base).when(open(), system).thenError('CASE_ALREADY_OPENED', 409);
    });
    it('refuses an opening without the subject’s name', () => {
      given()
        .when({ type: 'OpenCase', data: { ...opening(), subject: { name: '', position: '主任' } } }, system)
        .thenError('INVALID_INPUT', 400, 'subject.name');
    });
  });

  describe('立案 (leadership)', () => {
    it('is approved by leadership: the case is filed and its limit starts', () => {
      given(base).when(approve, leader).then([filed()]);
      expect(given([...base, filed()]).state).toMatchObject({ status: 'Investigating', round: 1, dueOn: '2026-12-25' });
    });
    it('needs leadership, not the handling office', () => {
      given(base).when(approve, office).thenError('FORBIDDEN_OFFICE', 403);
    });
    it('needs the secretary when the subject heads a lower-level party committee', () => {
      const escalated = [opened(true), subjectRecorded];
      given(escalated).when(approve, leader).thenError('ESCALATED_APPROVAL_REQUIRED', 403);
      given(escalated)
        .when(approve, secretary)
        .then([filed(true)]);
    });
    it('takes the configured limit', () => {
      const events = given(base)
        .when(approve, { ...leader, config: { months: 6 } })
        .events();
      expect(events[0]).toMatchObject({ type: 'CaseFiled', data: { dueOn: '2027-03-25' } });
    });
    it('files a case once, and not one that does not exist', () => {
      given([...base, filed()])
        .when(approve, leader)
        .thenError('CASE_WRONG_STATE', 409);
      given().when(approve, leader).thenError('CASE_NOT_FOUND', 404);
    });
  });

  describe('不予立案 (leadership refuses the filing)', () => {
    const reject: CaseCommand = { type: 'RejectCaseFiling', data: { caseId, reason: '问题线索不实，不予立案' } };
    const rejected = (escalated = false): CaseEvent[] => [
      { type: 'CaseFilingRejected', data: { ...pub, escalated, rejectedOn: '2026-09-25' } },
      { type: 'CaseFilingRejectionRecorded', data: { caseId, reason: '问题线索不实，不予立案' } },
    ];
    it('ends the case before any limit runs; the reason stays private', () => {
      given(base).when(reject, leader).then(rejected());
      expect(given([...base, ...rejected()]).state).toMatchObject({
        status: 'FilingRejected',
        rejectedOn: '2026-09-25',
        rejection: '问题线索不实，不予立案',
      });
      expect(given([...base, ...rejected()]).state).not.toHaveProperty('dueOn');
    });
    it('needs leadership, not the handling office', () => {
      given(base).when(reject, office).thenError('FORBIDDEN_OFFICE', 403);
    });
    it('needs the secretary when the subject heads a lower-level party committee', () => {
      const escalated = [opened(true), subjectRecorded];
      given(escalated).when(reject, leader).thenError('ESCALATED_APPROVAL_REQUIRED', 403);
      given(escalated).when(reject, secretary).then(rejected(true));
    });
    it('refuses a case already filed, one already refused, and one that does not exist', () => {
      given([...base, filed()])
        .when(reject, leader)
        .thenError('CASE_WRONG_STATE', 409);
      given([...base, ...rejected()])
        .when(reject, leader)
        .thenError('CASE_WRONG_STATE', 409);
      given().when(reject, leader).thenError('CASE_NOT_FOUND', 404);
    });
    it('leaves a refused case to nobody: no filing, report or transfer follows', () => {
      const refused = [...base, ...rejected()];
      given(refused).when(approve, leader).thenError('CASE_WRONG_STATE', 409);
      given(refused).when(report, office).thenError('CASE_WRONG_STATE', 409);
      given(refused).when(transfer, office).thenError('CASE_WRONG_STATE', 409);
      given(refused).when(returnCase(), system).thenError('CASE_WRONG_STATE', 409);
    });
    it('takes a reason the operation’s contract accepts', () => {
      expect(checkRequest(supervisionOperations.rejectCaseFiling, { caseId, reason: '' }).ok).toBe(false);
      expect(checkRequest(supervisionOperations.rejectCaseFiling, { caseId }).ok).toBe(false);
      expect(checkRequest(supervisionOperations.rejectCaseFiling, { caseId, reason: '不实' }).ok).toBe(true);
    });
  });

  describe('the extension', () => {
    const investigating = [...base, filed()];
    const extend: CaseCommand = { type: 'ExtendCase', data: { caseId, reason: '案情复杂' } };
    const extended: CaseEvent = { type: 'CaseExtended', data: { caseId, round: 1, reason: '案情复杂', dueOn: '2027-03-25' } };
    it('adds the configured months once per round, by the handling office', () => {
      given(investigating)
        .when(extend, { ...office, config: { extensionMonths: 3 } })
        .then([extended]);
      expect(given([...investigating, extended]).state).toMatchObject({ dueOn: '2027-03-25', extended: true });
      given([...investigating, extended])
        .when(extend, office)
        .thenError('ALREADY_EXTENDED', 409);
      given(investigating).when(extend, otherOffice).thenError('FORBIDDEN_OFFICE', 403);
    });
    it('is refused before 立案 and after the report, and allowed again in the round after a return', () => {
      given(base).when(extend, office).thenError('CASE_WRONG_STATE', 409);
      given([...investigating, reported()])
        .when(extend, office)
        .thenError('CASE_WRONG_STATE', 409);
      const back = [...investigating, extended, reported(), transferred(), returned];
      const again = given(back).when(extend, office).events();
      expect(again[0]).toMatchObject({ type: 'CaseExtended', data: { round: 2 } });
    });
  });

  describe('the investigation report', () => {
    const investigating = [...base, filed()];
    it('is submitted by the handling office while investigating', () => {
      given(investigating).when(report, office).then([reported()]);
      expect(given([...investigating, reported()]).state).toMatchObject({ status: 'ReportSubmitted', proposedSanction });
    });
    it('is marked late after the due date', () => {
      const late = given(investigating)
        .when(report, as('supervision-office-2', [], 'u-2', on('2026-12-28')))
        .events();
      expect(late[0]).toMatchObject({ data: { late: true, submittedOn: '2026-12-28' } });
    });
    it('is refused before 立案, to another office, and twice', () => {
      given(base).when(report, office).thenError('CASE_WRONG_STATE', 409);
      given(investigating).when(report, otherOffice).thenError('FORBIDDEN_OFFICE', 403);
      given([...investigating, reported()])
        .when(report, office)
        .thenError('CASE_WRONG_STATE', 409);
    });
  });

  describe('the transfer to review (移送审理)', () => {
    const reportedCase = [...base, filed(), reported()];
    it('carries the facts and the proposed sanction from the case’s own stream', () => {
      given(reportedCase).when(transfer, office).then([transferred()]);
    });
    it('keeps a note private', () => {
      const events = given(reportedCase)
        .when({ type: 'TransferCaseToReview', data: { caseId, note: '请审理' } }, office)
        .events();
      expect(events.map((e) => e.type)).toEqual(['CaseTransferredToReview', 'CaseTransferNoted']);
    });
    it('cannot happen before the report, nor before 立案', () => {
      given([...base, filed()])
        .when(transfer, office)
        .thenError('CASE_REPORT_REQUIRED', 409);
      given(base).when(transfer, office).thenError('CASE_REPORT_REQUIRED', 409);
    });
    it('is the handling office’s, once', () => {
      given(reportedCase).when(transfer, otherOffice).thenError('FORBIDDEN_OFFICE', 403);
      given([...reportedCase, transferred()])
        .when(transfer, office)
        .thenError('CASE_WRONG_STATE', 409);
    });
  });

  describe('sent back by the review', () => {
    const inReview = [...base, filed(), reported(), transferred()];
    it('returns to investigating with the reason and a supplementary limit, round 2', () => {
      given(inReview).when(returnCase(), system).then([returned]);
      expect(given([...inReview, returned]).state).toMatchObject({
        status: 'Investigating',
        round: 2,
        returnReason: '事实不清',
        dueOn: '2026-10-26',
      });
    });
    it('needs a new report before it is transferred again, then carries round 2', () => {
      const back = [...inReview, returned];
      given(back).when(transfer, office).thenError('CASE_REPORT_REQUIRED', 409);
      const again = given([...back, reported(2)])
        .when(transfer, office)
        .events();
      expect(again[0]).toMatchObject({ type: 'CaseTransferredToReview', data: { round: 2 } });
    });
    it('is the system’s alone, for the round under review only', () => {
      given(inReview).when(returnCase(), office).thenError('SYSTEM_ONLY', 403);
      given(inReview).when(returnCase(2), system).thenError('CASE_WRONG_STATE', 409);
      given([...base, filed()])
        .when(returnCase(), system)
        .thenError('CASE_WRONG_STATE', 409);
      given().when(returnCase(), system).thenError('CASE_NOT_FOUND', 404);
    });
  });

  describe('ended by the review office', () => {
    const inReview = [...base, filed(), reported(), transferred()];
    const conclude = (outcome: 'sanctioned' | 'exempted' | 'not-sanctioned'): CaseCommand => ({
      type: 'ConcludeCase',
      data: { caseId, outcome, decidedOn: '2026-10-09' },
    });
    const concluded = (outcome: 'sanctioned' | 'exempted' | 'not-sanctioned', round = 1): CaseEvent => ({
      type: 'CaseConcluded',
      data: { caseId, round, outcome, concludedOn: '2026-10-09' },
    });
    it('concludes with the sanction decided, on the decision’s day', () => {
      given(inReview)
        .when(conclude('sanctioned'), system)
        .then([concluded('sanctioned')]);
      expect(given([...inReview, concluded('sanctioned')]).state).toMatchObject({
        status: 'Concluded',
        outcome: 'sanctioned',
        concludedOn: '2026-10-09',
        round: 1,
      });
    });
    it('concludes without a sanction (免予处分 / 不予处分), in the round under review', () => {
      given(inReview)
        .when(conclude('exempted'), system)
        .then([concluded('exempted')]);
      given([...inReview, returned, reported(2), transferred(2)])
        .when(conclude('not-sanctioned'), system)
        .then([concluded('not-sanctioned', 2)]);
    });
    it('is the system’s alone', () => {
      given(inReview).when(conclude('sanctioned'), office).thenError('SYSTEM_ONLY', 403);
      given(inReview).when(conclude('sanctioned'), as('review-office')).thenError('SYSTEM_ONLY', 403);
    });
    it('concludes only a case under review, once; a concluded case takes nothing more', () => {
      const ended = [...inReview, concluded('sanctioned')];
      given(ended).when(conclude('sanctioned'), system).thenError('CASE_WRONG_STATE', 409);
      given(ended).when(returnCase(), system).thenError('CASE_WRONG_STATE', 409);
      given(ended).when(report, office).thenError('CASE_WRONG_STATE', 409);
      given(ended).when(transfer, office).thenError('CASE_WRONG_STATE', 409);
      given([...base, filed()])
        .when(conclude('sanctioned'), system)
        .thenError('CASE_WRONG_STATE', 409);
      given([...base, filed(), reported()])
        .when(conclude('exempted'), system)
        .thenError('CASE_WRONG_STATE', 409);
      given().when(conclude('sanctioned'), system).thenError('CASE_NOT_FOUND', 404);
    });
  });

  describe("the clue's linked cadre (issue 12)", () => {
    const linked = { cadreId: 'cadre-1' };
    it('is carried by the filing, the refusal and the transfer when the handler found the link', () => {
      given(base)
        .when({ type: 'ApproveCaseFiling', data: { caseId, ...linked } }, leader)
        .then([{ type: 'CaseFiled', data: { ...pub, escalated: false, filedOn: '2026-09-25', dueOn: '2026-12-25', ...linked } }]);
      const refusal = given(base)
        .when({ type: 'RejectCaseFiling', data: { caseId, reason: '不实', ...linked } }, leader)
        .events();
      expect(refusal[0]).toEqual({
        type: 'CaseFilingRejected',
        data: { ...pub, escalated: false, rejectedOn: '2026-09-25', ...linked },
      });
      expect(refusal[1]).toEqual({ type: 'CaseFilingRejectionRecorded', data: { caseId, reason: '不实' } });
      const moved = given([...base, filed(), reported()])
        .when({ type: 'TransferCaseToReview', data: { caseId, ...linked } }, office)
        .events();
      expect(moved).toEqual([{ ...transferred(), data: { ...transferred().data, ...linked } }]);
    });
    it('is not kept in the state: each event takes the link as the handler finds it then (none: none, as above)', () => {
      const withCadre = { ...filed(), data: { ...filed().data, ...linked } } as CaseEvent;
      expect(given([...base, withCadre]).state).toEqual(given([...base, filed()]).state);
    });
  });

  describe('the contract', () => {
    it('refuses an unknown sanction kind, an empty proposal, and a probation without its years', () => {
      const op = supervisionOperations.submitCaseReport;
      const body = (proposedSanction: unknown) => ({ caseId, findings: '事实', proposedSanction });
      expect(checkRequest(op, body({ party: { kind: 'warning' } })).ok).toBe(true);
      expect(checkRequest(op, body({ party: { kind: 'probation', probationYears: 2 } })).ok).toBe(true);
      expect(checkRequest(op, body({ party: { kind: 'reprimand' } })).ok).toBe(false);
      expect(checkRequest(op, body({ governmental: { kind: 'serious-warning' } })).ok).toBe(false);
      expect(checkRequest(op, body({})).ok).toBe(false);
      expect(checkRequest(op, body({ party: { kind: 'probation' } })).ok).toBe(false);
      expect(checkRequest(op, body({ party: { kind: 'warning', probationYears: 1 } })).ok).toBe(false);
    });
  });
});
