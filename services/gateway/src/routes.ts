// Every HTTP route the gateway serves: which operation it forwards to, who may call it, and where
// the operation's fields come from. The controllers, the OpenAPI document and the tests read this.
import { DISPATCHED_AGENCY, SUPERVISION_OFFICE } from '@jiandu/access';
import { caseManagementOperations as cm, petitionOperations as pet, supervisionOperations as sv, type ApiOperation } from '@jiandu/contracts';

export type HttpMethod = 'GET' | 'POST';

/** Who may call a route: nobody needs a token for 'public'; otherwise the actor's office decides. */
export type Audience = 'public' | ((office: string) => boolean);

export interface GatewayRoute {
  method: HttpMethod;
  /** Fastify/Nest path pattern: ':id' segments. */
  path: string;
  operation: ApiOperation;
  audience: Audience;
  /** Which operation field each path parameter fills. */
  params?: Record<string, string>;
  /** Where the other fields come from. */
  input: 'body' | 'query';
  status: 200 | 201;
  summary: string;
}

// ── audiences (the services check again, with the actor's zones)
const isSupervisionOffice = (office: string) => SUPERVISION_OFFICE.test(office);
const isDispatchedAgency = (office: string) => DISPATCHED_AGENCY.test(office);
const only =
  (...offices: string[]) =>
  (office: string) =>
    offices.includes(office);

export const petitionOffice = only('petition-office');
export const registryKeepers = only('case-management', 'leadership');
export const leadership = only('leadership');
/** The offices that handle a clue: 纪检监察室 and 派驻机构 (DOMAIN.md, flow 1). */
export const clueHandlers = (office: string) => isSupervisionOffice(office) || isDispatchedAgency(office);
export const clueReaders = (office: string) => registryKeepers(office) || clueHandlers(office);
/** Inquiries, verifications, recommendations, rectifications, clocks: the handlers, 党风政风监督室, 案管 and leadership; the service filters to need-to-know. */
export const supervisionReaders = (office: string) => clueReaders(office) || office === 'conduct-office';
export const generalOffice = only('general-office');
/** 督办 progress and reads: any office; the service keeps each to the tasks assigned to it. */
export const anyOffice = (office: string) => office.length > 0;
export const dispatchedAgency = isDispatchedAgency;
/** 派驻机构 reports: each agency its own (the service filters), the supervision offices, 党风政风监督室, leadership. */
export const agencyReportReaders = (office: string) => clueHandlers(office) || only('conduct-office', 'leadership')(office);

export const GATEWAY_ROUTES: readonly GatewayRoute[] = [
  // ── registry
  { method: 'POST', path: '/api/v1/zones', operation: cm.registerZone, audience: registryKeepers, input: 'body', status: 201, summary: 'Register a cooperation zone (协作区)' },
  { method: 'GET', path: '/api/v1/zones', operation: cm.listZones, audience: registryKeepers, input: 'query', status: 200, summary: 'List cooperation zones' },
  { method: 'POST', path: '/api/v1/units', operation: cm.registerUnit, audience: registryKeepers, input: 'body', status: 201, summary: 'Register a supervised unit' },
  { method: 'GET', path: '/api/v1/units', operation: cm.listUnits, audience: registryKeepers, input: 'query', status: 200, summary: 'List supervised units' },
  {
    method: 'POST',
    path: '/api/v1/units/:id/move',
    operation: cm.moveUnit,
    audience: registryKeepers,
    params: { id: 'unitId' },
    input: 'body',
    status: 200,
    summary: 'Move a unit to another zone, from a date',
  },
  // ── petitions
  { method: 'POST', path: '/api/v1/petitions', operation: pet.registerPetition, audience: petitionOffice, input: 'body', status: 201, summary: 'Register a petition (登记)' },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/accept',
    operation: pet.acceptPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Accept a petition (受理)',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/reject',
    operation: pet.rejectPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Do not accept a petition (不予受理), with the reason',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/transfer',
    operation: pet.transferPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Transfer a petition to case management as a clue (移送)',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/feedback',
    operation: pet.deliverFeedback,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Record the result feedback given to a real-name reporter (结果反馈); stops its 15-working-day clock',
  },
  {
    method: 'GET',
    path: '/api/v1/petitions/:id',
    operation: pet.getPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'query',
    status: 200,
    summary: 'Read a petition, without the reporter identity',
  },
  {
    method: 'GET',
    path: '/api/v1/petitions/:id/reporter',
    operation: pet.readReporter,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'query',
    status: 200,
    summary: 'Read the sealed reporter identity; the read and its reason are recorded',
  },
  {
    method: 'GET',
    path: '/api/v1/lookup/:lookupCode',
    operation: pet.lookup,
    audience: 'public',
    params: { lookupCode: 'lookupCode' },
    input: 'query',
    status: 200,
    summary: 'Follow a petition by its lookup code (查询码), no token',
  },
  // ── clues
  { method: 'GET', path: '/api/v1/clues', operation: cm.listClues, audience: clueReaders, input: 'query', status: 200, summary: 'List clues visible to the caller' },
  {
    method: 'GET',
    path: '/api/v1/clues/:id',
    operation: cm.getClue,
    audience: clueReaders,
    params: { id: 'clueId' },
    input: 'query',
    status: 200,
    summary: 'Read a clue with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition',
    operation: cm.proposeDisposition,
    audience: clueHandlers,
    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Propose one of the four dispositions (处置意见)',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition/approve',
    operation: cm.approveDisposition,
    audience: leadership,
    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Approve the proposed disposition',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition/reject',
    operation: cm.rejectDisposition,
    audience: leadership,
    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Reject the proposed disposition, with a note',
  },
  // ── inquiries 谈话函询
  { method: 'GET', path: '/api/v1/inquiries', operation: sv.listInquiries, audience: supervisionReaders, input: 'query', status: 200, summary: 'List inquiries visible to the caller' },
  { method: 'GET', path: '/api/v1/inquiries/:id', operation: sv.getInquiry, audience: supervisionReaders, params: { id: 'inquiryId' }, input: 'query', status: 200, summary: 'Read an inquiry with its history' },
  { method: 'POST', path: '/api/v1/inquiries/:id/talk', operation: sv.conductTalk, audience: clueHandlers, params: { id: 'inquiryId' }, input: 'body', status: 200, summary: 'Record the talk (谈话)' },
  { method: 'POST', path: '/api/v1/inquiries/:id/letter', operation: sv.sendInquiryLetter, audience: clueHandlers, params: { id: 'inquiryId' }, input: 'body', status: 200, summary: 'Send the letter of inquiry (函询), with a summary of the issue only' },
  { method: 'POST', path: '/api/v1/inquiries/:id/reply', operation: sv.receiveInquiryReply, audience: clueHandlers, params: { id: 'inquiryId' }, input: 'body', status: 200, summary: 'Record the written reply to the letter' },
  { method: 'POST', path: '/api/v1/inquiries/:id/assess', operation: sv.assessInquiry, audience: clueHandlers, params: { id: 'inquiryId' }, input: 'body', status: 200, summary: 'Assess the inquiry: accepted, light measure (with the measure), second round, or convert to verification' },
  { method: 'POST', path: '/api/v1/inquiries/:id/conclude', operation: sv.concludeInquiry, audience: clueHandlers, params: { id: 'inquiryId' }, input: 'body', status: 200, summary: 'Conclude the inquiry (办结)' },
  // ── verifications 初步核实
  { method: 'GET', path: '/api/v1/verifications', operation: sv.listVerifications, audience: supervisionReaders, input: 'query', status: 200, summary: 'List preliminary verifications visible to the caller' },
  { method: 'GET', path: '/api/v1/verifications/:id', operation: sv.getVerification, audience: supervisionReaders, params: { id: 'verificationId' }, input: 'query', status: 200, summary: 'Read a preliminary verification with its history' },
  { method: 'POST', path: '/api/v1/verifications/:id/plan', operation: sv.submitVerificationPlan, audience: clueHandlers, params: { id: 'verificationId' }, input: 'body', status: 200, summary: 'Submit the verification plan and team (at least two)' },
  { method: 'POST', path: '/api/v1/verifications/:id/approve', operation: sv.approveVerification, audience: leadership, params: { id: 'verificationId' }, input: 'body', status: 200, summary: 'Approve the verification plan' },
  { method: 'POST', path: '/api/v1/verifications/:id/reject', operation: sv.rejectVerificationPlan, audience: leadership, params: { id: 'verificationId' }, input: 'body', status: 200, summary: 'Send the verification plan back, with a note' },
  { method: 'POST', path: '/api/v1/verifications/:id/extend', operation: sv.extendVerification, audience: clueHandlers, params: { id: 'verificationId' }, input: 'body', status: 200, summary: 'Extend the verification period once, with the reason' },
  { method: 'POST', path: '/api/v1/verifications/:id/report', operation: sv.submitVerificationReport, audience: clueHandlers, params: { id: 'verificationId' }, input: 'body', status: 200, summary: 'Submit the verification report (findings)' },
  { method: 'POST', path: '/api/v1/verifications/:id/decide', operation: sv.decideVerification, audience: clueHandlers, params: { id: 'verificationId' }, input: 'body', status: 200, summary: 'Decide: file a case, close, light measure, shelve or transfer' },
  // ── recommendations 纪律检查建议 / 监察建议
  { method: 'POST', path: '/api/v1/recommendations', operation: sv.issueRecommendation, audience: clueHandlers, input: 'body', status: 201, summary: 'Issue a discipline or supervisory recommendation, with its response deadline' },
  { method: 'GET', path: '/api/v1/recommendations', operation: sv.listRecommendations, audience: supervisionReaders, input: 'query', status: 200, summary: 'List recommendations visible to the caller' },
  { method: 'GET', path: '/api/v1/recommendations/:id', operation: sv.getRecommendation, audience: supervisionReaders, params: { id: 'recommendationId' }, input: 'query', status: 200, summary: 'Read a recommendation with its history' },
  { method: 'POST', path: '/api/v1/recommendations/:id/respond', operation: sv.recordRecommendationResponse, audience: clueHandlers, params: { id: 'recommendationId' }, input: 'body', status: 200, summary: "Record the unit's response" },
  { method: 'POST', path: '/api/v1/recommendations/:id/verify', operation: sv.verifyRecommendation, audience: clueHandlers, params: { id: 'recommendationId' }, input: 'body', status: 200, summary: 'Record the follow-up check (回头看)' },
  { method: 'POST', path: '/api/v1/recommendations/:id/close', operation: sv.closeRecommendation, audience: clueHandlers, params: { id: 'recommendationId' }, input: 'body', status: 200, summary: 'Close the recommendation' },
  { method: 'POST', path: '/api/v1/recommendations/:id/refuse', operation: sv.recordRecommendationRefusal, audience: clueHandlers, params: { id: 'recommendationId' }, input: 'body', status: 200, summary: 'Record that the unit refused (ordered to correct, 通报批评)' },
  // ── rectifications 整改
  { method: 'POST', path: '/api/v1/rectifications', operation: sv.openRectification, audience: clueHandlers, input: 'body', status: 201, summary: 'Open a rectification item at a unit, with its deadline' },
  { method: 'GET', path: '/api/v1/rectifications', operation: sv.listRectifications, audience: supervisionReaders, input: 'query', status: 200, summary: 'List rectification items visible to the caller' },
  { method: 'GET', path: '/api/v1/rectifications/:id', operation: sv.getRectification, audience: supervisionReaders, params: { id: 'rectificationId' }, input: 'query', status: 200, summary: 'Read a rectification item with its history' },
  { method: 'POST', path: '/api/v1/rectifications/:id/progress', operation: sv.reportRectificationProgress, audience: clueHandlers, params: { id: 'rectificationId' }, input: 'body', status: 200, summary: 'Record progress on a rectification item' },
  { method: 'POST', path: '/api/v1/rectifications/:id/complete', operation: sv.completeRectification, audience: clueHandlers, params: { id: 'rectificationId' }, input: 'body', status: 200, summary: 'Record a rectification item as completed' },
  { method: 'POST', path: '/api/v1/rectifications/:id/verify', operation: sv.verifyRectification, audience: clueHandlers, params: { id: 'rectificationId' }, input: 'body', status: 200, summary: 'Verify a completed rectification item' },
  { method: 'POST', path: '/api/v1/rectifications/:id/reopen', operation: sv.reopenRectification, audience: clueHandlers, params: { id: 'rectificationId' }, input: 'body', status: 200, summary: 'Reopen a rectification item, with the reason and a new deadline' },
  // ── oversight tasks 督查督办
  { method: 'POST', path: '/api/v1/oversight-tasks', operation: sv.assignOversightTask, audience: generalOffice, input: 'body', status: 201, summary: 'Assign an oversight task to an office, with its deadline' },
  { method: 'GET', path: '/api/v1/oversight-tasks', operation: sv.listOversightTasks, audience: anyOffice, input: 'query', status: 200, summary: 'List oversight tasks (an assignee office sees its own)' },
  { method: 'GET', path: '/api/v1/oversight-tasks/:id', operation: sv.getOversightTask, audience: anyOffice, params: { id: 'taskId' }, input: 'query', status: 200, summary: 'Read an oversight task with its history' },
  { method: 'POST', path: '/api/v1/oversight-tasks/:id/progress', operation: sv.recordOversightProgress, audience: anyOffice, params: { id: 'taskId' }, input: 'body', status: 200, summary: 'Record progress on a task (the assignee office or 办公室)' },
  { method: 'POST', path: '/api/v1/oversight-tasks/:id/close', operation: sv.closeOversightTask, audience: generalOffice, params: { id: 'taskId' }, input: 'body', status: 200, summary: 'Close an oversight task with its result' },
  // ── dispatched agency reports 派驻机构
  { method: 'POST', path: '/api/v1/agency-reports', operation: sv.submitAgencyReport, audience: dispatchedAgency, input: 'body', status: 201, summary: 'Submit a quarterly report or a political-ecology analysis' },
  { method: 'GET', path: '/api/v1/agency-reports', operation: sv.listAgencyReports, audience: agencyReportReaders, input: 'query', status: 200, summary: 'List dispatched agency reports visible to the caller' },
  // ── clocks
  { method: 'GET', path: '/api/v1/clocks', operation: sv.listClocks, audience: supervisionReaders, input: 'query', status: 200, summary: 'List time limits (running, breached or met), each with the rule behind it' },
];

export function routeFor(method: HttpMethod, path: string): GatewayRoute {
  const route = GATEWAY_ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no gateway route ${method} ${path}`);
  return route;
}
