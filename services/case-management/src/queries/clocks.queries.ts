// The clue register's clocks (the 30-day disposition clock, the clearance reviews), as the shared
// list-clocks contract shows them; the gateway merges them into GET /api/v1/clocks. Need to know:
// 案管, 党风政风监督室 and leadership see every clock; a 纪检监察室 or 派驻机构 the clocks of its own
// clues; any other office none of these.
import { isDispatchedAgency, isSupervisionOffice, seesAllZones, type Actor } from '@jiandu/access';
import type { caseManagementOperations as ops } from '@jiandu/contracts';
import { clockList, type ClockVisibility } from '@jiandu/deadlines';
import type { Handler, ServiceContext } from '@jiandu/runtime';

function visibility(actor: Actor): ClockVisibility {
  if (seesAllZones(actor)) return { all: true };
  return { offices: isSupervisionOffice(actor) || isDispatchedAgency(actor) ? [actor.office] : [] };
}

export function clockQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>) {
  const listClocks: Handler<typeof ops.listClocks> = (call) =>
    clockList(pool, store.schema, call.payload, visibility(call.actor));
  return { listClocks };
}
