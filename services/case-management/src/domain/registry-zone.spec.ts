import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import type { DecisionContext } from '@jiandu/decision';
import { decide, evolve, initialState, type ZoneCommand, type ZoneEvent } from './registry-zone.js';

// ── given / when / then, on one zone's stream
const NOW = new Date('2026-09-25T02:00:00.000Z');
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const caseManagement = actorOf('case-management');

const { given } = specification({ decide, evolve, initialState }, { context: caseManagement });

const zone1: ZoneEvent = {
  type: 'ZoneRegistered',
  data: { zoneId: 'zone-1', name: '第一协作区', office: 'supervision-office-1' },
};
const register = (office: string, data: Partial<ZoneCommand['data']> = {}): ZoneCommand => ({
  type: 'RegisterZone',
  data: { zoneId: 'z', name: '协作区', office, ...data },
});

describe('A cooperation zone (stream zone-<id>)', () => {
  describe('registering it', () => {
    it.each(['supervision-office-1', 'dispatched-agency-edu'])('is supervised by %s', (office) => {
      given()
        .when(register(office))
        .then([{ type: 'ZoneRegistered', data: { zoneId: 'z', name: '协作区', office } }]);
    });

    it('cannot register the same zone twice, and says so in both languages', () => {
      const error = given([zone1]).when({ type: 'RegisterZone', data: zone1.data }).thenError('ZONE_ALREADY_REGISTERED', 409);
      expect(error.message).toEqual({ zh: '该协作区已登记', en: 'this zone is already registered' });
    });

    it('refuses a second registration whatever its name or office', () => {
      given([zone1])
        .when({ type: 'RegisterZone', data: { ...zone1.data, name: '另一个名字', office: 'dispatched-agency-edu' } })
        .thenError('ZONE_ALREADY_REGISTERED', 409);
    });

    it('does not mistake an inherited property for a zone', () => {
      given()
        .when(register('supervision-office-1', { zoneId: 'constructor' }))
        .then([{ type: 'ZoneRegistered', data: { zoneId: 'constructor', name: '协作区', office: 'supervision-office-1' } }]);
    });

    it('is the zone its event names', () => {
      expect(given([zone1]).state).toEqual({ zoneId: 'zone-1', name: '第一协作区', office: 'supervision-office-1' });
      expect(given().state).toBeNull();
    });
  });

  describe('access', () => {
    it.each(['petition-office', 'supervision-office-1', 'dispatched-agency-edu'])('refuses a registration from %s', (office) => {
      const error = given().when(register('supervision-office-1'), actorOf(office)).thenError('FORBIDDEN_OFFICE', 403);
      expect(error.message).toEqual({
        zh: '只有案管室或委领导可以维护单位和协作区',
        en: 'only case management or leadership maintain units and zones',
      });
    });

    it('lets leadership register a zone', () => {
      given()
        .when(register('supervision-office-2'), actorOf('leadership'))
        .then([{ type: 'ZoneRegistered', data: { zoneId: 'z', name: '协作区', office: 'supervision-office-2' } }]);
    });
  });
});
