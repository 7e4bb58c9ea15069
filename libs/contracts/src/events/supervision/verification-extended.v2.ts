// The verification was extended (once), to its new due day. v2 is the first public version: v1 was
// the private event with the reason; the reason stays private, in supervision's own
// VerificationExtensionReasonRecorded, and v1 events never leave the service.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  verificationId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  extendedOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
  /** The due day was computed from a calendar not yet published for its year. */
  provisional: Type.Boolean(),
});

export const VerificationExtendedV2 = defineEvent({
  service: 'supervision',
  type: 'VerificationExtended',
  version: 2,
  schema,
});
export type VerificationExtendedV2 = Static<typeof schema>;
