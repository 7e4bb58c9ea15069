// 定期清理's commands. Each runs on the round's own stream (`clearance-round-<id>`) in the
// transaction the RPC server opened, and writes the round's rows and clocks in it; a review that
// reactivates a clue or proposes to close it decides on the clue's stream in that same transaction,
// so the round never shows a review the clue did not take.
import type { PoolClient } from 'pg';
import { addCalendarDays } from '@jiandu/calendar';
import type { caseManagementOperations as ops } from '@jiandu/contracts';
import { localDate } from '@jiandu/decision';
import { executeCommand, type Handler, type ServiceContext } from '@jiandu/runtime';
import {
  clearanceDecider,
  clearanceRoundId,
  clearanceRoundStream,
  type ClearanceCommand,
  type ClearanceItem,
} from '../domain/clearance-round.js';
import { dispositionDeadline, type ClueClockConfig } from '../domain/deadlines.js';
import { projectClearanceClocks } from '../projections/clocks.projection.js';
import { projectClearanceEvents } from '../projections/clearance.projection.js';
import { LEDGER_STATUS } from '../projections/clue-ledger.projection.js';
import { readRound } from '../queries/clearance.queries.js';
import { issuedByCall, runClueCommand, type Issued } from './clue.commands.js';

export const DEFAULT_CLEARANCE_REVIEW_DAYS = 15;

export interface ClearanceConfig {
  clueClock: ClueClockConfig;
  /** CLEARANCE_REVIEW_DAYS: days from opening a round to the reviews being due. */
  clearanceReviewDays: number;
}

export interface ClearanceCommands {
  openClearanceRound: Handler<typeof ops.openClearanceRound>;
  reviewClearanceItem: Handler<typeof ops.reviewClearanceItem>;
  closeClearanceRound: Handler<typeof ops.closeClearanceRound>;
}

/**
 * The clues a round lists, each for its office: every shelved clue (暂存待查), and every clue still
 * waiting for a disposition (assigned, rejected back, or reactivated) whose deadline has passed.
 */
async function dueForClearance(tx: PoolClient, schema: string, today: string): Promise<ClearanceItem[]> {
  const { rows } = await tx.query<{ clue_id: string; number: string; office: string; reason: 'shelved' | 'overdue' }>(
    `SELECT clue_id, number, assigned_office AS office,
            CASE WHEN status = $1 THEN 'shelved' ELSE 'overdue' END AS reason
       FROM ${schema}.clue_ledger
      WHERE assigned_office IS NOT NULL
        AND (status = $1 OR (status = ANY($2) AND disposition_deadline < $3::date))
      ORDER BY number`,
    [LEDGER_STATUS.Shelved, [LEDGER_STATUS.Assigned, LEDGER_STATUS.Reactivated], today],
  );
  return rows.map((r) => ({ clueId: r.clue_id, number: r.number, office: r.office, reason: r.reason }));
}

export function clearanceCommands(
  { store, now }: Pick<ServiceContext, 'store' | 'now'>,
  config: ClearanceConfig,
): ClearanceCommands {
  const schema = store.schema;
  const runRound = async (tx: PoolClient, command: ClearanceCommand, issued: Issued) => {
    const result = await executeCommand(store, clearanceDecider, clearanceRoundStream(command.data.roundId), command, {
      ...issued,
      tx,
    });
    await projectClearanceEvents(tx, schema, result.events, issued.metadata.occurredAt, issued.metadata.actor.name);
    await projectClearanceClocks(tx, store, result.events, issued.context.now, config);
    return result;
  };
  return {
    async openClearanceRound(call, tx) {
      const issued = issuedByCall(call, now());
      const today = localDate(issued.context.now);
      const { year, quarter } = call.payload;
      const roundId = clearanceRoundId(year, quarter);
      const items = await dueForClearance(tx, schema, today);
      const dueOn = addCalendarDays(today, config.clearanceReviewDays).date;
      await runRound(tx, { type: 'OpenClearanceRound', data: { roundId, year, quarter, dueOn, items } }, issued);
      const round = await readRound(tx, schema, roundId);
      if (!round) throw new Error(`clearance round ${roundId} was not written`);
      return round;
    },
    async reviewClearanceItem(call, tx) {
      const issued = issuedByCall(call, now());
      const { roundId, clueId, decision, note } = call.payload;
      await runRound(tx, { type: 'ReviewClearanceItem', data: { roundId, clueId, decision, note } }, issued);
      if (decision === 'reactivate') {
        const deadline = dispositionDeadline(issued.context.now, config.clueClock);
        await runClueCommand(
          store,
          tx,
          { type: 'ReactivateClue', data: { clueId, roundId, dispositionDeadline: deadline } },
          issued,
          config.clueClock,
        );
      } else if (decision === 'propose-close') {
        await runClueCommand(
          store,
          tx,
          { type: 'ProposeClosureOnReview', data: { clueId, roundId, reason: note } },
          issued,
          config.clueClock,
        );
      }
      return { id: clueId, status: 'reviewed' };
    },
    async closeClearanceRound(call, tx) {
      const issued = issuedByCall(call, now());
      const { state } = await runRound(tx, { type: 'CloseClearanceRound', data: call.payload }, issued);
      return { id: call.payload.roundId, status: state.status === 'Closed' ? 'closed' : 'open' };
    },
  };
}
