// A clearance round with its items and their reviews, scoped by need to know: 案管, 党风政风监督室
// and leadership see every item; a 纪检监察室 or 派驻机构 only its own clues (the round's unreviewed
// count is of all items: the round closes on it).
import type { Pool, PoolClient } from 'pg';
import { authorize, isDispatchedAgency, isSupervisionOffice, seesAllZones } from '@jiandu/access';
import {
  DomainException,
  forbidden,
  notFound,
  type caseManagementOperations as ops,
  type ClearanceRound,
} from '@jiandu/contracts';
import type { Handler, ServiceContext } from '@jiandu/runtime';
import type { Static } from '@sinclair/typebox';
import type { ClearanceItemRow, ClearanceRoundRow } from '../projections/clearance.projection.js';

type Round = Static<typeof ClearanceRound>;

/** The round as the contract shows it; `onlyOffice` narrows the items to one office's. */
export async function readRound(
  db: Pool | PoolClient,
  schema: string,
  roundId: string,
  onlyOffice?: string,
): Promise<Round | undefined> {
  const { rows } = await db.query<ClearanceRoundRow>(
    `SELECT round_id, year, quarter, status, opened_at, to_char(due_on, 'YYYY-MM-DD') AS due_on, closed_at
       FROM ${schema}.clearance_rounds WHERE round_id = $1`,
    [roundId],
  );
  const round = rows[0];
  if (!round) return undefined;
  const items = await db.query<ClearanceItemRow>(
    `SELECT clue_id, number, office, reason, review FROM ${schema}.clearance_items WHERE round_id = $1 ORDER BY seq`,
    [roundId],
  );
  const unreviewed = items.rows.filter((i) => i.review === null).length;
  return {
    id: round.round_id,
    year: round.year,
    quarter: round.quarter,
    status: round.status,
    openedAt: round.opened_at.toISOString(),
    dueOn: round.due_on,
    ...(round.closed_at ? { closedAt: round.closed_at.toISOString() } : {}),
    items: items.rows
      .filter((i) => onlyOffice === undefined || i.office === onlyOffice)
      .map((i) => ({
        clueId: i.clue_id,
        number: i.number,
        office: i.office,
        reason: i.reason,
        dueOn: round.due_on,
        ...(i.review ? { review: i.review } : {}),
      })),
    unreviewed,
  };
}

export function clearanceQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>) {
  const getClearanceRound: Handler<typeof ops.getClearanceRound> = async (call) => {
    const actor = call.actor;
    if (!authorize('get-clearance-round', actor).ok)
      throw new DomainException(
        forbidden('FORBIDDEN_OFFICE', { zh: '无权查看清理批次', en: 'you may not read clearance rounds' }),
      );
    let onlyOffice: string | undefined;
    if (!seesAllZones(actor)) {
      if (!isSupervisionOffice(actor) && !isDispatchedAgency(actor))
        throw new DomainException(
          forbidden('FORBIDDEN_OFFICE', { zh: '无权查看清理批次', en: 'you may not read clearance rounds' }),
        );
      onlyOffice = actor.office;
    }
    const round = await readRound(pool, store.schema, call.payload.roundId, onlyOffice);
    if (!round) throw new DomainException(notFound({ zh: '清理批次', en: 'clearance round' }, 'CLEARANCE_ROUND_NOT_FOUND'));
    return round;
  };
  return { getClearanceRound };
}
