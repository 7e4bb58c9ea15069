// 信访室 accepted a petition (受理). v1 was the private record of before the public contracts, never published.
// Carries no personal data: see announced-facts.v1.ts.
import type { Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({ ...announcedFactsV1, acceptedOn: dayV1 });

export const PetitionAcceptedV2 = defineEvent({ service: 'petitions', type: 'PetitionAccepted', version: 2, schema });
export type PetitionAcceptedV2 = Static<typeof schema>;
