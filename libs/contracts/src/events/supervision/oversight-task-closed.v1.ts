// 督办事项办结, on time or late.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { OFFICE } from './patterns.js';

const schema = object({
  taskId: Type.String({ minLength: 1, maxLength: 64 }),
  assigneeOffice: Type.String({ pattern: OFFICE }),
  result: Type.String({ minLength: 1, maxLength: 2000 }),
  closedOn: Type.String({ format: 'date' }),
  late: Type.Boolean(),
});

export const OversightTaskClosedV1 = defineEvent({
  service: 'supervision',
  type: 'OversightTaskClosed',
  version: 1,
  schema,
});
export type OversightTaskClosedV1 = Static<typeof schema>;
