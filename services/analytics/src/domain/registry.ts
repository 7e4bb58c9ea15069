// Units' dated zones (UnitAssignedToZone): the zone a unit lay in on a given day.
import type { ZoneOf } from './ledgers.js';

export interface ZoneAssignment {
  unitId: string;
  zoneId: string;
  effectiveFrom: string; // Beijing calendar day
}

/** The latest assignment that took effect on or before the day; the earliest one before any took effect. */
export function zoneOfFrom(assignments: readonly ZoneAssignment[]): ZoneOf {
  return (unitId, on) => {
    const own = assignments.filter((a) => a.unitId === unitId).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    const effective = own.filter((a) => a.effectiveFrom <= on);
    return (effective.at(-1) ?? own[0])?.zoneId;
  };
}
