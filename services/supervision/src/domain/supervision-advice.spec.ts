import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from './decision.js';
import {
  adviceIdOf,
  decide,
  evolve,
  initialState,
  type AdviceFacts,
  type SupervisionAdviceCommand,
  type SupervisionAdviceConfig,
  type SupervisionAdviceEvent,
} from './supervision-advice.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z'); // Friday 2026-09-25 in Beijing
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
type Context = DecisionContext<SupervisionAdviceConfig>;
const as = (office: string, sub = `u-${office}`, extra: Partial<Context> = {}): Context => ({
  now: NOW,
  actor: { sub, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
  ...extra,
});
const system = as('supervision-office-2', 'system:supervision');
const office = as('supervision-office-2');

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const adviceId = adviceIdOf('case-c-1-issue-1');
const facts: AdviceFacts = {
  adviceId,
  issueId: 'case-c-1-issue-1',
  caseId: 'case-c-1',
  clueId: 'c-1',
  clueNumber: 'XS-2026-000001',
  unitId: 'unit-1',
  office: 'supervision-office-2',
  content: '该镇财务报销审核流于形式',
};
const issue: SupervisionAdviceCommand = { type: 'IssueSupervisionAdvice', data: facts };
// 30 days from Friday 2026-09-25 is Sunday 10-25: Monday 10-26 (民法典 Art. 203)
const issued: SupervisionAdviceEvent = {
  type: 'SupervisionAdviceIssued',
  data: { ...facts, issuedOn: '2026-09-25', responseDueOn: '2026-10-26' },
};
const respond: SupervisionAdviceCommand = {
  type: 'RespondToSupervisionAdvice',
  data: { adviceId, response: '已对全镇报销开展专项检查' },
};
const responded = (respondedOn = '2026-09-25', late = false): SupervisionAdviceEvent => ({
  type: 'SupervisionAdviceResponded',
  data: { adviceId, response: '已对全镇报销开展专项检查', respondedOn, late },
});

describe('SupervisionAdvice 加强监督建议书', () => {
  describe('issuing (the system, on a common issue 审理室 identified)', () => {
    it('addresses the office that handled the case, with its response due 30 days later', () => {
      given().when(issue, system).then([issued]);
      expect(given([issued]).state).toMatchObject({ status: 'Issued', office: 'supervision-office-2', unitId: 'unit-1' });
    });
    it('takes the configured response limit (10 days end 10-05, in the National Day holiday: 10-08)', () => {
      given()
        .when(issue, { ...system, config: { responseDays: 10 } })
        .then([{ ...issued, data: { ...issued.data, responseDueOn: '2026-10-08' } } as SupervisionAdviceEvent]);
    });
    it('is refused to a person, even the addressed office', () => {
      given().when(issue, office).thenError('SYSTEM_ONLY', 403);
      given().when(issue, as('review-office')).thenError('SYSTEM_ONLY', 403);
    });
    it('happens once', () => {
      given([issued]).when(issue, system).thenError('ADVICE_ALREADY_ISSUED', 409);
    });
  });

  describe('the response', () => {
    it('is recorded by the addressed office, on time', () => {
      given([issued]).when(respond, office).then([responded()]);
      expect(given([issued, responded()]).state).toMatchObject({ status: 'Responded', late: false });
    });
    it('is marked late after the due date', () => {
      given([issued])
        .when(respond, as('supervision-office-2', 'u-1', { now: on('2026-10-27') }))
        .then([responded('2026-10-27', true)]);
      given([issued])
        .when(respond, as('supervision-office-2', 'u-1', { now: on('2026-10-26') }))
        .then([responded('2026-10-26', false)]);
    });
    it('is refused to another office, 审理室 included', () => {
      given([issued]).when(respond, as('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
      given([issued]).when(respond, as('review-office')).thenError('FORBIDDEN_OFFICE', 403);
    });
    it('is refused before the advice exists, and a second time', () => {
      given().when(respond, office).thenError('ADVICE_NOT_FOUND', 404);
      given([issued, responded()]).when(respond, office).thenError('ADVICE_WRONG_STATE', 409);
    });
  });
});
