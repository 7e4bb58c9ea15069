// 廉政档案建立完成: 案管 marked the cadre's file complete (its one-month clock stops).
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  cadreId: Type.String({ minLength: 1, maxLength: 64 }),
  completedOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
  onTime: Type.Boolean(),
});

export const IntegrityFileCompletedV1 = defineEvent({
  service: 'case-management',
  type: 'IntegrityFileCompleted',
  version: 1,
  schema,
});
export type IntegrityFileCompletedV1 = Static<typeof schema>;
