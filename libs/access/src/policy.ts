// Small, pure checks shared by the gateway and the services (each checks again: defence in depth).
// Route-specific policies belong to the service that owns the route.
import type { Actor } from './actor.js';
import { DISPATCHED_AGENCY, SUPERVISION_OFFICE, type OfficeCode } from './offices.js';

type Who = Pick<Actor, 'office'> & Partial<Pick<Actor, 'roles' | 'zones'>>;

/** 案管, 党风政风监督室 and leadership see every zone (DOMAIN.md, "Need to know"). */
export const SEES_ALL_ZONES: readonly OfficeCode[] = ['case-management', 'conduct-office', 'leadership'];

export function isOffice(actor: Who, ...offices: OfficeCode[]): boolean {
  return offices.includes(actor.office);
}

export function isSupervisionOffice(actor: Who): boolean {
  return SUPERVISION_OFFICE.test(actor.office);
}

export function isDispatchedAgency(actor: Who): boolean {
  return DISPATCHED_AGENCY.test(actor.office);
}

export function hasRole(actor: Who, ...roles: string[]): boolean {
  return roles.some((role) => actor.roles?.includes(role));
}

export function seesAllZones(actor: Who): boolean {
  return SEES_ALL_ZONES.includes(actor.office);
}

/** A supervision office or agency sees only its own zones; the coordinating offices see all. */
export function canSeeZone(actor: Who, zoneId: string): boolean {
  return seesAllZones(actor) || (actor.zones ?? []).includes(zoneId);
}
