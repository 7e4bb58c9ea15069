// The dispatched agencies' reports as the contract shows them.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { agencyReportRecords, type AgencyReportFacts } from '../projections/agency-reports.projection.js';
import type { StoredRecord } from '../projections/records.table.js';
import { optional, scopeOf } from './scope.js';

type Report = ResponseOf<typeof ops.listAgencyReports>['items'][number];

function toReport(row: StoredRecord<AgencyReportFacts>): Report {
  const f = row.facts;
  return {
    id: row.id,
    agency: row.office,
    kind: f.kind,
    year: f.year,
    ...optional('quarter', f.quarter),
    ...optional('unitId', row.unitId),
    ...optional('summary', f.summary),
    submittedAt: row.createdAt.toISOString(),
  };
}

export function agencyReportQueries(pool: Pool, schema: string) {
  const list: Handler<typeof ops.listAgencyReports> = async (call) => {
    const { agency, year, page, pageSize } = call.payload;
    const { rows, total } = await agencyReportRecords.list(
      pool,
      schema,
      { office: agency, facts: { year }, page, pageSize },
      scopeOf(call.actor, 'records'),
    );
    return { items: rows.map(toReport), total };
  };
  return { list };
}
