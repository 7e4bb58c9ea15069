import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import { decide, evolve, initialState, type UnitCommand, type UnitDecisionContext, type UnitEvent } from './registry-unit.js';
import type { Zone } from './registry.js';

// ── given / when / then, on one unit's stream; the zones the registry knows come with the context
const NOW = new Date('2026-09-25T02:00:00.000Z');
const zone1: Zone = { zoneId: 'zone-1', name: '第一协作区', office: 'supervision-office-1' };
const zone2: Zone = { zoneId: 'zone-2', name: '第二协作区', office: 'dispatched-agency-edu' };
const known = (...zones: Zone[]) => Object.fromEntries(zones.map((z) => [z.zoneId, z]));
const contextOf = (office: string, zones = known(zone1, zone2)): UnitDecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
  zones,
});
const caseManagement = contextOf('case-management');

const { given } = specification({ decide, evolve, initialState }, { context: caseManagement });

// ── fixtures
const unitRegistered: UnitEvent = { type: 'UnitRegistered', data: { unitId: 'unit-1', name: '纺织城街道', staffCount: 120 } };
const inZone1: UnitEvent = {
  type: 'UnitAssignedToZone',
  data: { unitId: 'unit-1', zoneId: 'zone-1', effectiveFrom: '2026-01-01' },
};
const movedTo2: UnitEvent = {
  type: 'UnitAssignedToZone',
  data: { unitId: 'unit-1', zoneId: 'zone-2', effectiveFrom: '2026-07-01' },
};
const registerUnit: Extract<UnitCommand, { type: 'RegisterUnit' }> = {
  type: 'RegisterUnit',
  data: { unitId: 'unit-1', name: '纺织城街道', zoneId: 'zone-1', staffCount: 120 },
};
/** Registration on 2026-01-01 (Beijing), the day inZone1 begins. */
const onNewYear = { ...caseManagement, now: new Date('2026-01-01T02:00:00.000Z') };
const move: UnitCommand = { type: 'MoveUnit', data: { unitId: 'unit-1', zoneId: 'zone-2', effectiveFrom: '2026-07-01' } };

describe('A supervised unit (stream unit-<id>)', () => {
  describe('registering it', () => {
    it('registers it and assigns it to its zone from the day of registration', () => {
      given().when(registerUnit, onNewYear).then([unitRegistered, inZone1]);
    });

    it('assigns it from the day of registration in Beijing', () => {
      const late = { ...caseManagement, now: new Date('2026-09-24T17:30:00.000Z') };
      given()
        .when(registerUnit, late)
        .then([
          unitRegistered,
          { type: 'UnitAssignedToZone', data: { unitId: 'unit-1', zoneId: 'zone-1', effectiveFrom: '2026-09-25' } },
        ]);
    });

    it('refuses a zone the registry does not know', () => {
      const error = given()
        .when(registerUnit, contextOf('case-management', known(zone2)))
        .thenError('ZONE_NOT_FOUND', 404);
      expect(error.message).toEqual({ zh: '未找到协作区', en: 'cooperation zone not found' });
    });

    it('does not mistake an inherited property for a zone', () => {
      given()
        .when({ type: 'RegisterUnit', data: { ...registerUnit.data, zoneId: 'constructor' } }, contextOf('case-management', {}))
        .thenError('ZONE_NOT_FOUND', 404);
    });

    it('cannot register the same unit twice, and says so in both languages', () => {
      const error = given([unitRegistered, inZone1]).when(registerUnit).thenError('UNIT_ALREADY_REGISTERED', 409);
      expect(error.message).toEqual({ zh: '该单位已登记', en: 'this unit is already registered' });
    });

    it('refuses a second registration even into a zone that does not exist', () => {
      given([unitRegistered, inZone1])
        .when(registerUnit, contextOf('case-management', {}))
        .thenError('UNIT_ALREADY_REGISTERED', 409);
    });

    it('accepts a unit with no staff', () => {
      given()
        .when({ type: 'RegisterUnit', data: { ...registerUnit.data, staffCount: 0 } }, onNewYear)
        .then([{ type: 'UnitRegistered', data: { ...unitRegistered.data, staffCount: 0 } } as UnitEvent, inZone1]);
    });

    it('is the unit with its memberships in order', () => {
      expect(given([unitRegistered, inZone1, movedTo2]).state).toEqual({
        unitId: 'unit-1',
        name: '纺织城街道',
        staffCount: 120,
        memberships: [
          { zoneId: 'zone-1', effectiveFrom: '2026-01-01' },
          { zoneId: 'zone-2', effectiveFrom: '2026-07-01' },
        ],
      });
      expect(given().state).toBeNull();
    });
  });

  describe('moving it', () => {
    it('assigns it to the new zone from the given day', () => {
      given([unitRegistered, inZone1]).when(move).then([movedTo2]);
    });

    it('refuses a move into the zone it is already in', () => {
      const error = given([unitRegistered, inZone1])
        .when({ type: 'MoveUnit', data: { ...move.data, zoneId: 'zone-1' } })
        .thenError('UNIT_ALREADY_IN_ZONE', 409);
      expect(error.message).toEqual({ zh: '该单位已在此协作区', en: 'the unit is already in this zone' });
    });

    it('refuses a move that takes effect on or before the day the current membership began', () => {
      for (const effectiveFrom of ['2026-01-01', '2025-12-31']) {
        const error = given([unitRegistered, inZone1])
          .when({ type: 'MoveUnit', data: { ...move.data, effectiveFrom } })
          .thenError('EFFECTIVE_DATE_NOT_AFTER_CURRENT', 422, 'effectiveFrom');
        expect(error.fields).toEqual([
          { path: 'effectiveFrom', message: { zh: '应晚于 2026-01-01', en: 'must be after 2026-01-01' } },
        ]);
      }
    });

    it('refuses an unknown unit or zone', () => {
      given().when(move).thenError('UNIT_NOT_FOUND', 404);
      given([unitRegistered, inZone1])
        .when(move, contextOf('case-management', known(zone1)))
        .thenError('ZONE_NOT_FOUND', 404);
    });

    it('moves it from today (Beijing) when no day is given', () => {
      const late = { ...caseManagement, now: new Date('2026-09-24T17:30:00.000Z') };
      given([unitRegistered, inZone1])
        .when({ type: 'MoveUnit', data: { unitId: 'unit-1', zoneId: 'zone-2' } }, late)
        .then([{ type: 'UnitAssignedToZone', data: { unitId: 'unit-1', zoneId: 'zone-2', effectiveFrom: '2026-09-25' } }]);
    });

    it('moves back to an earlier zone later on', () => {
      given([unitRegistered, inZone1, movedTo2])
        .when({ type: 'MoveUnit', data: { ...move.data, zoneId: 'zone-1', effectiveFrom: '2027-01-01' } })
        .then([{ type: 'UnitAssignedToZone', data: { unitId: 'unit-1', zoneId: 'zone-1', effectiveFrom: '2027-01-01' } }]);
    });
  });

  describe('access', () => {
    it.each(['petition-office', 'supervision-office-1', 'dispatched-agency-edu'])('refuses every command from %s', (office) => {
      for (const command of [registerUnit, move]) {
        given([unitRegistered, inZone1]).when(command, contextOf(office)).thenError('FORBIDDEN_OFFICE', 403);
      }
    });

    it('lets leadership maintain units', () => {
      given([unitRegistered, inZone1]).when(move, contextOf('leadership')).then([movedTo2]);
      given()
        .when(registerUnit, { ...contextOf('leadership'), now: onNewYear.now })
        .then([unitRegistered, inZone1]);
    });
  });
});
