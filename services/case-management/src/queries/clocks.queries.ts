// The clue register's clocks (the 30-day disposition clock, the clearance reviews), as the shared
// list-clocks contract shows them; the gateway merges them into GET /api/v1/clocks. Need to know:
// 案管, 党风政风监督室 and leadership see every clock; a 纪检监察室 or 派驻机构 the clocks of its own
// clues; any other office none of these.
import { isDispatchedAgency, isSupervisionOffice, seesAllZones, type Actor } from '@jiandu/access';
import type { caseManagementOperations as ops } from '@jiandu/contracts';
import { listClocks } from '@jiandu/deadlines';
import type { Handler, ServiceContext } from '@jiandu/runtime';

/** Which offices' clocks the caller sees: all (undefined), or only these. */
function clockOffices(actor: Actor): readonly string[] | undefined {
  if (seesAllZones(actor)) return undefined;
  if (isSupervisionOffice(actor) || isDispatchedAgency(actor)) return [actor.office];
  return [];
}

export function clockQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>) {
  const listClocksHandler: Handler<typeof ops.listClocks> = async (call) => {
    const { state, office, page = 1, pageSize = 20 } = call.payload;
    const offices = clockOffices(call.actor);
    const result = await listClocks(pool, store.schema, {
      ...(state === undefined ? {} : { state }),
      ...(office === undefined ? {} : { office }),
      ...(offices === undefined ? {} : { offices }),
      page,
      pageSize,
    });
    const items = result.items.map((c) => ({
      id: c.id,
      measures: c.measures,
      rule: c.rule,
      subject: c.subject,
      ...(c.office ? { office: c.office } : {}),
      ...(c.unitId ? { unitId: c.unitId } : {}),
      startedOn: c.startedOn,
      dueOn: c.dueOn,
      provisional: c.provisional,
      state: c.state,
    }));
    return { items, total: result.total };
  };
  return { listClocks: listClocksHandler };
}
