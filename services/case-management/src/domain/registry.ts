// Supervised units and cooperation zones 协作区. A unit belongs to one zone at a time; membership
// is dated, so routing a clue asks which zone the unit was in on a given day.
//
// Each zone and each unit is its own aggregate with its own stream and small decider
// (registry-zone.ts, registry-unit.ts; issue 8): registrations of different ids never contend.
// This module holds what they share: the commands and events (the public events are unchanged),
// the records, the access rule and routing by dated membership.
import type { DomainError } from '@jiandu/contracts';
import { localDate, refusal } from '@jiandu/decision';

export const REGISTRY_OFFICES: readonly string[] = ['case-management', 'leadership'];

// ── commands
export type RegisterZone = { type: 'RegisterZone'; data: { zoneId: string; name: string; office: string } };
/** A unit is registered into its zone from the day of registration (in Beijing). */
export type RegisterUnit = { type: 'RegisterUnit'; data: { unitId: string; name: string; zoneId: string; staffCount: number } };
/** Without `effectiveFrom` the move takes effect on the day it is decided (in Beijing). */
export type MoveUnit = { type: 'MoveUnit'; data: { unitId: string; zoneId: string; effectiveFrom?: string } };
export type RegistryCommand = RegisterZone | RegisterUnit | MoveUnit;

// ── events (public: ZoneRegistered, UnitRegistered, UnitAssignedToZone)
export type ZoneRegistered = { type: 'ZoneRegistered'; data: { zoneId: string; name: string; office: string } };
export type UnitRegistered = { type: 'UnitRegistered'; data: { unitId: string; name: string; staffCount: number } };
export type UnitAssignedToZone = { type: 'UnitAssignedToZone'; data: Membership & { unitId: string } };
export type RegistryEvent = ZoneRegistered | UnitRegistered | UnitAssignedToZone;

// ── records
export interface Membership {
  zoneId: string;
  /** Beijing calendar date on which the membership starts. */
  effectiveFrom: string;
}
export interface Zone {
  zoneId: string;
  name: string;
  office: string;
}
export interface Unit {
  unitId: string;
  name: string;
  staffCount: number;
  memberships: Membership[];
}
/** Some or all of the registry's zones and units, by id (e.g. a unit and the zones it was in). */
export interface Registry {
  zones: Readonly<Record<string, Zone>>;
  units: Readonly<Record<string, Unit>>;
}

// Ids come from outside: a unit called "constructor" must not find Object.prototype.
export const own = <T>(record: Readonly<Record<string, T>>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined;

/** The zone a unit belonged to at `at`, or undefined before its first membership. Order-independent. */
export function zoneOf(history: readonly Membership[], at: Date): string | undefined {
  const day = localDate(at);
  let current: Membership | undefined;
  for (const membership of history) {
    if (membership.effectiveFrom > day) continue;
    if (current === undefined || membership.effectiveFrom >= current.effectiveFrom) current = membership;
  }
  return current?.zoneId;
}

/** Where a clue goes at `at`, given the unit's memberships and the zones they name: the zone and its office. */
export function routeAt(
  memberships: readonly Membership[],
  zones: Readonly<Record<string, Zone>>,
  at: Date,
): { zoneId: string; office: string } | undefined {
  const zoneId = zoneOf(memberships, at);
  const zone = zoneId === undefined ? undefined : own(zones, zoneId);
  return zone && { zoneId: zone.zoneId, office: zone.office };
}

/** Where a clue about `unitId` goes at `at`: the zone and the office that supervises it. */
export function routeFor(registry: Registry, unitId: string, at: Date): { zoneId: string; office: string } | undefined {
  const unit = own(registry.units, unitId);
  return unit && routeAt(unit.memberships, registry.zones, at);
}

// ── refusals both deciders give
export const notRegistryOffice = (): DomainError =>
  refusal(
    'FORBIDDEN_OFFICE',
    403,
    '只有案管室或委领导可以维护单位和协作区',
    'only case management or leadership maintain units and zones',
  );
export const zoneNotFound = (): DomainError => refusal('ZONE_NOT_FOUND', 404, '未找到协作区', 'cooperation zone not found');
