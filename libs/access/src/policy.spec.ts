import type { Actor } from './actor.js';
import { canSeeZone, hasRole, isDispatchedAgency, isOffice, isSupervisionOffice, seesAllZones } from './policy.js';

const actor = (office: Actor['office'], zones: string[] = [], roles: string[] = []): Actor => ({
  sub: 'u',
  name: 'n',
  office,
  roles,
  zones,
});

describe('policy', () => {
  it('knows an actor by office', () => {
    expect(isOffice(actor('petition-office'), 'petition-office', 'leadership')).toBe(true);
    expect(isOffice(actor('review-office'), 'petition-office')).toBe(false);
  });

  it('recognises every numbered supervision office and every dispatched agency', () => {
    expect(isSupervisionOffice(actor('supervision-office-3'))).toBe(true);
    expect(isSupervisionOffice(actor('conduct-office'))).toBe(false);
    expect(isDispatchedAgency(actor('dispatched-agency-health'))).toBe(true);
  });

  it('checks roles', () => {
    expect(hasRole(actor('leadership', [], ['approver']), 'approver', 'admin')).toBe(true);
    expect(hasRole(actor('leadership'), 'approver')).toBe(false);
  });

  describe('need to know', () => {
    it('lets a supervision office see only the zones of its own', () => {
      const office = actor('supervision-office-1', ['zone-1']);
      expect(canSeeZone(office, 'zone-1')).toBe(true);
      expect(canSeeZone(office, 'zone-2')).toBe(false);
    });

    it('lets case management, the conduct office and leadership see every zone', () => {
      for (const office of ['case-management', 'conduct-office', 'leadership'] as const) {
        expect(seesAllZones(actor(office))).toBe(true);
        expect(canSeeZone(actor(office), 'zone-9')).toBe(true);
      }
    });

    it('does not let the petition office see zones it was not given', () => {
      expect(canSeeZone(actor('petition-office'), 'zone-1')).toBe(false);
    });
  });
});
