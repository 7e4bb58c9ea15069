// 案管's question to 信访室 when it registers a transferred petition's clue (issue 12, ADR 0018):
// the accused's name, which PetitionTransferred v4 no longer carries. Service to service over NATS
// request/reply, never routed by the gateway: 信访室 answers the case-management service alone (its
// system actor, office `case-management`), and the name goes only into 案管's private record
// (ClueSubjectRecorded).
import { Type, type TSchema } from '@sinclair/typebox';
import { object } from '../validation.js';
import { Id, Line } from './fields.js';
import { defineOperation } from './operation.js';

export const ReadAccusedRequest = object({ petitionId: Id });
export const ReadAccusedAnswer = Type.Object({ petitionId: Id, name: Line(100) });

/** Not in API_OPERATIONS: the gateway serves none of them. */
export const accusedOperations = {
  readAccused: defineOperation({
    service: 'petitions',
    kind: 'qry',
    name: 'read-accused',
    request: ReadAccusedRequest as TSchema as typeof ReadAccusedRequest,
    response: ReadAccusedAnswer,
  }),
} as const;
