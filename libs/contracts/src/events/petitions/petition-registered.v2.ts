// 信访室 registered a petition (登记). v1 was the service's private registration record (with the accused and the content), never published: the public contract starts at v2.
// Carries no personal data: see announced-facts.v1.ts.
import type { Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({ ...announcedFactsV1, registeredOn: dayV1 });

export const PetitionRegisteredV2 = defineEvent({ service: 'petitions', type: 'PetitionRegistered', version: 2, schema });
export type PetitionRegisteredV2 = Static<typeof schema>;
