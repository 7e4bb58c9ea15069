// 信访室's screening for an integrity opinion request (组宣部, docs/adr/0017): the open petitions about
// each candidate. Petitions carry no cadre id (the accused is named as written), so the match is the
// accused's name and unit on the office's own list: a proposal, which a person of 信访室 confirms in
// the publicity service, since names are ambiguous. The answer is numbers and kinds only. Only the
// publicity service asks (its system actor, office `publicity-dept`); any other caller is refused.
import { DomainException, screeningOperations } from '@jiandu/contracts';
import { refusal } from '@jiandu/decision';
import { routeTable, type Handler, type RpcRoute, type ServiceContext } from '@jiandu/runtime';

const op = screeningOperations.petitions.screenCandidates;
/** A petition is open until it is concluded, or until it leaves this office's hands unaccepted. */
const CLOSED = [
  'not-accepted',
  'forwarded-to-superior',
  'forwarded-to-subordinate',
  'duplicate-filed',
  'concluded',
  'feedback-delivered',
];

export function screeningQueries({ pool, store }: Pick<ServiceContext, 'pool' | 'store'>) {
  const screenCandidates: Handler<typeof op> = async (call) => {
    if (call.actor.office !== 'publicity-dept')
      throw new DomainException(
        refusal('FORBIDDEN', 403, '只有组宣部可以发起廉政意见核查', 'only the publicity department asks for a screening'),
      );
    const candidates = [];
    for (const c of call.payload.candidates) {
      const { rows } = await pool.query<{ petition_id: string }>(
        `SELECT petition_id FROM ${store.schema}.petition_list
          WHERE accused_name = $1 AND unit_id = $2 AND NOT (status = ANY($3::text[])) AND registered_at < ($4::date + 1)
          ORDER BY registered_at, petition_id LIMIT 100`,
        [c.name, c.unitId, CLOSED, call.payload.onDate],
      );
      candidates.push({ cadreId: c.cadreId, findings: rows.map((r) => ({ kind: 'petition' as const, number: r.petition_id })) });
    }
    return { candidates };
  };
  return { screenCandidates };
}

/** The operation table's row (service to service: the gateway routes none). */
export const screeningRoutes = (ctx: Pick<ServiceContext, 'pool' | 'store'>): RpcRoute[] =>
  routeTable({ screenCandidates: op }, screeningQueries(ctx));
