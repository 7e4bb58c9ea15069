import { caseManagementPublicEvents, isDomainError, type DomainError, type EventContract } from '@jiandu/contracts';
import fc from 'fast-check';
import { localDate, refusal, type DecisionContext } from '@jiandu/decision';
import * as unit from './registry-unit.js';
import * as zone from './registry-zone.js';
import {
  own,
  REGISTRY_OFFICES,
  zoneOf,
  type Membership,
  type Registry,
  type RegistryCommand,
  type RegistryEvent,
} from './registry.js';

const publicContract = (type: string): EventContract | undefined =>
  (caseManagementPublicEvents as Record<string, EventContract>)[type];

// ── the district as the service runs it: each command goes to its own stream's decider, and a
// unit's decider learns of the zone its command names from the registry (as the handler reads it).
function decideOnStreams(command: RegistryCommand, district: Registry, context: DecisionContext): RegistryEvent[] | DomainError {
  if (command.type === 'RegisterZone') return zone.decide(command, own(district.zones, command.data.zoneId) ?? null, context);
  const named = own(district.zones, command.data.zoneId);
  return unit.decide(command, own(district.units, command.data.unitId) ?? null, {
    ...context,
    zones: named ? { [command.data.zoneId]: named } : {},
  });
}

function evolveStreams(district: Registry, event: RegistryEvent): Registry {
  if (event.type === 'ZoneRegistered') {
    const next = zone.evolve(own(district.zones, event.data.zoneId) ?? null, event);
    return next ? { ...district, zones: { ...district.zones, [event.data.zoneId]: next } } : district;
  }
  const next = unit.evolve(own(district.units, event.data.unitId) ?? null, event);
  return next ? { ...district, units: { ...district.units, [event.data.unitId]: next } } : district;
}

// ── the former district-wide decider (one 'registry' stream), as it was before issue 8 (less the
// input checks, which the contract owns since issue 9): the per-stream deciders must decide exactly as it did.
function formerDecide(command: RegistryCommand, state: Registry, { now, actor }: DecisionContext): RegistryEvent[] | DomainError {
  if (!REGISTRY_OFFICES.includes(actor.office)) {
    return refusal(
      'FORBIDDEN_OFFICE',
      403,
      '只有案管室或委领导可以维护单位和协作区',
      'only case management or leadership maintain units and zones',
    );
  }
  const zoneNotFound = () => refusal('ZONE_NOT_FOUND', 404, '未找到协作区', 'cooperation zone not found');
  switch (command.type) {
    case 'RegisterZone': {
      const { zoneId, name, office } = command.data;
      if (own(state.zones, zoneId))
        return refusal('ZONE_ALREADY_REGISTERED', 409, '该协作区已登记', 'this zone is already registered');
      return [{ type: 'ZoneRegistered', data: { zoneId, name, office } }];
    }
    case 'RegisterUnit': {
      const { unitId, name, zoneId, staffCount } = command.data;
      const effectiveFrom = localDate(now);
      if (own(state.units, unitId))
        return refusal('UNIT_ALREADY_REGISTERED', 409, '该单位已登记', 'this unit is already registered');
      if (!own(state.zones, zoneId)) return zoneNotFound();
      return [
        { type: 'UnitRegistered', data: { unitId, name, staffCount } },
        { type: 'UnitAssignedToZone', data: { unitId, zoneId, effectiveFrom } },
      ];
    }
    case 'MoveUnit': {
      const { unitId, zoneId } = command.data;
      const effectiveFrom = command.data.effectiveFrom ?? localDate(now);
      const found = own(state.units, unitId);
      if (!found) return refusal('UNIT_NOT_FOUND', 404, '未找到单位', 'unit not found');
      if (!own(state.zones, zoneId)) return zoneNotFound();
      const latest = found.memberships.at(-1);
      if (latest?.zoneId === zoneId)
        return refusal('UNIT_ALREADY_IN_ZONE', 409, '该单位已在此协作区', 'the unit is already in this zone');
      if (latest && effectiveFrom <= latest.effectiveFrom) {
        return refusal(
          'EFFECTIVE_DATE_NOT_AFTER_CURRENT',
          422,
          '调整生效日期必须晚于当前归属的生效日期',
          'a move must take effect after the current membership began',
          [
            {
              path: 'effectiveFrom',
              message: { zh: `应晚于 ${latest.effectiveFrom}`, en: `must be after ${latest.effectiveFrom}` },
            },
          ],
        );
      }
      return [{ type: 'UnitAssignedToZone', data: { unitId, zoneId, effectiveFrom } }];
    }
  }
}

function formerEvolve(state: Registry, event: RegistryEvent): Registry {
  switch (event.type) {
    case 'ZoneRegistered':
      return { ...state, zones: { ...state.zones, [event.data.zoneId]: { ...event.data } } };
    case 'UnitRegistered':
      return { ...state, units: { ...state.units, [event.data.unitId]: { ...event.data, memberships: [] } } };
    case 'UnitAssignedToZone': {
      const { unitId, zoneId, effectiveFrom } = event.data;
      const found = own(state.units, unitId);
      if (!found) return state;
      return {
        ...state,
        units: { ...state.units, [unitId]: { ...found, memberships: [...found.memberships, { zoneId, effectiveFrom }] } },
      };
    }
  }
}

// ── arbitraries: commands as the contract lets them through, mostly from the registry's offices,
// so runs reach deep states (zones with units that move, second registrations), other offices mixed in.
const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 10 }, { arbitrary: rare, weight: 1 });
const zoneId = fc.constantFrom('zone-1', 'zone-2', 'zone-3', 'constructor', '__proto__');
const unitId = fc.constantFrom('unit-1', 'unit-2', '__proto__', 'constructor');
const anyDay = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
// A few days often, so moves land on the day the current membership began too.
const day = fc.oneof(fc.constantFrom('2026-01-01', '2026-07-01', '2027-01-01'), anyDay);
const command: fc.Arbitrary<RegistryCommand> = fc.oneof(
  fc.record({
    type: fc.constant('RegisterZone' as const),
    data: fc.record({
      zoneId,
      name: fc.constantFrom('协作区', 'n'.repeat(100)),
      office: fc.constantFrom('supervision-office-1', 'supervision-office-12', 'dispatched-agency-edu'),
    }),
  }),
  fc.record({
    type: fc.constant('RegisterUnit' as const),
    data: fc.record({
      unitId,
      name: fc.constantFrom('街道', 'n'.repeat(100)),
      zoneId,
      staffCount: mostly(fc.nat({ max: 5_000 }), fc.constantFrom(0, 1_000_000)),
    }),
  }),
  fc.record({
    type: fc.constant('MoveUnit' as const),
    data: fc.record({ unitId, zoneId, effectiveFrom: day }, { requiredKeys: ['unitId', 'zoneId'] }),
  }),
);
const context: fc.Arbitrary<DecisionContext> = fc.record({
  now: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
  actor: fc.record({
    sub: fc.constant('u-1'),
    name: fc.constant('User'),
    office: mostly(fc.constantFrom('case-management', 'leadership'), fc.constant('supervision-office-1')),
    roles: fc.constant([]),
    zones: fc.constant([]),
  }),
});
const clerk: DecisionContext = {
  now: new Date('2026-03-01T00:00:00Z'),
  actor: { sub: 'u-1', name: 'User', office: 'case-management', roles: [], zones: [] },
};
const clerkOn = (day: string): DecisionContext => ({ ...clerk, now: new Date(`${day}T02:00:00Z`) });
/** Often a district to start from (zones with units in them), so runs reach moves and second registrations. */
const district = fc.oneof(
  fc.constant([] as Array<[RegistryCommand, DecisionContext]>),
  fc
    .tuple(fc.constantFrom('zone-1', 'zone-2', 'zone-3'), fc.constantFrom('zone-1', 'zone-2', 'zone-3'), day, day)
    .map(
      ([z1, z2, d1, d2]) =>
        [
          ...['zone-1', 'zone-2', 'zone-3'].map((id): [RegistryCommand, DecisionContext] => [
            { type: 'RegisterZone', data: { zoneId: id, name: '协作区', office: 'supervision-office-1' } },
            clerk,
          ]),
          [{ type: 'RegisterUnit', data: { unitId: 'unit-1', name: '街道', zoneId: z1, staffCount: 10 } }, clerkOn(d1)],
          [{ type: 'RegisterUnit', data: { unitId: 'unit-2', name: '街道', zoneId: z2, staffCount: 10 } }, clerkOn(d2)],
        ] satisfies Array<[RegistryCommand, DecisionContext]>,
    ),
);
const steps = fc
  .tuple(district, fc.array(fc.tuple(command, context), { minLength: 5, maxLength: 60 }))
  .map(([start, run]) => [...start, ...run]);
const empty = (): Registry => ({ zones: {}, units: {} });

describe('Registry (properties)', () => {
  it('decides on the zone and unit streams exactly as the former district-wide stream did', () => {
    fc.assert(
      fc.property(steps, (run) => {
        let streams = empty();
        let former = empty();
        for (const [cmd, ctx] of run) {
          const decided = decideOnStreams(cmd, streams, ctx);
          expect(decided).toEqual(formerDecide(cmd, former, ctx));
          if (!Array.isArray(decided)) continue;
          streams = decided.reduce(evolveStreams, streams);
          former = decided.reduce(formerEvolve, former);
          expect(streams).toEqual(former);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every unit in a registered zone, with forward-dated memberships that each change zone', () => {
    fc.assert(
      fc.property(steps, (run) => {
        let state = empty();
        for (const [cmd, ctx] of run) {
          const result = decideOnStreams(cmd, state, ctx);
          if (!Array.isArray(result)) {
            expect(isDomainError(result)).toBe(true);
            continue;
          }
          for (const event of result) {
            expect(publicContract(event.type)?.errors(event.data)).toEqual([]);
            // Each event belongs to the stream of the aggregate the command named.
            expect(event.data).toMatchObject(
              cmd.type === 'RegisterZone' ? { zoneId: cmd.data.zoneId } : { unitId: cmd.data.unitId },
            );
            state = evolveStreams(state, event);
          }
        }
        for (const u of Object.values(state.units)) {
          expect(u.memberships.length).toBeGreaterThan(0);
          u.memberships.forEach((m, i) => {
            expect(Object.hasOwn(state.zones, m.zoneId)).toBe(true);
            const previous = u.memberships[i - 1];
            if (previous) {
              expect(m.effectiveFrom > previous.effectiveFrom).toBe(true);
              expect(m.zoneId).not.toBe(previous.zoneId);
            }
          });
          expect(zoneOf(u.memberships, new Date('2100-01-01'))).toBe(u.memberships.at(-1)?.zoneId);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('registers a zone on its stream at most once, whatever arrives there', () => {
    const registration = fc.record({
      type: fc.constant('RegisterZone' as const),
      data: fc.record({
        zoneId: fc.constant('zone-1'),
        name: fc.constantFrom('协作区', '另一协作区'),
        office: fc.constantFrom('supervision-office-1', 'dispatched-agency-edu'),
      }),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(registration, context), { maxLength: 20 }), (run) => {
        let state = zone.initialState();
        let registered = 0;
        for (const [cmd, ctx] of run) {
          const result = zone.decide(cmd, state, ctx);
          if (!Array.isArray(result)) continue;
          registered += result.length;
          state = result.reduce(zone.evolve, state);
        }
        expect(registered).toBeLessThanOrEqual(1);
        expect(state === null).toBe(registered === 0);
      }),
    );
  });

  it('refuses a move into a zone the registry does not know, whatever the unit', () => {
    fc.assert(
      fc.property(fc.record({ unitId, zoneId, effectiveFrom: day }), context, (data, ctx) => {
        const state: unit.UnitState = {
          unitId: data.unitId,
          name: '街道',
          staffCount: 1,
          memberships: [{ zoneId: 'elsewhere', effectiveFrom: '2019-01-01' }],
        };
        const result = unit.decide({ type: 'MoveUnit', data }, state, { ...ctx, zones: {} });
        expect(isDomainError(result)).toBe(true);
        expect(['ZONE_NOT_FOUND', 'FORBIDDEN_OFFICE']).toContain((result as DomainError).code);
      }),
    );
  });

  it('resolves membership the same whatever order the history is in', () => {
    const membership = fc.record({ zoneId: fc.constantFrom('a', 'b', 'c'), effectiveFrom: day });
    const history = fc.uniqueArray(membership, { selector: (m) => m.effectiveFrom, maxLength: 8 });
    const at = fc.date({ min: new Date('2019-01-01'), max: new Date('2031-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(history, at, (memberships: Membership[], instant) => {
        const sorted = [...memberships].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
        expect(zoneOf(memberships, instant)).toBe(zoneOf(sorted, instant));
        expect(zoneOf(memberships, instant)).toBe(zoneOf([...memberships].reverse(), instant));
      }),
    );
  });
});
