// 案管's question when it registers a transferred petition's clue (issue 12, ADR 0018): the accused's
// name, which the public PetitionTransferred no longer carries. Service to service over NATS, never
// routed by the gateway: only the case-management service asks (its system actor, office
// `case-management`), and only about a petition handed to it; any other caller is refused.
import { accusedOperations, DomainException } from '@jiandu/contracts';
import { refusal } from '@jiandu/decision';
import { routeTable, type Handler, type RpcRoute, type ServiceContext } from '@jiandu/runtime';

const op = accusedOperations.readAccused;
/** The petition was handed to 案管: transferred, and possibly concluded since. */
const HANDED_OVER = ['transferred', 'concluded', 'feedback-delivered'];

export function accusedQueries({ pool, store }: Pick<ServiceContext, 'pool' | 'store'>) {
  const readAccused: Handler<typeof op> = async (call) => {
    if (call.actor.office !== 'case-management')
      throw new DomainException(
        refusal(
          'FORBIDDEN',
          403,
          '只有案管室登记线索时可以读取被反映人姓名',
          'only case management, registering the clue, reads the accused',
        ),
      );
    const { petitionId } = call.payload;
    const { rows } = await pool.query<{ accused_name: string }>(
      `SELECT accused_name FROM ${store.schema}.petition_list WHERE petition_id = $1 AND status = ANY($2::text[])`,
      [petitionId, HANDED_OVER],
    );
    const row = rows[0];
    if (!row)
      throw new DomainException(
        refusal('NOT_FOUND', 404, '没有移交案管室的该信访件', `no petition ${petitionId} was transferred to case management`),
      );
    return { petitionId, name: row.accused_name };
  };
  return { readAccused };
}

/** The operation table's row (service to service: the gateway routes none). */
export const accusedRoutes = (ctx: Pick<ServiceContext, 'pool' | 'store'>): RpcRoute[] =>
  routeTable({ readAccused: op }, accusedQueries(ctx));
