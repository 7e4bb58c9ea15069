import { caseManagementPublicEvents, isDomainError, type EventContract } from '@jiandu/contracts';
import fc from 'fast-check';
import type { DecisionContext } from '@jiandu/decision';
import { decide, evolve, initialState, zoneOf, type Membership, type RegistryCommand } from './registry.js';

const publicContract = (type: string): EventContract | undefined =>
  (caseManagementPublicEvents as Record<string, EventContract>)[type];

const zoneId = fc.constantFrom('zone-1', 'zone-2', 'zone-3', 'constructor', '');
const unitId = fc.constantFrom('unit-1', 'unit-2', '__proto__', ' ');
const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const command: fc.Arbitrary<RegistryCommand> = fc.oneof(
  fc.record({
    type: fc.constant('RegisterZone' as const),
    data: fc.record({
      zoneId,
      name: fc.oneof(fc.constant('协作区'), fc.constant(''), fc.constant('n'.repeat(101))),
      office: fc.constantFrom('supervision-office-1', 'supervision-office-12', 'dispatched-agency-edu', 'petition-office'),
    }),
  }),
  fc.record({
    type: fc.constant('RegisterUnit' as const),
    data: fc.record(
      {
        unitId,
        name: fc.constantFrom('街道', ''),
        zoneId,
        staffCount: fc.oneof(fc.nat({ max: 5_000 }), fc.constantFrom(-1, 2.5)),
        effectiveFrom: fc.oneof(day, fc.constant('2026-02-30')),
      },
      { requiredKeys: ['unitId', 'name', 'zoneId', 'staffCount'] },
    ),
  }),
  fc.record({ type: fc.constant('MoveUnit' as const), data: fc.record({ unitId, zoneId, effectiveFrom: day }) }),
);
const context: fc.Arbitrary<DecisionContext> = fc.record({
  now: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
  actor: fc.record({
    sub: fc.constant('u-1'),
    name: fc.constant('User'),
    office: fc.constantFrom('case-management', 'leadership', 'supervision-office-1'),
    roles: fc.constant([]),
    zones: fc.constant([]),
  }),
});

describe('Registry (properties)', () => {
  it('keeps every unit in a registered zone, with forward-dated memberships that each change zone', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(command, context), { maxLength: 40 }), (steps) => {
        let state = initialState();
        for (const [cmd, ctx] of steps) {
          const result = decide(cmd, state, ctx);
          if (!Array.isArray(result)) {
            expect(isDomainError(result)).toBe(true);
            continue;
          }
          for (const event of result) {
            expect(publicContract(event.type)?.errors(event.data)).toEqual([]);
            state = evolve(state, event);
          }
        }
        for (const unit of Object.values(state.units)) {
          expect(unit.memberships.length).toBeGreaterThan(0);
          unit.memberships.forEach((m, i) => {
            expect(Object.hasOwn(state.zones, m.zoneId)).toBe(true);
            const previous = unit.memberships[i - 1];
            if (previous) {
              expect(m.effectiveFrom > previous.effectiveFrom).toBe(true);
              expect(m.zoneId).not.toBe(previous.zoneId);
            }
          });
          expect(zoneOf(unit.memberships, new Date('2100-01-01'))).toBe(unit.memberships.at(-1)?.zoneId);
        }
      }),
      { numRuns: 300 },
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
