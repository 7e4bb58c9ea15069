// The running, breached and met clocks, as the contract shows them: 委领导, 党风政风监督室 and 案管 see
// every clock, an office those it must act on (scope.ts).
import type { Pool } from 'pg';
import type { supervisionOperations as ops } from '@jiandu/contracts';
import { clockList } from '@jiandu/deadlines';
import type { Handler } from '@jiandu/runtime';
import { scopeOf } from './scope.js';

export function clockQueries(pool: Pool, schema: string) {
  const list: Handler<typeof ops.listClocks> = (call) => {
    const scope = scopeOf(call.actor, 'clocks');
    if ('all' in scope) return clockList(pool, schema, call.payload, { all: true });
    return clockList(pool, schema, call.payload, { offices: 'office' in scope ? [scope.office] : scope.offices });
  };
  return { list };
}
