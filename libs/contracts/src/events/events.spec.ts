import { ContractRegistry } from '../registry.js';
import {
  caseManagementPublicEvents,
  ClueRegisteredV1,
  DispositionApprovedV1,
  PetitionTransferredV1,
  petitionsPublicEvents,
  publicEventContracts,
  supervisionPublicEvents,
  UnitRegisteredV1,
} from './index.js';

const transferred: PetitionTransferredV1 = {
  petitionId: 'p-1',
  accused: { name: '张三', position: '街道办主任', unitId: 'unit-1' },
  category: '违反中央八项规定精神',
  summary: '公款吃喝',
  channel: 'letter',
  realName: true,
  transferredAt: '2026-09-25T02:00:00.000Z',
};

describe('Public event contracts', () => {
  it('are named by service, type and version on their subject', () => {
    expect(PetitionTransferredV1.subject).toBe('jiandu.evt.petitions.PetitionTransferred.v1');
    expect(DispositionApprovedV1.subject).toBe('jiandu.evt.case-management.DispositionApproved.v1');
  });

  it('are listed under the internal event type they publish', () => {
    for (const [service, map] of [
      ['petitions', petitionsPublicEvents],
      ['case-management', caseManagementPublicEvents],
      ['supervision', supervisionPublicEvents],
    ] as const) {
      for (const [type, contract] of Object.entries(map)) {
        expect(contract).toMatchObject({ service, type, version: 1, public: true });
      }
    }
    expect(publicEventContracts).toHaveLength(21);
  });

  it('register together without clashes', () => {
    expect(() => new ContractRegistry().register(...publicEventContracts)).not.toThrow();
  });

  describe('PetitionTransferred v1', () => {
    it('accepts a transfer', () => {
      expect(PetitionTransferredV1.errors(transferred)).toEqual([]);
    });

    it.each(['reporterRef', 'reporterName', 'phone', 'idNumber', 'address', 'lookupCode', 'content'])(
      'refuses to carry %s',
      (field) => {
        expect(PetitionTransferredV1.check({ ...transferred, [field]: 'x' })).toBe(false);
      },
    );

    it('refuses unknown fields on the accused too', () => {
      expect(PetitionTransferredV1.check({ ...transferred, accused: { ...transferred.accused, phone: '1' } })).toBe(false);
    });

    it('refuses an empty or overly long summary', () => {
      expect(PetitionTransferredV1.check({ ...transferred, summary: '' })).toBe(false);
      expect(PetitionTransferredV1.check({ ...transferred, summary: 's'.repeat(501) })).toBe(false);
    });
  });

  describe('case-management v1 events', () => {
    it('take a clue number only as XS-<year>-<6 digits>', () => {
      const clue = {
        clueId: 'c-1',
        number: 'XS-2026-000001',
        kind: 'close',
        unitId: 'unit-1',
        assignedOffice: 'supervision-office-2',
        sourceRef: 'p-1',
      };
      expect(DispositionApprovedV1.errors(clue)).toEqual([]);
      expect(DispositionApprovedV1.check({ ...clue, number: 'XS-26-1' })).toBe(false);
      expect(DispositionApprovedV1.check({ ...clue, kind: 'forget' })).toBe(false);
      expect(DispositionApprovedV1.check({ ...clue, assignedOffice: 'petition-office' })).toBe(false);
    });

    it('refuses a negative or fractional staff count', () => {
      const unit = { unitId: 'u', name: '街道', staffCount: 3 };
      expect(UnitRegisteredV1.check(unit)).toBe(true);
      expect(UnitRegisteredV1.check({ ...unit, staffCount: -1 })).toBe(false);
      expect(UnitRegisteredV1.check({ ...unit, staffCount: 1.5 })).toBe(false);
    });

    it('refuses a clue from an unknown source', () => {
      expect(ClueRegisteredV1.check({ source: 'rumour' })).toBe(false);
    });
  });
});
