// Supervision (日常监督, 纪检监察室 / 派驻机构 / 办公室): 谈话函询 inquiries, 初步核实 verifications,
// 纪律检查建议/监察建议 recommendations, 整改 rectifications, 督查督办 oversight tasks, 派驻机构
// reports and the running clocks. Requests are strict, with their cross-field rules (`when`);
// responses say every field the service answers (the service's tests hold it to them strictly).
// The enum lists are the domain's too: the deciders import them from here.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { object, when } from '../validation.js';
import {
  CalendarDate,
  DateTime,
  HistoryEntry,
  Id,
  Line,
  Note,
  Office,
  Page,
  PageSize,
  StatusChanged,
  FreeText,
} from './fields.js';
import { clocksOperation } from './clocks.js';
import { defineOperation } from './operation.js';
import { SanctionChoice } from './sanctions.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Plans, findings, recommendation content: longer than a note, well under the 64 KB body limit. */
export const LongText = FreeText(10_000);

/** `{ items, total }` for every list. */
const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) });
const paging = { page: Type.Optional(Page), pageSize: Type.Optional(PageSize) };

/** Fields every handled item shows: who handles it, for which unit, from which clue. */
const handled = {
  id: Id,
  office: Type.String(),
  unitId: Id,
  clueId: Type.Optional(Id),
  clueNumber: Type.Optional(Type.String()),
};
const withHistory = { history: Type.Array(HistoryEntry) };

// ── inquiries 谈话函询
export const InquiryStatus = literals([
  'planned',
  'approved',
  'talk-conducted',
  'letter-sent',
  'replied',
  'assessed',
  'concluded',
] as const);
/** 采信了结 / 谈话提醒·批评教育·责令检查·诫勉 / 二次谈话·函询 / 转初核. */
export const INQUIRY_OUTCOMES = ['accepted', 'light-measure', 'second-round', 'convert-to-verification'] as const;
export const InquiryOutcome = literals(INQUIRY_OUTCOMES);
export type InquiryOutcome = Static<typeof InquiryOutcome>;
export const LIGHT_MEASURES = ['reminder', 'criticism', 'self-examination', 'admonishment'] as const;
export const LightMeasure = literals(LIGHT_MEASURES);
export type LightMeasure = Static<typeof LightMeasure>;
export const InquiryMode = literals(['talk', 'letter'] as const);

export const ListInquiriesRequest = object({
  status: Type.Optional(InquiryStatus),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  ...paging,
});
export const InquiryRef = object({ inquiryId: Id });
export const ConductTalkRequest = object({ inquiryId: Id, conductedOn: Type.Optional(CalendarDate), summary: LongText });
/** Only a summary of the issue goes out in a letter, never anything about the reporter. */
export const SendInquiryLetterRequest = object({ inquiryId: Id, issueSummary: Line(2000) });
export const ReceiveInquiryReplyRequest = object({ inquiryId: Id, receivedOn: Type.Optional(CalendarDate), summary: LongText });
/** A light measure names which one; other outcomes carry none. */
export const AssessInquiryRequest = when(
  object({ inquiryId: Id, outcome: InquiryOutcome, measure: Type.Optional(LightMeasure), note: Note }),
  {
    if: { outcome: 'light-measure' },
    then: {
      required: ['measure'],
      message: { zh: '处理结果为轻处理时必须填写具体措施', en: 'a light-measure outcome needs the measure' },
    },
    else: {
      forbidden: ['measure'],
      message: { zh: '只有轻处理才填写具体措施', en: 'only a light-measure outcome carries a measure' },
    },
  },
);
export type AssessInquiryRequest = Static<typeof AssessInquiryRequest>;
export const ConcludeInquiryRequest = object({ inquiryId: Id, conclusion: LongText });

export const InquirySummary = Type.Object({
  ...handled,
  status: InquiryStatus,
  mode: Type.Optional(InquiryMode),
  round: Type.Optional(Type.Integer({ minimum: 1 })),
  replyDueOn: Type.Optional(CalendarDate),
  concludeDueOn: Type.Optional(CalendarDate),
  outcome: Type.Optional(InquiryOutcome),
  measure: Type.Optional(LightMeasure),
  openedAt: Type.Optional(DateTime),
});
export const Inquiry = Type.Object({ ...InquirySummary.properties, ...withHistory });
export const InquiryList = listOf(InquirySummary);

// ── verifications 初步核实
export const VerificationStatus = literals([
  'awaiting-plan',
  'plan-submitted',
  'plan-rejected',
  'approved',
  'report-submitted',
  'decided',
] as const);
export const VERIFICATION_DECISIONS = ['file-case', 'close', 'light-measure', 'shelve', 'transfer'] as const;
export const VerificationDecision = literals(VERIFICATION_DECISIONS);
export type VerificationDecision = Static<typeof VerificationDecision>;

export const ListVerificationsRequest = object({
  status: Type.Optional(VerificationStatus),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  ...paging,
});
export const VerificationRef = object({ verificationId: Id });
/** A team of at least two; approval is escalated when the subject heads a lower-level party committee. */
export const VerificationTeam = Type.Array(Line(100), { minItems: 2, maxItems: 20, uniqueItems: true });
export const SubmitVerificationPlanRequest = object({
  verificationId: Id,
  plan: LongText,
  team: VerificationTeam,
  subjectHeadsLowerCommittee: Type.Boolean(),
});
export const ApproveVerificationRequest = object({ verificationId: Id, note: Type.Optional(Note) });
export const RejectVerificationPlanRequest = object({ verificationId: Id, note: Note });
export const ExtendVerificationRequest = object({ verificationId: Id, reason: Note });
export const SubmitVerificationReportRequest = object({ verificationId: Id, findings: LongText });
export const DecideVerificationRequest = object({ verificationId: Id, decision: VerificationDecision, note: Note });

export const VerificationSummary = Type.Object({
  ...handled,
  status: VerificationStatus,
  team: Type.Optional(Type.Array(Type.String())),
  escalated: Type.Optional(Type.Boolean()),
  extended: Type.Optional(Type.Boolean()),
  dueOn: Type.Optional(CalendarDate),
  decision: Type.Optional(VerificationDecision),
  /** The inquiry whose conclusion converted into this verification. */
  fromInquiryId: Type.Optional(Id),
  openedAt: Type.Optional(DateTime),
});
export const Verification = Type.Object({
  ...VerificationSummary.properties,
  plan: Type.Optional(Type.String()),
  findings: Type.Optional(Type.String()),
  ...withHistory,
});
export const VerificationList = listOf(VerificationSummary);

// ── recommendations 纪律检查建议 / 监察建议
export const RECOMMENDATION_KINDS = ['discipline', 'supervisory'] as const;
export const RecommendationKind = literals(RECOMMENDATION_KINDS);
export type RecommendationKind = Static<typeof RecommendationKind>;
export const RecommendationStatus = literals([
  'drafted',
  'approved',
  'issued',
  'responded',
  'verified',
  'closed',
  'escalated',
] as const);

export const IssueRecommendationRequest = object({
  kind: RecommendationKind,
  unitId: Id,
  content: LongText,
  /** Without it the service's configured default applies. */
  responseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
});
export const ListRecommendationsRequest = object({
  status: Type.Optional(RecommendationStatus),
  kind: Type.Optional(RecommendationKind),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  ...paging,
});
export const RecommendationRef = object({ recommendationId: Id });
export const RecordRecommendationResponseRequest = object({ recommendationId: Id, response: LongText });
export const VerifyRecommendationRequest = object({ recommendationId: Id, finding: LongText });
export const CloseRecommendationRequest = RecommendationRef;
export const RecordRecommendationRefusalRequest = object({ recommendationId: Id, note: Note });

export const RecommendationSummary = Type.Object({
  ...handled,
  kind: RecommendationKind,
  status: RecommendationStatus,
  issuedOn: Type.Optional(CalendarDate),
  responseDueOn: Type.Optional(CalendarDate),
});
export const Recommendation = Type.Object({
  ...RecommendationSummary.properties,
  content: Type.Optional(Type.String()),
  ...withHistory,
});
export const RecommendationList = listOf(RecommendationSummary);

// ── 加强监督建议书 supervision advice: issued by the service on a common issue 审理室 identified
// (review's CommonIssueIdentified) to the office that supervises the unit, which responds.
export const SUPERVISION_ADVICE_STATUSES = ['issued', 'responded'] as const;
export const SupervisionAdviceStatus = literals(SUPERVISION_ADVICE_STATUSES);
export const ListSupervisionAdviceRequest = object({
  status: Type.Optional(SupervisionAdviceStatus),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  ...paging,
});
export const SupervisionAdviceRef = object({ adviceId: Id });
export const RespondToSupervisionAdviceRequest = object({ adviceId: Id, response: LongText });
export const SupervisionAdviceSummary = Type.Object({
  id: Id,
  /** The office the advice is addressed to. */
  office: Type.String(),
  unitId: Id,
  clueId: Type.Optional(Id),
  clueNumber: Type.Optional(Type.String()),
  caseId: Id,
  issueId: Id,
  status: SupervisionAdviceStatus,
  issuedOn: CalendarDate,
  responseDueOn: CalendarDate,
  respondedOn: Type.Optional(CalendarDate),
  late: Type.Optional(Type.Boolean()),
});
export const SupervisionAdvice = Type.Object({
  ...SupervisionAdviceSummary.properties,
  content: Type.String(),
  response: Type.Optional(Type.String()),
  ...withHistory,
});
export const SupervisionAdviceList = listOf(SupervisionAdviceSummary);

// ── rectifications 整改
export const RECTIFICATION_SOURCES = [
  'recommendation',
  'special-inspection',
  'inspection-tour',
  'case',
  'democratic-life-meeting',
] as const;
export const RectificationSource = literals(RECTIFICATION_SOURCES);
export type RectificationSource = Static<typeof RectificationSource>;
export const RectificationStatus = literals(['opened', 'in-progress', 'completed', 'verified', 'reopened'] as const);

export const OpenRectificationRequest = object({
  source: RectificationSource,
  /** The recommendation, case or inspection it comes from, when it has an id. */
  sourceRef: Type.Optional(Id),
  unitId: Id,
  description: LongText,
  dueOn: CalendarDate,
});
export const ListRectificationsRequest = object({
  status: Type.Optional(RectificationStatus),
  source: Type.Optional(RectificationSource),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  ...paging,
});
export const RectificationRef = object({ rectificationId: Id });
export const RectificationNoteRequest = object({ rectificationId: Id, note: Note });
export const ReopenRectificationRequest = object({ rectificationId: Id, reason: Note, dueOn: CalendarDate });

export const RectificationSummary = Type.Object({
  id: Id,
  office: Type.String(),
  unitId: Id,
  source: RectificationSource,
  sourceRef: Type.Optional(Id),
  status: RectificationStatus,
  dueOn: CalendarDate,
});
export const Rectification = Type.Object({
  ...RectificationSummary.properties,
  description: Type.Optional(Type.String()),
  ...withHistory,
});
export const RectificationList = listOf(RectificationSummary);

// ── oversight tasks 督查督办 (办公室)
export const OversightTaskStatus = literals(['assigned', 'in-progress', 'closed'] as const);

export const AssignOversightTaskRequest = object({
  title: Line(200),
  description: LongText,
  assigneeOffice: Office,
  dueOn: CalendarDate,
});
export const ListOversightTasksRequest = object({
  status: Type.Optional(OversightTaskStatus),
  assigneeOffice: Type.Optional(Office),
  ...paging,
});
export const OversightTaskRef = object({ taskId: Id });
export const RecordOversightProgressRequest = object({ taskId: Id, note: Note });
export const CloseOversightTaskRequest = object({ taskId: Id, result: Note });

export const OversightTaskSummary = Type.Object({
  id: Id,
  title: Type.String(),
  assigneeOffice: Type.String(),
  status: OversightTaskStatus,
  dueOn: CalendarDate,
});
export const OversightTask = Type.Object({
  ...OversightTaskSummary.properties,
  description: Type.Optional(Type.String()),
  result: Type.Optional(Type.String()),
  ...withHistory,
});
export const OversightTaskList = listOf(OversightTaskSummary);

// ── dispatched agency reports 派驻机构 (quarterly report to the zone's office; annual 政治生态 analysis)
export const AgencyReportKind = literals(['quarterly', 'political-ecology'] as const);
export const DispatchedAgency = Type.String({ maxLength: 64, pattern: '^dispatched-agency-[a-z0-9]+(?:-[a-z0-9]+)*$' });
export const ReportYear = Type.Integer({ minimum: 2000, maximum: 2100 });

export const Quarter = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]);
export type Quarter = Static<typeof Quarter>;

/** A quarterly report names its quarter; a political-ecology analysis names its unit; neither names the other's. */
export const SubmitAgencyReportRequest = when(
  object({
    kind: AgencyReportKind,
    year: ReportYear,
    quarter: Type.Optional(Quarter),
    unitId: Type.Optional(Id),
    summary: LongText,
  }),
  {
    if: { kind: 'quarterly' },
    then: { required: ['quarter'], message: { zh: '季度报告必须填写季度', en: 'a quarterly report needs the quarter' } },
    else: { forbidden: ['quarter'], message: { zh: '只有季度报告填写季度', en: 'only a quarterly report carries a quarter' } },
  },
  {
    if: { kind: 'political-ecology' },
    then: { required: ['unitId'], message: { zh: '政治生态分析必须填写单位', en: 'a political-ecology report needs the unit' } },
    else: { forbidden: ['unitId'], message: { zh: '季度报告不填写单位', en: 'a quarterly report carries no unit' } },
  },
);
export type SubmitAgencyReportRequest = Static<typeof SubmitAgencyReportRequest>;

export const ListAgencyReportsRequest = object({
  agency: Type.Optional(DispatchedAgency),
  year: Type.Optional(ReportYear),
  ...paging,
});
export const AgencyReport = Type.Object({
  id: Id,
  agency: Type.String(),
  kind: AgencyReportKind,
  year: Type.Integer(),
  quarter: Type.Optional(Quarter),
  unitId: Type.Optional(Id),
  summary: Type.Optional(Type.String()),
  submittedAt: Type.Optional(DateTime),
});
export const AgencyReportList = listOf(AgencyReport);

// ── cases 审查调查 (立案 → investigation report → 移送审理; a case the review sends back returns here)
export const CaseStatus = literals([
  'pending-filing',
  'filing-rejected',
  'investigating',
  'report-submitted',
  'in-review',
  'concluded',
] as const);
/** How the review office ended a case: a sanction decided, or 免予处分 / 不予处分 (review's NoSanctionOutcome). */
export const CASE_OUTCOMES = ['sanctioned', 'exempted', 'not-sanctioned'] as const;
export const CaseOutcome = literals(CASE_OUTCOMES);
export type CaseOutcome = Static<typeof CaseOutcome>;
export const ListCasesRequest = object({
  status: Type.Optional(CaseStatus),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  ...paging,
});
export const CaseRef = object({ caseId: Id });
export const ApproveCaseFilingRequest = object({ caseId: Id });
/** 不予立案: the reason stays in the case's events. */
export const RejectCaseFilingRequest = object({ caseId: Id, reason: Note });
/** The facts found and the proposed sanction (a party one, a governmental one, or both). */
export const ExtendCaseRequest = object({ caseId: Id, reason: Note });
export const SubmitCaseReportRequest = object({ caseId: Id, findings: LongText, proposedSanction: SanctionChoice });
export const TransferCaseRequest = object({ caseId: Id, note: Type.Optional(Note) });

export const CaseSummary = Type.Object({
  ...handled,
  status: CaseStatus,
  verificationId: Id,
  /** The subject's position; the name stays in the case's events. */
  subjectPosition: Type.String(),
  escalated: Type.Boolean(),
  extended: Type.Optional(Type.Boolean()),
  filedOn: Type.Optional(CalendarDate),
  /** 不予立案: the day leadership refused the filing. */
  rejectedOn: Type.Optional(CalendarDate),
  dueOn: Type.Optional(CalendarDate),
  /** 1, then 2 after the review sent it back once, … */
  round: Type.Integer({ minimum: 1 }),
  returnReason: Type.Optional(Type.String()),
  /** The case ended by the review office (status `concluded`): sanctioned, exempted or not sanctioned. */
  outcome: Type.Optional(CaseOutcome),
  /** The day the review office's decision ended it (the sanction's or the conclusion's). */
  concludedOn: Type.Optional(CalendarDate),
  openedAt: Type.Optional(DateTime),
});
export const Case = Type.Object({
  ...CaseSummary.properties,
  findings: Type.Optional(Type.String()),
  proposedSanction: Type.Optional(SanctionChoice),
  ...withHistory,
});
export const CaseList = listOf(CaseSummary);

// ── operations
const service = 'supervision';
const cmd = <Req extends TSchema, Res extends TSchema>(name: string, request: Req, response: Res) =>
  defineOperation({ service, kind: 'cmd', name, request, response });
const qry = <Req extends TSchema, Res extends TSchema>(name: string, request: Req, response: Res) =>
  defineOperation({ service, kind: 'qry', name, request, response });

/** The cases' operations (审查调查), part of supervisionOperations. */
export const caseOperations = {
  listCases: qry('list-cases', ListCasesRequest, CaseList),
  getCase: qry('get-case', CaseRef, Case),
  approveCaseFiling: cmd('approve-case-filing', ApproveCaseFilingRequest, StatusChanged),
  rejectCaseFiling: cmd('reject-case-filing', RejectCaseFilingRequest, StatusChanged),
  extendCase: cmd('extend-case', ExtendCaseRequest, StatusChanged),
  submitCaseReport: cmd('submit-case-report', SubmitCaseReportRequest, StatusChanged),
  transferCaseToReview: cmd('transfer-case-to-review', TransferCaseRequest, StatusChanged),
} as const;

export const supervisionOperations = {
  // inquiries
  listInquiries: qry('list-inquiries', ListInquiriesRequest, InquiryList),
  getInquiry: qry('get-inquiry', InquiryRef, Inquiry),
  conductTalk: cmd('conduct-talk', ConductTalkRequest, StatusChanged),
  sendInquiryLetter: cmd('send-inquiry-letter', SendInquiryLetterRequest, StatusChanged),
  receiveInquiryReply: cmd('receive-inquiry-reply', ReceiveInquiryReplyRequest, StatusChanged),
  assessInquiry: cmd('assess-inquiry', AssessInquiryRequest, StatusChanged),
  concludeInquiry: cmd('conclude-inquiry', ConcludeInquiryRequest, StatusChanged),
  // verifications
  listVerifications: qry('list-verifications', ListVerificationsRequest, VerificationList),
  getVerification: qry('get-verification', VerificationRef, Verification),
  submitVerificationPlan: cmd('submit-verification-plan', SubmitVerificationPlanRequest, StatusChanged),
  approveVerification: cmd('approve-verification', ApproveVerificationRequest, StatusChanged),
  rejectVerificationPlan: cmd('reject-verification-plan', RejectVerificationPlanRequest, StatusChanged),
  extendVerification: cmd('extend-verification', ExtendVerificationRequest, StatusChanged),
  submitVerificationReport: cmd('submit-verification-report', SubmitVerificationReportRequest, StatusChanged),
  decideVerification: cmd('decide-verification', DecideVerificationRequest, StatusChanged),
  // recommendations
  issueRecommendation: cmd('issue-recommendation', IssueRecommendationRequest, StatusChanged),
  listRecommendations: qry('list-recommendations', ListRecommendationsRequest, RecommendationList),
  getRecommendation: qry('get-recommendation', RecommendationRef, Recommendation),
  recordRecommendationResponse: cmd('record-recommendation-response', RecordRecommendationResponseRequest, StatusChanged),
  verifyRecommendation: cmd('verify-recommendation', VerifyRecommendationRequest, StatusChanged),
  closeRecommendation: cmd('close-recommendation', CloseRecommendationRequest, StatusChanged),
  recordRecommendationRefusal: cmd('record-recommendation-refusal', RecordRecommendationRefusalRequest, StatusChanged),
  // 加强监督建议书
  listSupervisionAdvice: qry('list-supervision-advice', ListSupervisionAdviceRequest, SupervisionAdviceList),
  getSupervisionAdvice: qry('get-supervision-advice', SupervisionAdviceRef, SupervisionAdvice),
  respondToSupervisionAdvice: cmd('respond-to-supervision-advice', RespondToSupervisionAdviceRequest, StatusChanged),
  // rectifications
  openRectification: cmd('open-rectification', OpenRectificationRequest, StatusChanged),
  listRectifications: qry('list-rectifications', ListRectificationsRequest, RectificationList),
  getRectification: qry('get-rectification', RectificationRef, Rectification),
  reportRectificationProgress: cmd('report-rectification-progress', RectificationNoteRequest, StatusChanged),
  completeRectification: cmd('complete-rectification', RectificationNoteRequest, StatusChanged),
  verifyRectification: cmd('verify-rectification', RectificationNoteRequest, StatusChanged),
  reopenRectification: cmd('reopen-rectification', ReopenRectificationRequest, StatusChanged),
  // oversight tasks
  assignOversightTask: cmd('assign-oversight-task', AssignOversightTaskRequest, StatusChanged),
  listOversightTasks: qry('list-oversight-tasks', ListOversightTasksRequest, OversightTaskList),
  getOversightTask: qry('get-oversight-task', OversightTaskRef, OversightTask),
  recordOversightProgress: cmd('record-oversight-progress', RecordOversightProgressRequest, StatusChanged),
  closeOversightTask: cmd('close-oversight-task', CloseOversightTaskRequest, StatusChanged),
  // agency reports
  submitAgencyReport: cmd('submit-agency-report', SubmitAgencyReportRequest, StatusChanged),
  listAgencyReports: qry('list-agency-reports', ListAgencyReportsRequest, AgencyReportList),
  // cases
  ...caseOperations,
  // clocks
  listClocks: clocksOperation(service),
} as const;
