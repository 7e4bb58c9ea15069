// 案管室's screening for an integrity opinion request (组宣部, docs/adr/0017): the candidate's open
// clues, and those in an inquiry, a verification or a case, from the one register. The register's
// subject reference for a clue is the clue itself until every clue carries a cadre id, so the match
// is the clue ids among the candidate's references (its cadre id and the subject references the
// request lists), and the clues 案管 linked to the candidate's cadre id (`cadre_clues`, POST
// /api/v1/clues/{id}/cadre). The answer is numbers and kinds only. Only the publicity service asks.
import { DomainException, screeningOperations, type FindingKind } from '@jiandu/contracts';
import { refusal } from '@jiandu/decision';
import { routeTable, type Handler, type RpcRoute, type ServiceContext } from '@jiandu/runtime';

const op = screeningOperations.caseManagement.screenCandidates;
/** What each open status of the ledger is, for the reply's rules (a postponement cites an open matter). */
const OPEN: Record<string, FindingKind> = {
  registered: 'clue',
  assigned: 'clue',
  'disposition-proposed': 'clue',
  'disposition-approved': 'clue',
  shelved: 'clue',
  reactivated: 'clue',
  'in-inquiry': 'inquiry',
  'in-verification': 'verification',
  'to-investigation': 'case',
};

export function screeningQueries({ pool, store }: Pick<ServiceContext, 'pool' | 'store'>) {
  const screenCandidates: Handler<typeof op> = async (call) => {
    if (call.actor.office !== 'publicity-dept')
      throw new DomainException(
        refusal('FORBIDDEN', 403, '只有组宣部可以发起廉政意见核查', 'only the publicity department asks for a screening'),
      );
    const candidates = [];
    for (const c of call.payload.candidates) {
      const { rows } = await pool.query<{ number: string; status: string }>(
        `SELECT number, status FROM ${store.schema}.clue_ledger
          WHERE (clue_id = ANY($1::text[])
                 OR clue_id IN (SELECT clue_id FROM ${store.schema}.cadre_clues WHERE cadre_id = $3))
            AND status = ANY($2::text[]) ORDER BY number LIMIT 100`,
        [c.refs, Object.keys(OPEN), c.cadreId],
      );
      candidates.push({ cadreId: c.cadreId, findings: rows.map((r) => ({ kind: OPEN[r.status]!, number: r.number })) });
    }
    return { candidates };
  };
  return { screenCandidates };
}

/** The operation table's row (service to service: the gateway routes none). */
export const screeningRoutes = (ctx: Pick<ServiceContext, 'pool' | 'store'>): RpcRoute[] =>
  routeTable({ screenCandidates: op }, screeningQueries(ctx));
