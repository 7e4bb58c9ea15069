// Period statistics and a unit's political-ecology indicators (docs/analytics.md states each
// formula), computed by the pure functions of domain/statistics.ts from the ledger rows as they
// stood at `asOf` (default now), narrowed to what the caller may see.
import type { Pool } from 'pg';
import { isSupervisionOffice } from '@jiandu/access';
import { analyticsOperations as ops, DomainException, invalid, notFound, type LedgerName } from '@jiandu/contracts';
import type { Handler } from '@jiandu/runtime';
import { beijingDay } from '../domain/ledgers.js';
import { periodRange } from '../domain/periods.js';
import { zoneOfFrom } from '../domain/registry.js';
import { ecologyIndicators, figuresOfSums, SERIES, type StepSum } from '../domain/statistics.js';
import { readLedgerRows, readStepSums, type RowScope } from '../projections/ledgers.projection.js';
import { findUnit } from '../projections/registry.projection.js';
import { readInstant, rowScope } from './scope.js';

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
    const definition = SERIES[p.series];
    if (!definition) throw new DomainException(notFound({ zh: '统计序列', en: 'series' }, 'SERIES_NOT_FOUND'));
    // Every ledger of the series must be readable by the caller (信访室: the petitions series only).
    const scopes = definition.ledgers.map((ledger) => [ledger, rowScope(call.actor, ledger)] as const);
    const { at, current } = readInstant(p.asOf, now());
    // The ledgers the caller sees alike are summed in one statement.
    const byScope = new Map<string, { scope: RowScope; ledgers: LedgerName[] }>();
    for (const [ledger, scope] of scopes) {
      const same = byScope.get(JSON.stringify(scope)) ?? { scope, ledgers: [] };
      same.ledgers.push(ledger);
      byScope.set(JSON.stringify(scope), same);
    }
    const sums: StepSum[] = [];
    for (const { scope, ledgers } of byScope.values()) {
      const filter = { ledger: ledgers, asOf: at, current, activeWithin: range };
      sums.push(...(await readStepSums(pool, schema, p.series, filter, scope, p.by)));
    }
    const { groups, totals } = figuresOfSums(p.series, sums, p.by);
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

  const readUnitEcology: Handler<typeof ops.readUnitEcology> = async (call) => {
    const { unitId, year } = call.payload;
    rowScope(call.actor, 'clues'); // the offices that read clue figures (信访室 does not)
    const { at, current } = readInstant(call.payload.asOf, now());
    const unit = await findUnit(pool, schema, unitId);
    const zoneId = unit ? zoneOfFrom(unit.zones)(unitId, beijingDay(at.toISOString())) : undefined;
    // A supervision office reaches the units of its zones; another's answers as one that does not exist.
    if (!unit || (isSupervisionOffice(call.actor) && (!zoneId || !call.actor.zones.includes(zoneId)))) {
      throw new DomainException(notFound({ zh: '单位', en: 'unit' }, 'UNIT_NOT_FOUND'));
    }
    const rows = await readLedgerRows(pool, schema, { ledger: '*', asOf: at, current, unitId }, { all: true });
    return {
      unitId,
      year,
      ...(zoneId ? { zoneId } : {}),
      staffCount: unit.staffCount,
      asOf: at.toISOString(),
      indicators: ecologyIndicators({ staffCount: unit.staffCount, year, rows }),
    };
  };
  return { readStatistics, readUnitEcology };
}
