// The supervision service's aggregates, side by side: stream, decider, how each shows in the
// office's list, and which clocks its events start and stop.
import type { DueLimit } from '@jiandu/deadlines';
import type { DomainEvent } from '@jiandu/runtime';
import * as agencyReport from '../domain/agency-report.js';
import * as inquiry from '../domain/inquiry.js';
import * as oversight from '../domain/oversight-task.js';
import * as rectification from '../domain/rectification.js';
import * as recommendation from '../domain/recommendation.js';
import * as verification from '../domain/verification.js';

export type KindName = 'inquiry' | 'verification' | 'recommendation' | 'rectification' | 'oversight-task';

/** A row of the office's list, read off the aggregate's state. */
export interface RecordRow {
  status: string;
  office: string;
  unitId?: string;
  clueId?: string;
  clueNumber?: string;
  dueOn?: string;
  facts: Record<string, unknown>;
}

export type ClockEffect =
  /** `limit` names the rule; without it the limit is the days to a due date someone chose. */
  | { start: { id: string; measures: string; what: string; limit?: DueLimit; startedOn: string; dueOn: string; subject: string } }
  | { stop: { id: string; on: string } }
  | { extend: { id: string; dueOn: string; what: string } };

export interface Kind<S> {
  name: KindName;
  stream(id: string): string;
  decider: { decide: (c: never, s: S, ctx: never) => unknown; evolve: (s: S, e: never) => S; initialState: S };
  row(state: S): RecordRow | undefined;
  clocks(event: DomainEvent): ClockEffect[];
}

/** 'TalkConducted' → 'talk-conducted'. */
export const kebab = (status: string) => status.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

type Live<S> = Exclude<S, { status: 'Initial' }>;
const live = <S extends { status: string }>(s: S): s is Live<S> & S => s.status !== 'Initial';

export const inquiries: Kind<inquiry.Inquiry> = {
  name: 'inquiry',
  stream: (id) => `inquiry-${id}`,
  decider: { decide: inquiry.decide as never, evolve: inquiry.evolve as never, initialState: inquiry.initialState() },
  row: (s) => {
    if (!live(s)) return undefined;
    const dueOn = s.status === 'LetterSent' ? s.letter.replyDueOn : s.status === 'Assessed' ? s.assessment.conclusionDueOn : undefined;
    const outcome = s.status === 'Assessed' || s.status === 'Concluded' ? s.assessment.outcome : undefined;
    return {
      status: kebab(s.status),
      office: s.office,
      unitId: s.unitId,
      clueId: s.clueId,
      clueNumber: s.clueNumber,
      dueOn,
      facts: { round: s.round, ...(s.previousInquiryId ? { previousInquiryId: s.previousInquiryId } : {}), ...(outcome ? { outcome } : {}) },
    };
  },
  clocks: (e) => {
    const d = e.data as Record<string, string>;
    const reply = `inquiry-reply-${d.inquiryId}`;
    const conclusion = `inquiry-conclusion-${d.inquiryId}`;
    switch (e.type) {
      case 'InquiryLetterSent':
        return [{ start: { id: reply, measures: 'inquiry-reply', what: '函询回复', limit: { workingDays: inquiry.DEFAULT_REPLY_WORKING_DAYS }, startedOn: d.sentOn, dueOn: d.replyDueOn, subject: d.inquiryId } }];
      case 'InquiryReplyReceived':
        return [{ stop: { id: reply, on: d.receivedOn } }];
      case 'InquiryAssessed':
        return [{ start: { id: conclusion, measures: 'inquiry-conclusion', what: '函询了结', limit: { days: inquiry.DEFAULT_CONCLUSION_DAYS }, startedOn: d.assessedOn, dueOn: d.conclusionDueOn, subject: d.inquiryId } }];
      case 'InquiryConcluded':
        return [{ stop: { id: conclusion, on: d.concludedOn } }];
      default:
        return [];
    }
  },
};

export const verifications: Kind<verification.Verification> = {
  name: 'verification',
  stream: (id) => `verification-${id}`,
  decider: { decide: verification.decide as never, evolve: verification.evolve as never, initialState: verification.initialState() },
  row: (s) => {
    if (!live(s)) return undefined;
    const status = s.status === 'Planning' ? (s.rejection ? 'plan-rejected' : 'awaiting-plan') : kebab(s.status);
    const dueOn = 'dueOn' in s ? s.dueOn : undefined;
    return {
      status,
      office: s.office,
      unitId: s.unitId,
      clueId: s.clueId,
      clueNumber: s.clueNumber,
      dueOn,
      facts: { ...(s.fromInquiryId ? { fromInquiryId: s.fromInquiryId } : {}), ...(s.status === 'Decided' ? { decision: s.decision } : {}) },
    };
  },
  clocks: (e) => {
    const d = e.data as Record<string, string>;
    const id = `verification-${d.verificationId}`;
    switch (e.type) {
      case 'VerificationApproved':
        return [{ start: { id, measures: 'verification', what: '初步核实', limit: { months: verification.DEFAULT_VERIFICATION_MONTHS }, startedOn: d.approvedOn, dueOn: d.dueOn, subject: d.verificationId } }];
      case 'VerificationExtended':
        return [{ extend: { id, dueOn: d.dueOn, what: '初步核实（延长）' } }];
      case 'VerificationReportSubmitted':
        return [{ stop: { id, on: d.submittedOn } }];
      default:
        return [];
    }
  },
};

export const recommendations: Kind<recommendation.Recommendation> = {
  name: 'recommendation',
  stream: (id) => `recommendation-${id}`,
  decider: { decide: recommendation.decide as never, evolve: recommendation.evolve as never, initialState: recommendation.initialState() },
  row: (s) =>
    live(s)
      ? { status: kebab(s.status), office: s.office, unitId: s.unitId, dueOn: s.status === 'Issued' ? s.responseDueOn : undefined, facts: { kind: s.kind } }
      : undefined,
  clocks: (e) => {
    const d = e.data as Record<string, string>;
    const id = `recommendation-response-${d.recommendationId}`;
    switch (e.type) {
      case 'RecommendationIssued':
        return [{ start: { id, measures: 'recommendation-response', what: '建议回复', startedOn: d.issuedOn, dueOn: d.responseDueOn, subject: d.recommendationId } }];
      case 'RecommendationResponded':
        return [{ stop: { id, on: d.respondedOn } }];
      case 'RecommendationRefused':
        return [{ stop: { id, on: d.refusedOn } }];
      default:
        return [];
    }
  },
};

export const rectifications: Kind<rectification.Rectification> = {
  name: 'rectification',
  stream: (id) => `rectification-${id}`,
  decider: { decide: rectification.decide as never, evolve: rectification.evolve as never, initialState: rectification.initialState() },
  row: (s) =>
    live(s)
      ? { status: kebab(s.status), office: s.office, unitId: s.unitId, dueOn: s.dueOn, facts: { source: s.source, ...(s.sourceRef ? { sourceRef: s.sourceRef } : {}) } }
      : undefined,
  clocks: (e) => {
    const d = e.data as Record<string, string>;
    const base = `rectification-${d.rectificationId}`;
    switch (e.type) {
      case 'RectificationOpened':
        return [{ start: { id: base, measures: 'rectification', what: '整改', startedOn: d.openedOn, dueOn: d.dueOn, subject: d.rectificationId } }];
      case 'RectificationCompleted':
        return [{ stop: { id: base, on: d.completedOn } }];
      case 'RectificationReopened':
        // A reopened item runs a fresh clock to its new due date; the first stays as it ended.
        return [{ start: { id: `${base}-${d.reopenedOn}`, measures: 'rectification', what: '整改（重新整改）', startedOn: d.reopenedOn, dueOn: d.dueOn, subject: d.rectificationId } }];
      default:
        return [];
    }
  },
};

export const oversightTasks: Kind<oversight.OversightTask> = {
  name: 'oversight-task',
  stream: (id) => `oversight-task-${id}`,
  decider: { decide: oversight.decide as never, evolve: oversight.evolve as never, initialState: oversight.initialState() },
  row: (s) => (live(s) ? { status: kebab(s.status), office: s.assigneeOffice, dueOn: s.dueOn, facts: { title: s.title } } : undefined),
  clocks: (e) => {
    const d = e.data as Record<string, string>;
    const id = `oversight-task-${d.taskId}`;
    switch (e.type) {
      case 'OversightTaskAssigned':
        return [{ start: { id, measures: 'oversight-task', what: '督办事项', startedOn: d.assignedOn, dueOn: d.dueOn, subject: d.taskId } }];
      case 'OversightTaskClosed':
        return [{ stop: { id, on: d.closedOn } }];
      default:
        return [];
    }
  },
};

export const agencyReports = {
  stream: (agency: string) => `agency-reports-${agency}`,
  decider: { decide: agencyReport.decide, evolve: agencyReport.evolve, initialState: agencyReport.initialState() },
  quarterlyClockId: (agency: string, year: number, quarter: number) => `agency-quarterly-${agency}-${year}-Q${quarter}`,
};

export const KINDS: Record<KindName, Kind<never>> = {
  inquiry: inquiries as unknown as Kind<never>,
  verification: verifications as unknown as Kind<never>,
  recommendation: recommendations as unknown as Kind<never>,
  rectification: rectifications as unknown as Kind<never>,
  'oversight-task': oversightTasks as unknown as Kind<never>,
};
