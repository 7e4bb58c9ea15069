// 信访室 screened a petition (初步甄别): it is ready to be accepted, refused, forwarded or marked a duplicate.
// Carries no personal data: see announced-facts.v1.ts.
import type { Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({ ...announcedFactsV1, screenedOn: dayV1 });

export const PetitionScreenedV1 = defineEvent({ service: 'petitions', type: 'PetitionScreened', version: 1, schema });
export type PetitionScreenedV1 = Static<typeof schema>;
