// Publicity (组宣部, office `publicity-dept`): integrity opinion replies (廉政意见回复) and public
// opinion (舆情). A request from the organisation department names its candidates by cadre id; 信访室,
// 案管室 and 审理室 screen them in parallel (the system proposes the matches, a person of each office
// signs the result); 组宣部 proposes each candidate's conclusion, leadership approves, the reply
// goes out (OpinionReplied, one per candidate). A 舆情 item is collected, assessed, then forwarded
// to 案管 as a clue or closed with a reason. Need to know: 组宣部 sees what each screening found as
// numbers and kinds, never the contents.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { object } from '../validation.js';
import { GeneratedFile } from './analytics.js';
import { CategoryCodes } from './categories.js';
import { clocksOperation } from './clocks.js';
import { CalendarDate, DateTime, HistoryEntry, Id, Line, Note, Page, PageSize, StatusChanged } from './fields.js';
import { defineOperation } from './operation.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) });
const paging = { page: Type.Optional(Page), pageSize: Type.Optional(PageSize) };

// ── integrity opinion requests (廉政意见回复)
export const OPINION_PURPOSES = ['promotion', 'commendation', 'appointment'] as const;
export const OpinionPurpose = literals(OPINION_PURPOSES);
export type OpinionPurpose = Static<typeof OpinionPurpose>;
/** The three offices that screen every candidate (DOMAIN.md, flow 4). */
export const SCREENING_OFFICES = ['petition-office', 'case-management', 'review-office'] as const;
export const ScreeningOffice = literals(SCREENING_OFFICES);
export type ScreeningOffice = Static<typeof ScreeningOffice>;
/** What a screening can find: an open petition, an open clue, inquiry, verification or case, a sanction. */
export const FINDING_KINDS = ['petition', 'clue', 'inquiry', 'verification', 'case', 'sanction'] as const;
export const FindingKind = literals(FINDING_KINDS);
export type FindingKind = Static<typeof FindingKind>;
export const OPINION_CONCLUSIONS = ['no-issue', 'postponed', 'vetoed'] as const;
export const OpinionConclusion = literals(OPINION_CONCLUSIONS);
export type OpinionConclusion = Static<typeof OpinionConclusion>;
export const OPINION_STATUSES = ['screening', 'screened', 'reply-proposed', 'approved', 'replied'] as const;
export const OpinionStatus = literals(OPINION_STATUSES);
export const SCREENING_STATUSES = ['pending', 'proposed', 'submitted'] as const;
export const ScreeningStatus = literals(SCREENING_STATUSES);

/** An item a screening found: its kind and number only (a sanction with its effect period). */
export const Finding = Type.Object({
  kind: FindingKind,
  /** The item's number: a clue's number, a petition's or a case's id. */
  number: Type.String({ minLength: 1, maxLength: 64 }),
  effectiveFrom: Type.Optional(CalendarDate),
  /** A sanction's last day in effect; absent when permanent. */
  effectiveUntil: Type.Optional(CalendarDate),
});
export type Finding = Static<typeof Finding>;
/** A cited item: kind and number. */
export const Citation = object({ kind: FindingKind, number: Type.String({ minLength: 1, maxLength: 64 }) });
export type Citation = Static<typeof Citation>;

export const Candidate = object({
  cadreId: Id,
  /** The candidate's name, for the letter and for 信访室's match; never in a public event. */
  name: Line(100),
  unitId: Id,
  position: Line(200),
  /**
   * Subject references the commission's records already use for this cadre (until every record
   * carries the cadre id, the clue that named them: docs/adr/0017).
   */
  subjectRefs: Type.Optional(Type.Array(Id, { maxItems: 20, uniqueItems: true })),
});
export type Candidate = Static<typeof Candidate>;

export const RequestOpinionRequest = object({
  /** The organisation department's letter number. */
  reference: Line(64),
  purpose: OpinionPurpose,
  /** The date the screening asks about (a sanction in effect on it); today by default. */
  onDate: Type.Optional(CalendarDate),
  candidates: Type.Array(Candidate, { minItems: 1, maxItems: 50 }),
});
export type RequestOpinionRequest = Static<typeof RequestOpinionRequest>;
export const OpinionRequestRef = object({ requestId: Id });
export const ScreeningFindings = Type.Array(object({ cadreId: Id, findings: Type.Array(Citation, { maxItems: 100 }) }), {
  maxItems: 50,
});
export const SubmitScreeningRequest = object({
  requestId: Id,
  /** The matches the office confirms, per candidate (each one the system proposed); a candidate left out has none. */
  candidates: ScreeningFindings,
});
export const ProposeReplyRequest = object({
  requestId: Id,
  conclusions: Type.Array(
    object({ cadreId: Id, conclusion: OpinionConclusion, citations: Type.Array(Citation, { maxItems: 20 }) }),
    { minItems: 1, maxItems: 50 },
  ),
});
export const ApproveReplyRequest = object({ requestId: Id, note: Type.Optional(Note) });
export const RejectReplyRequest = object({ requestId: Id, note: Note });
export const ListOpinionRequestsRequest = object({ status: Type.Optional(OpinionStatus), ...paging });

export const ScreeningView = Type.Object({
  office: ScreeningOffice,
  status: ScreeningStatus,
  /** Who signed the result (the person of that office). */
  submittedBy: Type.Optional(Type.Object({ sub: Type.String(), name: Type.String(), office: Type.String() })),
  submittedAt: Type.Optional(DateTime),
  candidates: Type.Array(Type.Object({ cadreId: Id, proposed: Type.Array(Finding), confirmed: Type.Array(Finding) })),
});
export const OpinionCandidateView = Type.Object({
  cadreId: Id,
  name: Type.String(),
  unitId: Id,
  position: Type.String(),
  conclusion: Type.Optional(OpinionConclusion),
  citations: Type.Optional(Type.Array(Citation)),
});
export const OpinionRequestSummary = Type.Object({
  id: Id,
  reference: Type.String(),
  purpose: OpinionPurpose,
  onDate: CalendarDate,
  status: OpinionStatus,
  candidateCount: Type.Integer({ minimum: 1 }),
  receivedOn: CalendarDate,
  dueOn: CalendarDate,
  repliedOn: Type.Optional(CalendarDate),
});
export const OpinionRequestView = Type.Object({
  ...OpinionRequestSummary.properties,
  candidates: Type.Array(OpinionCandidateView),
  screenings: Type.Array(ScreeningView),
  history: Type.Array(HistoryEntry),
});
export const OpinionRequestList = listOf(OpinionRequestSummary);
/** What a screening office reads: the candidates it is asked about and the matches proposed to it. */
export const ScreeningTask = Type.Object({
  requestId: Id,
  office: ScreeningOffice,
  status: ScreeningStatus,
  onDate: CalendarDate,
  candidates: Type.Array(
    Type.Object({
      cadreId: Id,
      name: Type.String(),
      unitId: Id,
      position: Type.String(),
      proposed: Type.Array(Finding),
      confirmed: Type.Array(Finding),
    }),
  ),
});
export const OpinionRequestCreated = Type.Object({ id: Id, status: Type.String(), dueOn: CalendarDate });

// ── public opinion (舆情)
export const PUBLIC_OPINION_SOURCES = ['media', 'online', 'hotline', 'other'] as const;
export const PublicOpinionSource = literals(PUBLIC_OPINION_SOURCES);
export type PublicOpinionSource = Static<typeof PublicOpinionSource>;
export const PUBLIC_OPINION_STATUSES = ['collected', 'assessed', 'forwarded', 'closed'] as const;
export const PublicOpinionStatus = literals(PUBLIC_OPINION_STATUSES);
export const CollectPublicOpinionRequest = object({
  source: PublicOpinionSource,
  /** Where it was found: the outlet, the platform's post, the hotline's record number. */
  reference: Line(64),
  summary: Line(500),
  unitId: Id,
});
export const AssessPublicOpinionRequest = object({ itemId: Id, assessment: Note, categories: CategoryCodes });
export const ForwardPublicOpinionRequest = object({ itemId: Id, note: Type.Optional(Note) });
export const ClosePublicOpinionRequest = object({ itemId: Id, reason: Note });
export const PublicOpinionRef = object({ itemId: Id });
export const ListPublicOpinionRequest = object({ status: Type.Optional(PublicOpinionStatus), ...paging });
export const PublicOpinionItemSummary = Type.Object({
  id: Id,
  source: PublicOpinionSource,
  reference: Type.String(),
  unitId: Id,
  status: PublicOpinionStatus,
  collectedOn: CalendarDate,
  assessBy: CalendarDate,
  assessedOn: Type.Optional(CalendarDate),
  categories: Type.Optional(Type.Array(Type.String())),
  forwardedOn: Type.Optional(CalendarDate),
  closedOn: Type.Optional(CalendarDate),
});
export const PublicOpinionItemView = Type.Object({
  ...PublicOpinionItemSummary.properties,
  summary: Type.String(),
  assessment: Type.Optional(Type.String()),
  closeReason: Type.Optional(Type.String()),
  history: Type.Array(HistoryEntry),
});
export const PublicOpinionList = listOf(PublicOpinionItemSummary);

// ── operations
const service = 'publicity';
const cmd = <Req extends TSchema, Res extends TSchema>(name: string, request: Req, response: Res) =>
  defineOperation({ service, kind: 'cmd', name, request, response });
const qry = <Req extends TSchema, Res extends TSchema>(name: string, request: Req, response: Res) =>
  defineOperation({ service, kind: 'qry', name, request, response });

export const publicityOperations = {
  requestOpinion: cmd('request-opinion', RequestOpinionRequest, OpinionRequestCreated),
  listOpinionRequests: qry('list-opinion-requests', ListOpinionRequestsRequest, OpinionRequestList),
  getOpinionRequest: qry('get-opinion-request', OpinionRequestRef, OpinionRequestView),
  getScreening: qry('get-screening', OpinionRequestRef, ScreeningTask),
  submitScreening: cmd('submit-screening', SubmitScreeningRequest, StatusChanged),
  proposeReply: cmd('propose-opinion-reply', ProposeReplyRequest, StatusChanged),
  approveReply: cmd('approve-opinion-reply', ApproveReplyRequest, StatusChanged),
  rejectReply: cmd('reject-opinion-reply', RejectReplyRequest, StatusChanged),
  sendReply: cmd('send-opinion-reply', OpinionRequestRef, StatusChanged),
  /** The reply letter (.docx): the gateway sends the file itself. */
  getReplyLetter: qry('get-opinion-reply-letter', OpinionRequestRef, GeneratedFile),
  collectPublicOpinion: cmd('collect-public-opinion', CollectPublicOpinionRequest, StatusChanged),
  listPublicOpinion: qry('list-public-opinion', ListPublicOpinionRequest, PublicOpinionList),
  getPublicOpinion: qry('get-public-opinion', PublicOpinionRef, PublicOpinionItemView),
  assessPublicOpinion: cmd('assess-public-opinion', AssessPublicOpinionRequest, StatusChanged),
  forwardPublicOpinion: cmd('forward-public-opinion', ForwardPublicOpinionRequest, StatusChanged),
  closePublicOpinion: cmd('close-public-opinion', ClosePublicOpinionRequest, StatusChanged),
  listClocks: clocksOperation('publicity'),
} as const;
