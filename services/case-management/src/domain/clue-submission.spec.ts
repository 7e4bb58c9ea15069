import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import { decide, evolve, initialState, type SubmissionCommand, type SubmissionEvent } from './clue-submission.js';

const NOW = new Date('2026-09-25T02:00:00.000Z');
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const { given } = specification({ decide, evolve, initialState });

const submissionId = 'cs-1';
const facts = {
  reference: '派驻组日常监督〔2026〕7号',
  categories: ['mass-corruption.subsidies'],
  summary: '发现违规发放惠民补贴',
  accused: { name: '孙七', position: '科长', unitId: 'u-1' },
};
const submit: SubmissionCommand = { type: 'SubmitClue', data: { submissionId, ...facts } };
const submitted = (office: string, source: 'dispatched-agency' | 'self-found'): SubmissionEvent => ({
  type: 'ClueSubmitted',
  data: { submissionId, office, source, ...facts, submittedAt: NOW.toISOString() },
});
const register: SubmissionCommand = { type: 'RegisterSubmission', data: { submissionId, clueId: 'c-1' } };
const decline: SubmissionCommand = { type: 'DeclineSubmission', data: { submissionId, reason: '不属于问题线索' } };
const registered: SubmissionEvent = { type: 'ClueSubmissionRegistered', data: { submissionId, clueId: 'c-1' } };
const declined: SubmissionEvent = { type: 'ClueSubmissionDeclined', data: { submissionId, reason: '不属于问题线索' } };

describe('ClueSubmission', () => {
  it('is submitted by a 派驻机构 (source dispatched-agency) or a 纪检监察室 (self-found)', () => {
    given()
      .when(submit, actorOf('dispatched-agency-edu'))
      .then([submitted('dispatched-agency-edu', 'dispatched-agency')]);
    given()
      .when(submit, actorOf('supervision-office-2'))
      .then([submitted('supervision-office-2', 'self-found')]);
  });

  it('is submitted by no other office, and once', () => {
    for (const office of ['case-management', 'leadership', 'petition-office', 'conduct-office'])
      given().when(submit, actorOf(office)).thenError('FORBIDDEN_OFFICE', 403);
    given([submitted('supervision-office-2', 'self-found')])
      .when(submit, actorOf('supervision-office-2'))
      .thenError('SUBMISSION_EXISTS', 409);
  });

  it('is registered or declined by 案管 only', () => {
    const history = [submitted('dispatched-agency-edu', 'dispatched-agency')];
    given(history).when(register, actorOf('case-management')).then([registered]);
    given(history).when(decline, actorOf('case-management')).then([declined]);
    given(history).when(register, actorOf('dispatched-agency-edu')).thenError('FORBIDDEN_OFFICE', 403);
    given(history).when(decline, actorOf('leadership')).thenError('FORBIDDEN_OFFICE', 403);
    given().when(register, actorOf('case-management')).thenError('SUBMISSION_NOT_FOUND', 404);
  });

  it('is registered once: a registered or declined submission takes neither again', () => {
    const history = [submitted('dispatched-agency-edu', 'dispatched-agency')];
    for (const decided of [registered, declined]) {
      given([...history, decided])
        .when(register, actorOf('case-management'))
        .thenError('SUBMISSION_ALREADY_DECIDED', 409);
      given([...history, decided])
        .when(decline, actorOf('case-management'))
        .thenError('SUBMISSION_ALREADY_DECIDED', 409);
    }
    expect(given([...history, registered]).state).toMatchObject({ status: 'Registered', clueId: 'c-1' });
  });
});
