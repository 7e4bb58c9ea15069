import type { OfficeCode } from '@jiandu/decision';
import { supervisionPublicEvents } from '@jiandu/contracts';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from './decision.js';
import {
  decide,
  evolve,
  initialState,
  type IssueRecommendation,
  type RecommendationCommand,
  type RecommendationConfig,
  type RecommendationEvent,
} from './recommendation.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
type Context = DecisionContext<RecommendationConfig>;
const as = (office: string, extra: Partial<Context> = {}): Context => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
  ...extra,
});
const office = as('dispatched-agency-edu');

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const recommendationId = 'r-1';
const issue: IssueRecommendation['data'] = {
  recommendationId,
  kind: 'supervisory',
  unitId: 'unit-7',
  office: 'dispatched-agency-edu',
  content: '建议健全食堂采购管理制度',
};
const issued: RecommendationEvent = {
  type: 'RecommendationIssued',
  data: { ...issue, issuedOn: '2026-09-25', responseDueOn: '2026-10-26' },
};
const respond: RecommendationCommand = { type: 'RecordResponse', data: { recommendationId, response: '已修订制度' } };
const responded = (respondedOn = '2026-09-25', late = false): RecommendationEvent => ({
  type: 'RecommendationResponded',
  data: {
    recommendationId,
    kind: 'supervisory',
    unitId: 'unit-7',
    office: 'dispatched-agency-edu',
    responseDueOn: '2026-10-26',
    respondedOn,
    late,
  },
});
const responseRecorded: RecommendationEvent = {
  type: 'RecommendationResponseRecorded',
  data: { recommendationId, response: '已修订制度' },
};
const verify: RecommendationCommand = { type: 'VerifyRecommendation', data: { recommendationId, finding: '制度已执行' } };
const verified: RecommendationEvent = {
  type: 'RecommendationVerified',
  data: { recommendationId, finding: '制度已执行', verifiedOn: '2026-09-25' },
};
const close: RecommendationCommand = { type: 'CloseRecommendation', data: { recommendationId } };
const closed: RecommendationEvent = { type: 'RecommendationClosed', data: { recommendationId, closedOn: '2026-09-25' } };
const refuse: RecommendationCommand = { type: 'RecordRefusal', data: { recommendationId, note: '单位拒不回复' } };
const refused: RecommendationEvent = {
  type: 'RecommendationRefused',
  data: {
    recommendationId,
    kind: 'supervisory',
    unitId: 'unit-7',
    office: 'dispatched-agency-edu',
    note: '单位拒不回复',
    refusedOn: '2026-09-25',
  },
};
const every = [respond, verify, close, refuse];

describe('DisciplineRecommendation', () => {
  describe('when not issued yet', () => {
    it('is issued by the handling office with a response due in 30 days', () => {
      given().when({ type: 'IssueRecommendation', data: issue }, office).then([issued]);
      expect(given([issued]).state).toMatchObject({ status: 'Issued', responseDueOn: '2026-10-26' });
    });

    it('takes the response days from the recommendation, else from config', () => {
      const own = given()
        .when({ type: 'IssueRecommendation', data: { ...issue, responseDays: 15 } }, office)
        .events();
      expect(own).toMatchObject([{ data: { responseDueOn: '2026-10-10' } }]);
      const configured = given()
        .when({ type: 'IssueRecommendation', data: issue }, as('dispatched-agency-edu', { config: { responseDays: 60 } }))
        .events();
      expect(configured).toMatchObject([{ data: { responseDueOn: '2026-11-24' } }]);
    });

    it('records the clue it came from', () => {
      const data = { ...issue, clueId: 'c-1', clueNumber: 'XS-2026-000001', sourceRef: 'p-1' };
      expect(given().when({ type: 'IssueRecommendation', data }, office).events()).toMatchObject([
        { data: { clueId: 'c-1', sourceRef: 'p-1' } },
      ]);
    });

    it('is issued by a handling office in its own name only', () => {
      given().when({ type: 'IssueRecommendation', data: issue }, as('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
      const review = { ...issue, office: 'review-office' };
      given().when({ type: 'IssueRecommendation', data: review }, as('review-office')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it.each(every.map((c) => [c.type, c]))('cannot be acted on: %s', (_t, command) => {
      given().when(command, office).thenError('RECOMMENDATION_NOT_FOUND', 404);
    });
  });

  describe('when issued', () => {
    it('cannot be issued twice', () => {
      given([issued]).when({ type: 'IssueRecommendation', data: issue }, office).thenError('RECOMMENDATION_ALREADY_ISSUED', 409);
    });

    it.each(every.map((c) => [c.type, c]))('is acted on by the issuing office only: %s', (_t, command) => {
      given([issued]).when(command, as('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('takes the response, late after the due day: the facts public, the text private', () => {
      given([issued]).when(respond, office).then([responded(), responseRecorded]);
      // Due on Monday 10-26: 30 days reach Sunday 10-25 (民法典 Art. 203).
      given([issued])
        .when(respond, as('dispatched-agency-edu', { now: on('2026-10-26') }))
        .then([responded('2026-10-26', false), responseRecorded]);
      given([issued])
        .when(respond, as('dispatched-agency-edu', { now: on('2026-10-27') }))
        .then([responded('2026-10-27', true), responseRecorded]);
      expect(given([issued, responded(), responseRecorded]).state).toMatchObject({ status: 'Responded', late: false });
      const publicData = responded().data as Record<string, unknown>;
      expect(supervisionPublicEvents.RecommendationResponded.errors(publicData)).toEqual([]);
      expect(publicData).not.toHaveProperty('response');
    });

    it('reads a response recorded before v2 (the text in the event, no unit)', () => {
      const v1 = {
        type: 'RecommendationResponded',
        data: { recommendationId, response: '已修订制度', respondedOn: '2026-10-27', late: true },
      } as unknown as RecommendationEvent;
      expect(given([issued, v1]).state).toMatchObject({ status: 'Responded', late: true, unitId: 'unit-7' });
    });

    it('escalates a refusal: ordered to correct and criticised', () => {
      given([issued]).when(refuse, office).then([refused]);
      expect(given([issued, refused]).state).toMatchObject({ status: 'Escalated', refusedOn: '2026-09-25' });
    });

    it.each([verify, close].map((c) => [c.type, c]))('refuses %s before a response', (_t, command) => {
      given([issued]).when(command, office).thenError('RECOMMENDATION_WRONG_STATE', 409);
    });
  });

  describe('when responded', () => {
    it('is checked again (回头看)', () => {
      given([issued, responded()]).when(verify, office).then([verified]);
      expect(given([issued, responded(), verified]).state).toMatchObject({ status: 'Verified' });
    });

    it.each([respond, close, refuse].map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given([issued, responded()]).when(command, office).thenError('RECOMMENDATION_WRONG_STATE', 409);
    });
  });

  describe('when verified', () => {
    it('is closed', () => {
      given([issued, responded(), verified]).when(close, office).then([closed]);
      expect(given([issued, responded(), verified, closed]).state).toMatchObject({ status: 'Closed' });
    });

    it.each([respond, verify, refuse].map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given([issued, responded(), verified]).when(command, office).thenError('RECOMMENDATION_WRONG_STATE', 409);
    });
  });

  describe.each([
    ['closed', [issued, responded(), verified, closed]],
    ['escalated', [issued, refused]],
  ])('when %s', (_name, events) => {
    it.each(every.map((c) => [c.type, c]))('refuses %s', (_t, command) => {
      given(events).when(command, office).thenError('RECOMMENDATION_WRONG_STATE', 409);
    });
  });
});
