// Every HTTP route the gateway serves: which operation it forwards to and where the operation's
// fields come from. The gateway registers its handlers from this table (controller.ts), builds the
// OpenAPI document from it, and the tests read it. Who may call each route is the operation's rule
// in @jiandu/access's ACCESS_POLICY, written once.
import { ACCESS_POLICY, isOperationName, type AccessRule, type OperationName } from '@jiandu/access';
import {
  caseManagementOperations as cm,
  categoryOperations,
  clocksOperation,
  petitionOperations as pet,
  supervisionOperations as sv,
  analyticsOperations as an,
  reviewOperations as rv,
  type ApiOperation,
} from '@jiandu/contracts';

export type HttpMethod = 'GET' | 'POST';

export interface GatewayRoute {
  method: HttpMethod;
  /** Fastify/Nest path pattern: ':id' segments. */
  path: string;
  operation: ApiOperation;
  /** Which operation field each path parameter fills. */
  params?: Record<string, string>;
  /** Where the other fields come from. */
  input: 'body' | 'query';
  status: 200 | 201;
  summary: string;
  /**
   * A list gathered from several services, each serving the same operation name with the route's
   * request and response (`{ items, total }` paged by `page`/`pageSize`): the gateway asks each,
   * merges the items in `order` (the order every service lists them in) and adds the totals.
   */
  gather?: { operations: readonly ApiOperation[]; order: (a: Record<string, unknown>, b: Record<string, unknown>) => number };
}

/** Earlier due date first, then id: how every service's `list-clocks` orders its rows (libs/deadlines). */
const byDueDateThenId = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
  String(a['dueOn']).localeCompare(String(b['dueOn'])) || String(a['id']).localeCompare(String(b['id']));

export const GATEWAY_ROUTES: readonly GatewayRoute[] = [
  // ── registry
  {
    method: 'POST',
    path: '/api/v1/zones',
    operation: cm.registerZone,
    input: 'body',
    status: 201,
    summary: 'Register a cooperation zone (协作区)',
  },
  {
    method: 'GET',
    path: '/api/v1/zones',
    operation: cm.listZones,
    input: 'query',
    status: 200,
    summary: 'List cooperation zones',
  },
  {
    method: 'POST',
    path: '/api/v1/units',
    operation: cm.registerUnit,
    input: 'body',
    status: 201,
    summary: 'Register a supervised unit',
  },
  {
    method: 'GET',
    path: '/api/v1/units',
    operation: cm.listUnits,
    input: 'query',
    status: 200,
    summary: 'List supervised units',
  },
  {
    method: 'POST',
    path: '/api/v1/units/:id/move',
    operation: cm.moveUnit,

    params: { id: 'unitId' },
    input: 'body',
    status: 200,
    summary: 'Move a unit to another zone, from a date',
  },
  // ── petitions
  {
    method: 'POST',
    path: '/api/v1/petitions',
    operation: pet.registerPetition,
    input: 'body',
    status: 201,
    summary: 'Register a petition (登记)',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/accept',
    operation: pet.acceptPetition,

    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Accept a petition (受理)',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/reject',
    operation: pet.rejectPetition,

    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Do not accept a petition (不予受理), with the reason',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/transfer',
    operation: pet.transferPetition,

    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Transfer a petition to case management as a clue (移送)',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/screen',
    operation: pet.screenPetition,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Screen a petition (初步甄别); optional before it is accepted, refused, forwarded or filed as a duplicate',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/forward-up',
    operation: pet.forwardToSuperior,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: "Forward a petition to the superior commission (报送上级); the only way for one about the commission's own head",
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/forward-down',
    operation: pet.forwardToSubordinate,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Forward a petition to a subordinate body (转送), named in the body',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/duplicate',
    operation: pet.markDuplicate,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'File a petition as a duplicate (重复件) of an earlier, existing petition',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/objection',
    operation: pet.raiseObjection,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: "Record the reporter's objection (异议) to a decision on the petition",
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/acceptance-notice',
    operation: pet.notifyAcceptance,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Record the acceptance notice given to a real-name reporter (受理告知); stops its 15-working-day clock',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/repeats/:earlierId/confirm',
    operation: pet.confirmRepeat,
    params: { id: 'petitionId', earlierId: 'earlierId' },
    input: 'body',
    status: 200,
    summary: 'Confirm a proposed repeat link to an earlier petition about the same accused and unit',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/repeats/:earlierId/reject',
    operation: pet.rejectRepeat,
    params: { id: 'petitionId', earlierId: 'earlierId' },
    input: 'body',
    status: 200,
    summary: 'Reject a proposed repeat link',
  },
  {
    method: 'GET',
    path: '/api/v1/petitions',
    operation: pet.listPetitions,
    input: 'query',
    status: 200,
    summary:
      "The petition office's list (信访室): status, channel, category, unit, registration dates, words in summary or content; paged",
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/feedback',
    operation: pet.deliverFeedback,

    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Record the result feedback given to a real-name reporter (结果反馈); stops its 15-working-day clock',
  },
  {
    method: 'GET',
    path: '/api/v1/petitions/:id',
    operation: pet.getPetition,

    params: { id: 'petitionId' },
    input: 'query',
    status: 200,
    summary: 'Read a petition, without the reporter identity',
  },
  {
    method: 'GET',
    path: '/api/v1/petitions/:id/reporter',
    operation: pet.readReporter,

    params: { id: 'petitionId' },
    input: 'query',
    status: 200,
    summary: 'Read the sealed reporter identity; the read and its reason are recorded',
  },
  {
    method: 'GET',
    path: '/api/v1/lookup/:lookupCode',
    operation: pet.lookup,
    params: { lookupCode: 'lookupCode' },
    input: 'query',
    status: 200,
    summary: 'Follow a petition by its lookup code (查询码), no token',
  },
  // ── clues
  {
    method: 'GET',
    path: '/api/v1/clues',
    operation: cm.listClues,
    input: 'query',
    status: 200,
    summary: 'List clues visible to the caller',
  },
  {
    method: 'GET',
    path: '/api/v1/clues/:id',
    operation: cm.getClue,

    params: { id: 'clueId' },
    input: 'query',
    status: 200,
    summary: 'Read a clue with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition',
    operation: cm.proposeDisposition,

    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Propose one of the four dispositions (处置意见)',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition/approve',
    operation: cm.approveDisposition,

    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Approve the proposed disposition',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition/reject',
    operation: cm.rejectDisposition,

    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Reject the proposed disposition, with a note',
  },
  {
    method: 'POST',
    path: '/api/v1/clues',
    operation: cm.registerClue,
    input: 'body',
    status: 201,
    summary:
      'Register a clue from a source other than a petition (巡察, audit, judiciary, 派驻机构, 舆情, found by an office, referred by the superior): numbered and routed as a petition’s clue',
  },
  // ── clues a 派驻机构 or a 纪检监察室 found, for 案管 to register or decline
  {
    method: 'POST',
    path: '/api/v1/clue-submissions',
    operation: cm.submitClue,
    input: 'body',
    status: 201,
    summary: 'Submit a clue the office found (a 派驻机构’s or a 纪检监察室’s) to case management',
  },
  {
    method: 'GET',
    path: '/api/v1/clue-submissions',
    operation: cm.listClueSubmissions,
    input: 'query',
    status: 200,
    summary: 'List clue submissions: a submitting office its own, case management all',
  },
  {
    method: 'POST',
    path: '/api/v1/clue-submissions/:id/register',
    operation: cm.registerClueSubmission,
    params: { id: 'submissionId' },
    input: 'body',
    status: 201,
    summary: 'Register a submitted clue, in one signed step: numbered and routed as any clue',
  },
  {
    method: 'POST',
    path: '/api/v1/clue-submissions/:id/decline',
    operation: cm.declineClueSubmission,
    params: { id: 'submissionId' },
    input: 'body',
    status: 200,
    summary: 'Decline a submitted clue, with the reason',
  },
  // ── 定期清理: periodic clearance rounds
  {
    method: 'POST',
    path: '/api/v1/clearance-rounds',
    operation: cm.openClearanceRound,
    input: 'body',
    status: 201,
    summary: 'Open the clearance round (定期清理) of a quarter: every shelved and every overdue clue, listed for its office',
  },
  {
    method: 'GET',
    path: '/api/v1/clearance-rounds/:id',
    operation: cm.getClearanceRound,
    params: { id: 'roundId' },
    input: 'query',
    status: 200,
    summary: 'Read a clearance round with its clues and their reviews',
  },
  {
    method: 'POST',
    path: '/api/v1/clearance-rounds/:id/clues/:clueId/review',
    operation: cm.reviewClearanceItem,
    params: { id: 'roundId', clueId: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Record the office’s review of one of its clues in the round: keep, reactivate (a shelved clue) or propose to close',
  },
  {
    method: 'POST',
    path: '/api/v1/clearance-rounds/:id/close',
    operation: cm.closeClearanceRound,
    params: { id: 'roundId' },
    input: 'body',
    status: 200,
    summary: 'Close the clearance round once every clue in it is reviewed',
  },
  // ── inquiries 谈话函询
  {
    method: 'GET',
    path: '/api/v1/inquiries',
    operation: sv.listInquiries,
    input: 'query',
    status: 200,
    summary: 'List inquiries visible to the caller',
  },
  {
    method: 'GET',
    path: '/api/v1/inquiries/:id',
    operation: sv.getInquiry,
    params: { id: 'inquiryId' },
    input: 'query',
    status: 200,
    summary: 'Read an inquiry with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/inquiries/:id/talk',
    operation: sv.conductTalk,
    params: { id: 'inquiryId' },
    input: 'body',
    status: 200,
    summary: 'Record the talk (谈话)',
  },
  {
    method: 'POST',
    path: '/api/v1/inquiries/:id/letter',
    operation: sv.sendInquiryLetter,
    params: { id: 'inquiryId' },
    input: 'body',
    status: 200,
    summary: 'Send the letter of inquiry (函询), with a summary of the issue only',
  },
  {
    method: 'POST',
    path: '/api/v1/inquiries/:id/reply',
    operation: sv.receiveInquiryReply,
    params: { id: 'inquiryId' },
    input: 'body',
    status: 200,
    summary: 'Record the written reply to the letter',
  },
  {
    method: 'POST',
    path: '/api/v1/inquiries/:id/assess',
    operation: sv.assessInquiry,
    params: { id: 'inquiryId' },
    input: 'body',
    status: 200,
    summary: 'Assess the inquiry: accepted, light measure (with the measure), second round, or convert to verification',
  },
  {
    method: 'POST',
    path: '/api/v1/inquiries/:id/conclude',
    operation: sv.concludeInquiry,
    params: { id: 'inquiryId' },
    input: 'body',
    status: 200,
    summary: 'Conclude the inquiry (办结)',
  },
  // ── verifications 初步核实
  {
    method: 'GET',
    path: '/api/v1/verifications',
    operation: sv.listVerifications,
    input: 'query',
    status: 200,
    summary: 'List preliminary verifications visible to the caller',
  },
  {
    method: 'GET',
    path: '/api/v1/verifications/:id',
    operation: sv.getVerification,
    params: { id: 'verificationId' },
    input: 'query',
    status: 200,
    summary: 'Read a preliminary verification with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/verifications/:id/plan',
    operation: sv.submitVerificationPlan,
    params: { id: 'verificationId' },
    input: 'body',
    status: 200,
    summary: 'Submit the verification plan and team (at least two)',
  },
  {
    method: 'POST',
    path: '/api/v1/verifications/:id/approve',
    operation: sv.approveVerification,
    params: { id: 'verificationId' },
    input: 'body',
    status: 200,
    summary: 'Approve the verification plan',
  },
  {
    method: 'POST',
    path: '/api/v1/verifications/:id/reject',
    operation: sv.rejectVerificationPlan,
    params: { id: 'verificationId' },
    input: 'body',
    status: 200,
    summary: 'Send the verification plan back, with a note',
  },
  {
    method: 'POST',
    path: '/api/v1/verifications/:id/extend',
    operation: sv.extendVerification,
    params: { id: 'verificationId' },
    input: 'body',
    status: 200,
    summary: 'Extend the verification period once, with the reason',
  },
  {
    method: 'POST',
    path: '/api/v1/verifications/:id/report',
    operation: sv.submitVerificationReport,
    params: { id: 'verificationId' },
    input: 'body',
    status: 200,
    summary: 'Submit the verification report (findings)',
  },
  {
    method: 'POST',
    path: '/api/v1/verifications/:id/decide',
    operation: sv.decideVerification,
    params: { id: 'verificationId' },
    input: 'body',
    status: 200,
    summary: 'Decide: file a case, close, light measure, shelve or transfer',
  },
  // ── cases 审查调查 (opened by a verification decided file-case)
  {
    method: 'GET',
    path: '/api/v1/cases',
    operation: sv.listCases,
    input: 'query',
    status: 200,
    summary: 'List cases (审查调查) visible to the caller: the handling office its own; 案管, 党风政风监督室 and leadership all',
  },
  {
    method: 'GET',
    path: '/api/v1/cases/:id',
    operation: sv.getCase,
    params: { id: 'caseId' },
    input: 'query',
    status: 200,
    summary: 'Read a case with its findings, proposed sanction and history',
  },
  {
    method: 'POST',
    path: '/api/v1/cases/:id/approve',
    operation: sv.approveCaseFiling,
    params: { id: 'caseId' },
    input: 'body',
    status: 200,
    summary: 'Approve the filing of the case (立案); the time limit starts',
  },
  {
    method: 'POST',
    path: '/api/v1/cases/:id/extend',
    operation: sv.extendCase,
    params: { id: 'caseId' },
    input: 'body',
    status: 200,
    summary: 'Extend the investigation period once (per round), with the reason',
  },
  {
    method: 'POST',
    path: '/api/v1/cases/:id/report',
    operation: sv.submitCaseReport,
    params: { id: 'caseId' },
    input: 'body',
    status: 200,
    summary: 'Submit the investigation report: the facts found and the proposed sanction',
  },
  {
    method: 'POST',
    path: '/api/v1/cases/:id/transfer',
    operation: sv.transferCaseToReview,
    params: { id: 'caseId' },
    input: 'body',
    status: 200,
    summary: 'Transfer the reported case to review (移送审理)',
  },
  // ── recommendations 纪律检查建议 / 监察建议
  {
    method: 'POST',
    path: '/api/v1/recommendations',
    operation: sv.issueRecommendation,
    input: 'body',
    status: 201,
    summary: 'Issue a discipline or supervisory recommendation, with its response deadline',
  },
  {
    method: 'GET',
    path: '/api/v1/recommendations',
    operation: sv.listRecommendations,
    input: 'query',
    status: 200,
    summary: 'List recommendations visible to the caller',
  },
  {
    method: 'GET',
    path: '/api/v1/recommendations/:id',
    operation: sv.getRecommendation,
    params: { id: 'recommendationId' },
    input: 'query',
    status: 200,
    summary: 'Read a recommendation with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/recommendations/:id/respond',
    operation: sv.recordRecommendationResponse,
    params: { id: 'recommendationId' },
    input: 'body',
    status: 200,
    summary: "Record the unit's response",
  },
  {
    method: 'POST',
    path: '/api/v1/recommendations/:id/verify',
    operation: sv.verifyRecommendation,
    params: { id: 'recommendationId' },
    input: 'body',
    status: 200,
    summary: 'Record the follow-up check (回头看)',
  },
  {
    method: 'POST',
    path: '/api/v1/recommendations/:id/close',
    operation: sv.closeRecommendation,
    params: { id: 'recommendationId' },
    input: 'body',
    status: 200,
    summary: 'Close the recommendation',
  },
  {
    method: 'POST',
    path: '/api/v1/recommendations/:id/refuse',
    operation: sv.recordRecommendationRefusal,
    params: { id: 'recommendationId' },
    input: 'body',
    status: 200,
    summary: 'Record that the unit refused (ordered to correct, 通报批评)',
  },
  // ── rectifications 整改
  {
    method: 'POST',
    path: '/api/v1/rectifications',
    operation: sv.openRectification,
    input: 'body',
    status: 201,
    summary: 'Open a rectification item at a unit, with its deadline',
  },
  {
    method: 'GET',
    path: '/api/v1/rectifications',
    operation: sv.listRectifications,
    input: 'query',
    status: 200,
    summary: 'List rectification items visible to the caller',
  },
  {
    method: 'GET',
    path: '/api/v1/rectifications/:id',
    operation: sv.getRectification,
    params: { id: 'rectificationId' },
    input: 'query',
    status: 200,
    summary: 'Read a rectification item with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/rectifications/:id/progress',
    operation: sv.reportRectificationProgress,
    params: { id: 'rectificationId' },
    input: 'body',
    status: 200,
    summary: 'Record progress on a rectification item',
  },
  {
    method: 'POST',
    path: '/api/v1/rectifications/:id/complete',
    operation: sv.completeRectification,
    params: { id: 'rectificationId' },
    input: 'body',
    status: 200,
    summary: 'Record a rectification item as completed',
  },
  {
    method: 'POST',
    path: '/api/v1/rectifications/:id/verify',
    operation: sv.verifyRectification,
    params: { id: 'rectificationId' },
    input: 'body',
    status: 200,
    summary: 'Verify a completed rectification item',
  },
  {
    method: 'POST',
    path: '/api/v1/rectifications/:id/reopen',
    operation: sv.reopenRectification,
    params: { id: 'rectificationId' },
    input: 'body',
    status: 200,
    summary: 'Reopen a rectification item, with the reason and a new deadline',
  },
  // ── oversight tasks 督查督办
  {
    method: 'POST',
    path: '/api/v1/oversight-tasks',
    operation: sv.assignOversightTask,
    input: 'body',
    status: 201,
    summary: 'Assign an oversight task to an office, with its deadline',
  },
  {
    method: 'GET',
    path: '/api/v1/oversight-tasks',
    operation: sv.listOversightTasks,
    input: 'query',
    status: 200,
    summary: 'List oversight tasks (an assignee office sees its own)',
  },
  {
    method: 'GET',
    path: '/api/v1/oversight-tasks/:id',
    operation: sv.getOversightTask,
    params: { id: 'taskId' },
    input: 'query',
    status: 200,
    summary: 'Read an oversight task with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/oversight-tasks/:id/progress',
    operation: sv.recordOversightProgress,
    params: { id: 'taskId' },
    input: 'body',
    status: 200,
    summary: 'Record progress on a task (the assignee office or 办公室)',
  },
  {
    method: 'POST',
    path: '/api/v1/oversight-tasks/:id/close',
    operation: sv.closeOversightTask,
    params: { id: 'taskId' },
    input: 'body',
    status: 200,
    summary: 'Close an oversight task with its result',
  },
  // ── dispatched agency reports 派驻机构
  {
    method: 'POST',
    path: '/api/v1/agency-reports',
    operation: sv.submitAgencyReport,
    input: 'body',
    status: 201,
    summary: 'Submit a quarterly report or a political-ecology analysis',
  },
  {
    method: 'GET',
    path: '/api/v1/agency-reports',
    operation: sv.listAgencyReports,
    input: 'query',
    status: 200,
    summary: 'List dispatched agency reports visible to the caller',
  },
  // ── review 审理 (审理室): cases transferred to review, sanctions and their effect periods
  {
    method: 'GET',
    path: '/api/v1/reviews',
    operation: rv.listReviews,
    input: 'query',
    status: 200,
    summary: 'List the cases under review (审理)',
  },
  {
    method: 'GET',
    path: '/api/v1/reviews/:id',
    operation: rv.getReview,
    params: { id: 'reviewId' },
    input: 'query',
    status: 200,
    summary: 'Read a review: the facts found, the proposed and decided sanction, the history',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/extend',
    operation: rv.extendReview,
    params: { id: 'reviewId' },
    input: 'body',
    status: 200,
    summary: 'Extend the review period once, with the reason',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/send-back',
    operation: rv.sendCaseBack,
    params: { id: 'reviewId' },
    input: 'body',
    status: 200,
    summary: 'Send the case back for further investigation, with the reason',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/sanction',
    operation: rv.proposeSanction,
    params: { id: 'reviewId' },
    input: 'body',
    status: 200,
    summary: 'Approve the facts and propose the sanction: a party one, a governmental one (政务处分), or both',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/sanction/approve',
    operation: rv.approveSanction,
    params: { id: 'reviewId' },
    input: 'body',
    status: 200,
    summary: 'Decide the proposed sanction (处分决定), each with its effect period',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/sanction/reject',
    operation: rv.rejectSanction,
    params: { id: 'reviewId' },
    input: 'body',
    status: 200,
    summary: 'Send the proposed sanction back to 审理室, with a note',
  },
  {
    method: 'GET',
    path: '/api/v1/sanctions',
    operation: rv.listSanctions,
    input: 'query',
    status: 200,
    summary: 'Sanctions of a subject (or a case), each saying whether it is in effect on a date (onDate, today by default)',
  },
  // ── clocks
  {
    method: 'GET',
    path: '/api/v1/clocks',
    operation: sv.listClocks,
    input: 'query',
    status: 200,
    summary:
      'List time limits (running, breached or met) of every service, each with the rule behind it, earliest due first; each service shows the caller what it needs to know',
    gather: {
      operations: [clocksOperation('petitions'), clocksOperation('case-management'), sv.listClocks, clocksOperation('review')],
      order: byDueDateThenId,
    },
  },
  // ── analytics (分析): ledgers, the clock board, statistics; each readable as of a past instant
  {
    method: 'GET',
    path: '/api/v1/analytics/ledgers/:name',
    operation: an.readLedger,
    params: { name: 'ledger' },
    input: 'query',
    status: 200,
    summary:
      'Read a ledger (台账: petitions, clues, inquiries, verifications, recommendations, rectifications, oversight-tasks, agency-reports), one row per item with every date and state; filtered, sorted, paged, and as of a past instant (asOf)',
  },
  {
    method: 'GET',
    path: '/api/v1/analytics/clocks',
    operation: an.readClockBoard,
    input: 'query',
    status: 200,
    summary:
      'The clock board: every service’s clocks that approached or passed their limit, with rule, office and unit (asOf too)',
  },
  {
    method: 'GET',
    path: '/api/v1/analytics/statistics/:series',
    operation: an.readStatistics,
    params: { series: 'series' },
    input: 'query',
    status: 200,
    summary:
      'Period statistics: 案管 quarterly, 信访 monthly, 八项规定 (period 2026, 2026-H1, 2026-Q2 or 2026-06; by unit, zone, office or category; asOf too); every figure and its formula are in docs/analytics.md',
  },
  {
    method: 'GET',
    path: '/api/v1/analytics/units/:id/ecology',
    operation: an.readUnitEcology,
    params: { id: 'unitId' },
    input: 'query',
    status: 200,
    summary:
      'A unit’s 政治生态 indicators for a year: petitions per 100 staff and trend, clues and dispositions, inquiry outcomes, on-time rates, breached clocks (asOf too; formulas in docs/analytics.md)',
  },
  // ── reference lists
  {
    method: 'GET',
    path: '/api/v1/categories',
    operation: categoryOperations.listCategories,
    input: 'query',
    status: 200,
    summary: 'List the problem category codes (问题类别) petitions and clues carry, with their Chinese labels',
  },
];

/** The operation's name as the access policy knows it. */
export function operationName(route: GatewayRoute): OperationName {
  const name = route.operation.name;
  if (!isOperationName(name)) throw new Error(`no access rule for the operation ${name}`);
  return name;
}

/** Who may call the route (ACCESS_POLICY). */
export function accessOf(route: GatewayRoute): AccessRule {
  return ACCESS_POLICY[operationName(route)];
}

export const isPublic = (route: GatewayRoute): boolean => accessOf(route).public === true;

/** The route's fields that are not in its path (a command without any takes no body). */
export function bodyFields(route: GatewayRoute): string[] {
  const fromPath = new Set(Object.values(route.params ?? {}));
  return Object.keys((route.operation.request as { properties?: object }).properties ?? {}).filter(
    (field) => !fromPath.has(field),
  );
}
