import { routeAt, routeFor, zoneOf, type Membership, type Registry, type Zone } from './registry.js';

// Routing by dated membership: what the registry answers for every transferred petition's clue.
const zone1: Zone = { zoneId: 'zone-1', name: '第一协作区', office: 'supervision-office-1' };
const zone2: Zone = { zoneId: 'zone-2', name: '第二协作区', office: 'dispatched-agency-edu' };
const history: Membership[] = [
  { zoneId: 'zone-1', effectiveFrom: '2026-01-01' },
  { zoneId: 'zone-2', effectiveFrom: '2026-07-01' },
];
const zones = { 'zone-1': zone1, 'zone-2': zone2 };

describe('Registry routing', () => {
  describe('dated membership', () => {
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
  });

  describe('a clue', () => {
    it('goes to the office of the zone the unit was in that day', () => {
      expect(routeAt(history, zones, new Date('2026-03-01T00:00:00Z'))).toEqual({
        zoneId: 'zone-1',
        office: 'supervision-office-1',
      });
      expect(routeAt(history, zones, new Date('2026-08-01T00:00:00Z'))).toEqual({
        zoneId: 'zone-2',
        office: 'dispatched-agency-edu',
      });
    });

    it('has nowhere to go before the first membership, or when the zone is unknown', () => {
      expect(routeAt(history, zones, new Date('2025-06-01T00:00:00Z'))).toBeUndefined();
      expect(routeAt(history, { 'zone-1': zone1 }, new Date('2026-08-01T00:00:00Z'))).toBeUndefined();
      expect(routeAt([], zones, new Date('2026-08-01T00:00:00Z'))).toBeUndefined();
    });

    it('is routed the same from a registry view', () => {
      const registry: Registry = {
        zones,
        units: { 'unit-1': { unitId: 'unit-1', name: '纺织城街道', staffCount: 120, memberships: history } },
      };
      expect(routeFor(registry, 'unit-1', new Date('2026-03-01T00:00:00Z'))).toEqual({
        zoneId: 'zone-1',
        office: 'supervision-office-1',
      });
      expect(routeFor(registry, 'unit-9', new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
      expect(routeFor(registry, 'constructor', new Date('2026-03-01T00:00:00Z'))).toBeUndefined();
    });
  });
});
