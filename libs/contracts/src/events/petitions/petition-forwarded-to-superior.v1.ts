// 信访室 forwarded a petition to the superior commission (报送上级); required when it concerns the commission's own head.
// Carries no personal data: see announced-facts.v1.ts.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({ ...announcedFactsV1, forwardedOn: dayV1, concernsCommissionHead: Type.Boolean() });

export const PetitionForwardedToSuperiorV1 = defineEvent({
  service: 'petitions',
  type: 'PetitionForwardedToSuperior',
  version: 1,
  schema,
});
export type PetitionForwardedToSuperiorV1 = Static<typeof schema>;
