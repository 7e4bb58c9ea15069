// 信访室 filed a petition as a duplicate (重复件) of an earlier, existing petition.
// Carries no personal data: see announced-facts.v1.ts.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { announcedFactsV1, dayV1 } from './announced-facts.v1.js';

const schema = object({ ...announcedFactsV1, filedOn: dayV1, duplicateOf: Type.String({ minLength: 1, maxLength: 64 }) });

export const DuplicatePetitionFiledV1 = defineEvent({ service: 'petitions', type: 'DuplicatePetitionFiled', version: 1, schema });
export type DuplicatePetitionFiledV1 = Static<typeof schema>;
