// gatherList against its definition: for any rows the services hold and any page asked for, the
// page is the slice of all rows in the common order, and the total their sum, whatever the services'
// page size forces (a service with more than 200 rows is read page by page).
import fc from 'fast-check';
import { clocksOperation, type ApiOperation } from '@jiandu/contracts';
import { gatherList } from '../src/forward.js';

const OPERATIONS = [clocksOperation('petitions'), clocksOperation('case-management'), clocksOperation('supervision')];
type Row = { id: string; dueOn: string };
const order = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a['dueOn']).localeCompare(String(b['dueOn'])) || String(a['id']).localeCompare(String(b['id']));

/** Services holding `rows[i]`, answering as a list query does (sorted, paged, at most 200). */
function services(rows: Row[][]) {
  const sorted = rows.map((list) => [...list].sort(order));
  const asked: { service: string; page: number; pageSize: number }[] = [];
  const call = async (operation: ApiOperation, payload: unknown) => {
    const { page, pageSize } = payload as { page: number; pageSize: number };
    if (pageSize > 200) throw new Error(`pageSize ${pageSize} exceeds the contract`);
    asked.push({ service: operation.service, page, pageSize });
    const list = sorted[OPERATIONS.indexOf(operation as (typeof OPERATIONS)[number])] ?? [];
    return { items: list.slice((page - 1) * pageSize, page * pageSize), total: list.length };
  };
  return { call, asked };
}

const rowsOf = (prefix: string) =>
  fc
    .array(fc.record({ n: fc.nat(10_000), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 450 })
    .map((xs) => xs.map(({ n, day }, i) => ({ id: `${prefix}-${n}-${i}`, dueOn: `2026-02-${String(day).padStart(2, '0')}` })));

describe('gatherList', () => {
  it('answers the page of the merged order and the summed total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(rowsOf('p'), rowsOf('c'), rowsOf('s')),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 200 }),
        async (rows, page, pageSize) => {
          const { call } = services(rows);
          const answer = await gatherList({ operations: OPERATIONS, order }, { page, pageSize }, call, 5_000);
          const all = rows.flat().sort(order);
          expect(answer.total).toBe(all.length);
          expect(answer.items).toEqual(all.slice((page - 1) * pageSize, page * pageSize));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('asks no service past the first page when the page lies beyond every row', async () => {
    const { call, asked } = services([[{ id: 'a', dueOn: '2026-01-01' }], [], []]);
    expect(await gatherList({ operations: OPERATIONS, order }, { page: 500, pageSize: 200 }, call, 5_000)).toEqual({
      items: [],
      total: 1,
    });
    expect(asked.every((a) => a.page === 1)).toBe(true);
  });

  it('gives up with 503 once the shared budget is spent', async () => {
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { items: Array.from({ length: 200 }, (_, i) => ({ id: `x${i}`, dueOn: '2026-01-01' })), total: 100_000 };
    };
    await expect(gatherList({ operations: OPERATIONS, order }, { page: 50, pageSize: 200 }, slow, 100)).rejects.toMatchObject({
      error: { code: 'SERVICE_UNAVAILABLE' },
    });
  });
});
