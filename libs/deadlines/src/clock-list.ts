// One answer to every service's `list-clocks` (libs/contracts/src/api/clocks.ts): the page of the
// service's clocks the caller may see, in the contract's shape. Each service says only who sees
// what (`ClockVisibility`); the query, the paging and the row shape are here, once.
import type { Pool } from 'pg';
import { listClocks } from './clock-store.js';

/** Whose clocks the caller sees here: every office's, only these offices', or none. */
export type ClockVisibility = { all: true } | { offices: readonly string[] };

export interface ClockListRequest {
  state?: 'running' | 'breached' | 'met';
  office?: string;
  page?: number;
  pageSize?: number;
}

/** A row as the contract's `Clock` has it: optional fields absent, never null. */
export interface ClockListItem {
  id: string;
  measures: string;
  rule: string;
  subject: string;
  office?: string;
  unitId?: string;
  startedOn: string;
  dueOn: string;
  provisional: boolean;
  state: 'running' | 'breached' | 'met';
}

/**
 * The page of clocks `request` asks for, narrowed to `visibility`. An office that sees none gets an
 * empty list, not a refusal, so that the gateway's merged GET /api/v1/clocks still answers it.
 */
export async function clockList(
  pool: Pool,
  schema: string,
  request: ClockListRequest,
  visibility: ClockVisibility,
): Promise<{ items: ClockListItem[]; total: number }> {
  const { state, office, page = 1, pageSize = 20 } = request;
  const offices = 'offices' in visibility ? visibility.offices : undefined;
  if (offices?.length === 0) return { items: [], total: 0 };
  const result = await listClocks(pool, schema, {
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
}
