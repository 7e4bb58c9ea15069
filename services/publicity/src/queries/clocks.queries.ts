// The publicity clocks (the reply to an opinion request, the assessment of a 舆情 item), as the
// shared list-clocks contract shows them; GET /api/v1/clocks merges them with every other
// service's. 组宣部 acts on them; 案管, 党风政风监督室 and leadership see all; any other office has
// none here (an empty list, so that the merged list still answers).
import { seesAllZones } from '@jiandu/access';
import type { publicityOperations as ops } from '@jiandu/contracts';
import { clockList } from '@jiandu/deadlines';
import type { Handler, ServiceContext } from '@jiandu/runtime';

export function clockQueries({ pool, store }: Pick<ServiceContext, 'pool' | 'store'>) {
  const listClocks: Handler<typeof ops.listClocks> = (call) =>
    clockList(
      pool,
      store.schema,
      call.payload,
      seesAllZones(call.actor) || call.actor.office === 'publicity-dept' ? { all: true } : { offices: [] },
    );
  return { listClocks };
}
