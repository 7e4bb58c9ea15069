// A supervised unit 街道/单位. Its zone comes with UnitAssignedToZone, which is dated.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  staffCount: Type.Integer({ minimum: 0, maximum: 1000000 }),
});

export const UnitRegisteredV1 = defineEvent({
  service: 'case-management',
  type: 'UnitRegistered',
  version: 1,
  schema,
});
export type UnitRegisteredV1 = Static<typeof schema>;
