// 廉政档案调阅: reading a cadre's integrity file needs a request with a reason, approved by
// leadership; every read is recorded, the refused ones too. 回避 (recusal, DOMAIN.md "Need to know":
// nobody reads their own or a relative's integrity file): the cadre and the relatives declared at
// registration are refused, even holding an approved request. Who may request, approve and read at
// all is the access policy's (libs/access); this decider owns the rules on the request's state.
import type { DomainError } from '@jiandu/contracts';
import { deciderOf, refusal, type DecisionContext } from '@jiandu/decision';

export const accessStream = (requestId: string) => `integrity-access-${requestId}`;

/** Who acted, as the record keeps it (the name is in the event's metadata). */
interface By {
  sub: string;
  office: string;
}

// ── commands
/** `cadreExists`, `recused`: what the handler read of the cadre (the file's row) for this actor. */
export type RequestAccess = {
  type: 'RequestAccess';
  data: { requestId: string; cadreId: string; reason: string; cadreExists: boolean };
};
export type ApproveAccess = { type: 'ApproveAccess'; data: { requestId: string; note?: string; recused: boolean } };
export type RejectAccess = { type: 'RejectAccess'; data: { requestId: string; note: string } };
export type ReadFile = { type: 'ReadFile'; data: { requestId: string; cadreId: string; recused: boolean } };
export type AccessCommand = RequestAccess | ApproveAccess | RejectAccess | ReadFile;

// ── events (all private: who read whose file is itself need-to-know)
export type IntegrityFileAccessRequested = {
  type: 'IntegrityFileAccessRequested';
  data: { requestId: string; cadreId: string; reason: string; requestedBy: By; requestedAt: string };
};
export type IntegrityFileAccessApproved = {
  type: 'IntegrityFileAccessApproved';
  data: { requestId: string; cadreId: string; note?: string; approvedAt: string };
};
export type IntegrityFileAccessRejected = {
  type: 'IntegrityFileAccessRejected';
  data: { requestId: string; cadreId: string; note: string; rejectedAt: string };
};
export type IntegrityFileAccessed = {
  type: 'IntegrityFileAccessed';
  data: { requestId: string; cadreId: string; by: By; accessedAt: string };
};
/** A refused read, recorded as any read: `code` says which rule refused it. */
export type IntegrityFileAccessRefused = {
  type: 'IntegrityFileAccessRefused';
  data: { requestId: string; cadreId: string; by: By; code: ReadRefusalCode; refusedAt: string };
};
export type AccessEvent =
  | IntegrityFileAccessRequested
  | IntegrityFileAccessApproved
  | IntegrityFileAccessRejected
  | IntegrityFileAccessed
  | IntegrityFileAccessRefused;

// ── state
type Request = { requestId: string; cadreId: string; reason: string; requestedBy: By };
export type AccessState =
  | { status: 'Initial' }
  | ({ status: 'Requested' } & Request)
  | ({ status: 'Approved'; reads: number } & Request)
  | ({ status: 'Rejected' } & Request);

export const initialState = (): AccessState => ({ status: 'Initial' });

/** 回避: the rule, in the message of every refusal it makes. */
export const RECUSAL = refusal(
  'INTEGRITY_FILE_RECUSAL',
  403,
  '依照回避规定，干部本人及其登记的近亲属不得查阅、审批该干部的廉政档案',
  "recusal: the cadre and the relatives declared for the cadre may neither read nor approve the reading of the cadre's integrity file",
);

/** Why a read was refused, each with its message; the read is recorded with the code. */
export const READ_REFUSALS = {
  INTEGRITY_FILE_RECUSAL: RECUSAL,
  ACCESS_NOT_APPROVED: refusal('ACCESS_NOT_APPROVED', 403, '调阅申请尚未批准', 'the access request is not approved'),
  ACCESS_REJECTED: refusal('ACCESS_REJECTED', 403, '调阅申请未获批准', 'the access request was rejected'),
  ACCESS_NOT_YOURS: refusal(
    'ACCESS_NOT_YOURS',
    403,
    '只有提出调阅申请的本人可以凭该申请查阅',
    'only the person who made the access request may read with it',
  ),
  ACCESS_OTHER_FILE: refusal(
    'ACCESS_OTHER_FILE',
    403,
    '该调阅申请不是针对此干部的廉政档案',
    "the access request is for another cadre's file",
  ),
} as const satisfies Record<string, DomainError>;
export type ReadRefusalCode = keyof typeof READ_REFUSALS;

const notFound = (): DomainError => refusal('ACCESS_REQUEST_NOT_FOUND', 404, '未找到该调阅申请', 'access request not found');

export function decide(command: AccessCommand, state: AccessState, { now, actor }: DecisionContext): AccessEvent[] | DomainError {
  const at = now.toISOString();
  const by: By = { sub: actor.sub, office: actor.office };
  switch (command.type) {
    case 'RequestAccess': {
      if (state.status !== 'Initial')
        return refusal('ACCESS_REQUEST_EXISTS', 409, '该调阅申请已存在', 'this access request exists already');
      if (!command.data.cadreExists) return refusal('CADRE_NOT_FOUND', 404, '未找到该干部', 'cadre not found');
      const { requestId, cadreId, reason } = command.data;
      return [{ type: 'IntegrityFileAccessRequested', data: { requestId, cadreId, reason, requestedBy: by, requestedAt: at } }];
    }
    case 'ApproveAccess':
    case 'RejectAccess': {
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Requested')
        return refusal(
          'ACCESS_REQUEST_DECIDED',
          409,
          state.status === 'Approved' ? '该调阅申请已批准' : '该调阅申请已驳回',
          `the access request is ${state.status.toLowerCase()} already`,
        );
      if (state.requestedBy.sub === actor.sub)
        return refusal('SELF_APPROVAL', 403, '不能审批本人提出的调阅申请', 'nobody decides their own access request');
      const { requestId, cadreId } = state;
      if (command.type === 'RejectAccess')
        return [{ type: 'IntegrityFileAccessRejected', data: { requestId, cadreId, note: command.data.note, rejectedAt: at } }];
      if (command.data.recused) return RECUSAL;
      const note = command.data.note;
      return [
        {
          type: 'IntegrityFileAccessApproved',
          data: { requestId, cadreId, ...(note === undefined ? {} : { note }), approvedAt: at },
        },
      ];
    }
    case 'ReadFile': {
      if (state.status === 'Initial') return notFound();
      const refused = (code: ReadRefusalCode): AccessEvent[] => [
        {
          type: 'IntegrityFileAccessRefused',
          data: { requestId: state.requestId, cadreId: command.data.cadreId, by, code, refusedAt: at },
        },
      ];
      // 回避 first: no approval, however given, opens one's own or a relative's file.
      if (command.data.recused) return refused('INTEGRITY_FILE_RECUSAL');
      if (state.cadreId !== command.data.cadreId) return refused('ACCESS_OTHER_FILE');
      if (state.requestedBy.sub !== actor.sub) return refused('ACCESS_NOT_YOURS');
      if (state.status === 'Requested') return refused('ACCESS_NOT_APPROVED');
      if (state.status === 'Rejected') return refused('ACCESS_REJECTED');
      return [
        { type: 'IntegrityFileAccessed', data: { requestId: state.requestId, cadreId: state.cadreId, by, accessedAt: at } },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export function evolve(state: AccessState, event: AccessEvent): AccessState {
  switch (event.type) {
    case 'IntegrityFileAccessRequested': {
      if (state.status !== 'Initial') return state;
      const { requestId, cadreId, reason, requestedBy } = event.data;
      return { status: 'Requested', requestId, cadreId, reason, requestedBy };
    }
    case 'IntegrityFileAccessApproved':
      return state.status === 'Requested' ? { ...state, status: 'Approved', reads: 0 } : state;
    case 'IntegrityFileAccessRejected':
      return state.status === 'Requested' ? { ...state, status: 'Rejected' } : state;
    case 'IntegrityFileAccessed':
      return state.status === 'Approved' ? { ...state, reads: state.reads + 1 } : state;
    case 'IntegrityFileAccessRefused':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const accessDecider = deciderOf({ decide, evolve, initialState });
