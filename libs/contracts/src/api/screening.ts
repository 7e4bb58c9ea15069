// The screening questions 组宣部's service asks 信访室's and 案管室's services over NATS request/reply
// (docs/adr/0017): service to service, never routed by the gateway. Each answers, per candidate, the
// items it finds (number and kind), for a person of that office to confirm. 审理室's is its
// `list-sanctions` (review.ts). Only the publicity service may ask (the handlers refuse any other office).
import { Type, type TSchema } from '@sinclair/typebox';
import { object } from '../validation.js';
import { CalendarDate, Id, Line } from './fields.js';
import { defineOperation, type ApiService } from './operation.js';
import { Finding } from './publicity.js';

export const ScreenCandidatesRequest = object({
  requestId: Id,
  onDate: CalendarDate,
  candidates: Type.Array(
    object({
      cadreId: Id,
      /** The references to match: the cadre id and the subject references known for the cadre. */
      refs: Type.Array(Id, { minItems: 1, maxItems: 21 }),
      name: Line(100),
      unitId: Id,
    }),
    { minItems: 1, maxItems: 50 },
  ),
});
export const ScreenCandidatesAnswer = Type.Object({
  candidates: Type.Array(Type.Object({ cadreId: Id, findings: Type.Array(Finding) })),
});

const screening = <S extends ApiService>(service: S) =>
  defineOperation({
    service,
    kind: 'qry',
    name: 'screen-candidates',
    request: ScreenCandidatesRequest as TSchema as typeof ScreenCandidatesRequest,
    response: ScreenCandidatesAnswer,
  });

/** Not in API_OPERATIONS: the gateway serves none of them. */
export const screeningOperations = {
  petitions: { screenCandidates: screening('petitions') },
  caseManagement: { screenCandidates: screening('case-management') },
} as const;
