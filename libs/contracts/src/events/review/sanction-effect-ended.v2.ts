// 影响期届满 v2: v1 widened (docs/adr/0012) with the cadre the case's clue is linked to, as the
// review knew it from the case's transfer (supervision's CaseTransferredToReview v2, issue 12) and
// its SanctionDecided v2 carried it, so every consumer matches the subject by the id (docs/adr/0018).
// No name. Every v1 value is a v2 value (`cadreId` absent): the upcaster keeps the data as it is.
import { Type, type Static } from '@sinclair/typebox';
import { SanctionSide } from '../../api/sanctions.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { widening } from '../widening.js';
import { SanctionEffectEndedV1 } from './sanction-effect-ended.v1.js';

const schema = object({
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  subjectRef: Type.String({ minLength: 1, maxLength: 64 }),
  side: SanctionSide,
  effectiveUntil: Type.String({ format: 'date' }),
  endedOn: Type.String({ format: 'date' }),
  /** The cadre the case's clue is linked to, as the sanction decided carried it. */
  cadreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const SanctionEffectEndedV2 = defineEvent({ service: 'review', type: 'SanctionEffectEnded', version: 2, schema });
export type SanctionEffectEndedV2 = Static<typeof schema>;

export const SanctionEffectEndedV1ToV2 = widening(SanctionEffectEndedV1, SanctionEffectEndedV2);
