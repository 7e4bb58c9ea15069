// The deadline clocks (libs/deadlines) the supervision events start, stop and extend, in the same
// transaction as the events. Each limit is the configured one, and the rule text says it.
import type { PoolClient } from 'pg';
import { extendClock, ruleText, startClock, stopClock, type ClockEvents, type DueLimit } from '@jiandu/deadlines';
import { quarterlyClockId, quarterlyReportDueOn, type AgencyReportEvent, type Quarter } from '../domain/agency-report.js';
import type { CaseEvent } from '../domain/case.js';
import type { InquiryEvent } from '../domain/inquiry.js';
import type { OversightTaskEvent } from '../domain/oversight-task.js';
import type { RecommendationEvent } from '../domain/recommendation.js';
import type { RectificationEvent } from '../domain/rectification.js';
import type { SupervisionAdviceEvent } from '../domain/supervision-advice.js';
import type { VerificationEvent } from '../domain/verification.js';
import type { SupervisionConfig } from '../config.js';

export type SupervisionEvent =
  | InquiryEvent
  | VerificationEvent
  | RecommendationEvent
  | RectificationEvent
  | OversightTaskEvent
  | AgencyReportEvent
  | CaseEvent
  | SupervisionAdviceEvent;

/** Whose clock it is: the office that must act, and the unit it concerns. */
export interface ClockOwner {
  office: string;
  unitId?: string;
}

export type ClockRules = Pick<SupervisionConfig, 'inquiry' | 'verification' | 'agencyReport' | 'case' | 'supervisionAdvice'>;

/** The investigation's clock of a case's round: the first, then one per return from review. */
export const caseClockId = (caseId: string, round: number): string =>
  round === 1 ? `case-${caseId}` : `case-${caseId}-r${round}`;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

interface Start {
  id: string;
  measures: string;
  what: string;
  /** The rule's limit; without it the limit is the days to a due date someone chose. */
  limit?: DueLimit;
  startedOn: string;
  dueOn: string;
  subject: string;
}

async function start(tx: PoolClient, store: ClockEvents, owner: ClockOwner, clock: Start): Promise<void> {
  const { id, measures, what, limit, startedOn, dueOn, subject } = clock;
  await startClock(tx, store, {
    id,
    measures,
    rule: limit ? ruleText(what, limit) : `${what}（期限 ${dueOn}）`,
    limit: limit ?? { days: Math.max(1, daysBetween(startedOn, dueOn)) },
    startedOn,
    // A chosen date is kept as chosen; a rule's date is computed from the limit (民法典 Art. 203).
    ...(limit ? {} : { dueOn }),
    subject,
    office: owner.office,
    ...(owner.unitId ? { unitId: owner.unitId } : {}),
  });
}

export async function projectClockEvent(
  tx: PoolClient,
  store: ClockEvents,
  event: SupervisionEvent,
  owner: ClockOwner,
  rules: ClockRules,
): Promise<void> {
  switch (event.type) {
    case 'InquiryLetterSent': {
      const { inquiryId, sentOn, replyDueOn } = event.data;
      const limit = { workingDays: rules.inquiry.replyWorkingDays };
      return start(tx, store, owner, {
        id: `inquiry-reply-${inquiryId}`,
        measures: 'inquiry-reply',
        what: '函询回复',
        limit,
        startedOn: sentOn,
        dueOn: replyDueOn,
        subject: inquiryId,
      });
    }
    case 'InquiryReplyReceived':
      await stopClock(tx, store, `inquiry-reply-${event.data.inquiryId}`, event.data.receivedOn);
      return;
    case 'InquiryAssessed': {
      const { inquiryId, assessedOn, conclusionDueOn } = event.data;
      const limit = { days: rules.inquiry.conclusionDays };
      const clock = {
        id: `inquiry-conclusion-${inquiryId}`,
        measures: 'inquiry-conclusion',
        what: '函询了结',
        limit,
        startedOn: assessedOn,
        dueOn: conclusionDueOn,
        subject: inquiryId,
      };
      return start(tx, store, owner, clock);
    }
    case 'InquiryConcluded':
      await stopClock(tx, store, `inquiry-conclusion-${event.data.inquiryId}`, event.data.concludedOn);
      return;
    case 'VerificationApproved': {
      const { verificationId, approvedOn, dueOn } = event.data;
      const limit = { months: rules.verification.months };
      return start(tx, store, owner, {
        id: `verification-${verificationId}`,
        measures: 'verification',
        what: '初步核实',
        limit,
        startedOn: approvedOn,
        dueOn,
        subject: verificationId,
      });
    }
    case 'VerificationExtended': {
      const { verificationId, dueOn } = event.data;
      await extendClock(tx, store, `verification-${verificationId}`, dueOn, `初步核实（延长）（至 ${dueOn}）`);
      return;
    }
    case 'VerificationReportSubmitted':
      await stopClock(tx, store, `verification-${event.data.verificationId}`, event.data.submittedOn);
      return;
    case 'CaseFiled': {
      const { caseId, filedOn, dueOn } = event.data;
      return start(tx, store, owner, {
        id: caseClockId(caseId, 1),
        measures: 'case-investigation',
        what: '审查调查',
        limit: { months: rules.case.months },
        startedOn: filedOn,
        dueOn,
        subject: caseId,
      });
    }
    case 'CaseExtended': {
      const { caseId, round, dueOn } = event.data;
      await extendClock(tx, store, caseClockId(caseId, round), dueOn, `审查调查（延长）（至 ${dueOn}）`);
      return;
    }
    case 'CaseReportSubmitted': {
      // The report ends the running round's clock (the first, or the supplementary one).
      const { caseId, round, submittedOn } = event.data;
      await stopClock(tx, store, caseClockId(caseId, round), submittedOn);
      return;
    }
    case 'CaseConcluded': {
      // The review office ended the case: its round's clock stops, if the report had not stopped it.
      const { caseId, round, concludedOn } = event.data;
      await stopClock(tx, store, caseClockId(caseId, round), concludedOn);
      return;
    }
    case 'CaseReturnedFromReview': {
      const { caseId, round, returnedOn, dueOn } = event.data;
      return start(tx, store, owner, {
        id: caseClockId(caseId, round),
        measures: 'case-investigation',
        what: '补充调查',
        limit: { months: rules.case.supplementaryMonths },
        startedOn: returnedOn,
        dueOn,
        subject: caseId,
      });
    }
    case 'RecommendationIssued': {
      const { recommendationId, issuedOn, responseDueOn } = event.data;
      const clock = {
        id: `recommendation-response-${recommendationId}`,
        measures: 'recommendation-response',
        what: '建议回复',
        startedOn: issuedOn,
        dueOn: responseDueOn,
        subject: recommendationId,
      };
      return start(tx, store, owner, clock);
    }
    case 'RecommendationResponded':
      await stopClock(tx, store, `recommendation-response-${event.data.recommendationId}`, event.data.respondedOn);
      return;
    case 'RecommendationRefused':
      await stopClock(tx, store, `recommendation-response-${event.data.recommendationId}`, event.data.refusedOn);
      return;
    case 'SupervisionAdviceIssued': {
      const { adviceId, issuedOn, responseDueOn } = event.data;
      const limit = { days: rules.supervisionAdvice.responseDays };
      return start(tx, store, owner, {
        id: `supervision-advice-response-${adviceId}`,
        measures: 'supervision-advice-response',
        what: '加强监督建议书回复',
        limit,
        startedOn: issuedOn,
        dueOn: responseDueOn,
        subject: adviceId,
      });
    }
    case 'SupervisionAdviceResponded':
      await stopClock(tx, store, `supervision-advice-response-${event.data.adviceId}`, event.data.respondedOn);
      return;
    case 'RectificationOpened': {
      const { rectificationId, openedOn, dueOn } = event.data;
      return start(tx, store, owner, {
        id: `rectification-${rectificationId}`,
        measures: 'rectification',
        what: '整改',
        startedOn: openedOn,
        dueOn,
        subject: rectificationId,
      });
    }
    case 'RectificationCompleted':
      await stopClock(tx, store, `rectification-${event.data.rectificationId}`, event.data.completedOn);
      return;
    case 'RectificationReopened': {
      // A reopened item runs a fresh clock to its new due date; the first stays as it ended.
      const { rectificationId, reopenedOn, dueOn } = event.data;
      const clock = {
        id: `rectification-${rectificationId}-${reopenedOn}`,
        measures: 'rectification',
        what: '整改（重新整改）',
        startedOn: reopenedOn,
        dueOn,
        subject: rectificationId,
      };
      return start(tx, store, owner, clock);
    }
    case 'OversightTaskAssigned': {
      const { taskId, assignedOn, dueOn } = event.data;
      return start(tx, store, owner, {
        id: `oversight-task-${taskId}`,
        measures: 'oversight-task',
        what: '督办事项',
        startedOn: assignedOn,
        dueOn,
        subject: taskId,
      });
    }
    case 'OversightTaskClosed':
      await stopClock(tx, store, `oversight-task-${event.data.taskId}`, event.data.closedOn);
      return;
    case 'AgencyQuarterlyReportSubmitted': {
      const { agency, year, quarter, submittedOn } = event.data;
      await ensureQuarterlyClock(tx, store, agency, year, quarter, rules.agencyReport);
      await stopClock(tx, store, quarterlyClockId(agency, year, quarter), submittedOn);
      return;
    }
    default:
      return; // the event starts, stops and extends no clock
  }
}

/** The clock of an agency's quarterly report: started at the quarter's start, due N working days after its end. */
export async function ensureQuarterlyClock(
  tx: PoolClient,
  store: ClockEvents,
  agency: string,
  year: number,
  quarter: Quarter,
  rules: ClockRules['agencyReport'],
): Promise<void> {
  const startedOn = `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
  const due = quarterlyReportDueOn(year, quarter, rules).date;
  await startClock(tx, store, {
    id: quarterlyClockId(agency, year, quarter),
    measures: 'agency-quarterly-report',
    rule: `派驻机构季度报告（季度结束后 ${rules.quarterlyReportWorkingDays} 个工作日内）`,
    limit: { days: daysBetween(startedOn, due) },
    startedOn,
    subject: `${agency}:${year}-Q${quarter}`,
    office: agency,
  });
}
