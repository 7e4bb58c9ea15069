import { specification } from '@jiandu/testing';
import type { DecisionContext } from '@jiandu/decision';
import { decide, evolve, initialState, routeFor, zoneOf, type RegistryCommand, type RegistryEvent } from './registry.js';

// ── given / when / then
const NOW = new Date('2026-09-25T02:00:00.000Z');
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office, roles: [], zones: [] },
});
const caseManagement = actorOf('case-management');

const { given } = specification({ decide, evolve, initialState }, { context: caseManagement });

// ── fixtures
const zone1: RegistryEvent = { type: 'ZoneRegistered', data: { zoneId: 'zone-1', name: '第一协作区', office: 'supervision-office-1' } };
const zone2: RegistryEvent = { type: 'ZoneRegistered', data: { zoneId: 'zone-2', name: '第二协作区', office: 'dispatched-agency-edu' } };
const unitRegistered: RegistryEvent = { type: 'UnitRegistered', data: { unitId: 'unit-1', name: '纺织城街道', staffCount: 120 } };
const inZone1: RegistryEvent = { type: 'UnitAssignedToZone', data: { unitId: 'unit-1', zoneId: 'zone-1', effectiveFrom: '2026-01-01' } };
const movedTo2: RegistryEvent = { type: 'UnitAssignedToZone', data: { unitId: 'unit-1', zoneId: 'zone-2', effectiveFrom: '2026-07-01' } };
const registerUnit: RegistryCommand = {
  type: 'RegisterUnit',
  data: { unitId: 'unit-1', name: '纺织城街道', zoneId: 'zone-1', staffCount: 120, effectiveFrom: '2026-01-01' },
};
const move: RegistryCommand = { type: 'MoveUnit', data: { unitId: 'unit-1', zoneId: 'zone-2', effectiveFrom: '2026-07-01' } };

describe('Registry of units and zones', () => {
  describe('registering a zone', () => {
    it.each(['supervision-office-1', 'dispatched-agency-edu'])('is supervised by %s', (office) => {
      given().when({ type: 'RegisterZone', data: { zoneId: 'z', name: '协作区', office } })
        .then([{ type: 'ZoneRegistered', data: { zoneId: 'z', name: '协作区', office } }]);
    });

    it.each(['petition-office', 'supervision-office-', 'supervision-office-0', 'dispatched-agency-', 'leadership'])(
      'refuses %s as its office',
      (office) => {
        given().when({ type: 'RegisterZone', data: { zoneId: 'z', name: '协作区', office } }).thenError('INVALID_INPUT', 400);
      },
    );

    it('refuses an empty or overly long name', () => {
      given().when({ type: 'RegisterZone', data: { zoneId: 'z', name: '', office: 'supervision-office-1' } }).thenError('INVALID_INPUT', 400);
      given().when({ type: 'RegisterZone', data: { zoneId: 'z', name: 'n'.repeat(101), office: 'supervision-office-1' } })
        .thenError('INVALID_INPUT', 400);
    });

    it('cannot register the same zone twice', () => {
      given([zone1]).when({ type: 'RegisterZone', data: zone1.data as never }).thenError('ZONE_ALREADY_REGISTERED', 409);
    });

    it('does not mistake an inherited property for a zone', () => {
      given().when({ type: 'RegisterZone', data: { zoneId: 'constructor', name: '协作区', office: 'supervision-office-1' } })
        .then([{ type: 'ZoneRegistered', data: { zoneId: 'constructor', name: '协作区', office: 'supervision-office-1' } }]);
    });
  });

  describe('registering a unit', () => {
    it('registers it and assigns it to its zone from the given day', () => {
      given([zone1]).when(registerUnit).then([unitRegistered, inZone1]);
    });

    it('assigns it from today (Beijing) when no day is given', () => {
      const { effectiveFrom: _day, ...data } = registerUnit.data as Extract<RegistryCommand, { type: 'RegisterUnit' }>['data'];
      const late = { ...caseManagement, now: new Date('2026-09-24T17:30:00.000Z') };
      given([zone1]).when({ type: 'RegisterUnit', data }, late)
        .then([unitRegistered, { type: 'UnitAssignedToZone', data: { unitId: 'unit-1', zoneId: 'zone-1', effectiveFrom: '2026-09-25' } }]);
    });

    it('refuses an unknown zone', () => {
      given().when(registerUnit).thenError('ZONE_NOT_FOUND', 404);
    });

    it('cannot register the same unit twice', () => {
      given([zone1, unitRegistered, inZone1]).when(registerUnit).thenError('UNIT_ALREADY_REGISTERED', 409);
    });

    it.each([-1, 1.5, Number.NaN, '12', 1_000_001])('refuses staff count %p', (staffCount) => {
      given([zone1]).when({ type: 'RegisterUnit', data: { ...registerUnit.data, staffCount } as never }).thenError('INVALID_INPUT', 400);
    });

    it('accepts a unit with no staff', () => {
      given([zone1])
        .when({ type: 'RegisterUnit', data: { ...registerUnit.data, staffCount: 0 } as never })
        .then([{ ...unitRegistered, data: { ...unitRegistered.data, staffCount: 0 } } as RegistryEvent, inZone1]);
    });

    it.each(['2026-13-01', '2026/01/01', ''])('refuses effective date %p', (effectiveFrom) => {
      given([zone1]).when({ type: 'RegisterUnit', data: { ...registerUnit.data, effectiveFrom } as never }).thenError('INVALID_INPUT', 400);
    });
  });

  describe('moving a unit', () => {
    it('assigns it to the new zone from the given day', () => {
      given([zone1, zone2, unitRegistered, inZone1]).when(move).then([movedTo2]);
    });

    it('refuses a move into the zone it is already in', () => {
      given([zone1, unitRegistered, inZone1]).when({ type: 'MoveUnit', data: { ...move.data, zoneId: 'zone-1' } })
        .thenError('UNIT_ALREADY_IN_ZONE', 409);
    });

    it('refuses a move that takes effect before the current membership began', () => {
      given([zone1, zone2, unitRegistered, inZone1]).when({ type: 'MoveUnit', data: { ...move.data, effectiveFrom: '2026-01-01' } })
        .thenError('EFFECTIVE_DATE_NOT_AFTER_CURRENT', 422);
    });

    it('refuses an unknown unit or zone', () => {
      given([zone1, zone2]).when(move).thenError('UNIT_NOT_FOUND', 404);
      given([zone1, unitRegistered, inZone1]).when(move).thenError('ZONE_NOT_FOUND', 404);
    });

    it('refuses an empty unit id', () => {
      given([zone1, zone2, unitRegistered, inZone1]).when({ type: 'MoveUnit', data: { ...move.data, unitId: '' } })
        .thenError('INVALID_INPUT', 400);
    });
  });

  describe('access', () => {
    it.each(['petition-office', 'supervision-office-1', 'dispatched-agency-edu'])('refuses every command from %s', (office) => {
      for (const command of [{ type: 'RegisterZone', data: zone1.data } as RegistryCommand, registerUnit, move]) {
        given([zone1, zone2, unitRegistered, inZone1]).when(command, actorOf(office)).thenError('FORBIDDEN_OFFICE', 403);
      }
    });

    it('lets leadership maintain the registry', () => {
      given([zone1, zone2, unitRegistered, inZone1]).when(move, actorOf('leadership')).then([movedTo2]);
    });
  });

  describe('dated membership', () => {
    const history = [inZone1.data, movedTo2.data] as Array<{ zoneId: string; effectiveFrom: string }>;
    it.each([
      ['2025-12-31T15:59:59.999Z', undefined],
      ['2025-12-31T16:00:00.000Z', 'zone-1'],
      ['2026-06-30T15:59:59.999Z', 'zone-1'],
      ['2026-06-30T16:00:00.000Z', 'zone-2'],
      ['2030-01-01T00:00:00.000Z', 'zone-2'],
    ])('at %s the unit is in %p (days begin at Beijing midnight)', (at, zone) => {
      expect(zoneOf(history, new Date(at))).toBe(zone);
      expect(zoneOf([...history].reverse(), new Date(at))).toBe(zone);
    });

    it('routes a clue to the office of the zone the unit was in', () => {
      const { state } = given([zone1, zone2, unitRegistered, inZone1, movedTo2]);
      expect(routeFor(state, 'unit-1', new Date('2026-03-01T00:00:00Z'))).toEqual({ zoneId: 'zone-1', office: 'supervision-office-1' });
      expect(routeFor(state, 'unit-1', new Date('2026-08-01T00:00:00Z'))).toEqual({ zoneId: 'zone-2', office: 'dispatched-agency-edu' });
      expect(routeFor(state, 'unit-9', NOW)).toBeUndefined();
    });
  });
});
