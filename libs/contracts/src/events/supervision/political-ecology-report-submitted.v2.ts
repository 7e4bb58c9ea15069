// A 派驻机构 submitted its yearly political-ecology analysis (政治生态分析报告) of a unit. v2 is the
// first public version: the agency, the unit, the year and the day only. v1 was the private event
// with the report's text; the text stays private, in supervision's own
// PoliticalEcologyReportSummaryRecorded, and v1 events never leave the service.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { DISPATCHED_AGENCY } from './patterns.js';

const schema = object({
  agency: Type.String({ pattern: DISPATCHED_AGENCY }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  submittedOn: Type.String({ format: 'date' }),
});

export const PoliticalEcologyReportSubmittedV2 = defineEvent({
  service: 'supervision',
  type: 'PoliticalEcologyReportSubmitted',
  version: 2,
  schema,
});
export type PoliticalEcologyReportSubmittedV2 = Static<typeof schema>;
