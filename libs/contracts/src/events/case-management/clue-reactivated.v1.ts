// 定期清理: in a clearance round the clue's office reactivated a shelved clue; it needs a disposition
// again by `dispositionDeadline`. Ids, the number and the day only (no person), so analysis can
// count a round's results.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  roundId: Type.String({ minLength: 1, maxLength: 64 }),
  dispositionDeadline: Type.String({ format: 'date' }),
});

export const ClueReactivatedV1 = defineEvent({
  service: 'case-management',
  type: 'ClueReactivated',
  version: 1,
  schema,
});
export type ClueReactivatedV1 = Static<typeof schema>;
