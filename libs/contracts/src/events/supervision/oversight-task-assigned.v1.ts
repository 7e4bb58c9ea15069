// 督查督办: 办公室 assigned a task of the standing committee to an office, with a deadline.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { OFFICE } from './patterns.js';

const schema = object({
  taskId: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ minLength: 1, maxLength: 500 }),
  description: Type.String({ minLength: 1, maxLength: 20000 }),
  assigneeOffice: Type.String({ pattern: OFFICE }),
  dueOn: Type.String({ format: 'date' }),
  assignedOn: Type.String({ format: 'date' }),
});

export const OversightTaskAssignedV1 = defineEvent({
  service: 'supervision',
  type: 'OversightTaskAssigned',
  version: 1,
  schema,
});
export type OversightTaskAssignedV1 = Static<typeof schema>;
