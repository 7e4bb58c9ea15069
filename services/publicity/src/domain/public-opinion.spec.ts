import type { OfficeCode, DecisionContext } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import {
  decide,
  evolve,
  initialState,
  type PublicOpinionCommand,
  type PublicOpinionConfig,
  type PublicOpinionEvent,
} from './public-opinion.js';

const NOW = new Date('2026-09-25T02:00:00.000Z');
const as = (office: string): DecisionContext<PublicOpinionConfig> => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
  config: { assessWorkingDays: 5 },
});
const publicity = as('publicity-dept');
const { given } = specification({ decide, evolve, initialState });
const itemId = 'po-1';
const collect: PublicOpinionCommand = {
  type: 'CollectPublicOpinion',
  data: { itemId, source: 'online', reference: '网帖 2026-0925-01', summary: '网民反映某街道违规发放补贴', unitId: 'u-1' },
};
// 5 working days after Friday 09-25: 09-28, 09-29, 09-30, then (after the National Day holiday) 10-08, 10-09
const collected: PublicOpinionEvent = {
  type: 'PublicOpinionCollected',
  data: { ...collect.data, collectedOn: '2026-09-25', assessBy: '2026-10-09' },
} as PublicOpinionEvent;
const assessed: PublicOpinionEvent = {
  type: 'PublicOpinionAssessed',
  data: { itemId, assessment: '反映问题具体，建议移送', categories: ['integrity'], assessedOn: '2026-09-25' },
};

describe('PublicOpinionItem 舆情', () => {
  it('is collected by 组宣部, with the assessment due within the limit', () => {
    given().when(collect, publicity).then([collected]);
    given().when(collect, as('petition-office')).thenError('FORBIDDEN_OFFICE', 403);
    given([collected]).when(collect, publicity).thenError('PUBLIC_OPINION_EXISTS', 409);
  });
  it('is forwarded or closed only once assessed', () => {
    given([collected])
      .when({ type: 'ForwardPublicOpinion', data: { itemId } }, publicity)
      .thenError('PUBLIC_OPINION_WRONG_STATE', 409);
    given([collected])
      .when({ type: 'ClosePublicOpinion', data: { itemId, reason: '不实' } }, publicity)
      .thenError('PUBLIC_OPINION_WRONG_STATE', 409);
    given([collected])
      .when(
        { type: 'AssessPublicOpinion', data: { itemId, assessment: '反映问题具体，建议移送', categories: ['integrity'] } },
        publicity,
      )
      .then([assessed]);
  });
  it('forwarded: what 案管 needs to register the clue, no name', () => {
    given([collected, assessed])
      .when({ type: 'ForwardPublicOpinion', data: { itemId } }, publicity)
      .then([
        {
          type: 'PublicOpinionForwarded',
          data: {
            itemId,
            source: 'online',
            unitId: 'u-1',
            categories: ['integrity'],
            summary: '网民反映某街道违规发放补贴',
            forwardedOn: '2026-09-25',
          },
        },
      ]);
  });
  it('closed with a reason; then nothing more', () => {
    const closed: PublicOpinionEvent = {
      type: 'PublicOpinionClosed',
      data: { itemId, reason: '经核实系不实信息', closedOn: '2026-09-25' },
    };
    given([collected, assessed])
      .when({ type: 'ClosePublicOpinion', data: { itemId, reason: '经核实系不实信息' } }, publicity)
      .then([closed]);
    given([collected, assessed, closed])
      .when({ type: 'ForwardPublicOpinion', data: { itemId } }, publicity)
      .thenError('PUBLIC_OPINION_WRONG_STATE', 409);
    given().when({ type: 'ForwardPublicOpinion', data: { itemId } }, publicity).thenError('PUBLIC_OPINION_NOT_FOUND', 404);
  });
});
