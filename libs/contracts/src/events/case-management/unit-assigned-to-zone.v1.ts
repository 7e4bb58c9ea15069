// A unit belongs to this zone from effectiveFrom (a Beijing calendar date) on.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  zoneId: Type.String({ minLength: 1, maxLength: 64 }),
  effectiveFrom: Type.String({ format: 'date' }),
});

export const UnitAssignedToZoneV1 = defineEvent({
  service: 'case-management',
  type: 'UnitAssignedToZone',
  version: 1,
  schema,
});
export type UnitAssignedToZoneV1 = Static<typeof schema>;
