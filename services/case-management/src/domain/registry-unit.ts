// A supervised unit 街道/单位: the aggregate of the stream `unit-<unitId>`. It is registered into a
// zone, and moved between zones with dated memberships that only move forward.
//
// Whether a zone exists is another aggregate's fact: the caller looks up the zones a command names
// (in the registry tables, in the command's transaction) and passes them in the context. Zones are
// never removed, so a zone seen there stays registered. The requests' shape (ids, name, staff
// count, dates) is the contract's (RegisterUnitRequest, MoveUnitRequest).
import type { DomainError } from '@jiandu/contracts';
import { deciderOf, localDate, refusal, type DecisionContext } from '@jiandu/decision';
import {
  notRegistryOffice,
  own,
  REGISTRY_OFFICES,
  zoneNotFound,
  type MoveUnit,
  type RegisterUnit,
  type Unit,
  type UnitAssignedToZone,
  type UnitRegistered,
  type Zone,
} from './registry.js';

export type UnitCommand = RegisterUnit | MoveUnit;
export type UnitEvent = UnitRegistered | UnitAssignedToZone;
/** null: no unit of this id is registered. */
export type UnitState = Unit | null;

/** The decision context, with the zones the command names as the registry knows them (absent: not registered). */
export interface UnitDecisionContext extends DecisionContext {
  zones: Readonly<Record<string, Zone>>;
}

export const initialState = (): UnitState => null;

/** The stream of one unit's events. */
export const unitStream = (unitId: string) => `unit-${unitId}`;

export function decide(
  command: UnitCommand,
  state: UnitState,
  { now, actor, zones }: UnitDecisionContext,
): UnitEvent[] | DomainError {
  if (!REGISTRY_OFFICES.includes(actor.office)) return notRegistryOffice();
  switch (command.type) {
    case 'RegisterUnit': {
      const { unitId, name, zoneId, staffCount } = command.data;
      const effectiveFrom = localDate(now);
      if (state) return refusal('UNIT_ALREADY_REGISTERED', 409, '该单位已登记', 'this unit is already registered');
      if (!own(zones, zoneId)) return zoneNotFound();
      return [
        { type: 'UnitRegistered', data: { unitId, name, staffCount } },
        { type: 'UnitAssignedToZone', data: { unitId, zoneId, effectiveFrom } },
      ];
    }
    case 'MoveUnit': {
      const { unitId, zoneId } = command.data;
      // Without a date the move takes effect today (in Beijing).
      const effectiveFrom = command.data.effectiveFrom ?? localDate(now);
      if (!state) return refusal('UNIT_NOT_FOUND', 404, '未找到单位', 'unit not found');
      if (!own(zones, zoneId)) return zoneNotFound();
      const latest = state.memberships.at(-1);
      if (latest?.zoneId === zoneId)
        return refusal('UNIT_ALREADY_IN_ZONE', 409, '该单位已在此协作区', 'the unit is already in this zone');
      // Memberships only move forward: rewriting the past would re-route clues already assigned.
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
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export function evolve(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitRegistered':
      return { ...event.data, memberships: [] };
    case 'UnitAssignedToZone': {
      if (!state) return state;
      const { zoneId, effectiveFrom } = event.data;
      return { ...state, memberships: [...state.memberships, { zoneId, effectiveFrom }] };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const unitDecider = deciderOf({ decide, evolve, initialState });
