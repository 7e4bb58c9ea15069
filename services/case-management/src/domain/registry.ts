// Supervised units and cooperation zones 协作区. A unit belongs to one zone at a time; membership
// is dated, so routing a clue asks which zone the unit was in on a given day.
import type { DomainError } from '@jiandu/contracts';
import { HANDLING_OFFICE, date, integer, invalidInput, localDate, matches, refusal, startOfDay, text, type DecisionContext } from '@jiandu/decision';
import { MAX } from './decision.js';

export const REGISTRY_OFFICES: readonly string[] = ['case-management', 'leadership'];
export const MAX_STAFF = 1_000_000;

// ── commands
export type RegisterZone = { type: 'RegisterZone'; data: { zoneId: string; name: string; office: string } };
export type RegisterUnit = {
  type: 'RegisterUnit';
  data: { unitId: string; name: string; zoneId: string; staffCount: number; effectiveFrom?: string };
};
export type MoveUnit = { type: 'MoveUnit'; data: { unitId: string; zoneId: string; effectiveFrom: string } };
export type RegistryCommand = RegisterZone | RegisterUnit | MoveUnit;

// ── events
export type ZoneRegistered = { type: 'ZoneRegistered'; data: { zoneId: string; name: string; office: string } };
export type UnitRegistered = { type: 'UnitRegistered'; data: { unitId: string; name: string; staffCount: number } };
export type UnitAssignedToZone = { type: 'UnitAssignedToZone'; data: Membership & { unitId: string } };
export type RegistryEvent = ZoneRegistered | UnitRegistered | UnitAssignedToZone;

// ── state: one small register for the whole district, so every id is checked against it
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
export interface Registry {
  zones: Readonly<Record<string, Zone>>;
  units: Readonly<Record<string, Unit>>;
}

export const initialState = (): Registry => ({ zones: {}, units: {} });

// Ids come from outside: a unit called "constructor" must not find Object.prototype.
const own = <T>(record: Readonly<Record<string, T>>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined;

/** The zone a unit belonged to at `at`, or undefined before its first membership. Order-independent. */
export function zoneOf(history: readonly Membership[], at: Date): string | undefined {
  let current: Membership | undefined;
  for (const membership of history) {
    if (startOfDay(membership.effectiveFrom) > at) continue;
    if (current === undefined || membership.effectiveFrom >= current.effectiveFrom) current = membership;
  }
  return current?.zoneId;
}

/** Where a clue about `unitId` goes at `at`: the zone and the office that supervises it. */
export function routeFor(registry: Registry, unitId: string, at: Date): { zoneId: string; office: string } | undefined {
  const unit = own(registry.units, unitId);
  const zoneId = unit && zoneOf(unit.memberships, at);
  const zone = zoneId === undefined ? undefined : own(registry.zones, zoneId);
  return zone && { zoneId: zone.zoneId, office: zone.office };
}

// ── refusals
const zoneNotFound = (): DomainError => refusal('ZONE_NOT_FOUND', 404, '未找到协作区', 'cooperation zone not found');

// ── decide
export function decide(command: RegistryCommand, state: Registry, { now, actor }: DecisionContext): RegistryEvent[] | DomainError {
  if (!REGISTRY_OFFICES.includes(actor.office)) {
    return refusal('FORBIDDEN_OFFICE', 403, '只有案管室或委领导可以维护单位和协作区', 'only case management or leadership maintain units and zones');
  }
  switch (command.type) {
    case 'RegisterZone': {
      const { zoneId, name, office } = command.data;
      const invalid = invalidInput([text('zoneId', zoneId, MAX.id), text('name', name, MAX.name), matches('office', office, HANDLING_OFFICE)]);
      if (invalid) return invalid;
      if (own(state.zones, zoneId)) return refusal('ZONE_ALREADY_REGISTERED', 409, '该协作区已登记', 'this zone is already registered');
      return [{ type: 'ZoneRegistered', data: { zoneId, name, office } }];
    }
    case 'RegisterUnit': {
      const { unitId, name, zoneId, staffCount } = command.data;
      const effectiveFrom = command.data.effectiveFrom ?? localDate(now);
      const invalid = invalidInput([
        text('unitId', unitId, MAX.id),
        text('name', name, MAX.name),
        text('zoneId', zoneId, MAX.id),
        integer('staffCount', staffCount, 0, MAX_STAFF),
        date('effectiveFrom', effectiveFrom),
      ]);
      if (invalid) return invalid;
      if (own(state.units, unitId)) return refusal('UNIT_ALREADY_REGISTERED', 409, '该单位已登记', 'this unit is already registered');
      if (!own(state.zones, zoneId)) return zoneNotFound();
      return [
        { type: 'UnitRegistered', data: { unitId, name, staffCount } },
        { type: 'UnitAssignedToZone', data: { unitId, zoneId, effectiveFrom } },
      ];
    }
    case 'MoveUnit': {
      const { unitId, zoneId, effectiveFrom } = command.data;
      const invalid = invalidInput([text('unitId', unitId, MAX.id), text('zoneId', zoneId, MAX.id), date('effectiveFrom', effectiveFrom)]);
      if (invalid) return invalid;
      const unit = own(state.units, unitId);
      if (!unit) return refusal('UNIT_NOT_FOUND', 404, '未找到单位', 'unit not found');
      if (!own(state.zones, zoneId)) return zoneNotFound();
      const latest = unit.memberships.at(-1);
      if (latest?.zoneId === zoneId) return refusal('UNIT_ALREADY_IN_ZONE', 409, '该单位已在此协作区', 'the unit is already in this zone');
      // Memberships only move forward: rewriting the past would re-route clues already assigned.
      if (latest && effectiveFrom <= latest.effectiveFrom) {
        return refusal('EFFECTIVE_DATE_NOT_AFTER_CURRENT', 422, '调整生效日期必须晚于当前归属的生效日期', 'a move must take effect after the current membership began', [
          { path: 'effectiveFrom', message: { zh: `应晚于 ${latest.effectiveFrom}`, en: `must be after ${latest.effectiveFrom}` } },
        ]);
      }
      return [{ type: 'UnitAssignedToZone', data: { unitId, zoneId, effectiveFrom } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

// ── evolve
export function evolve(state: Registry, event: RegistryEvent): Registry {
  switch (event.type) {
    case 'ZoneRegistered':
      return { ...state, zones: { ...state.zones, [event.data.zoneId]: { ...event.data } } };
    case 'UnitRegistered':
      return { ...state, units: { ...state.units, [event.data.unitId]: { ...event.data, memberships: [] } } };
    case 'UnitAssignedToZone': {
      const { unitId, zoneId, effectiveFrom } = event.data;
      const unit = own(state.units, unitId);
      if (!unit) return state;
      return { ...state, units: { ...state.units, [unitId]: { ...unit, memberships: [...unit.memberships, { zoneId, effectiveFrom }] } } };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
