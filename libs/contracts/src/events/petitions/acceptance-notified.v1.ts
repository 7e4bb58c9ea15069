// 信访室 told a real-name reporter how the petition was taken up (受理告知), owed within 15 working days.
// Carries no personal data: see announced-facts.v1.ts.
import type { Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({ ...announcedFactsV1, notifiedOn: dayV1 });

export const AcceptanceNotifiedV1 = defineEvent({ service: 'petitions', type: 'AcceptanceNotified', version: 1, schema });
export type AcceptanceNotifiedV1 = Static<typeof schema>;
