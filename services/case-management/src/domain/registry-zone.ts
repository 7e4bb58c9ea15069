// A cooperation zone 协作区: the aggregate of the stream `zone-<zoneId>`. It is registered once,
// with the office (纪检监察室 or 派驻机构) that handles the clues of its units. The request's shape
// (ids, name, the office pattern) is the contract's (RegisterZoneRequest).
import type { DomainError } from '@jiandu/contracts';
import { deciderOf, refusal, type DecisionContext } from '@jiandu/decision';
import { notRegistryOffice, REGISTRY_OFFICES, type RegisterZone, type Zone, type ZoneRegistered } from './registry.js';

export type ZoneCommand = RegisterZone;
export type ZoneEvent = ZoneRegistered;
/** null: no zone of this id is registered. */
export type ZoneState = Zone | null;

export const initialState = (): ZoneState => null;

/** The stream of one zone's events. */
export const zoneStream = (zoneId: string) => `zone-${zoneId}`;

export function decide(command: ZoneCommand, state: ZoneState, { actor }: DecisionContext): ZoneEvent[] | DomainError {
  if (!REGISTRY_OFFICES.includes(actor.office)) return notRegistryOffice();
  const { zoneId, name, office } = command.data;
  if (state) return refusal('ZONE_ALREADY_REGISTERED', 409, '该协作区已登记', 'this zone is already registered');
  return [{ type: 'ZoneRegistered', data: { zoneId, name, office } }];
}

export function evolve(state: ZoneState, event: ZoneEvent): ZoneState {
  return event.type === 'ZoneRegistered' ? { ...event.data } : state;
}

export const zoneDecider = deciderOf({ decide, evolve, initialState });
