import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from '@jiandu/decision';
import {
  decide,
  evolve,
  initialState,
  type PetitionCommand,
  type PetitionEvent,
  type PetitionRegistered,
  type RegisterPetition,
} from './petition.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const clerk = actorOf('petition-office');

const { given } = specification({ decide, evolve, initialState }, { context: clerk });

// ── fixtures
const petitionId = 'p-1';
const registration: PetitionRegistered['data'] = {
  petitionId,
  channel: 'letter',
  realName: true,
  reporterRef: 'vault-7',
  accused: { name: '张三', position: '街道办主任', unitId: 'unit-1' },
  category: '违反中央八项规定精神',
  summary: '公款吃喝',
  content: '详细内容……',
};
const registered: PetitionEvent = { type: 'PetitionRegistered', data: registration };
const anonymous: PetitionEvent = {
  type: 'PetitionRegistered',
  data: { ...registration, realName: false, reporterRef: undefined } as PetitionRegistered['data'],
};
const accepted: PetitionEvent = { type: 'PetitionAccepted', data: { petitionId } };
const notAccepted: PetitionEvent = {
  type: 'PetitionNotAccepted',
  data: { petitionId, reason: 'litigation', note: '属诉讼事项' },
};
const transferred: PetitionEvent = {
  type: 'PetitionTransferred',
  data: {
    petitionId,
    accused: registration.accused,
    category: registration.category,
    summary: registration.summary,
    channel: 'letter',
    realName: true,
    transferredAt: NOW.toISOString(),
  },
};

const register: PetitionCommand = { type: 'RegisterPetition', data: registration };
const accept: PetitionCommand = { type: 'AcceptPetition', data: { petitionId } };
const reject: PetitionCommand = { type: 'RejectPetition', data: { petitionId, reason: 'litigation', note: '属诉讼事项' } };
const transfer: PetitionCommand = { type: 'TransferPetition', data: { petitionId } };
const readIdentity: PetitionCommand = { type: 'ReadReporterIdentity', data: { petitionId, reason: '核实举报人身份以便反馈' } };

describe('Petition', () => {
  describe('when it does not exist yet', () => {
    it('is registered as received, with the vault reference but no identity', () => {
      given().when(register).then([registered]);
      expect(given([registered]).state).toMatchObject({ status: 'Received', petitionId, reporterRef: 'vault-7' });
    });

    it('is registered anonymously without a vault reference', () => {
      const { reporterRef: _ref, ...rest } = registration;
      given()
        .when({ type: 'RegisterPetition', data: { ...rest, realName: false } })
        .then([{ type: 'PetitionRegistered', data: { ...rest, realName: false } }]);
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

    it.each([accept, reject, transfer, readIdentity])('cannot be acted on: $type', (command) => {
      given().when(command).thenError('PETITION_NOT_FOUND', 404);
    });
  });

  describe('when received', () => {
    it('is accepted', () => {
      given([registered]).when(accept).then([accepted]);
      expect(given([registered, accepted]).state.status).toBe('Accepted');
    });

    it('is not accepted, with a reason and a note', () => {
      given([registered]).when(reject).then([notAccepted]);
      expect(given([registered, notAccepted]).state).toMatchObject({ status: 'NotAccepted', reason: 'litigation' });
    });

    it('cannot be registered twice', () => {
      given([registered]).when(register).thenError('PETITION_ALREADY_REGISTERED', 409);
    });

    it('is not accepted without a note: the reason alone suffices', () => {
      given([registered])
        .when({ type: 'RejectPetition', data: { petitionId, reason: 'no-substance' } })
        .then([{ type: 'PetitionNotAccepted', data: { petitionId, reason: 'no-substance' } }]);
    });

    it('cannot be transferred before it is accepted', () => {
      given([registered]).when(transfer).thenError('PETITION_WRONG_STATE', 409);
    });
  });

  describe('when accepted', () => {
    it('is transferred to case management with the accused and summary, never the reporter', () => {
      given([registered, accepted]).when(transfer).then([transferred]);
      expect(given([registered, accepted, transferred]).state.status).toBe('Transferred');
    });

    it('cannot be accepted twice', () => {
      given([registered, accepted]).when(accept).thenError('PETITION_WRONG_STATE', 409);
    });

    it('cannot be refused any more', () => {
      given([registered, accepted]).when(reject).thenError('PETITION_WRONG_STATE', 409);
    });
  });

  describe('when not accepted', () => {
    it.each([accept, reject, transfer])('refuses $type', (command) => {
      given([registered, notAccepted]).when(command).thenError('PETITION_WRONG_STATE', 409);
    });
  });

  describe('when transferred', () => {
    it.each([accept, reject, transfer])('refuses $type', (command) => {
      given([registered, accepted, transferred]).when(command).thenError('PETITION_WRONG_STATE', 409);
    });

    it('cannot be registered again', () => {
      given([registered, accepted, transferred]).when(register).thenError('PETITION_ALREADY_REGISTERED', 409);
    });
  });

  describe('reading the reporter identity', () => {
    it.each([
      ['received', [registered]],
      ['accepted', [registered, accepted]],
      ['not accepted', [registered, notAccepted]],
      ['transferred', [registered, accepted, transferred]],
    ])('is recorded with its reason when %s', (_status, history) => {
      const read: PetitionEvent = { type: 'ReporterIdentityRead', data: { petitionId, reason: '核实举报人身份以便反馈' } };
      given(history).when(readIdentity).then([read]);
      expect(given([...history, read]).state).toEqual(given(history).state);
    });

    it('is refused for an anonymous petition', () => {
      given([anonymous]).when(readIdentity).thenError('PETITION_ANONYMOUS', 422);
    });
  });

  describe('access', () => {
    const commands: Array<[PetitionCommand, PetitionEvent[]]> = [
      [register, []],
      [accept, [registered]],
      [reject, [registered]],
      [transfer, [registered, accepted]],
      [readIdentity, [registered]],
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
