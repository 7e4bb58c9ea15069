// The dispatched agencies' reports (派驻机构报告), kept in the same transaction as their events. The
// row's office is the agency's.
import type { PoolClient } from 'pg';
import { agencyReportId, type AgencyReportEvent, type Quarter } from '../domain/agency-report.js';
import { recordsOf } from './records.table.js';

export interface AgencyReportFacts {
  kind: 'quarterly' | 'political-ecology';
  year: number;
  quarter?: Quarter;
  summary?: string;
}

export const agencyReportRecords = recordsOf<AgencyReportFacts>('agency-report');

export async function projectAgencyReportEvent(
  tx: PoolClient,
  schema: string,
  event: AgencyReportEvent,
  at: string,
): Promise<void> {
  switch (event.type) {
    case 'AgencyQuarterlyReportSubmitted': {
      const { agency, year, quarter } = event.data;
      const row = {
        id: agencyReportId(agency, { year, quarter }),
        status: 'submitted',
        office: agency,
        facts: { kind: 'quarterly' as const, year, quarter },
      };
      await agencyReportRecords.insert(tx, schema, row, at);
      return;
    }
    case 'QuarterlyReportSummaryRecorded': {
      const { agency, year, quarter, summary } = event.data;
      return agencyReportRecords.patch(tx, schema, agencyReportId(agency, { year, quarter }), { facts: { summary } }, at);
    }
    case 'PoliticalEcologyReportSubmitted': {
      const { agency, unitId, year } = event.data;
      // A v1 event (stored before v2) carries the summary itself.
      const { summary } = event.data as { summary?: string };
      const row = {
        id: agencyReportId(agency, { year, unitId }),
        status: 'submitted',
        office: agency,
        unitId,
        facts: { kind: 'political-ecology' as const, year, ...(summary === undefined ? {} : { summary }) },
      };
      await agencyReportRecords.insert(tx, schema, row, at);
      return;
    }
    case 'PoliticalEcologyReportSummaryRecorded': {
      const { agency, unitId, year, summary } = event.data;
      return agencyReportRecords.patch(tx, schema, agencyReportId(agency, { year, unitId }), { facts: { summary } }, at);
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
