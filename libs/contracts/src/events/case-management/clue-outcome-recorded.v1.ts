// 线索办理结果: the register followed how an inquiry (谈话函询), a preliminary verification (初步核实)
// or a case (审查调查 → 审理) handling the clue ended, and where that leaves the clue (closed,
// shelved, sanctioned, in a further step). Ids, the number and codes only: no person, no text.
// Public from v1: the service has always stored exactly this shape ({ clueId, number, ref, source,
// outcome, status }, no personal data), so an outcome stored before it was public may be relayed as
// it is (unlike ClueLinkedToCadre, whose private v1 differed from the public shape).
import { Type, type Static } from '@sinclair/typebox';
import { INQUIRY_OUTCOMES, VERIFICATION_DECISIONS } from '../../api/supervision.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** What handled the clue: an inquiry, a preliminary verification, or a case (审查调查 and 审理). */
export const CLUE_OUTCOME_SOURCES = ['inquiry', 'verification', 'case'] as const;
/** How a case ends for the register: sanctioned (审理), concluded without a sanction, or not filed (不予立案). */
export const CLUE_CASE_OUTCOMES = ['sanctioned', 'no-sanction', 'filing-rejected'] as const;
/** Every outcome a source reaches: an inquiry's, a verification's decision, a case's. */
export const CLUE_OUTCOMES = [...new Set([...INQUIRY_OUTCOMES, ...VERIFICATION_DECISIONS, ...CLUE_CASE_OUTCOMES])];
/** The clue's handling status after the outcome (the register's own status names). */
export const CLUE_HANDLING_STATUSES = [
  'InInquiry',
  'InVerification',
  'Shelved',
  'Closed',
  'ToInvestigation',
  'Sanctioned',
] as const;

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  /** The inquiry's, the verification's or the case's id. */
  ref: Type.String({ minLength: 1, maxLength: 64 }),
  source: literals(CLUE_OUTCOME_SOURCES),
  outcome: literals(CLUE_OUTCOMES),
  status: literals(CLUE_HANDLING_STATUSES),
});

export const ClueOutcomeRecordedV1 = defineEvent({
  service: 'case-management',
  type: 'ClueOutcomeRecorded',
  version: 1,
  schema,
});
export type ClueOutcomeRecordedV1 = Static<typeof schema>;
