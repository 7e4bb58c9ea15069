// Period statistics (docs/analytics.md states each formula). The first series, 案管 quarterly:
// clues received in the period by source, and the dispositions approved in it by kind, per unit,
// zone, office or category, computed from the clues ledger as it stood at `asOf` (default now).
import type { Pool } from 'pg';
import { analyticsOperations as ops, DomainException, invalid } from '@jiandu/contracts';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { beijingDay, type StoredRow } from '../domain/ledgers.js';
import { periodRange, type PeriodRange } from '../domain/periods.js';
import { readLedgerRows } from '../projections/ledgers.projection.js';
import { readInstant, rowScope } from './scope.js';

type Statistics = ResponseOf<typeof ops.readStatistics>;
type Group = Statistics['groups'][number];
export type Grouping = NonNullable<Statistics['by']>;

const inRange = (instant: string | undefined, range: PeriodRange) => {
  if (!instant) return false;
  const day = beijingDay(instant);
  return day >= range.from && day <= range.to;
};

const KEY_OF: Record<Grouping, (row: StoredRow) => string | undefined> = {
  unit: (r) => r.unitId,
  zone: (r) => r.zoneId,
  office: (r) => r.office,
  category: (r) => r.category,
};

const emptyGroup = (key: string): Group => ({ key, received: 0, bySource: {}, dispositions: {} });
const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

/** The 案管 quarterly figures of the clue rows for a period (pure: the reference computation too). */
export function caseManagementFigures(
  clues: readonly StoredRow[],
  range: PeriodRange,
  by: Grouping | undefined,
): { groups: Group[]; totals: Group } {
  const groups = new Map<string, Group>();
  const totals = emptyGroup('total');
  for (const row of clues) {
    const received = inRange(row.dates['registeredAt'], range);
    const disposed = inRange(row.dates['approvedAt'], range) && row.kind !== undefined;
    if (!received && !disposed) continue;
    const targets = [totals];
    if (by) {
      const key = KEY_OF[by](row) ?? 'unknown';
      let group = groups.get(key);
      if (!group) groups.set(key, (group = emptyGroup(key)));
      targets.push(group);
    }
    for (const g of targets) {
      if (received) {
        g.received++;
        bump(g.bySource, row.source ?? 'unknown');
      }
      if (disposed) bump(g.dispositions, row.kind as string);
    }
  }
  return { groups: [...groups.values()].sort((a, b) => a.key.localeCompare(b.key)), totals };
}

export function statisticsQueries(pool: Pool, schema: string, now: () => Date) {
  const readStatistics: Handler<typeof ops.readStatistics> = async (call) => {
    const p = call.payload;
    const range = periodRange(p.period);
    if (!range) {
      throw new DomainException(
        invalid(
          [{ path: 'period', message: { zh: '统计期格式不正确', en: 'the period is not a year, half, quarter or month' } }],
          'INVALID_PERIOD',
        ),
      );
    }
    const scope = rowScope(call.actor, 'clues');
    const { at, current } = readInstant(p.asOf, now());
    const clues = await readLedgerRows(pool, schema, { ledger: 'clues', asOf: at, current }, scope);
    const { groups, totals } = caseManagementFigures(clues, range, p.by);
    return {
      series: p.series,
      period: p.period,
      from: range.from,
      to: range.to,
      ...(p.by ? { by: p.by } : {}),
      asOf: at.toISOString(),
      groups,
      totals,
    };
  };
  return { readStatistics };
}
