// 廉政档案建立: a district-managed cadre was registered and the file opened, to be complete by
// `dueOn`. The cadre is referenced by id with unit, position and level; the name stays in the service.
import { Type, type Static } from '@sinclair/typebox';
import { CadreLevel } from '../../api/integrity.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  cadreId: Type.String({ minLength: 1, maxLength: 64 }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  position: Type.String({ minLength: 1, maxLength: 200 }),
  level: CadreLevel,
  openedOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
});

export const IntegrityFileOpenedV1 = defineEvent({
  service: 'case-management',
  type: 'IntegrityFileOpened',
  version: 1,
  schema,
});
export type IntegrityFileOpenedV1 = Static<typeof schema>;
