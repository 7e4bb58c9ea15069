// 普遍性问题: 审理室, analysing a sanctioned case, names a common issue at the unit (实施办法 第三条(五):
// 分析汇总在案件审理过程中发现的普遍性问题, 向纪检监察室发出加强监督的建议书). Supervision issues the
// 加强监督建议书 on it to the office that supervises the unit (`office`, the case's handling office).
// No name: the issue as found, the case and the unit.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from '../supervision/patterns.js';

const schema = object({
  issueId: Type.String({ minLength: 1, maxLength: 64 }),
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  issue: Type.String({ minLength: 1, maxLength: 10_000 }),
  identifiedOn: Type.String({ format: 'date' }),
});

export const CommonIssueIdentifiedV1 = defineEvent({ service: 'review', type: 'CommonIssueIdentified', version: 1, schema });
export type CommonIssueIdentifiedV1 = Static<typeof schema>;
