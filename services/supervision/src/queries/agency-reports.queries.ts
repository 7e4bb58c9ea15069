// The dispatched agencies' reports as the contract shows them.
import type { Pool } from 'pg';
import { isSupervisionOffice, type Actor } from '@jiandu/access';
import { supervisionOperations as ops } from '@jiandu/contracts';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { agencyReportRecords, type AgencyReportFacts } from '../projections/agency-reports.projection.js';
import type { RecordScope, StoredRecord } from '../projections/records.table.js';
import { recordList } from './records.queries.js';
import { scopeOf } from './scope.js';

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

/**
 * The agencies in a 纪检监察室's zones, whose reports it reads. The seed has each 派驻(出)机构 report
 * every quarter to 本协作区的纪检监察室 (Art.3(八), 7(一)), which guides 本协作区的派驻机构 (Art.3(二), 3 last para.):
 * an agency belongs to the 协作区 of one office. What supervision knows of it is the zone
 * case-management registered for the agency (ZoneRegistered whose office is the agency: the
 * `agencies` row, its latest zone), the zone of the units it is stationed at. So:
 *
 *   an agency lies in the office's zones  ⇔  its `agencies.zone_id` is one of the zones of the
 *   office's `zones` claim (the 协作区 the office supervises includes the agency's zone).
 *
 * Units do not enter: a unit belongs to exactly one zone at a time, the agency's, so no unit links
 * an agency to another zone; a political-ecology analysis is found by its agency, not by its unit.
 * An agency never registered with a zone lies in no office's zones. Another office, whose claim
 * does not name the agency's zone, sees none of its reports (need to know).
 */
async function agenciesInZones(pool: Pool, schema: string, zones: readonly string[]): Promise<string[]> {
  if (zones.length === 0) return [];
  const { rows } = await pool.query<{ office: string }>(
    `SELECT office FROM ${schema}.agencies WHERE zone_id = ANY($1::text[]) ORDER BY office`,
    [[...zones]],
  );
  return rows.map((r) => r.office);
}

/** 案管, 党风政风监督室 and leadership every report; an agency its own; a 纪检监察室 those of the agencies in its zones. */
async function reportScope(pool: Pool, schema: string, actor: Actor): Promise<RecordScope> {
  if (isSupervisionOffice(actor)) return { offices: await agenciesInZones(pool, schema, actor.zones) };
  return scopeOf(actor, 'records');
}

export function agencyReportQueries(pool: Pool, schema: string) {
  const listReports = recordList(pool, schema, {
    records: agencyReportRecords,
    summary: toReport,
    scope: (actor) => reportScope(pool, schema, actor),
  });
  const list: Handler<typeof ops.listAgencyReports> = ({ actor, payload: { agency, year, page, pageSize } }) =>
    listReports(actor, { office: agency, facts: { year }, page, pageSize });
  return { list };
}
