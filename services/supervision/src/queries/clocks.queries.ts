// The running, breached and met clocks, as the contract shows them.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import { listClocks } from '@jiandu/deadlines';
import type { Handler } from '@jiandu/runtime';
import { optional, scopeOf } from './scope.js';

export function clockQueries(pool: Pool, schema: string) {
  const list: Handler<typeof ops.listClocks> = async (call) => {
    const { state, office, page = 1, pageSize = 20 } = call.payload;
    const scope = scopeOf(call.actor, 'clocks');
    const result = await listClocks(pool, schema, { state, office: 'office' in scope ? scope.office : office, page, pageSize });
    const items = result.items.map((c) => ({
      id: c.id,
      measures: c.measures,
      rule: c.rule,
      subject: c.subject,
      ...optional('office', c.office),
      ...optional('unitId', c.unitId),
      startedOn: c.startedOn,
      dueOn: c.dueOn,
      provisional: c.provisional,
      state: c.state,
    }));
    return { items, total: result.total };
  };
  return { list };
}
