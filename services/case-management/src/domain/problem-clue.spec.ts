import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from '@jiandu/decision';
import {
  decide,
  evolve,
  initialState,
  type ClueCommand,
  type ClueEvent,
  type DispositionKind,
  type RegisterClue,
} from './problem-clue.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const caseManagement = actorOf('case-management');
const office = actorOf('supervision-office-2');
const leadership = actorOf('leadership');

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const clueId = 'c-1';
const number = 'XS-2026-000001';
const accused = { name: '张三', position: '街道办主任', unitId: 'unit-1' };
/** The public registration references the accused (the clue itself until a cadre is linked), never names them. */
const accusedRef = { subjectRef: clueId, position: accused.position, unitId: accused.unitId };
const subjectRecorded: ClueEvent = { type: 'ClueSubjectRecorded', data: { clueId, subjectRef: clueId, name: accused.name } };
const registration: RegisterClue['data'] = {
  clueId,
  number,
  source: 'petition',
  sourceRef: 'p-1',
  unitId: 'unit-1',
  zoneId: 'zone-2',
  assignedOffice: 'supervision-office-2',
  accused,
  categories: ['eight-rules'],
  category: '违反中央八项规定精神',
  summary: '公款吃喝',
  dispositionDeadline: '2026-10-25',
};
const register: ClueCommand = { type: 'RegisterClue', data: registration };
const registered: ClueEvent = {
  type: 'ClueRegistered',
  data: {
    clueId,
    number,
    source: 'petition',
    sourceRef: 'p-1',
    unitId: 'unit-1',
    zoneId: 'zone-2',
    accused: accusedRef,
    categories: registration.categories,
    category: registration.category,
    summary: registration.summary,
    registeredAt: NOW.toISOString(),
  },
};
const assigned: ClueEvent = {
  type: 'ClueAssigned',
  data: {
    clueId,
    number,
    unitId: 'unit-1',
    zoneId: 'zone-2',
    assignedOffice: 'supervision-office-2',
    dispositionDeadline: '2026-10-25',
  },
};
const propose = (kind: DispositionKind): ClueCommand => ({
  type: 'ProposeDisposition',
  data: { clueId, kind, reason: '反映问题具体' },
});
const proposed = (kind: DispositionKind): ClueEvent => ({
  type: 'DispositionProposed',
  data: { clueId, number, kind, reason: '反映问题具体' },
});
const approve: ClueCommand = { type: 'ApproveDisposition', data: { clueId } };
const reject: ClueCommand = { type: 'RejectDisposition', data: { clueId, note: '建议初核' } };
const approved = (kind: DispositionKind): ClueEvent => ({
  type: 'DispositionApproved',
  data: { clueId, number, kind, unitId: 'unit-1', assignedOffice: 'supervision-office-2', sourceRef: 'p-1' },
});
const rejected = (kind: DispositionKind): ClueEvent => ({
  type: 'DispositionRejected',
  data: { clueId, number, kind, note: '建议初核' },
});

describe('ProblemClue', () => {
  describe('when it does not exist yet', () => {
    it('is registered and assigned to the office of its zone in one decision', () => {
      given().when(register, caseManagement).then([registered, subjectRecorded, assigned]);
      expect(given([registered, assigned]).state).toMatchObject({ status: 'Assigned', assignedOffice: 'supervision-office-2' });
    });

    it('is registered only by case management', () => {
      given().when(register, office).thenError('FORBIDDEN_OFFICE', 403);
      given().when(register, leadership).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('refuses a deadline before the day of registration', () => {
      given()
        .when({ type: 'RegisterClue', data: { ...registration, dispositionDeadline: '2026-09-24' } }, caseManagement)
        .thenError('DEADLINE_IN_PAST', 422);
    });

    it.each<[ClueCommand, DecisionContext]>([
      [propose('inquiry'), office],
      [approve, leadership],
      [reject, leadership],
    ])('cannot be acted on: $type', (command, context) => {
      given().when(command, context).thenError('CLUE_NOT_FOUND', 404);
    });
  });

  describe('when assigned', () => {
    it.each(['inquiry', 'verification', 'shelve', 'close'] as const)(
      'takes a proposal to %s from the assigned office',
      (kind) => {
        given([registered, assigned])
          .when(propose(kind), office)
          .then([proposed(kind)]);
        expect(given([registered, assigned, proposed(kind)]).state).toMatchObject({
          status: 'DispositionProposed',
          proposal: { kind },
        });
      },
    );

    it('takes no proposal from another office', () => {
      given([registered, assigned]).when(propose('inquiry'), actorOf('supervision-office-3')).thenError('FORBIDDEN_OFFICE', 403);
      given([registered, assigned]).when(propose('inquiry'), leadership).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('has nothing to approve or reject', () => {
      given([registered, assigned]).when(approve, leadership).thenError('CLUE_WRONG_STATE', 409);
      given([registered, assigned]).when(reject, leadership).thenError('CLUE_WRONG_STATE', 409);
    });

    it('cannot be registered twice', () => {
      given([registered, assigned]).when(register, caseManagement).thenError('CLUE_ALREADY_REGISTERED', 409);
    });
  });

  describe('when only registered (before assignment)', () => {
    it('takes no proposal', () => {
      given([registered]).when(propose('inquiry'), office).thenError('CLUE_WRONG_STATE', 409);
    });
  });

  describe('when a disposition is proposed', () => {
    const history = [registered, assigned];
    it.each([
      ['inquiry', 'InInquiry', []],
      ['verification', 'InVerification', []],
      ['shelve', 'Shelved', [{ type: 'ClueShelved', data: { clueId, number } }]],
      ['close', 'Closed', [{ type: 'ClueClosed', data: { clueId, number } }]],
    ] as const)('approval of %s moves the clue to %s', (kind, status, follow) => {
      const events = [approved(kind), ...follow] as ClueEvent[];
      given([...history, proposed(kind)])
        .when(approve, leadership)
        .then(events);
      expect(given([...history, proposed(kind), ...events]).state).toMatchObject({ status, disposition: kind });
    });

    it('keeps leadership’s note on approval', () => {
      given([...history, proposed('inquiry')])
        .when({ type: 'ApproveDisposition', data: { clueId, note: '同意' } }, leadership)
        .then([{ ...approved('inquiry'), data: { ...approved('inquiry').data, note: '同意' } } as ClueEvent]);
    });

    it('is rejected with a note, and the office may propose again', () => {
      given([...history, proposed('close')])
        .when(reject, leadership)
        .then([rejected('close')]);
      const after = given([...history, proposed('close'), rejected('close')]);
      expect(after.state).toMatchObject({ status: 'DispositionRejected', rejected: { kind: 'close', note: '建议初核' } });
      after.when(propose('verification'), office).then([proposed('verification')]);
      expect(given([...history, proposed('close'), rejected('close'), proposed('verification')]).state).not.toHaveProperty(
        'rejected',
      );
    });

    it.each(['supervision-office-2', 'case-management'])('is approved or rejected by leadership only, not %s', (other) => {
      given([...history, proposed('close')])
        .when(approve, actorOf(other))
        .thenError('FORBIDDEN_OFFICE', 403);
      given([...history, proposed('close')])
        .when(reject, actorOf(other))
        .thenError('FORBIDDEN_OFFICE', 403);
    });

    it('takes no second proposal', () => {
      given([...history, proposed('close')])
        .when(propose('inquiry'), office)
        .thenError('CLUE_WRONG_STATE', 409);
    });
  });

  describe.each([
    ['inquiry', []],
    ['verification', []],
    ['shelve', [{ type: 'ClueShelved', data: { clueId, number } }]],
    ['close', [{ type: 'ClueClosed', data: { clueId, number } }]],
  ] as const)('when the disposition %s is approved', (kind, follow) => {
    const history = [registered, assigned, proposed(kind), approved(kind), ...follow] as ClueEvent[];
    it('cannot be approved or rejected again', () => {
      given(history).when(approve, leadership).thenError('CLUE_WRONG_STATE', 409);
      given(history).when(reject, leadership).thenError('CLUE_WRONG_STATE', 409);
    });
    it('takes no new proposal', () => {
      given(history).when(propose('inquiry'), office).thenError('CLUE_WRONG_STATE', 409);
    });
  });

  describe('from a source other than a petition (ClueRegistered v3)', () => {
    it('is registered with its source, its reference and its coded categories', () => {
      const tour: RegisterClue['data'] = {
        ...registration,
        source: 'inspection-tour',
        sourceRef: '灞巡反馈〔2026〕3号',
        categories: ['eight-rules.banqueting', 'focus.accountability'],
      };
      const { category: _text, ...withoutText } = tour;
      given()
        .when({ type: 'RegisterClue', data: withoutText }, caseManagement)
        .then([
          {
            type: 'ClueRegistered',
            data: {
              clueId,
              number,
              source: 'inspection-tour',
              sourceRef: '灞巡反馈〔2026〕3号',
              unitId: 'unit-1',
              zoneId: 'zone-2',
              accused: accusedRef,
              categories: ['eight-rules.banqueting', 'focus.accountability'],
              summary: registration.summary,
              registeredAt: NOW.toISOString(),
            },
          },
          subjectRecorded,
          assigned,
        ]);
    });

    it('reads a clue registered before the codes (free text only) as coded other', () => {
      const { categories: _codes, ...legacy } = registered.data as Extract<ClueEvent, { type: 'ClueRegistered' }>['data'];
      const old = { type: 'ClueRegistered', data: legacy } as ClueEvent;
      expect(given([old, assigned]).state).toMatchObject({
        status: 'Assigned',
        categories: ['other'],
        category: '违反中央八项规定精神',
      });
    });

    it('reads a clue registered with the name (stored before v4) by its reference, the name left out of the state', () => {
      const named = { type: 'ClueRegistered', data: { ...registered.data, accused } } as unknown as ClueEvent;
      const { state } = given([named, assigned]);
      expect(state).toMatchObject({ status: 'Assigned', accused: accusedRef });
      expect(JSON.stringify(state)).not.toContain(accused.name);
    });
  });

  describe('in a clearance round (定期清理)', () => {
    const roundId = 'cr-2026-q4';
    const shelvedClue = [
      registered,
      assigned,
      proposed('shelve'),
      approved('shelve'),
      { type: 'ClueShelved', data: { clueId, number } },
    ] as ClueEvent[];
    const reactivate: ClueCommand = { type: 'ReactivateClue', data: { clueId, roundId, dispositionDeadline: '2026-10-26' } };
    const reactivated: ClueEvent = {
      type: 'ClueReactivated',
      data: { clueId, number, roundId, dispositionDeadline: '2026-10-26' },
    };
    const proposeClosure: ClueCommand = { type: 'ProposeClosureOnReview', data: { clueId, roundId, reason: '经了解问题不属实' } };

    it('reactivates a shelved clue: it needs a disposition again, by the new deadline', () => {
      given(shelvedClue).when(reactivate, office).then([reactivated]);
      const state = given([...shelvedClue, reactivated]).state;
      expect(state).toMatchObject({ status: 'Reactivated', dispositionDeadline: '2026-10-26', roundId });
      expect(state).not.toHaveProperty('disposition');
      given([...shelvedClue, reactivated])
        .when(propose('inquiry'), office)
        .then([proposed('inquiry')]);
    });

    it('reactivates only a shelved clue, by its own office, with a deadline not in the past', () => {
      given([registered, assigned]).when(reactivate, office).thenError('CLUE_WRONG_STATE', 409);
      given([...shelvedClue, reactivated])
        .when(reactivate, office)
        .thenError('CLUE_WRONG_STATE', 409);
      given(shelvedClue).when(reactivate, actorOf('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
      given(shelvedClue).when(reactivate, caseManagement).thenError('FORBIDDEN_OFFICE', 403);
      given(shelvedClue)
        .when({ type: 'ReactivateClue', data: { clueId, roundId, dispositionDeadline: '2026-09-24' } }, office)
        .thenError('DEADLINE_IN_PAST', 422);
      given().when(reactivate, office).thenError('CLUE_NOT_FOUND', 404);
    });

    it('takes a proposal to close a shelved or an overdue clue, for leadership to approve', () => {
      given(shelvedClue)
        .when(proposeClosure, office)
        .then([proposed('close')].map((e) => ({ ...e, data: { ...e.data, reason: '经了解问题不属实' } })) as ClueEvent[]);
      given([registered, assigned])
        .when(proposeClosure, office)
        .then([{ type: 'DispositionProposed', data: { clueId, number, kind: 'close', reason: '经了解问题不属实' } }]);
      const closing = {
        type: 'DispositionProposed',
        data: { clueId, number, kind: 'close', reason: '经了解问题不属实' },
      } as ClueEvent;
      given([...shelvedClue, closing])
        .when(approve, leadership)
        .then([approved('close'), { type: 'ClueClosed', data: { clueId, number } }]);
    });

    it('takes no proposal to close a clue in an inquiry or already proposed, nor from another office', () => {
      given([registered, assigned, proposed('inquiry'), approved('inquiry')])
        .when(proposeClosure, office)
        .thenError('CLUE_WRONG_STATE', 409);
      given([registered, assigned, proposed('inquiry')])
        .when(proposeClosure, office)
        .thenError('CLUE_WRONG_STATE', 409);
      given(shelvedClue).when(proposeClosure, actorOf('supervision-office-1')).thenError('FORBIDDEN_OFFICE', 403);
    });
  });
});
