// 信访室 did not accept a petition (不予受理), with the coded reason; the office's note stays in the service. v1 was private, never published.
// Carries no personal data: see announced-facts.v1.ts.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({
  ...announcedFactsV1,
  decidedOn: dayV1,
  reason: Type.Union([Type.Literal('litigation'), Type.Literal('other-body'), Type.Literal('no-substance')]),
});

export const PetitionNotAcceptedV2 = defineEvent({ service: 'petitions', type: 'PetitionNotAccepted', version: 2, schema });
export type PetitionNotAcceptedV2 = Static<typeof schema>;
