// The units (街道/单位) a recommendation, a rectification or a political-ecology analysis is for: the
// unit must exist, and lie in one of the caller's zones; a 派驻机构's claim may also name the units it
// is stationed at, its own units (DOMAIN.md, "Need to know"). Supervision
// learns units and their dated zone memberships from case-management's public events.
import { isDispatchedAgency, seesAllZones } from '@jiandu/access';
import type { DomainError } from '@jiandu/contracts';
import { refusal, type Actor } from '@jiandu/decision';

/** A unit as supervision knows it, with its zone on the day of the command (none before its first membership). */
export interface KnownUnit {
  unitId: string;
  zoneId?: string;
}

export function unitInCallerZones(unitId: string, unit: KnownUnit | undefined, actor: Actor): DomainError | undefined {
  if (unit === undefined) {
    return refusal('UNIT_NOT_FOUND', 404, `未找到单位 ${unitId}`, `unit ${unitId} not found`, [
      { path: 'unitId', message: { zh: '该单位未登记', en: 'this unit is not registered' } },
    ]);
  }
  if (seesAllZones(actor)) return undefined;
  if (unit.zoneId !== undefined && actor.zones.includes(unit.zoneId)) return undefined;
  if (isDispatchedAgency(actor) && actor.zones.includes(unit.unitId)) return undefined;
  return refusal('FORBIDDEN_ZONE', 403, '该单位不在本部门负责的协作区内', 'this unit lies outside your zones', [
    { path: 'unitId', message: { zh: '该单位不在本部门负责的协作区内', en: 'this unit lies outside your zones' } },
  ]);
}
