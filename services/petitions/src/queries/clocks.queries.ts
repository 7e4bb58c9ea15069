// The petition clocks (受理或转送 5 WD, 实名举报受理告知 15 WD, 结果反馈 15 WD), as the contract shows
// them; GET /api/v1/clocks merges them with every other service's. Need to know: the petition
// office acts on them; 案管, 党风政风监督室 and leadership see all; any other office has none here
// (an empty list, so that the merged list still answers).
import type { petitionOperations as ops } from '@jiandu/contracts';
import { clockList } from '@jiandu/deadlines';
import type { Handler, ServiceContext } from '@jiandu/runtime';

export const PETITION_CLOCK_READERS: readonly string[] = ['petition-office', 'case-management', 'conduct-office', 'leadership'];

export function clockQueries({ pool, store }: Pick<ServiceContext, 'pool' | 'store'>) {
  const listClocks: Handler<typeof ops.listClocks> = (call) =>
    clockList(
      pool,
      store.schema,
      call.payload,
      PETITION_CLOCK_READERS.includes(call.actor.office) ? { all: true } : { offices: [] },
    );
  return { listClocks };
}
