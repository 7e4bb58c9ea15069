// A 派驻机构 reported on a quarter to its zone's office. The summary itself stays private.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { DISPATCHED_AGENCY, SUPERVISION_OFFICE } from './patterns.js';

const schema = object({
  agency: Type.String({ pattern: DISPATCHED_AGENCY }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  quarter: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
  zoneOffice: Type.Optional(Type.String({ pattern: SUPERVISION_OFFICE })),
  submittedOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
  late: Type.Boolean(),
});

export const AgencyQuarterlyReportSubmittedV1 = defineEvent({
  service: 'supervision',
  type: 'AgencyQuarterlyReportSubmitted',
  version: 1,
  schema,
});
export type AgencyQuarterlyReportSubmittedV1 = Static<typeof schema>;
