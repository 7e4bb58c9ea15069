// Supervision routes: inquiries, verifications, recommendations, rectifications, oversight tasks,
// dispatched agency reports and clocks, forwarded to the supervision service.
import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FORWARD, type Forward } from './forward.js';
import { routeFor } from './routes.js';

const listInquiries = routeFor('GET', '/api/v1/inquiries');
const getInquiry = routeFor('GET', '/api/v1/inquiries/:id');
const conductTalk = routeFor('POST', '/api/v1/inquiries/:id/talk');
const sendInquiryLetter = routeFor('POST', '/api/v1/inquiries/:id/letter');
const receiveInquiryReply = routeFor('POST', '/api/v1/inquiries/:id/reply');
const assessInquiry = routeFor('POST', '/api/v1/inquiries/:id/assess');
const concludeInquiry = routeFor('POST', '/api/v1/inquiries/:id/conclude');
const listVerifications = routeFor('GET', '/api/v1/verifications');
const getVerification = routeFor('GET', '/api/v1/verifications/:id');
const submitVerificationPlan = routeFor('POST', '/api/v1/verifications/:id/plan');
const approveVerification = routeFor('POST', '/api/v1/verifications/:id/approve');
const rejectVerificationPlan = routeFor('POST', '/api/v1/verifications/:id/reject');
const extendVerification = routeFor('POST', '/api/v1/verifications/:id/extend');
const submitVerificationReport = routeFor('POST', '/api/v1/verifications/:id/report');
const decideVerification = routeFor('POST', '/api/v1/verifications/:id/decide');
const issueRecommendation = routeFor('POST', '/api/v1/recommendations');
const listRecommendations = routeFor('GET', '/api/v1/recommendations');
const getRecommendation = routeFor('GET', '/api/v1/recommendations/:id');
const recordRecommendationResponse = routeFor('POST', '/api/v1/recommendations/:id/respond');
const verifyRecommendation = routeFor('POST', '/api/v1/recommendations/:id/verify');
const closeRecommendation = routeFor('POST', '/api/v1/recommendations/:id/close');
const recordRecommendationRefusal = routeFor('POST', '/api/v1/recommendations/:id/refuse');
const openRectification = routeFor('POST', '/api/v1/rectifications');
const listRectifications = routeFor('GET', '/api/v1/rectifications');
const getRectification = routeFor('GET', '/api/v1/rectifications/:id');
const reportRectificationProgress = routeFor('POST', '/api/v1/rectifications/:id/progress');
const completeRectification = routeFor('POST', '/api/v1/rectifications/:id/complete');
const verifyRectification = routeFor('POST', '/api/v1/rectifications/:id/verify');
const reopenRectification = routeFor('POST', '/api/v1/rectifications/:id/reopen');
const assignOversightTask = routeFor('POST', '/api/v1/oversight-tasks');
const listOversightTasks = routeFor('GET', '/api/v1/oversight-tasks');
const getOversightTask = routeFor('GET', '/api/v1/oversight-tasks/:id');
const recordOversightProgress = routeFor('POST', '/api/v1/oversight-tasks/:id/progress');
const closeOversightTask = routeFor('POST', '/api/v1/oversight-tasks/:id/close');
const submitAgencyReport = routeFor('POST', '/api/v1/agency-reports');
const listAgencyReports = routeFor('GET', '/api/v1/agency-reports');
const listClocks = routeFor('GET', '/api/v1/clocks');

@Controller()
export class SupervisionController {
  constructor(@Inject(FORWARD) private readonly forward: Forward) {}

  @Get(listInquiries.path)
  listInquiries(@Req() request: FastifyRequest) {
    return this.forward(listInquiries, request);
  }

  @Get(getInquiry.path)
  getInquiry(@Req() request: FastifyRequest) {
    return this.forward(getInquiry, request);
  }

  @Post(conductTalk.path)
  @HttpCode(conductTalk.status)
  conductTalk(@Req() request: FastifyRequest) {
    return this.forward(conductTalk, request);
  }

  @Post(sendInquiryLetter.path)
  @HttpCode(sendInquiryLetter.status)
  sendInquiryLetter(@Req() request: FastifyRequest) {
    return this.forward(sendInquiryLetter, request);
  }

  @Post(receiveInquiryReply.path)
  @HttpCode(receiveInquiryReply.status)
  receiveInquiryReply(@Req() request: FastifyRequest) {
    return this.forward(receiveInquiryReply, request);
  }

  @Post(assessInquiry.path)
  @HttpCode(assessInquiry.status)
  assessInquiry(@Req() request: FastifyRequest) {
    return this.forward(assessInquiry, request);
  }

  @Post(concludeInquiry.path)
  @HttpCode(concludeInquiry.status)
  concludeInquiry(@Req() request: FastifyRequest) {
    return this.forward(concludeInquiry, request);
  }

  @Get(listVerifications.path)
  listVerifications(@Req() request: FastifyRequest) {
    return this.forward(listVerifications, request);
  }

  @Get(getVerification.path)
  getVerification(@Req() request: FastifyRequest) {
    return this.forward(getVerification, request);
  }

  @Post(submitVerificationPlan.path)
  @HttpCode(submitVerificationPlan.status)
  submitVerificationPlan(@Req() request: FastifyRequest) {
    return this.forward(submitVerificationPlan, request);
  }

  @Post(approveVerification.path)
  @HttpCode(approveVerification.status)
  approveVerification(@Req() request: FastifyRequest) {
    return this.forward(approveVerification, request);
  }

  @Post(rejectVerificationPlan.path)
  @HttpCode(rejectVerificationPlan.status)
  rejectVerificationPlan(@Req() request: FastifyRequest) {
    return this.forward(rejectVerificationPlan, request);
  }

  @Post(extendVerification.path)
  @HttpCode(extendVerification.status)
  extendVerification(@Req() request: FastifyRequest) {
    return this.forward(extendVerification, request);
  }

  @Post(submitVerificationReport.path)
  @HttpCode(submitVerificationReport.status)
  submitVerificationReport(@Req() request: FastifyRequest) {
    return this.forward(submitVerificationReport, request);
  }

  @Post(decideVerification.path)
  @HttpCode(decideVerification.status)
  decideVerification(@Req() request: FastifyRequest) {
    return this.forward(decideVerification, request);
  }

  @Post(issueRecommendation.path)
  @HttpCode(issueRecommendation.status)
  issueRecommendation(@Req() request: FastifyRequest) {
    return this.forward(issueRecommendation, request);
  }

  @Get(listRecommendations.path)
  listRecommendations(@Req() request: FastifyRequest) {
    return this.forward(listRecommendations, request);
  }

  @Get(getRecommendation.path)
  getRecommendation(@Req() request: FastifyRequest) {
    return this.forward(getRecommendation, request);
  }

  @Post(recordRecommendationResponse.path)
  @HttpCode(recordRecommendationResponse.status)
  recordRecommendationResponse(@Req() request: FastifyRequest) {
    return this.forward(recordRecommendationResponse, request);
  }

  @Post(verifyRecommendation.path)
  @HttpCode(verifyRecommendation.status)
  verifyRecommendation(@Req() request: FastifyRequest) {
    return this.forward(verifyRecommendation, request);
  }

  @Post(closeRecommendation.path)
  @HttpCode(closeRecommendation.status)
  closeRecommendation(@Req() request: FastifyRequest) {
    return this.forward(closeRecommendation, request);
  }

  @Post(recordRecommendationRefusal.path)
  @HttpCode(recordRecommendationRefusal.status)
  recordRecommendationRefusal(@Req() request: FastifyRequest) {
    return this.forward(recordRecommendationRefusal, request);
  }

  @Post(openRectification.path)
  @HttpCode(openRectification.status)
  openRectification(@Req() request: FastifyRequest) {
    return this.forward(openRectification, request);
  }

  @Get(listRectifications.path)
  listRectifications(@Req() request: FastifyRequest) {
    return this.forward(listRectifications, request);
  }

  @Get(getRectification.path)
  getRectification(@Req() request: FastifyRequest) {
    return this.forward(getRectification, request);
  }

  @Post(reportRectificationProgress.path)
  @HttpCode(reportRectificationProgress.status)
  reportRectificationProgress(@Req() request: FastifyRequest) {
    return this.forward(reportRectificationProgress, request);
  }

  @Post(completeRectification.path)
  @HttpCode(completeRectification.status)
  completeRectification(@Req() request: FastifyRequest) {
    return this.forward(completeRectification, request);
  }

  @Post(verifyRectification.path)
  @HttpCode(verifyRectification.status)
  verifyRectification(@Req() request: FastifyRequest) {
    return this.forward(verifyRectification, request);
  }

  @Post(reopenRectification.path)
  @HttpCode(reopenRectification.status)
  reopenRectification(@Req() request: FastifyRequest) {
    return this.forward(reopenRectification, request);
  }

  @Post(assignOversightTask.path)
  @HttpCode(assignOversightTask.status)
  assignOversightTask(@Req() request: FastifyRequest) {
    return this.forward(assignOversightTask, request);
  }

  @Get(listOversightTasks.path)
  listOversightTasks(@Req() request: FastifyRequest) {
    return this.forward(listOversightTasks, request);
  }

  @Get(getOversightTask.path)
  getOversightTask(@Req() request: FastifyRequest) {
    return this.forward(getOversightTask, request);
  }

  @Post(recordOversightProgress.path)
  @HttpCode(recordOversightProgress.status)
  recordOversightProgress(@Req() request: FastifyRequest) {
    return this.forward(recordOversightProgress, request);
  }

  @Post(closeOversightTask.path)
  @HttpCode(closeOversightTask.status)
  closeOversightTask(@Req() request: FastifyRequest) {
    return this.forward(closeOversightTask, request);
  }

  @Post(submitAgencyReport.path)
  @HttpCode(submitAgencyReport.status)
  submitAgencyReport(@Req() request: FastifyRequest) {
    return this.forward(submitAgencyReport, request);
  }

  @Get(listAgencyReports.path)
  listAgencyReports(@Req() request: FastifyRequest) {
    return this.forward(listAgencyReports, request);
  }

  @Get(listClocks.path)
  listClocks(@Req() request: FastifyRequest) {
    return this.forward(listClocks, request);
  }
}
