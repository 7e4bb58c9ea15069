// 影响期届满: a sanction's effect period ended by itself (the review service's clock).
import { Type, type Static } from '@sinclair/typebox';
import { SanctionSide } from '../../api/sanctions.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  subjectRef: Type.String({ minLength: 1, maxLength: 64 }),
  side: SanctionSide,
  effectiveUntil: Type.String({ format: 'date' }),
  endedOn: Type.String({ format: 'date' }),
});

export const SanctionEffectEndedV1 = defineEvent({ service: 'review', type: 'SanctionEffectEnded', version: 1, schema });
export type SanctionEffectEndedV1 = Static<typeof schema>;
