// The ledgers and the clock board as the contract shows them, at now or at `asOf`.
import type { Pool } from 'pg';
import { analyticsOperations as ops, BOARD_CLOCK_STATES, DomainException, invalid, type LedgerRow } from '@jiandu/contracts';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import type { StoredRow } from '../domain/ledgers.js';
import { readLedgerPage } from '../projections/ledgers.projection.js';
import { optional, readInstant, rowScope } from './scope.js';

type BoardRow = ResponseOf<typeof ops.readClockBoard>['items'][number];

/** The row as the API shows it (the stored row carries its ledger besides). */
export function toLedgerRow(row: StoredRow): LedgerRow {
  const { ledger: _ledger, ...shown } = row;
  return shown;
}

const boardState = (state: string): BoardRow['state'] =>
  (BOARD_CLOCK_STATES as readonly string[]).includes(state) ? (state as BoardRow['state']) : 'running';

function toBoardRow(row: StoredRow): BoardRow {
  const f = row.facts;
  return {
    id: row.id,
    service: String(f['service']),
    measures: String(f['measures']),
    rule: String(f['rule']),
    subject: String(f['subject']),
    ...optional('office', row.office),
    ...optional('unitId', row.unitId),
    ...optional('zoneId', row.zoneId),
    ...optional('startedOn', row.dates['startedOn']),
    dueOn: row.dueOn ?? '',
    provisional: f['provisional'] === true,
    state: boardState(row.state),
    ...optional('approachingAt', row.dates['approachingAt']),
    ...optional('breachedAt', row.dates['breachedAt']),
    ...optional('extendedAt', row.dates['extendedAt']),
    ...optional('extensions', typeof f['extensions'] === 'number' ? f['extensions'] : undefined),
    ...optional('stoppedOn', row.dates['stoppedOn']),
  };
}

export function ledgerQueries(pool: Pool, schema: string, now: () => Date) {
  const readLedger: Handler<typeof ops.readLedger> = async (call) => {
    const p = call.payload;
    if (p.openedFrom && p.openedTo && p.openedFrom > p.openedTo) {
      throw new DomainException(
        invalid(
          [{ path: 'openedTo', message: { zh: '结束日期不得早于开始日期', en: 'openedTo must not be before openedFrom' } }],
          'INVALID_RANGE',
        ),
      );
    }
    const scope = rowScope(call.actor, p.ledger);
    const { at, current } = readInstant(p.asOf, now());
    const page = p.page ?? 1;
    const pageSize = p.pageSize ?? 20;
    const { rows, total } = await readLedgerPage(
      pool,
      schema,
      { ...p, ledger: p.ledger, asOf: at, current, sort: p.sort ?? 'openedAt', order: p.order ?? 'asc', page, pageSize },
      scope,
    );
    return { ledger: p.ledger, items: rows.map(toLedgerRow), total, asOf: at.toISOString() };
  };
  const readClockBoard: Handler<typeof ops.readClockBoard> = async (call) => {
    const p = call.payload;
    const scope = rowScope(call.actor, 'clocks');
    const { at, current } = readInstant(p.asOf, now());
    const { rows, total } = await readLedgerPage(
      pool,
      schema,
      {
        ledger: 'clocks',
        asOf: at,
        current,
        state: p.state,
        office: p.office,
        unitId: p.unitId,
        sort: 'dueOn',
        order: 'asc',
        page: p.page ?? 1,
        pageSize: p.pageSize ?? 20,
      },
      scope,
    );
    return { items: rows.map(toBoardRow), total, asOf: at.toISOString() };
  };
  return { readLedger, readClockBoard };
}
