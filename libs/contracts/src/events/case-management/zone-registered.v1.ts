// A cooperation zone 协作区 and the office that supervises it.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  zoneId: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  office: Type.String({ pattern: '^(supervision-office-[1-9]\\d*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$' }),
});

export const ZoneRegisteredV1 = defineEvent({
  service: 'case-management',
  type: 'ZoneRegistered',
  version: 1,
  schema,
});
export type ZoneRegisteredV1 = Static<typeof schema>;
