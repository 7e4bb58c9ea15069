// The supervision service's operation table: one route per contract operation. Commands live in
// commands/, queries in queries/ (docs/architecture.md, "The anatomy of a service").
import { supervisionOperations as ops } from '@jiandu/contracts';
import { route, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { agencyReportCommands } from './commands/agency-report.commands.js';
import { inquiryCommands } from './commands/inquiry.commands.js';
import { oversightTaskCommands } from './commands/oversight-task.commands.js';
import { recommendationCommands } from './commands/recommendation.commands.js';
import { rectificationCommands } from './commands/rectification.commands.js';
import { verificationCommands } from './commands/verification.commands.js';
import type { SupervisionConfig } from './config.js';
import { agencyReportQueries } from './queries/agency-reports.queries.js';
import { clockQueries } from './queries/clocks.queries.js';
import { inquiryQueries } from './queries/inquiries.queries.js';
import { oversightTaskQueries } from './queries/oversight-tasks.queries.js';
import { recommendationQueries } from './queries/recommendations.queries.js';
import { rectificationQueries } from './queries/rectifications.queries.js';
import { verificationQueries } from './queries/verifications.queries.js';

export function supervisionRpc(ctx: ServiceContext, config: SupervisionConfig): RpcRoute[] {
  const deps = { ctx, config };
  const { pool, store } = ctx;
  const inquiry = { ...inquiryCommands(deps), ...inquiryQueries(pool, store) };
  const verification = { ...verificationCommands(deps), ...verificationQueries(pool, store) };
  const recommendation = { ...recommendationCommands(deps), ...recommendationQueries(pool, store) };
  const rectification = { ...rectificationCommands(deps), ...rectificationQueries(pool, store) };
  const task = { ...oversightTaskCommands(deps), ...oversightTaskQueries(pool, store) };
  const agencyReport = { ...agencyReportCommands(deps), ...agencyReportQueries(pool, store.schema) };
  const clocks = clockQueries(pool, store.schema);
  return [
    route(ops.listInquiries, inquiry.list),
    route(ops.getInquiry, inquiry.get),
    route(ops.conductTalk, inquiry.conductTalk),
    route(ops.sendInquiryLetter, inquiry.sendLetter),
    route(ops.receiveInquiryReply, inquiry.receiveReply),
    route(ops.assessInquiry, inquiry.assess),
    route(ops.concludeInquiry, inquiry.conclude),

    route(ops.listVerifications, verification.list),
    route(ops.getVerification, verification.get),
    route(ops.submitVerificationPlan, verification.submitPlan),
    route(ops.approveVerification, verification.approve),
    route(ops.rejectVerificationPlan, verification.reject),
    route(ops.extendVerification, verification.extend),
    route(ops.submitVerificationReport, verification.submitReport),
    route(ops.decideVerification, verification.decide),

    route(ops.issueRecommendation, recommendation.issue),
    route(ops.listRecommendations, recommendation.list),
    route(ops.getRecommendation, recommendation.get),
    route(ops.recordRecommendationResponse, recommendation.recordResponse),
    route(ops.verifyRecommendation, recommendation.verify),
    route(ops.closeRecommendation, recommendation.close),
    route(ops.recordRecommendationRefusal, recommendation.recordRefusal),

    route(ops.openRectification, rectification.open),
    route(ops.listRectifications, rectification.list),
    route(ops.getRectification, rectification.get),
    route(ops.reportRectificationProgress, rectification.reportProgress),
    route(ops.completeRectification, rectification.complete),
    route(ops.verifyRectification, rectification.verify),
    route(ops.reopenRectification, rectification.reopen),

    route(ops.assignOversightTask, task.assign),
    route(ops.listOversightTasks, task.list),
    route(ops.getOversightTask, task.get),
    route(ops.recordOversightProgress, task.recordProgress),
    route(ops.closeOversightTask, task.close),

    route(ops.submitAgencyReport, agencyReport.submit),
    route(ops.listAgencyReports, agencyReport.list),
    route(ops.listClocks, clocks.list),
  ];
}
