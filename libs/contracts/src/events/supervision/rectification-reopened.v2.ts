// A completed rectification found wanting and reopened, with a new due day. v2 is the first public
// version: v1 was the private event with the reason; the reason stays private, in supervision's own
// RectificationReopeningReasonRecorded, and v1 events never leave the service.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { OFFICE } from './patterns.js';

const schema = object({
  rectificationId: Type.String({ minLength: 1, maxLength: 64 }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: OFFICE }),
  dueOn: Type.String({ format: 'date' }),
  reopenedOn: Type.String({ format: 'date' }),
});

export const RectificationReopenedV2 = defineEvent({
  service: 'supervision',
  type: 'RectificationReopened',
  version: 2,
  schema,
});
export type RectificationReopenedV2 = Static<typeof schema>;
