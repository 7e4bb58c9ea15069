// 信访室 forwarded a petition to a subordinate body (转送), named in `body` (an organisation, never a person).
// Carries no personal data: see announced-facts.v1.ts.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({ ...announcedFactsV1, forwardedOn: dayV1, body: Type.String({ minLength: 1, maxLength: 100 }) });

export const PetitionForwardedToSubordinateV1 = defineEvent({
  service: 'petitions',
  type: 'PetitionForwardedToSubordinate',
  version: 1,
  schema,
});
export type PetitionForwardedToSubordinateV1 = Static<typeof schema>;
