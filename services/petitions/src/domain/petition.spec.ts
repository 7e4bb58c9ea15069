import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from '@jiandu/decision';
import {
  decide,
  evolve,
  initialState,
  type LegacyRegistration,
  type PetitionCommand,
  type PetitionEvent,
  type PetitionRecorded,
  type RegisterPetition,
} from './petition.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const TODAY = '2026-09-25';
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const clerk = actorOf('petition-office');

const { given } = specification({ decide, evolve, initialState }, { context: clerk });

// ── fixtures
const petitionId = 'p-1';
const accused = { name: '张三', position: '街道办主任', unitId: 'unit-1' };
const registration: RegisterPetition['data'] = {
  petitionId,
  channel: 'letter',
  realName: true,
  reporterRef: 'vault-7',
  accused,
  categories: ['eight-rules.banqueting'],
  category: '违反中央八项规定精神',
  summary: '公款吃喝',
  content: '详细内容……',
};
const particulars: PetitionRecorded['data'] = {
  petitionId,
  channel: 'letter',
  realName: true,
  reporterRef: 'vault-7',
  accused,
  categories: ['eight-rules.banqueting'],
  category: '违反中央八项规定精神',
  concernsCommissionHead: false,
  summary: '公款吃喝',
  content: '详细内容……',
};
const announced = {
  petitionId,
  channel: 'letter' as const,
  categories: ['eight-rules.banqueting'],
  unitId: 'unit-1',
  realName: true,
};
const recorded: PetitionEvent = { type: 'PetitionRecorded', data: particulars };
const registeredPublic: PetitionEvent = { type: 'PetitionRegistered', data: { ...announced, registeredOn: TODAY } };
const registered: PetitionEvent[] = [recorded, registeredPublic];
const anonymous: PetitionEvent[] = [
  { type: 'PetitionRecorded', data: { ...particulars, realName: false, reporterRef: undefined } as PetitionRecorded['data'] },
];
const aboutHead: PetitionEvent[] = [{ type: 'PetitionRecorded', data: { ...particulars, concernsCommissionHead: true } }];
const screened: PetitionEvent = { type: 'PetitionScreened', data: { ...announced, screenedOn: TODAY } };
const accepted: PetitionEvent = { type: 'PetitionAccepted', data: { ...announced, acceptedOn: TODAY } };
const notAccepted: PetitionEvent = {
  type: 'PetitionNotAccepted',
  data: { ...announced, reason: 'litigation', decidedOn: TODAY },
};
const noted: PetitionEvent = { type: 'NotAcceptanceNoted', data: { petitionId, note: '属诉讼事项' } };
const transferred: PetitionEvent = {
  type: 'PetitionTransferred',
  data: {
    petitionId,
    // The position and unit, never the name (issue 12: 案管 asks 信访室 for it).
    accused: { position: accused.position, unitId: accused.unitId },
    categories: ['eight-rules.banqueting'],
    category: '违反中央八项规定精神',
    summary: '公款吃喝',
    channel: 'letter',
    realName: true,
    transferredAt: NOW.toISOString(),
  },
};
const duplicate: PetitionEvent = { type: 'DuplicatePetitionFiled', data: { ...announced, duplicateOf: 'p-0', filedOn: TODAY } };
const concluded: PetitionEvent = {
  type: 'PetitionConcluded',
  data: { petitionId, source: 'inquiry', outcome: 'accepted', ref: 'i-1', concludedOn: TODAY },
};

const register: PetitionCommand = { type: 'RegisterPetition', data: registration };
const screen: PetitionCommand = { type: 'ScreenPetition', data: { petitionId } };
const accept: PetitionCommand = { type: 'AcceptPetition', data: { petitionId } };
const reject: PetitionCommand = { type: 'RejectPetition', data: { petitionId, reason: 'litigation', note: '属诉讼事项' } };
const forwardUp: PetitionCommand = { type: 'ForwardToSuperior', data: { petitionId } };
const forwardDown: PetitionCommand = { type: 'ForwardToSubordinate', data: { petitionId, body: '区教育局纪检监察组' } };
const markDuplicate: PetitionCommand = {
  type: 'MarkDuplicate',
  data: { petitionId, duplicateOf: 'p-0', earlierExists: true },
};
const object: PetitionCommand = { type: 'RaiseObjection', data: { petitionId, note: '举报人对不予受理有异议' } };
const notify: PetitionCommand = { type: 'NotifyAcceptance', data: { petitionId } };
const transfer: PetitionCommand = { type: 'TransferPetition', data: { petitionId } };
const readIdentity: PetitionCommand = { type: 'ReadReporterIdentity', data: { petitionId, reason: '核实举报人身份以便反馈' } };
const confirm = (earlierId: string): PetitionCommand => ({ type: 'ConfirmRepeat', data: { petitionId, earlierId } });
const rejectLink = (earlierId: string): PetitionCommand => ({ type: 'RejectRepeat', data: { petitionId, earlierId } });

describe('Petition', () => {
  describe('when it does not exist yet', () => {
    it('is registered: its particulars recorded privately, the public registration without them', () => {
      given().when(register).then(registered);
      expect(given(registered).state).toMatchObject({ status: 'Received', petitionId, reporterRef: 'vault-7' });
    });

    it('is coded `other` when the office gave no category code', () => {
      const { categories: _codes, category: _text, ...rest } = registration;
      const events = given().when({ type: 'RegisterPetition', data: rest }).events();
      expect(events[1]).toEqual({
        type: 'PetitionRegistered',
        data: { ...announced, categories: ['other'], registeredOn: TODAY },
      });
      expect(events[0]?.data).not.toHaveProperty('category');
    });

    it('is registered anonymously without a vault reference', () => {
      const { reporterRef: _ref, ...rest } = registration;
      const events = given()
        .when({ type: 'RegisterPetition', data: { ...rest, realName: false } })
        .events();
      expect(events[0]?.data).not.toHaveProperty('reporterRef');
      expect(events[1]?.data).toMatchObject({ realName: false });
    });

    it('proposes the earlier petitions about the same accused and unit as repeats, never itself and each once', () => {
      given()
        .when({ type: 'RegisterPetition', data: { ...registration, repeatCandidates: ['p-0', 'p-00', 'p-0', petitionId] } })
        .then([...registered, { type: 'RepeatsProposed', data: { petitionId, earlierIds: ['p-0', 'p-00'] } }]);
    });

    it('leaves behind whatever identity the caller smuggled into the command', () => {
      const data = { ...registration, reporterName: '李四', phone: '13800000000', idNumber: '610111', address: '灞桥区' };
      const result = given().when({ type: 'RegisterPetition', data }).events();
      expect(JSON.stringify(result)).not.toMatch(/李四|13800000000|610111|灞桥区|reporterName|phone|idNumber|address/);
    });

    // The contract owns "real name ⇔ reporter" (RegisterPetitionRequest's if/then); the command's
    // type carries it on as "real name ⇔ vault reference", so no decider check repeats it.
    it('cannot even be written with a real name and no vault reference, or anonymous with one', () => {
      const { reporterRef: _ref, ...facts } = { ...registration, reporterRef: 'vault-7' };
      // @ts-expect-error a real-name registration carries its vault reference
      const missing: RegisterPetition = { type: 'RegisterPetition', data: { ...facts, realName: true } };
      const smuggled: RegisterPetition = {
        type: 'RegisterPetition',
        // @ts-expect-error an anonymous registration carries none
        data: { ...facts, realName: false, reporterRef: 'vault-7' },
      };
      expect([missing, smuggled]).toHaveLength(2);
    });

    it.each([screen, accept, reject, forwardUp, forwardDown, markDuplicate, object, notify, transfer, readIdentity])(
      'cannot be acted on: $type',
      (command) => {
        given().when(command).thenError('PETITION_NOT_FOUND', 404);
      },
    );
  });

  describe('registered before the public contracts (a v1 PetitionRegistered with its particulars)', () => {
    const legacy: LegacyRegistration = {
      petitionId,
      channel: 'letter',
      realName: true,
      reporterRef: 'vault-7',
      accused,
      category: '公款吃喝',
      summary: '公款吃喝',
      content: '详细内容……',
    };
    const old: PetitionEvent[] = [
      { type: 'PetitionRegistered', data: legacy },
      { type: 'PetitionAccepted', data: { petitionId } },
    ];

    it("folds as received, coded ['other'] with its text kept, and its old acceptance still counts", () => {
      expect(given(old.slice(0, 1)).state).toMatchObject({ status: 'Received', categories: ['other'], category: '公款吃喝' });
      expect(given(old).state.status).toBe('Accepted');
    });

    it('is transferred with categories [other] and the text as written', () => {
      const events = given(old).when(transfer).events();
      expect(events[0]?.data).toMatchObject({ categories: ['other'], category: '公款吃喝' });
    });

    it('folds an old refusal with its note', () => {
      const refused: PetitionEvent = {
        type: 'PetitionNotAccepted',
        data: { petitionId, reason: 'litigation', note: '属诉讼事项' },
      };
      expect(given([old[0]!, refused]).state).toMatchObject({ status: 'NotAccepted', reason: 'litigation' });
    });
  });

  describe('when received', () => {
    it('is screened', () => {
      given(registered).when(screen).then([screened]);
      expect(given([...registered, screened]).state.status).toBe('Screened');
    });

    it('is accepted directly: screening is optional', () => {
      given(registered).when(accept).then([accepted]);
      expect(given([...registered, accepted]).state.status).toBe('Accepted');
    });

    it('is not accepted, with a reason; the note is recorded apart from the public event', () => {
      given(registered).when(reject).then([notAccepted, noted]);
      expect(given([...registered, notAccepted, noted]).state).toMatchObject({ status: 'NotAccepted', reason: 'litigation' });
    });

    it('is not accepted without a note: the reason alone suffices', () => {
      given(registered)
        .when({ type: 'RejectPetition', data: { petitionId, reason: 'no-substance' } })
        .then([{ type: 'PetitionNotAccepted', data: { ...announced, reason: 'no-substance', decidedOn: TODAY } }]);
    });

    it('is forwarded to the superior commission', () => {
      given(registered)
        .when(forwardUp)
        .then([
          { type: 'PetitionForwardedToSuperior', data: { ...announced, concernsCommissionHead: false, forwardedOn: TODAY } },
        ]);
    });

    it('is forwarded to a subordinate body, named', () => {
      const forwarded: PetitionEvent = {
        type: 'PetitionForwardedToSubordinate',
        data: { ...announced, body: '区教育局纪检监察组', forwardedOn: TODAY },
      };
      given(registered).when(forwardDown).then([forwarded]);
      expect(given([...registered, forwarded]).state).toMatchObject({
        status: 'ForwardedToSubordinate',
        body: '区教育局纪检监察组',
      });
    });

    it('is filed as a duplicate of an existing earlier petition', () => {
      given(registered).when(markDuplicate).then([duplicate]);
      expect(given([...registered, duplicate]).state).toMatchObject({ status: 'DuplicateFiled', duplicateOf: 'p-0' });
    });

    it('is not a duplicate of a petition that does not exist', () => {
      given(registered)
        .when({ type: 'MarkDuplicate', data: { petitionId, duplicateOf: 'p-404', earlierExists: false } })
        .thenError('DUPLICATE_OF_UNKNOWN', 422);
    });

    it('is not a duplicate of itself', () => {
      given(registered)
        .when({ type: 'MarkDuplicate', data: { petitionId, duplicateOf: petitionId, earlierExists: true } })
        .thenError('DUPLICATE_OF_ITSELF', 422);
    });

    it('cannot be registered twice', () => {
      given(registered).when(register).thenError('PETITION_ALREADY_REGISTERED', 409);
    });

    it.each([transfer, object, notify])('cannot yet be acted on: $type', (command) => {
      given(registered).when(command).thenError('PETITION_WRONG_STATE', 409);
    });
  });

  describe('when screened', () => {
    const history = [...registered, screened];
    it('cannot be screened again', () => {
      given(history).when(screen).thenError('PETITION_WRONG_STATE', 409);
    });

    it.each([
      [accept, 'Accepted'],
      [reject, 'NotAccepted'],
      [forwardUp, 'ForwardedToSuperior'],
      [forwardDown, 'ForwardedToSubordinate'],
      [markDuplicate, 'DuplicateFiled'],
    ] as const)('is decided: $type', (command, status) => {
      const events = given(history).when(command).events();
      expect(given([...history, ...events]).state.status).toBe(status);
    });
  });

  describe("when it concerns the commission's own head", () => {
    it('is only forwarded up, saying so', () => {
      given(aboutHead)
        .when(forwardUp)
        .then([
          { type: 'PetitionForwardedToSuperior', data: { ...announced, concernsCommissionHead: true, forwardedOn: TODAY } },
        ]);
    });

    it('may be screened first', () => {
      given(aboutHead).when(screen).then([screened]);
    });

    it.each([accept, reject, forwardDown, markDuplicate])('cannot be handled locally: $type', (command) => {
      given(aboutHead).when(command).thenError('PETITION_FOR_SUPERIOR', 422);
    });
  });

  describe('when decided', () => {
    it.each([
      ['accepted', accepted],
      ['not accepted', notAccepted],
      ['duplicate', duplicate],
    ])('cannot be decided again when %s', (_name, decision) => {
      for (const command of [screen, accept, reject, forwardUp, forwardDown, markDuplicate]) {
        given([...registered, decision])
          .when(command)
          .thenError('PETITION_WRONG_STATE', 409);
      }
    });
  });

  describe('the acceptance notice (受理告知) to a real-name reporter', () => {
    const notified: PetitionEvent = { type: 'AcceptanceNotified', data: { ...announced, notifiedOn: TODAY } };
    it.each([
      ['accepted', [accepted]],
      ['not accepted', [notAccepted]],
      ['transferred', [accepted, transferred]],
    ])('is recorded when %s', (_name, decisions) => {
      given([...registered, ...decisions])
        .when(notify)
        .then([notified]);
    });

    it('is given once', () => {
      given([...registered, accepted, notified])
        .when(notify)
        .thenError('PETITION_ALREADY_NOTIFIED', 409);
    });

    it('is not owed for a duplicate', () => {
      given([...registered, duplicate])
        .when(notify)
        .thenError('PETITION_WRONG_STATE', 409);
    });

    it('is refused for an anonymous petition', () => {
      given([...anonymous, { type: 'PetitionAccepted', data: { petitionId } }])
        .when(notify)
        .thenError('PETITION_ANONYMOUS', 422);
    });
  });

  describe('an objection (异议) of the reporter', () => {
    it.each([
      ['not accepted', [notAccepted], 'not-accepted'],
      ['a duplicate', [duplicate], 'duplicate-filed'],
      ['concluded', [accepted, transferred, concluded], 'concluded'],
    ] as const)('is recorded when %s, against that decision', (_name, decisions, against) => {
      const history = [...registered, ...decisions];
      const raised: PetitionEvent = {
        type: 'ObjectionRaised',
        data: { petitionId, against, note: '举报人对不予受理有异议', raisedOn: TODAY },
      };
      given(history).when(object).then([raised]);
      const after = given([...history, raised]).state;
      expect(after).toMatchObject({ status: given(history).state.status, objections: 1 });
    });

    it.each([
      ['accepted', [accepted]],
      ['transferred', [accepted, transferred]],
    ])('has nothing to object to when %s', (_name, decisions) => {
      given([...registered, ...decisions])
        .when(object)
        .thenError('PETITION_WRONG_STATE', 409);
    });
  });

  describe('repeats', () => {
    const proposed: PetitionEvent = { type: 'RepeatsProposed', data: { petitionId, earlierIds: ['p-0', 'p-00'] } };
    const history = [...registered, proposed];
    it('confirms a proposed link', () => {
      const link: PetitionEvent = { type: 'RepeatConfirmed', data: { petitionId, earlierId: 'p-0' } };
      given(history).when(confirm('p-0')).then([link]);
      expect(given([...history, link]).state).toMatchObject({ repeats: { proposed: ['p-0', 'p-00'], confirmed: ['p-0'] } });
    });

    it('rejects a proposed link', () => {
      given(history)
        .when(rejectLink('p-00'))
        .then([{ type: 'RepeatRejected', data: { petitionId, earlierId: 'p-00' } }]);
    });

    it('refuses a link that was not proposed', () => {
      given(history).when(confirm('p-9')).thenError('REPEAT_NOT_PROPOSED', 404);
      given(registered).when(rejectLink('p-0')).thenError('REPEAT_NOT_PROPOSED', 404);
    });

    it('decides each link once', () => {
      const link: PetitionEvent = { type: 'RepeatConfirmed', data: { petitionId, earlierId: 'p-0' } };
      given([...history, link])
        .when(rejectLink('p-0'))
        .thenError('REPEAT_ALREADY_DECIDED', 409);
      given([...history, link])
        .when(confirm('p-0'))
        .thenError('REPEAT_ALREADY_DECIDED', 409);
    });
  });

  describe('when accepted', () => {
    it("is transferred to case management with the accused by position and unit, the codes and summary, never the reporter nor the accused's name", () => {
      given([...registered, accepted])
        .when(transfer)
        .then([transferred]);
      expect(given([...registered, accepted, transferred]).state.status).toBe('Transferred');
    });
  });

  describe('when transferred', () => {
    it.each([accept, reject, transfer])('refuses $type', (command) => {
      given([...registered, accepted, transferred])
        .when(command)
        .thenError('PETITION_WRONG_STATE', 409);
    });

    it('cannot be registered again', () => {
      given([...registered, accepted, transferred])
        .when(register)
        .thenError('PETITION_ALREADY_REGISTERED', 409);
    });
  });

  describe('reading the reporter identity', () => {
    it.each([
      ['received', registered],
      ['accepted', [...registered, accepted]],
      ['not accepted', [...registered, notAccepted]],
      ['transferred', [...registered, accepted, transferred]],
    ])('is recorded with its reason when %s', (_status, history) => {
      const read: PetitionEvent = { type: 'ReporterIdentityRead', data: { petitionId, reason: '核实举报人身份以便反馈' } };
      given(history).when(readIdentity).then([read]);
      expect(given([...history, read]).state).toEqual(given(history).state);
    });

    it('is refused for an anonymous petition', () => {
      given(anonymous).when(readIdentity).thenError('PETITION_ANONYMOUS', 422);
    });
  });

  describe('access', () => {
    const commands: Array<[PetitionCommand, PetitionEvent[]]> = [
      [register, []],
      [screen, registered],
      [accept, registered],
      [reject, registered],
      [forwardUp, registered],
      [forwardDown, registered],
      [markDuplicate, registered],
      [notify, [...registered, accepted]],
      [object, [...registered, notAccepted]],
      [transfer, [...registered, accepted]],
      [readIdentity, registered],
    ];
    it.each(['case-management', 'supervision-office-1', 'leadership', 'publicity-dept'])(
      'refuses every command from %s',
      (office) => {
        for (const [command, history] of commands) {
          given(history).when(command, actorOf(office)).thenError('FORBIDDEN_OFFICE', 403);
        }
      },
    );
  });
});
