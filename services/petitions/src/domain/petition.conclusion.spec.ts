import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import { verificationConcludesPetition, type Conclusion } from './conclusion.js';
import type { DecisionContext } from '@jiandu/decision';
import { decide, evolve, initialState, type PetitionCommand, type PetitionEvent, type LegacyRegistration } from './petition.js';

// ── given / when / then
const NOW = new Date('2026-11-20T02:00:00.000Z'); // 2026-11-20 in Beijing
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const clerk = actorOf('petition-office');

const { given } = specification({ decide, evolve, initialState }, { context: clerk });

// ── fixtures
const petitionId = 'p-1';
// Registered before the public contracts: the v1 PetitionRegistered with the particulars.
const registration: LegacyRegistration = {
  petitionId,
  channel: 'letter',
  realName: true,
  reporterRef: 'vault-7',
  accused: { name: '张三', position: '街道办主任', unitId: 'unit-1' },
  category: '违反中央八项规定精神',
  summary: '公款吃喝',
  content: '详细内容……',
};
const { reporterRef: _ref, ...anonymousData } = registration;
const realName: PetitionEvent[] = [
  { type: 'PetitionRegistered', data: registration },
  { type: 'PetitionAccepted', data: { petitionId } },
  {
    type: 'PetitionTransferred',
    data: {
      petitionId,
      accused: registration.accused,
      categories: ['other'],
      category: registration.category,
      summary: registration.summary,
      channel: 'letter',
      realName: true,
      transferredAt: '2026-09-25T02:00:00.000Z',
    },
  },
];
const anonymous: PetitionEvent[] = [
  { type: 'PetitionRegistered', data: { ...anonymousData, realName: false } },
  realName[1]!,
  { ...realName[2]!, data: { ...(realName[2]!.data as object), realName: false } } as PetitionEvent,
];
const conclusion: Conclusion = { outcome: 'light-measure', source: 'inquiry', ref: 'inq-1', concludedOn: '2026-11-02' };
const conclude = (c: Conclusion = conclusion): PetitionCommand => ({ type: 'ConcludePetition', data: { petitionId, ...c } });
const concluded = (c: Conclusion = conclusion): PetitionEvent => ({ type: 'PetitionConcluded', data: { petitionId, ...c } });
const deliver = (note = '已电话告知办理结果'): PetitionCommand => ({ type: 'DeliverFeedback', data: { petitionId, note } });
const delivered: PetitionEvent = {
  type: 'FeedbackDelivered',
  data: { petitionId, note: '已电话告知办理结果', deliveredOn: '2026-11-20' },
};

describe('Petition', () => {
  describe('when transferred', () => {
    it.each([
      ['inquiry', 'accepted'],
      ['inquiry', 'light-measure'],
      ['verification', 'close'],
      ['verification', 'light-measure'],
      ['verification', 'shelve'],
      ['verification', 'transfer'],
      ['sanction', 'sanctioned'],
      ['case', 'exempted'],
      ['case', 'not-sanctioned'],
      ['case', 'filing-rejected'],
    ] as const)('is concluded by the %s result %s', (source, outcome) => {
      const result = { source, outcome, ref: `${source}-1` } as Conclusion;
      given(realName)
        .when(conclude(result))
        .then([concluded(result)]);
      expect(given([...realName, concluded(result)]).state).toMatchObject({
        status: 'Concluded',
        conclusion: { source, outcome },
      });
    });

    // Which results conclude, and with which outcomes, is the Conclusion type (from supervision's
    // public event contracts, checked when consumed); a second round or a conversion never gets here.
    it('cannot even be written with a result that does not conclude', () => {
      // @ts-expect-error a second round carries the matter on
      const secondRound: Conclusion = { source: 'inquiry', outcome: 'second-round', ref: 'inq-1', concludedOn: '2026-11-02' };
      // @ts-expect-error an inquiry outcome is not a verification decision
      const mixed: Conclusion = { source: 'verification', outcome: 'accepted', ref: 'ver-1', concludedOn: '2026-11-02' };
      // @ts-expect-error a verification that files a case carries the matter on to the case and its sanction
      const fileCase: Conclusion = { source: 'verification', outcome: 'file-case', ref: 'ver-1', concludedOn: '2026-11-02' };
      expect([secondRound, mixed, fileCase]).toHaveLength(3);
      expect(verificationConcludesPetition('file-case')).toBe(false);
      expect(verificationConcludesPetition('close')).toBe(true);
    });

    it('is concluded only by the petition office (the service acts as it)', () => {
      given(realName).when(conclude(), actorOf('case-management')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('owes no feedback before it is concluded', () => {
      given(realName).when(deliver()).thenError('PETITION_WRONG_STATE', 409);
    });
  });

  describe('before transfer', () => {
    it('cannot be concluded', () => {
      given([realName[0]!, realName[1]!]).when(conclude()).thenError('PETITION_WRONG_STATE', 409);
      given().when(conclude()).thenError('PETITION_NOT_FOUND', 404);
    });
  });

  describe('when concluded', () => {
    const history = [...realName, concluded()];

    it('ignores the same result arriving again', () => {
      given(history).when(conclude()).then([]);
    });

    it('concludes nothing more on the sanction of a case whose filing concluded it before sanctions did', () => {
      const legacy = {
        source: 'verification',
        outcome: 'file-case',
        ref: 'ver-1',
        concludedOn: '2026-10-02',
      } as unknown as Conclusion;
      given([...realName, concluded(legacy)])
        .when(conclude({ source: 'sanction', outcome: 'sanctioned', ref: 'case-1', concludedOn: '2026-11-02' }))
        .then([]);
      given([...realName, concluded(legacy)])
        .when(conclude({ source: 'case', outcome: 'exempted', ref: 'case-1', concludedOn: '2026-11-02' }))
        .then([]);
    });

    it('is not concluded a second time by another result', () => {
      given(history)
        .when(conclude({ source: 'verification', outcome: 'close', ref: 'ver-1', concludedOn: '2026-11-02' }))
        .thenError('PETITION_WRONG_STATE', 409);
    });

    it('records the feedback given to a real-name reporter, dated in Beijing', () => {
      given(history).when(deliver()).then([delivered]);
      expect(given([...history, delivered]).state).toMatchObject({
        status: 'FeedbackDelivered',
        deliveredOn: '2026-11-20',
        conclusion,
      });
    });

    it('takes feedback from the petition office only', () => {
      given(history).when(deliver(), actorOf('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
      given(history).when(deliver(), actorOf('leadership')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('owes no feedback when anonymous', () => {
      given([...anonymous, concluded()])
        .when(deliver())
        .thenError('PETITION_ANONYMOUS', 422);
    });
  });

  describe('when the feedback is delivered', () => {
    const history = [...realName, concluded(), delivered];

    it('takes no second feedback', () => {
      given(history).when(deliver()).thenError('PETITION_WRONG_STATE', 409);
    });

    it('still ignores its result arriving again', () => {
      given(history).when(conclude()).then([]);
    });
  });

  it('cannot take feedback when it does not exist', () => {
    given().when(deliver()).thenError('PETITION_NOT_FOUND', 404);
  });
});
