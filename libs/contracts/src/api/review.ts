// Review (审理, 审理室): a case transferred by supervision is reviewed within its limit (one
// extension); the review sends it back for further investigation with the reason, or proposes the
// sanction, which leadership approves (the secretary when the subject heads a lower-level party
// committee). Each decided sanction has its effect period; "in effect on a date" is a query.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { object } from '../validation.js';
import { CalendarDate, DateTime, FreeText, HistoryEntry, Id, Note, Page, PageSize, StatusChanged } from './fields.js';
import { clocksOperation } from './clocks.js';
import { defineOperation } from './operation.js';
import { GovernmentalSanctionKind, PartySanctionKind, SanctionChoice, SanctionSide } from './sanctions.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) });
const paging = { page: Type.Optional(Page), pageSize: Type.Optional(PageSize) };

export const REVIEW_STATUSES = ['reviewing', 'sent-back', 'sanction-proposed', 'decided', 'concluded'] as const;
export const ReviewStatus = literals(REVIEW_STATUSES);
export type ReviewStatus = Static<typeof ReviewStatus>;

export const ListReviewsRequest = object({ status: Type.Optional(ReviewStatus), ...paging });
export const ReviewRef = object({ reviewId: Id });
export const ExtendReviewRequest = object({ reviewId: Id, reason: Note });
export const SendCaseBackRequest = object({ reviewId: Id, reason: Note });
export const ProposeSanctionRequest = object({ reviewId: Id, sanction: SanctionChoice, note: Note });
export const ApproveSanctionRequest = object({ reviewId: Id, note: Type.Optional(Note) });
export const RejectSanctionRequest = object({ reviewId: Id, note: Note });
/** 免予处分 (exempted from a sanction) or 不予处分 (no sanction given): the review ends without one. */
export const NO_SANCTION_OUTCOMES = ['exempted', 'not-sanctioned'] as const;
export const NoSanctionOutcome = literals(NO_SANCTION_OUTCOMES);
export type NoSanctionOutcome = Static<typeof NoSanctionOutcome>;
export const ConcludeWithoutSanctionRequest = object({ reviewId: Id, outcome: NoSanctionOutcome, reason: Note });
/** 普遍性问题: a common issue the decided case shows at its unit; supervision issues the 加强监督建议书 on it. */
export const IdentifyCommonIssueRequest = object({ reviewId: Id, issue: FreeText(10_000) });

const EffectPeriod = {
  effectiveFrom: CalendarDate,
  /** The period's last day; absent for a permanent sanction (开除). */
  effectiveUntil: Type.Optional(CalendarDate),
  rule: Type.String(),
};
export const DecidedSanction = Type.Object({
  party: Type.Optional(
    Type.Object({
      kind: PartySanctionKind,
      probationYears: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
      ...EffectPeriod,
    }),
  ),
  governmental: Type.Optional(Type.Object({ kind: GovernmentalSanctionKind, ...EffectPeriod })),
});

export const ReviewSummary = Type.Object({
  id: Id,
  caseId: Id,
  clueId: Id,
  clueNumber: Type.String(),
  unitId: Id,
  /** The office that investigated the case. */
  office: Type.String(),
  subjectRef: Id,
  subjectPosition: Type.String(),
  /** The cadre the case's clue is linked to, when the case's transfer carried it (issue 12). */
  cadreId: Type.Optional(Id),
  escalated: Type.Boolean(),
  status: ReviewStatus,
  round: Type.Integer({ minimum: 1 }),
  receivedOn: CalendarDate,
  dueOn: Type.Optional(CalendarDate),
  extended: Type.Boolean(),
  /** The day of the sanction, or of the conclusion without one. */
  decidedOn: Type.Optional(CalendarDate),
  openedAt: Type.Optional(DateTime),
});
export const Review = Type.Object({
  ...ReviewSummary.properties,
  findings: Type.String(),
  proposedSanction: SanctionChoice,
  /** 审理室's proposal awaiting leadership, or the one decided. */
  sanction: Type.Optional(SanctionChoice),
  decided: Type.Optional(DecidedSanction),
  returnReason: Type.Optional(Type.String()),
  /** 普遍性问题 identified on the decided case, in order; each has its 加强监督建议书 in supervision. */
  commonIssues: Type.Array(Type.Object({ issueId: Id, issue: Type.String(), identifiedOn: CalendarDate })),
  history: Type.Array(HistoryEntry),
});
export const ReviewList = listOf(ReviewSummary);

/**
 * Sanctions of a subject (by its reference), of a cadre (by the cadre id the case carried, issue 12)
 * or of a case, each saying whether it is in effect on `onDate` (today by default). Filters given
 * together must all match.
 */
export const ListSanctionsRequest = object({
  subjectRef: Type.Optional(Id),
  cadreId: Type.Optional(Id),
  caseId: Type.Optional(Id),
  onDate: Type.Optional(CalendarDate),
  ...paging,
});
export const SanctionRecord = Type.Object({
  caseId: Id,
  subjectRef: Id,
  subjectPosition: Type.String(),
  /** The cadre the case's clue is linked to, when the case's transfer carried it (issue 12). */
  cadreId: Type.Optional(Id),
  unitId: Id,
  side: SanctionSide,
  kind: Type.String(),
  label: Type.String(),
  effectiveFrom: CalendarDate,
  effectiveUntil: Type.Optional(CalendarDate),
  rule: Type.String(),
  /** Whether the effect period has ended by the service's clock (影响期届满). */
  ended: Type.Boolean(),
  onDate: CalendarDate,
  inEffect: Type.Boolean(),
});
export const SanctionList = Type.Object({
  items: Type.Array(SanctionRecord),
  total: Type.Integer({ minimum: 0 }),
  onDate: CalendarDate,
  /** Whether any listed sanction is in effect on that date. */
  anyInEffect: Type.Boolean(),
});

// ── operations
const service = 'review';
const cmd = <Req extends TSchema, Res extends TSchema>(name: string, request: Req, response: Res) =>
  defineOperation({ service, kind: 'cmd', name, request, response });
const qry = <Req extends TSchema, Res extends TSchema>(name: string, request: Req, response: Res) =>
  defineOperation({ service, kind: 'qry', name, request, response });

export const reviewOperations = {
  listReviews: qry('list-reviews', ListReviewsRequest, ReviewList),
  getReview: qry('get-review', ReviewRef, Review),
  extendReview: cmd('extend-review', ExtendReviewRequest, StatusChanged),
  sendCaseBack: cmd('send-case-back', SendCaseBackRequest, StatusChanged),
  proposeSanction: cmd('propose-sanction', ProposeSanctionRequest, StatusChanged),
  approveSanction: cmd('approve-sanction', ApproveSanctionRequest, StatusChanged),
  rejectSanction: cmd('reject-sanction', RejectSanctionRequest, StatusChanged),
  concludeWithoutSanction: cmd('conclude-without-sanction', ConcludeWithoutSanctionRequest, StatusChanged),
  /** Answers the common issue's id (`status: 'identified'`). */
  identifyCommonIssue: cmd('identify-common-issue', IdentifyCommonIssueRequest, StatusChanged),
  listSanctions: qry('list-sanctions', ListSanctionsRequest, SanctionList),
  listClocks: clocksOperation('review'),
} as const;
