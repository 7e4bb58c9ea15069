// The supervision service's operation table: a handler for every contract operation, by its key. Commands live in
// commands/, queries in queries/ (docs/architecture.md, "The anatomy of a service").
import { supervisionOperations as ops } from '@jiandu/contracts';
import { routeTable, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { agencyReportCommands } from './commands/agency-report.commands.js';
import { caseCommands } from './commands/case.commands.js';
import { inquiryCommands } from './commands/inquiry.commands.js';
import { oversightTaskCommands } from './commands/oversight-task.commands.js';
import { recommendationCommands } from './commands/recommendation.commands.js';
import { rectificationCommands } from './commands/rectification.commands.js';
import { supervisionAdviceCommands } from './commands/supervision-advice.commands.js';
import { verificationCommands } from './commands/verification.commands.js';
import type { SupervisionConfig } from './config.js';
import { agencyReportQueries } from './queries/agency-reports.queries.js';
import { caseQueries } from './queries/cases.queries.js';
import { clockQueries } from './queries/clocks.queries.js';
import { inquiryQueries } from './queries/inquiries.queries.js';
import { oversightTaskQueries } from './queries/oversight-tasks.queries.js';
import { recommendationQueries } from './queries/recommendations.queries.js';
import { rectificationQueries } from './queries/rectifications.queries.js';
import { supervisionAdviceQueries } from './queries/supervision-advice.queries.js';
import { verificationQueries } from './queries/verifications.queries.js';

export function supervisionRpc(ctx: ServiceContext, config: SupervisionConfig): RpcRoute[] {
  const deps = { ctx, config };
  const { pool, store } = ctx;
  const inquiry = { ...inquiryCommands(deps), ...inquiryQueries(pool, store) };
  const verification = { ...verificationCommands(deps), ...verificationQueries(pool, store) };
  const recommendation = { ...recommendationCommands(deps), ...recommendationQueries(pool, store) };
  const rectification = { ...rectificationCommands(deps), ...rectificationQueries(pool, store) };
  const advice = { ...supervisionAdviceCommands(deps), ...supervisionAdviceQueries(pool, store) };
  const task = { ...oversightTaskCommands(deps), ...oversightTaskQueries(pool, store) };
  const agencyReport = { ...agencyReportCommands(deps), ...agencyReportQueries(pool, store.schema) };
  const kase = { ...caseCommands(deps), ...caseQueries(pool, store) };
  const clocks = clockQueries(pool, store.schema);
  return routeTable(ops, {
    listInquiries: inquiry.list,
    getInquiry: inquiry.get,
    conductTalk: inquiry.conductTalk,
    sendInquiryLetter: inquiry.sendLetter,
    receiveInquiryReply: inquiry.receiveReply,
    assessInquiry: inquiry.assess,
    concludeInquiry: inquiry.conclude,

    listVerifications: verification.list,
    getVerification: verification.get,
    submitVerificationPlan: verification.submitPlan,
    approveVerification: verification.approve,
    rejectVerificationPlan: verification.reject,
    extendVerification: verification.extend,
    submitVerificationReport: verification.submitReport,
    decideVerification: verification.decide,

    issueRecommendation: recommendation.issue,
    listRecommendations: recommendation.list,
    getRecommendation: recommendation.get,
    recordRecommendationResponse: recommendation.recordResponse,
    verifyRecommendation: recommendation.verify,
    closeRecommendation: recommendation.close,
    recordRecommendationRefusal: recommendation.recordRefusal,

    listSupervisionAdvice: advice.list,
    getSupervisionAdvice: advice.get,
    respondToSupervisionAdvice: advice.respond,

    openRectification: rectification.open,
    listRectifications: rectification.list,
    getRectification: rectification.get,
    reportRectificationProgress: rectification.reportProgress,
    completeRectification: rectification.complete,
    verifyRectification: rectification.verify,
    reopenRectification: rectification.reopen,

    assignOversightTask: task.assign,
    listOversightTasks: task.list,
    getOversightTask: task.get,
    recordOversightProgress: task.recordProgress,
    closeOversightTask: task.close,

    submitAgencyReport: agencyReport.submit,
    listAgencyReports: agencyReport.list,

    listCases: kase.list,
    getCase: kase.get,
    approveCaseFiling: kase.approveFiling,
    rejectCaseFiling: kase.rejectFiling,
    extendCase: kase.extend,
    submitCaseReport: kase.submitReport,
    transferCaseToReview: kase.transfer,

    listClocks: clocks.list,
  });
}
