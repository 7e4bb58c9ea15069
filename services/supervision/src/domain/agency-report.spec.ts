import { supervisionPublicEvents } from '@jiandu/contracts';
import type { OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import {
  decide,
  evolve,
  initialState,
  quarterEnd,
  quarterlyReportDueOn,
  type AgencyReportCommand,
  type AgencyReportConfig,
  type AgencyReportEvent,
} from './agency-report.js';
import type { DecisionContext } from './decision.js';

// ── given / when / then
const NOW = new Date('2026-10-12T02:00:00.000Z');
const on = (day: string) => new Date(`${day}T02:00:00.000Z`);
type Context = DecisionContext<AgencyReportConfig>;
const as = (office: string, extra: Partial<Context> = {}, zones: string[] = ['unit-7', 'unit-8']): Context => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones },
  ...extra,
});
const agency = as('dispatched-agency-edu');

const { given } = specification({ decide, evolve, initialState });

// ── fixtures
const quarterly = (year = 2026, quarter: 1 | 2 | 3 | 4 = 3): AgencyReportCommand => ({
  type: 'SubmitQuarterlyReport',
  data: { year, quarter, summary: '本季度开展监督检查 6 次', zoneOffice: 'supervision-office-2' },
});
const submitted = (submittedOn = '2026-10-12', late = false): AgencyReportEvent[] => [
  {
    type: 'AgencyQuarterlyReportSubmitted',
    data: {
      agency: 'dispatched-agency-edu',
      year: 2026,
      quarter: 3,
      zoneOffice: 'supervision-office-2',
      submittedOn,
      dueOn: '2026-10-20',
      late,
    },
  },
  {
    type: 'QuarterlyReportSummaryRecorded',
    data: { agency: 'dispatched-agency-edu', year: 2026, quarter: 3, summary: '本季度开展监督检查 6 次' },
  },
];
const ecology = (unitId = 'unit-7', year = 2026): AgencyReportCommand => ({
  type: 'SubmitPoliticalEcologyReport',
  data: { unitId, year, summary: '政治生态总体向好' },
});
const ecologyFiled: AgencyReportEvent = {
  type: 'PoliticalEcologyReportSubmitted',
  data: { agency: 'dispatched-agency-edu', unitId: 'unit-7', year: 2026, submittedOn: '2026-10-12' },
};
const ecologySummary: AgencyReportEvent = {
  type: 'PoliticalEcologyReportSummaryRecorded',
  data: { agency: 'dispatched-agency-edu', unitId: 'unit-7', year: 2026, summary: '政治生态总体向好' },
};

describe('quarterlyReportDueOn', () => {
  it('is 10 working days after the quarter ends: Q3 2026 across National Day (10-10 a make-up day) → 2026-10-20', () => {
    expect(quarterEnd(2026, 3)).toBe('2026-09-30');
    expect(quarterlyReportDueOn(2026, 3)).toMatchObject({ date: '2026-10-20', provisional: false });
  });

  it('takes the working days from config', () => {
    expect(quarterlyReportDueOn(2026, 1, { quarterlyReportWorkingDays: 5 }).date).toBe('2026-04-08');
  });

  it('is provisional when it falls in a year without an official calendar', () => {
    expect(quarterEnd(2026, 4)).toBe('2026-12-31');
    expect(quarterlyReportDueOn(2026, 4).provisional).toBe(true);
  });
});

describe('Agency reports', () => {
  describe('a quarterly report', () => {
    it('is submitted once per quarter, to the office of the zone, in the agency’s stream', () => {
      given().when(quarterly(), agency).then(submitted());
      expect(given(submitted()).state).toEqual({
        status: 'Reporting',
        agency: 'dispatched-agency-edu',
        quarters: ['2026-Q3'],
        ecology: [],
      });
    });

    it('is late after its due day', () => {
      given()
        .when(quarterly(), as('dispatched-agency-edu', { now: on('2026-10-21') }))
        .then(submitted('2026-10-21', true));
    });

    it('is refused a second time for the same quarter', () => {
      given(submitted()).when(quarterly(), agency).thenError('REPORT_ALREADY_SUBMITTED', 409);
    });

    it('is taken for another quarter', () => {
      expect(given(submitted()).when(quarterly(2026, 2), agency).events()).toMatchObject([
        { data: { quarter: 2, dueOn: '2026-07-14' } },
        {},
      ]);
    });

    it('comes from a dispatched agency only', () => {
      given().when(quarterly(), as('supervision-office-2')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('is not submitted into another agency’s stream', () => {
      given(submitted()).when(quarterly(2026, 2), as('dispatched-agency-health')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('is not submitted for a quarter that has not begun', () => {
      given().when(quarterly(2027, 1), agency).thenError('QUARTER_NOT_STARTED', 422);
    });
  });

  describe('a political ecology report', () => {
    it('is submitted once per unit and year', () => {
      given().when(ecology(), agency).then([ecologyFiled, ecologySummary]);
      // The public event: the unit, the year and the day, never the text.
      expect(supervisionPublicEvents.PoliticalEcologyReportSubmitted.errors(ecologyFiled.data)).toEqual([]);
      expect(ecologyFiled.data).not.toHaveProperty('summary');
      // One recorded before v2 (the summary in the event) still counts as submitted.
      const v1 = {
        type: 'PoliticalEcologyReportSubmitted',
        data: { ...ecologyFiled.data, summary: '政治生态总体向好' },
      } as unknown as AgencyReportEvent;
      given([v1]).when(ecology(), agency).thenError('REPORT_ALREADY_SUBMITTED', 409);
      given([ecologyFiled]).when(ecology(), agency).thenError('REPORT_ALREADY_SUBMITTED', 409);
      expect(given([ecologyFiled]).when(ecology('unit-8'), agency).events()).toMatchObject([
        { data: { unitId: 'unit-8' } },
        { data: { unitId: 'unit-8' } },
      ]);
      expect(given([ecologyFiled]).when(ecology('unit-7', 2025), agency).events()).toMatchObject([
        { data: { year: 2025 } },
        { data: { year: 2025 } },
      ]);
    });

    it('comes from a dispatched agency only', () => {
      given().when(ecology(), as('conduct-office')).thenError('FORBIDDEN_OFFICE', 403);
    });

    it('is not submitted for a year that has not begun', () => {
      given().when(ecology('unit-7', 2027), agency).thenError('YEAR_NOT_STARTED', 422);
    });
  });
});
