// The supervision service's own settings, read once from the environment at start (each is in the
// README's configuration table). The time limits are DOMAIN.md's defaults; every one is configurable.
import { positiveInteger } from '@jiandu/runtime';
import {
  DEFAULT_CASE_EXTENSION_MONTHS,
  DEFAULT_CASE_MONTHS,
  DEFAULT_SUPPLEMENTARY_MONTHS,
  type CaseConfig,
} from './domain/case.js';
import { DEFAULT_QUARTERLY_REPORT_WORKING_DAYS, type AgencyReportConfig } from './domain/agency-report.js';
import { DEFAULT_CONCLUSION_DAYS, DEFAULT_REPLY_WORKING_DAYS, type InquiryConfig } from './domain/inquiry.js';
import { DEFAULT_RESPONSE_DAYS, type RecommendationConfig } from './domain/recommendation.js';
import { DEFAULT_ADVICE_RESPONSE_DAYS, type SupervisionAdviceConfig } from './domain/supervision-advice.js';
import { DEFAULT_EXTENSION_MONTHS, DEFAULT_VERIFICATION_MONTHS, type VerificationConfig } from './domain/verification.js';

export interface SupervisionConfig {
  inquiry: Required<Omit<InquiryConfig, 'calendar'>>;
  verification: Required<Omit<VerificationConfig, 'calendar'>>;
  recommendation: Required<Omit<RecommendationConfig, 'calendar'>>;
  /** 加强监督建议书: the addressed office's response limit. */
  supervisionAdvice: Required<Omit<SupervisionAdviceConfig, 'calendar'>>;
  agencyReport: Required<Omit<AgencyReportConfig, 'calendar'>>;
  case: Required<Omit<CaseConfig, 'calendar'>>;
  /** 以案促改: days from a sanction's decision to the due date of the rectification it opens at the unit. */
  caseLesson: { rectificationDays: number };
  deadlines: {
    /** How often the deadline watcher (and the quarterly clocks) run. */
    watchIntervalMs: number;
    /** DeadlineApproaching is raised when at most this many working days remain. */
    leadWorkingDays: number;
  };
}

export function supervisionConfig(env: NodeJS.ProcessEnv = process.env): SupervisionConfig {
  return {
    inquiry: {
      replyWorkingDays: positiveInteger(env, 'INQUIRY_REPLY_WORKING_DAYS', DEFAULT_REPLY_WORKING_DAYS),
      conclusionDays: positiveInteger(env, 'INQUIRY_CONCLUSION_DAYS', DEFAULT_CONCLUSION_DAYS),
    },
    verification: {
      months: positiveInteger(env, 'VERIFICATION_MONTHS', DEFAULT_VERIFICATION_MONTHS),
      extensionMonths: positiveInteger(env, 'VERIFICATION_EXTENSION_MONTHS', DEFAULT_EXTENSION_MONTHS),
    },
    recommendation: {
      responseDays: positiveInteger(env, 'RECOMMENDATION_RESPONSE_DAYS', DEFAULT_RESPONSE_DAYS),
    },
    supervisionAdvice: {
      responseDays: positiveInteger(env, 'SUPERVISION_ADVICE_RESPONSE_DAYS', DEFAULT_ADVICE_RESPONSE_DAYS),
    },
    agencyReport: {
      quarterlyReportWorkingDays: positiveInteger(
        env,
        'AGENCY_QUARTERLY_REPORT_WORKING_DAYS',
        DEFAULT_QUARTERLY_REPORT_WORKING_DAYS,
      ),
    },
    case: {
      months: positiveInteger(env, 'CASE_INVESTIGATION_MONTHS', DEFAULT_CASE_MONTHS),
      supplementaryMonths: positiveInteger(env, 'CASE_SUPPLEMENTARY_MONTHS', DEFAULT_SUPPLEMENTARY_MONTHS),
      extensionMonths: positiveInteger(env, 'CASE_EXTENSION_MONTHS', DEFAULT_CASE_EXTENSION_MONTHS),
    },
    caseLesson: {
      rectificationDays: positiveInteger(env, 'CASE_LESSON_RECTIFICATION_DAYS', 90),
    },
    deadlines: {
      watchIntervalMs: positiveInteger(env, 'DEADLINE_WATCH_INTERVAL_MS', 60_000),
      leadWorkingDays: positiveInteger(env, 'DEADLINE_LEAD_WORKING_DAYS', 3),
    },
  };
}
