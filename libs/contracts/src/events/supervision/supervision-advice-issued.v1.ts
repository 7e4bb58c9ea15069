// 加强监督建议书: issued on a common issue 审理室 identified (review's CommonIssueIdentified) to the
// office that supervises the unit, with the day its response is due; tracked like a recommendation.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  adviceId: Type.String({ minLength: 1, maxLength: 64 }),
  issueId: Type.String({ minLength: 1, maxLength: 64 }),
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  /** The office the advice is addressed to (the unit's 纪检监察室, which handled the case). */
  office: Type.String({ pattern: HANDLING_OFFICE }),
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  issuedOn: Type.String({ format: 'date' }),
  responseDueOn: Type.String({ format: 'date' }),
});

export const SupervisionAdviceIssuedV1 = defineEvent({
  service: 'supervision',
  type: 'SupervisionAdviceIssued',
  version: 1,
  schema,
});
export type SupervisionAdviceIssuedV1 = Static<typeof schema>;
