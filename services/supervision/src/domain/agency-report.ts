// Reports of a 派驻机构 (one stream per agency): a quarterly report to the office of its zone, due a
// few working days after the quarter ends, and a yearly 政治生态 analysis of each unit it supervises.
import type { DateResult } from '@jiandu/calendar';
import { createHash } from 'node:crypto';
import type { DomainError, Quarter } from '@jiandu/contracts';
import { DISPATCHED_AGENCY, deciderOf, localDate, refusal } from '@jiandu/decision';
import { calendarOf, forbiddenOffice, withOptional, type CalendarConfig, type DecisionContext } from './decision.js';

export type { Quarter } from '@jiandu/contracts';

/** One stream per agency: what it submitted, so nothing is submitted twice. */
export const agencyReportsStream = (agency: string): string => `agency-reports-${agency}`;
/** The clock of an agency's quarterly report. */
export const quarterlyClockId = (agency: string, year: number, quarter: number): string =>
  `agency-quarterly-${agency}-${year}-Q${quarter}`;

export const DEFAULT_QUARTERLY_REPORT_WORKING_DAYS = 10;
export interface AgencyReportConfig extends CalendarConfig {
  /** Working days after a quarter's last day by which its report is due (default 10). */
  quarterlyReportWorkingDays?: number;
}

// ── commands. The agency is the acting office; the service fills zoneOffice from the registry.
export type SubmitQuarterlyReport = {
  type: 'SubmitQuarterlyReport';
  data: { year: number; quarter: Quarter; summary: string; zoneOffice?: string };
};
export type SubmitPoliticalEcologyReport = {
  type: 'SubmitPoliticalEcologyReport';
  data: { unitId: string; year: number; summary: string };
};
export type AgencyReportCommand = SubmitQuarterlyReport | SubmitPoliticalEcologyReport;

// ── events. The summary of a quarter stays in a private event beside the public fact.
export type AgencyQuarterlyReportSubmitted = {
  type: 'AgencyQuarterlyReportSubmitted';
  data: {
    agency: string;
    year: number;
    quarter: Quarter;
    zoneOffice?: string;
    submittedOn: string;
    dueOn: string;
    late: boolean;
  };
};
export type QuarterlyReportSummaryRecorded = {
  type: 'QuarterlyReportSummaryRecorded';
  data: { agency: string; year: number; quarter: Quarter; summary: string };
};
/**
 * Public (v2): the agency, the unit, the year and the day. A v1 event (stored before v2) also carried
 * the summary; it stays private, and evolve reads only the unit and the year.
 */
export type PoliticalEcologyReportSubmitted = {
  type: 'PoliticalEcologyReportSubmitted';
  data: { agency: string; unitId: string; year: number; submittedOn: string };
};
/** Private: the report's text, recorded with PoliticalEcologyReportSubmitted (v2). */
export type PoliticalEcologyReportSummaryRecorded = {
  type: 'PoliticalEcologyReportSummaryRecorded';
  data: { agency: string; unitId: string; year: number; summary: string };
};
export type AgencyReportEvent =
  | AgencyQuarterlyReportSubmitted
  | QuarterlyReportSummaryRecorded
  | PoliticalEcologyReportSubmitted
  | PoliticalEcologyReportSummaryRecorded;

// ── state: what was submitted, so that nothing is submitted twice
export type AgencyReports =
  { status: 'Initial' } | { status: 'Reporting'; agency: string; quarters: readonly string[]; ecology: readonly string[] };

export const initialState = (): AgencyReports => ({ status: 'Initial' });
/**
 * The id of a submitted report, one form for both kinds, always a valid contract Id (the agency
 * and the unit may each take 64 characters, so they are hashed): 'ar-2026-q3-…', 'ar-2026-pe-…'.
 */
export function agencyReportId(
  agency: string,
  report: { year: number; quarter: number } | { year: number; unitId: string },
): string {
  const what = 'quarter' in report ? `q${report.quarter}` : 'pe';
  const key = 'quarter' in report ? `${agency}|${report.year}|Q${report.quarter}` : `${agency}|${report.year}|${report.unitId}`;
  return `ar-${report.year}-${what}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

export const quarterKey = (year: number, quarter: number): string => `${year}-Q${quarter}`;
export const ecologyKey = (unitId: string, year: number): string => `${unitId}@${year}`;

/** The last day of a quarter. */
export function quarterEnd(year: number, quarter: Quarter): string {
  return new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
}
const quarterStart = (year: number, quarter: Quarter): string =>
  new Date(Date.UTC(year, (quarter - 1) * 3, 1)).toISOString().slice(0, 10);

/** When a quarter's report is due: N working days after its last day (the last day not counted). */
export function quarterlyReportDueOn(year: number, quarter: Quarter, config: AgencyReportConfig = {}): DateResult {
  return calendarOf(config).addWorkingDays(
    quarterEnd(year, quarter),
    config.quarterlyReportWorkingDays ?? DEFAULT_QUARTERLY_REPORT_WORKING_DAYS,
  );
}

// ── decide
export function decide(
  command: AgencyReportCommand,
  state: AgencyReports,
  { actor, now, config }: DecisionContext<AgencyReportConfig>,
): AgencyReportEvent[] | DomainError {
  const agency = actor.office;
  if (!DISPATCHED_AGENCY.test(agency))
    return forbiddenOffice('只有派驻机构提交此类报告', 'only a dispatched agency submits these reports');
  if (state.status === 'Reporting' && state.agency !== agency) {
    return forbiddenOffice('只能提交本派驻机构的报告', 'an agency submits only its own reports');
  }
  const today = localDate(now);
  const submitted: { quarters: readonly string[]; ecology: readonly string[] } =
    state.status === 'Reporting' ? state : { quarters: [], ecology: [] };
  switch (command.type) {
    case 'SubmitQuarterlyReport': {
      const { year, quarter, summary, zoneOffice } = command.data;
      if (quarterStart(year, quarter) > today) {
        return refusal('QUARTER_NOT_STARTED', 422, '该季度尚未开始', 'that quarter has not begun');
      }
      if (submitted.quarters.includes(quarterKey(year, quarter))) {
        return refusal(
          'REPORT_ALREADY_SUBMITTED',
          409,
          `${year} 年第 ${quarter} 季度报告已提交`,
          `the report for ${year} Q${quarter} is already submitted`,
        );
      }
      const dueOn = quarterlyReportDueOn(year, quarter, config).date;
      return [
        {
          type: 'AgencyQuarterlyReportSubmitted',
          data: {
            agency,
            year,
            quarter,
            ...withOptional('zoneOffice', zoneOffice),
            submittedOn: today,
            dueOn,
            late: today > dueOn,
          },
        },
        { type: 'QuarterlyReportSummaryRecorded', data: { agency, year, quarter, summary } },
      ];
    }
    case 'SubmitPoliticalEcologyReport': {
      const { unitId, year, summary } = command.data;
      // That the unit exists and lies in the agency's zones the command handler checks (domain/units.ts).
      if (`${year}` > today.slice(0, 4)) return refusal('YEAR_NOT_STARTED', 422, '该年度尚未开始', 'that year has not begun');
      if (submitted.ecology.includes(ecologyKey(unitId, year))) {
        return refusal(
          'REPORT_ALREADY_SUBMITTED',
          409,
          `该单位 ${year} 年政治生态分析报告已提交`,
          `the ${year} political ecology report of that unit is already submitted`,
        );
      }
      return [
        { type: 'PoliticalEcologyReportSubmitted', data: { agency, unitId, year, submittedOn: today } },
        { type: 'PoliticalEcologyReportSummaryRecorded', data: { agency, unitId, year, summary } },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

// ── evolve
export function evolve(state: AgencyReports, event: AgencyReportEvent): AgencyReports {
  const current: AgencyReports & { status: 'Reporting' } =
    state.status === 'Reporting' ? state : { status: 'Reporting', agency: event.data.agency, quarters: [], ecology: [] };
  switch (event.type) {
    case 'AgencyQuarterlyReportSubmitted':
      return { ...current, quarters: [...current.quarters, quarterKey(event.data.year, event.data.quarter)] };
    case 'QuarterlyReportSummaryRecorded':
      return current;
    case 'PoliticalEcologyReportSubmitted':
      return { ...current, ecology: [...current.ecology, ecologyKey(event.data.unitId, event.data.year)] };
    case 'PoliticalEcologyReportSummaryRecorded':
      return current;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The agency reports' decider, as the command handlers and the specifications run it. */
export const agencyReportsDecider = deciderOf({ decide, evolve, initialState });
