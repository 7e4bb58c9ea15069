// The petition clocks (受理或转送 5 WD, 实名举报受理告知 15 WD, 结果反馈 15 WD), as the contract shows
// them; GET /api/v1/clocks merges them with every other service's. Need to know: the petition
// office acts on them; 案管, 党风政风监督室 and leadership see all; any other office has none here
// (an empty list, so that the merged list still answers).
import { petitionOperations as ops } from '@jiandu/contracts';
import { listClocks } from '@jiandu/deadlines';
import type { Handler, ServiceContext } from '@jiandu/runtime';

export const PETITION_CLOCK_READERS: readonly string[] = ['petition-office', 'case-management', 'conduct-office', 'leadership'];

export function clockQueries({ pool, store }: Pick<ServiceContext, 'pool' | 'store'>) {
  const listClocksHandler: Handler<typeof ops.listClocks> = async (call) => {
    const { state, office, page = 1, pageSize = 20 } = call.payload;
    if (!PETITION_CLOCK_READERS.includes(call.actor.office)) return { items: [], total: 0 };
    const result = await listClocks(pool, store.schema, {
      ...(state === undefined ? {} : { state }),
      ...(office === undefined ? {} : { office }),
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
