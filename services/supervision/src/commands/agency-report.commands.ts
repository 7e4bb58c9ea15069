// The dispatched agency's reports (派驻机构): its quarterly report, and the yearly political-ecology
// analysis of a unit that exists and lies in its zones. One stream per agency.
import type { PoolClient } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { Handler } from '@jiandu/runtime';
import {
  agencyReportId,
  agencyReportsDecider,
  agencyReportsStream,
  type AgencyReportCommand,
  type AgencyReportConfig,
  type AgencyReportEvent,
  type AgencyReports,
} from '../domain/agency-report.js';
import { projectAgencyReportEvent } from '../projections/agency-reports.projection.js';
import { assertUnitInCallerZones } from './recommendation.commands.js';
import { callerOf, runCommand, type Aggregate, type CommandDeps } from './run-command.js';

export const agencyReports: Aggregate<AgencyReportCommand, AgencyReportEvent, AgencyReports, AgencyReportConfig> = {
  stream: agencyReportsStream,
  decider: agencyReportsDecider,
  config: (config) => config.agencyReport,
  project: projectAgencyReportEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.agency }),
};

export function agencyReportCommands(deps: CommandDeps) {
  const submit: Handler<typeof ops.submitAgencyReport> = async (call, tx: PoolClient) => {
    const agency = call.actor.office;
    const { kind, year, quarter, unitId, summary } = call.payload;
    // The request schema says which of quarter and unitId each kind carries.
    if (kind === 'quarterly' && quarter !== undefined) {
      await runCommand(
        deps,
        agencyReports,
        agency,
        { type: 'SubmitQuarterlyReport', data: { year, quarter, summary } },
        callerOf(call),
        tx,
      );
      return { id: agencyReportId(agency, { year, quarter }), status: 'submitted' };
    }
    if (kind === 'political-ecology' && unitId !== undefined) {
      await assertUnitInCallerZones(deps, call, unitId, tx);
      await runCommand(
        deps,
        agencyReports,
        agency,
        { type: 'SubmitPoliticalEcologyReport', data: { unitId, year, summary } },
        callerOf(call),
        tx,
      );
      return { id: agencyReportId(agency, { year, unitId }), status: 'submitted' };
    }
    throw new Error(`submit-agency-report: the request schema let through kind ${kind} without its field`);
  };
  return { submit };
}
