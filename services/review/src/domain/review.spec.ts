import type { OfficeCode } from '@jiandu/decision';
import { checkRequest, reviewOperations } from '@jiandu/contracts';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from '@jiandu/decision';
import {
  decide,
  evolve,
  initialState,
  type ReviewCommand,
  type ReviewConfig,
  type ReviewEvent,
  type Transferred,
} from './review.js';
import { DEFAULT_SANCTION_PERIODS, inEffectOn, plusMonths } from './sanction-periods.js';

const NOW = new Date('2026-09-25T02:00:00.000Z');
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
type Context = DecisionContext<ReviewConfig>;
const as = (office: string, roles: string[] = [], sub = `u-${office}`, now = NOW): Context => ({
  now,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles, zones: [] },
  config: { months: 1, extensionMonths: 1, periods: DEFAULT_SANCTION_PERIODS },
});
const review = as('review-office');
const system = as('review-office', [], 'system:review');
const leader = as('leadership', ['leader']);
const secretary = as('leadership', ['secretary']);

const { given } = specification({ decide, evolve, initialState });

const reviewId = 'case-c-1';
const transferred = (round = 1, heads = false): Transferred => ({
  caseId: reviewId,
  verificationId: 'v-c-1',
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  unitId: 'unit-1',
  office: 'supervision-office-2',
  subjectRef: 'c-1',
  subjectPosition: '镇党委书记',
  subjectHeadsLowerCommittee: heads,
  round,
  findings: '违规收受礼金两万元',
  proposedSanction: { party: { kind: 'warning' } },
});
const receive = (round = 1, heads = false): ReviewCommand => ({ type: 'ReceiveCase', data: transferred(round, heads) });
// 1 month from Friday 2026-09-25 is Sunday 10-25: Monday 10-26 (民法典 Art. 203)
const received = (round = 1, heads = false, day = '2026-09-25', dueOn = '2026-10-26'): ReviewEvent => ({
  type: 'CaseReceivedForReview',
  data: { ...transferred(round, heads), receivedOn: day, dueOn },
});
const sendBack: ReviewCommand = { type: 'SendCaseBack', data: { reviewId, reason: '事实不清，证据不足' } };
const sentBack: ReviewEvent = {
  type: 'CaseReturnedForInvestigation',
  data: {
    caseId: reviewId,
    clueId: 'c-1',
    office: 'supervision-office-2',
    round: 1,
    reason: '事实不清，证据不足',
    returnedOn: '2026-09-25',
  },
};
const sanction = { party: { kind: 'serious-warning' as const }, governmental: { kind: 'demerit' as const } };
const propose: ReviewCommand = { type: 'ProposeSanction', data: { reviewId, sanction, note: '事实清楚' } };
const proposed: ReviewEvent = {
  type: 'SanctionProposed',
  data: { reviewId, sanction, note: '事实清楚', proposedOn: '2026-09-25' },
};
const approve: ReviewCommand = { type: 'ApproveSanction', data: { reviewId } };
const decided = (escalated = false): ReviewEvent => ({
  type: 'SanctionDecided',
  data: {
    caseId: reviewId,
    clueId: 'c-1',
    clueNumber: 'XS-2026-000001',
    unitId: 'unit-1',
    office: 'supervision-office-2',
    subjectRef: 'c-1',
    subjectPosition: '镇党委书记',
    party: {
      kind: 'serious-warning',
      effectiveFrom: '2026-09-25',
      effectiveUntil: '2028-03-25',
      rule: '纪律处分条例第十条：严重警告，一年半内不得在党内提升职务（严重警告，影响期 18 个月）',
    },
    governmental: {
      kind: 'demerit',
      effectiveFrom: '2026-09-25',
      effectiveUntil: '2027-09-25',
      rule: '政务处分法第八条：记过，十二个月（影响期 12 个月）',
    },
    escalated,
    decidedOn: '2026-09-25',
  },
});

describe('Review 审理', () => {
  describe('receiving a case (the system, on CaseTransferredToReview)', () => {
    it('opens the review with its limit', () => {
      given().when(receive(), system).then([received()]);
      expect(given([received()]).state).toMatchObject({ status: 'Reviewing', dueOn: '2026-10-26', extended: false });
    });
    it('is the system’s alone, and once per round', () => {
      given().when(receive(), review).thenError('SYSTEM_ONLY', 403);
      given([received()]).when(receive(), system).thenError('REVIEW_ALREADY_RECEIVED', 409);
      given([received(), sentBack]).when(receive(1), system).thenError('REVIEW_ALREADY_RECEIVED', 409);
    });
  });

  describe('the limit', () => {
    it('is extended once, by 审理室', () => {
      const extended: ReviewEvent = { type: 'ReviewExtended', data: { reviewId, reason: '案情复杂', dueOn: '2026-11-26' } };
      given([received()])
        .when({ type: 'ExtendReview', data: { reviewId, reason: '案情复杂' } }, review)
        .then([extended]);
      given([received(), extended])
        .when({ type: 'ExtendReview', data: { reviewId, reason: '再延' } }, review)
        .thenError('ALREADY_EXTENDED', 409);
      given([received()])
        .when({ type: 'ExtendReview', data: { reviewId, reason: '案情复杂' } }, leader)
        .thenError('FORBIDDEN_OFFICE', 403);
    });
  });

  describe('sending the case back', () => {
    it('sends it back with the reason', () => {
      given([received()]).when(sendBack, review).then([sentBack]);
      expect(given([received(), sentBack]).state).toMatchObject({ status: 'SentBack' });
    });
    it('cannot propose, extend or send back again until the case returns', () => {
      const back = [received(), sentBack];
      given(back).when(propose, review).thenError('REVIEW_WRONG_STATE', 409);
      given(back).when(sendBack, review).thenError('REVIEW_WRONG_STATE', 409);
      given(back)
        .when({ type: 'ExtendReview', data: { reviewId, reason: 'x' } }, review)
        .thenError('REVIEW_WRONG_STATE', 409);
    });
    it('reviews the returned case as round 2, with a fresh limit', () => {
      const back = [received(), sentBack];
      const again = given(back)
        .when(receive(2), as('review-office', [], 'system:review', on('2026-11-02')))
        .events();
      expect(again).toEqual([received(2, false, '2026-11-02', '2026-12-02')]);
      given([...back, ...again])
        .when(propose, review)
        .then([proposed]);
    });
    it('is 审理室’s, on a review that exists', () => {
      given([received()]).when(sendBack, as('supervision-office-2')).thenError('FORBIDDEN_OFFICE', 403);
      given().when(sendBack, review).thenError('REVIEW_NOT_FOUND', 404);
    });
  });

  describe('the sanction', () => {
    const proposing = [received(), proposed];
    it('is proposed by 审理室 and decided by leadership, each part with its effect period and rule', () => {
      given([received()]).when(propose, review).then([proposed]);
      given(proposing).when(approve, leader).then([decided()]);
    });
    it('on a subject heading a lower-level party committee needs the secretary', () => {
      const escalated = [received(1, true), proposed];
      given(escalated).when(approve, leader).thenError('ESCALATED_APPROVAL_REQUIRED', 403);
      given(escalated)
        .when(approve, secretary)
        .then([{ ...decided(true) }]);
    });
    it('is decided by leadership only, once proposed', () => {
      given(proposing).when(approve, review).thenError('FORBIDDEN_OFFICE', 403);
      given([received()]).when(approve, leader).thenError('REVIEW_WRONG_STATE', 409);
      given([...proposing, decided()])
        .when(approve, leader)
        .thenError('REVIEW_WRONG_STATE', 409);
    });
    it('goes back to 审理室 when leadership rejects the proposal', () => {
      const rejected: ReviewEvent = { type: 'SanctionProposalRejected', data: { reviewId, note: '量纪偏轻' } };
      given(proposing)
        .when({ type: 'RejectSanction', data: { reviewId, note: '量纪偏轻' } }, leader)
        .then([rejected]);
      given([...proposing, rejected])
        .when(propose, review)
        .then([proposed]);
    });
    it('gives 留党察看 its probation then two years, and 开除 (governmental) no end', () => {
      const heavy = {
        party: { kind: 'probation' as const, probationYears: 2 as const },
        governmental: { kind: 'expulsion' as const },
      };
      const events = given([received(), { ...proposed, data: { ...proposed.data, sanction: heavy } } as ReviewEvent])
        .when(approve, leader)
        .events();
      const data = (events[0] as Extract<ReviewEvent, { type: 'SanctionDecided' }>).data;
      expect(data.party).toMatchObject({ kind: 'probation', probationYears: 2, effectiveUntil: '2030-09-25' });
      expect(data.governmental).toEqual({
        kind: 'expulsion',
        effectiveFrom: '2026-09-25',
        rule: '政务处分法第八条：开除，不再录用',
      });
    });
    it('takes configured periods', () => {
      const config = {
        periods: { ...DEFAULT_SANCTION_PERIODS, governmental: { ...DEFAULT_SANCTION_PERIODS.governmental, demerit: 3 } },
      };
      const events = given(proposing)
        .when(approve, { ...leader, config })
        .events();
      expect(events[0]).toMatchObject({ data: { governmental: { effectiveUntil: '2026-12-25' } } });
    });
  });

  describe('a conclusion without a sanction (免予处分 / 不予处分)', () => {
    const conclude = (outcome: 'exempted' | 'not-sanctioned' = 'exempted'): ReviewCommand => ({
      type: 'ConcludeWithoutSanction',
      data: { reviewId, outcome, reason: '情节轻微，主动交代，免予处分' },
    });
    const concluded = (escalated = false, outcome: 'exempted' | 'not-sanctioned' = 'exempted'): ReviewEvent[] => [
      {
        type: 'ReviewConcludedWithoutSanction',
        data: {
          caseId: reviewId,
          clueId: 'c-1',
          clueNumber: 'XS-2026-000001',
          unitId: 'unit-1',
          office: 'supervision-office-2',
          subjectRef: 'c-1',
          subjectPosition: '镇党委书记',
          outcome,
          escalated,
          concludedOn: '2026-09-25',
        },
      },
      { type: 'ReviewConclusionRecorded', data: { reviewId, reason: '情节轻微，主动交代，免予处分' } },
    ];
    it('is decided by leadership on a case under review; the reason stays private, the review ends', () => {
      given([received()]).when(conclude(), leader).then(concluded());
      given([received()]).when(conclude('not-sanctioned'), leader).then(concluded(false, 'not-sanctioned'));
      expect(given([received(), ...concluded()]).state).toMatchObject({
        status: 'Concluded',
        outcome: 'exempted',
        concludedOn: '2026-09-25',
        reason: '情节轻微，主动交代，免予处分',
      });
    });
    it('on a subject heading a lower-level party committee needs the secretary', () => {
      given([received(1, true)])
        .when(conclude(), leader)
        .thenError('ESCALATED_APPROVAL_REQUIRED', 403);
      given([received(1, true)])
        .when(conclude(), secretary)
        .then(concluded(true));
    });
    it('is leadership’s only', () => {
      given([received()]).when(conclude(), review).thenError('FORBIDDEN_OFFICE', 403);
      given([received()]).when(conclude(), as('supervision-office-2')).thenError('FORBIDDEN_OFFICE', 403);
    });
    it('is refused on a case sent back, with a sanction proposed or decided, already concluded, or unknown', () => {
      given([received(), sentBack]).when(conclude(), leader).thenError('REVIEW_WRONG_STATE', 409);
      given([received(), proposed]).when(conclude(), leader).thenError('REVIEW_WRONG_STATE', 409);
      given([received(), proposed, decided()]).when(conclude(), leader).thenError('REVIEW_WRONG_STATE', 409);
      given([received(), ...concluded()])
        .when(conclude(), leader)
        .thenError('REVIEW_WRONG_STATE', 409);
      given().when(conclude(), leader).thenError('REVIEW_NOT_FOUND', 404);
    });
    it('leaves nothing to do on the concluded review: no proposal, return, sanction or common issue', () => {
      const done = [received(), ...concluded()];
      given(done).when(propose, review).thenError('REVIEW_WRONG_STATE', 409);
      given(done).when(sendBack, review).thenError('REVIEW_WRONG_STATE', 409);
      given(done).when(approve, leader).thenError('REVIEW_WRONG_STATE', 409);
      given(done)
        .when({ type: 'IdentifyCommonIssue', data: { reviewId, issue: '报销审核流于形式' } }, review)
        .thenError('REVIEW_WRONG_STATE', 409);
    });
  });

  describe('a common issue (普遍性问题 → 加强监督建议书)', () => {
    const done = [received(), proposed, decided()];
    const issue = '该镇财务报销审核流于形式，多名干部违规报销';
    const identify = (text = issue): ReviewCommand => ({ type: 'IdentifyCommonIssue', data: { reviewId, issue: text } });
    const identified = (n: number, text = issue): ReviewEvent => ({
      type: 'CommonIssueIdentified',
      data: {
        issueId: `${reviewId}-issue-${n}`,
        caseId: reviewId,
        clueId: 'c-1',
        clueNumber: 'XS-2026-000001',
        unitId: 'unit-1',
        office: 'supervision-office-2',
        issue: text,
        identifiedOn: '2026-09-25',
      },
    });
    it('is identified by 审理室 on a decided case, for the unit and the office that handled the case', () => {
      given(done)
        .when(identify(), review)
        .then([identified(1)]);
      given([...done, identified(1)])
        .when(identify('公务接待无审批'), review)
        .then([identified(2, '公务接待无审批')]);
    });
    it('is identified once: the same issue again is refused', () => {
      given([...done, identified(1)])
        .when(identify(), review)
        .thenError('COMMON_ISSUE_ALREADY_IDENTIFIED', 409);
    });
    it('waits for the sanction: refused while reviewing, sent back or proposed', () => {
      given([received()]).when(identify(), review).thenError('REVIEW_WRONG_STATE', 409);
      given([received(), sentBack]).when(identify(), review).thenError('REVIEW_WRONG_STATE', 409);
      given([received(), proposed]).when(identify(), review).thenError('REVIEW_WRONG_STATE', 409);
    });
    it('is refused to another office, and on a review that does not exist', () => {
      given(done).when(identify(), leader).thenError('FORBIDDEN_OFFICE', 403);
      given(done).when(identify(), as('supervision-office-2')).thenError('FORBIDDEN_OFFICE', 403);
      given().when(identify(), review).thenError('REVIEW_NOT_FOUND', 404);
    });
    it('keeps the case’s effect periods as they were', () => {
      const after = as('review-office', [], 'system:review', on('2027-09-26'));
      given([...done, identified(1)])
        .when({ type: 'EndSanctionEffect', data: { reviewId, side: 'governmental' } }, after)
        .then([
          {
            type: 'SanctionEffectEnded',
            data: {
              caseId: reviewId,
              subjectRef: 'c-1',
              side: 'governmental',
              effectiveUntil: '2027-09-25',
              endedOn: '2027-09-26',
            },
          },
        ]);
    });
  });

  describe('the effect period', () => {
    const done = [received(), proposed, decided()];
    const end = (side: 'party' | 'governmental'): ReviewCommand => ({ type: 'EndSanctionEffect', data: { reviewId, side } });
    it('ends by the system the day after its last day, once', () => {
      const after = as('review-office', [], 'system:review', on('2027-09-26'));
      const ended: ReviewEvent = {
        type: 'SanctionEffectEnded',
        data: { caseId: reviewId, subjectRef: 'c-1', side: 'governmental', effectiveUntil: '2027-09-25', endedOn: '2027-09-26' },
      };
      given(done).when(end('governmental'), after).then([ended]);
      given([...done, ended])
        .when(end('governmental'), after)
        .thenError('EFFECT_NOT_ENDED', 409);
    });
    it('does not end on its last day, nor by a person', () => {
      given(done)
        .when(end('governmental'), as('review-office', [], 'system:review', on('2027-09-25')))
        .thenError('EFFECT_NOT_ENDED', 409);
      given(done)
        .when(end('governmental'), as('review-office', [], 'u-1', on('2027-09-26')))
        .thenError('SYSTEM_ONLY', 403);
    });
    it('is in effect from its first day through its last', () => {
      const effect = { effectiveFrom: '2026-09-25', effectiveUntil: '2027-09-25' };
      expect([inEffectOn(effect, '2026-09-24'), inEffectOn(effect, '2026-09-25'), inEffectOn(effect, '2027-09-25')]).toEqual([
        false,
        true,
        true,
      ]);
      expect(inEffectOn(effect, '2027-09-26')).toBe(false);
      expect(inEffectOn({ effectiveFrom: '2026-09-25' }, '2099-01-01')).toBe(true);
      expect(plusMonths('2026-08-31', 6)).toBe('2027-02-28');
    });
  });

  describe("the cadre the case's clue is linked to (issue 12)", () => {
    const linked = (round = 1, cadreId = 'cadre-1'): ReviewEvent => ({
      type: 'CaseReceivedForReview',
      data: { ...transferred(round), cadreId, receivedOn: '2026-09-25', dueOn: '2026-10-26' },
    });
    it('is kept from the transfer and carried by the sanction decided', () => {
      given()
        .when({ type: 'ReceiveCase', data: { ...transferred(), cadreId: 'cadre-1' } }, system)
        .then([linked()]);
      const events = given([linked(), proposed]).when(approve, leader).events();
      expect(events).toEqual([{ ...decided(), data: { ...decided().data, cadreId: 'cadre-1' } }]);
    });
    it('is carried by a conclusion without a sanction', () => {
      const events = given([linked()])
        .when({ type: 'ConcludeWithoutSanction', data: { reviewId, outcome: 'exempted', reason: '情节轻微' } }, leader)
        .events();
      expect(events[0]).toMatchObject({ type: 'ReviewConcludedWithoutSanction', data: { cadreId: 'cadre-1' } });
    });
    it('follows the latest transfer after a return, and is kept through the steps between', () => {
      const history = [linked(1), sentBack, linked(2, 'cadre-2'), proposed];
      expect(given(history).state).toMatchObject({ status: 'SanctionProposed', cadreId: 'cadre-2' });
      expect(given(history).when(approve, leader).events()[0]).toMatchObject({ data: { cadreId: 'cadre-2' } });
    });
    it('is absent where the transfer carried none (a clue not linked, or a stored v1)', () => {
      const events = given([received(), proposed]).when(approve, leader).events();
      expect(events[0]?.data).not.toHaveProperty('cadreId');
    });
    it("is carried by the end of the sanction's effect period (SanctionEffectEnded v2), and absent without one", () => {
      const after = as('review-office', [], 'system:review', on('2027-09-26'));
      const end: ReviewCommand = { type: 'EndSanctionEffect', data: { reviewId, side: 'governmental' } };
      const linkedDecided = { ...decided(), data: { ...decided().data, cadreId: 'cadre-1' } } as ReviewEvent;
      given([linked(), proposed, linkedDecided])
        .when(end, after)
        .then([
          {
            type: 'SanctionEffectEnded',
            data: {
              caseId: reviewId,
              subjectRef: 'c-1',
              side: 'governmental',
              effectiveUntil: '2027-09-25',
              endedOn: '2027-09-26',
              cadreId: 'cadre-1',
            },
          },
        ]);
      const [ended] = given([received(), proposed, decided()]).when(end, after).events();
      expect(ended?.data).not.toHaveProperty('cadreId');
    });
  });

  describe('the contract', () => {
    it('refuses an unknown sanction kind, and a proposal with none', () => {
      const op = reviewOperations.proposeSanction;
      const body = (s: unknown) => ({ reviewId, sanction: s, note: '事实清楚' });
      expect(checkRequest(op, body({ governmental: { kind: 'demotion' } })).ok).toBe(true);
      expect(checkRequest(op, body({ governmental: { kind: 'house-arrest' } })).ok).toBe(false);
      expect(checkRequest(op, body({})).ok).toBe(false);
    });
  });
});
