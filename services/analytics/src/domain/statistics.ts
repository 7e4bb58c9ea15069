// Period statistics and political-ecology indicators as pure functions of ledger rows (the rows a
// ledger held at an instant). docs/analytics.md states every formula; the tests compute the same
// figures from folded events and compare.
import { OPINION_CONCLUSIONS, seriesOf, type CategoryCode, type CategorySeries, type LedgerName } from '@jiandu/contracts';
import { beijingDay, type StoredRow } from './ledgers.js';
import type { PeriodRange } from './periods.js';

export type Grouping = 'unit' | 'zone' | 'office' | 'category';
export type Figures = Record<string, number>;
export interface Group {
  key: string;
  figures: Figures;
}

/** Whether an ISO date or date-time falls on a Beijing day within the range. */
export function within(value: string | undefined, range: PeriodRange): boolean {
  if (!value) return false;
  const day = value.length === 10 ? value : beijingDay(value);
  return day >= range.from && day <= range.to;
}

const KEY_OF: Record<Grouping, (row: StoredRow) => string | undefined> = {
  unit: (r) => r.unitId,
  zone: (r) => r.zoneId,
  office: (r) => r.office,
  category: (r) => r.category,
};

const add = (f: Figures, name: string, n = 1) => (f[name] = (f[name] ?? 0) + n);
const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);
/** Whole calendar days from one day to another (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The categories a row carries (its coded list, else its first category). */
const categoriesOf = (row: StoredRow): string[] => {
  const list = row.facts['categories'];
  return typeof list === 'string' && list !== '' ? list.split(',') : row.category ? [row.category] : [];
};
const inSeries = (row: StoredRow, series: CategorySeries) =>
  categoriesOf(row).some((code) => seriesOf(code as CategoryCode) === series);

/** One row's contribution to a group's figures in a period; sums and counts only (ratios after). */
type Tally = (row: StoredRow, range: PeriodRange, f: Figures) => void;

/** 案管 quarterly: clues received by source, dispositions approved by kind. */
const caseManagement: Tally = (row, range, f) => {
  if (within(row.dates['registeredAt'], range)) {
    add(f, 'received');
    add(f, `received.source.${row.source ?? 'unknown'}`);
  }
  if (row.kind && within(row.dates['approvedAt'], range)) {
    add(f, 'disposed');
    add(f, `disposed.${row.kind}`);
  }
};

/** 信访 monthly: volume, channels, categories, real names, decisions and their times. */
const petitions: Tally = (row, range, f) => {
  const registered = row.dates['registeredOn'];
  if (within(registered, range)) {
    add(f, 'received');
    add(f, `received.channel.${row.source ?? 'unknown'}`);
    for (const code of categoriesOf(row)) add(f, `received.category.${code}`);
    if (row.facts['realName'] === true) add(f, 'received.realName');
  }
  const accepted = row.dates['acceptedOn'];
  if (within(accepted, range)) {
    add(f, 'accepted');
    if (registered && accepted) add(f, 'accepted.days', daysBetween(registered, accepted));
  }
  if (within(row.dates['decidedOn'], range)) add(f, 'notAccepted');
  if (within(row.dates['forwardedOn'], range)) add(f, 'forwarded');
  if (within(row.dates['filedOn'], range)) add(f, 'duplicates');
  const transferred = row.dates['transferredAt'];
  if (within(transferred, range)) {
    add(f, 'transferred');
    if (registered && transferred) add(f, 'transferred.days', daysBetween(registered, beijingDay(transferred)));
  }
};

/** 八项规定: petitions and clues of the category family received in the period. */
const eightRules = (ledger: LedgerName): Tally => {
  const date = ledger === 'petitions' ? 'registeredOn' : 'registeredAt';
  return (row, range, f) => {
    if (within(row.dates[date], range) && inSeries(row, 'eight-rules')) add(f, ledger);
  };
};

/** Supervision: inquiries, verifications, recommendations and rectifications of the period. */
const supervision =
  (ledger: LedgerName): Tally =>
  (row, range, f) => {
    const facts = row.facts;
    switch (ledger) {
      case 'inquiries':
        if (within(row.dates['openedOn'], range)) {
          add(f, 'inquiries.opened');
          if (facts['round'] === 2) add(f, 'inquiries.opened.secondRound');
        }
        if (within(row.dates['conductedOn'], range)) {
          add(f, 'inquiries.conducted');
          add(f, `inquiries.conducted.${String(facts['mode'])}`);
        }
        if (row.state === 'concluded' && within(row.closedOn, range)) {
          add(f, 'inquiries.concluded');
          add(f, `inquiries.outcome.${row.kind ?? 'unknown'}`);
          add(f, `inquiries.concluded.mode.${typeof facts['mode'] === 'string' ? facts['mode'] : 'unknown'}`);
        }
        return;
      case 'verifications':
        if (within(row.dates['openedOn'], range)) add(f, 'verifications.opened');
        if (within(row.dates['extendedOn'], range)) add(f, 'verifications.extended');
        if (row.state === 'decided' && within(row.closedOn, range)) {
          add(f, 'verifications.decided');
          add(f, `verifications.decision.${row.kind ?? 'unknown'}`);
          if (facts['onTime'] === true) add(f, 'verifications.decided.onTime');
        }
        return;
      case 'recommendations':
        if (within(row.dates['issuedOn'], range)) add(f, 'recommendations.issued');
        if (row.state === 'refused' && within(row.closedOn, range)) add(f, 'recommendations.refused');
        if (within(row.dates['respondedOn'], range)) {
          add(f, 'recommendations.responded');
          if (facts['late'] === false) add(f, 'recommendations.responded.onTime');
        }
        return;
      case 'rectifications':
        if (within(row.dates['openedOn'], range)) add(f, 'rectifications.opened');
        if (within(row.dates['reopenedOn'], range)) add(f, 'rectifications.reopened');
        if (row.state === 'verified' && within(row.closedOn, range)) {
          add(f, 'rectifications.verified');
          if (facts['late'] === false) add(f, 'rectifications.verified.onTime');
        }
        return;
    }
  };

/** 审查调查 and 审理: cases filed and not filed, sent to review and back, sanctions by side and kind, 建议书. */
const casesAndReviews =
  (ledger: LedgerName): Tally =>
  (row, range, f) => {
    const facts = row.facts;
    switch (ledger) {
      case 'cases':
        if (within(row.dates['filedOn'], range)) add(f, 'cases.filed');
        if (within(row.dates['rejectedOn'], range)) add(f, 'cases.filingRejected');
        if (within(row.dates['transferredOn'], range)) add(f, 'cases.transferredToReview');
        return;
      case 'reviews':
        if (within(row.dates['returnedOn'], range)) add(f, 'reviews.returned');
        if (within(row.dates['decidedOn'], range)) {
          add(f, 'reviews.sanctioned');
          for (const side of ['party', 'governmental'] as const) {
            const kind = facts[`${side}Sanction`];
            if (typeof kind !== 'string') continue;
            add(f, `sanctions.${side}`);
            add(f, `sanctions.${side}.${kind}`);
          }
        }
        if (row.state === 'concluded-without-sanction' && within(row.dates['concludedOn'], range)) {
          add(f, 'reviews.concludedWithoutSanction');
          add(f, `reviews.outcome.${row.kind ?? 'unknown'}`);
        }
        return;
      case 'supervision-advice':
        if (within(row.dates['issuedOn'], range)) add(f, 'advice.issued');
        return;
    }
  };

/** 廉政意见回复 by conclusion, and 舆情 forwarded to 案管. */
const publicity =
  (ledger: LedgerName): Tally =>
  (row, range, f) => {
    if (ledger === 'integrity-opinions' && within(row.dates['repliedOn'], range)) {
      add(f, 'opinions.requests');
      add(f, 'opinions.candidates', Number(row.facts['candidates'] ?? 0));
      for (const [name, n] of Object.entries(row.facts)) {
        if (name.startsWith('conclusion.') && typeof n === 'number') add(f, `opinions.${name}`, n);
      }
    }
    if (ledger === 'public-opinion' && within(row.dates['forwardedOn'], range)) {
      add(f, 'publicOpinion.forwarded');
      add(f, `publicOpinion.source.${row.source ?? 'unknown'}`);
    }
  };

/** The ratios of a series, from its sums (rates in [0, 1], means in days). */
const FINISH: Record<string, (f: Figures) => void> = {
  'petitions-monthly': (f) => {
    f['received.realNameRate'] = ratio(f['received.realName'] ?? 0, f['received'] ?? 0);
    f['accepted.meanDays'] = ratio(f['accepted.days'] ?? 0, f['accepted'] ?? 0);
    f['transferred.meanDays'] = ratio(f['transferred.days'] ?? 0, f['transferred'] ?? 0);
    delete f['accepted.days'];
    delete f['transferred.days'];
  },
  'supervision-quarterly': (f) => {
    f['verifications.onTimeRate'] = ratio(f['verifications.decided.onTime'] ?? 0, f['verifications.decided'] ?? 0);
    f['recommendations.onTimeRate'] = ratio(
      f['recommendations.responded.onTime'] ?? 0,
      (f['recommendations.responded'] ?? 0) + (f['recommendations.refused'] ?? 0),
    );
    f['rectifications.onTimeRate'] = ratio(f['rectifications.verified.onTime'] ?? 0, f['rectifications.verified'] ?? 0);
    delete f['recommendations.responded.onTime'];
    delete f['verifications.decided.onTime'];
    delete f['rectifications.verified.onTime'];
  },
};

export interface SeriesDefinition {
  /** The ledgers the series counts from. */
  ledgers: readonly LedgerName[];
  tally(ledger: LedgerName): Tally;
  /** Figures always present (0 when nothing counted). */
  always: readonly string[];
}

export const SERIES: Record<string, SeriesDefinition> = {
  'case-management-quarterly': { ledgers: ['clues'], tally: () => caseManagement, always: ['received', 'disposed'] },
  'petitions-monthly': {
    ledgers: ['petitions'],
    tally: () => petitions,
    always: ['received', 'received.realName', 'accepted', 'notAccepted', 'forwarded', 'duplicates', 'transferred'],
  },
  'eight-rules': { ledgers: ['petitions', 'clues'], tally: eightRules, always: ['petitions', 'clues'] },
  'supervision-quarterly': {
    ledgers: ['inquiries', 'verifications', 'recommendations', 'rectifications'],
    tally: supervision,
    always: [
      'inquiries.opened',
      'inquiries.opened.secondRound',
      'inquiries.conducted',
      'inquiries.conducted.talk',
      'inquiries.conducted.letter',
      'inquiries.concluded',
      'verifications.opened',
      'verifications.extended',
      'verifications.decided',
      'recommendations.issued',
      'recommendations.responded',
      'recommendations.refused',
      'rectifications.opened',
      'rectifications.reopened',
      'rectifications.verified',
    ],
  },
  'cases-quarterly': {
    ledgers: ['cases', 'reviews', 'supervision-advice'],
    tally: casesAndReviews,
    always: [
      'cases.filed',
      'cases.filingRejected',
      'cases.transferredToReview',
      'reviews.returned',
      'reviews.sanctioned',
      'sanctions.party',
      'sanctions.governmental',
      'reviews.concludedWithoutSanction',
      'advice.issued',
    ],
  },
  'integrity-opinions-quarterly': {
    ledgers: ['integrity-opinions', 'public-opinion'],
    tally: publicity,
    always: [
      'opinions.requests',
      'opinions.candidates',
      ...OPINION_CONCLUSIONS.map((c) => `opinions.conclusion.${c}`),
      'publicOpinion.forwarded',
    ],
  },
};

/** A series' figures for a period, in total and per group when `by` is given (groups sorted by key). */
export function seriesFigures(
  series: string,
  rows: Readonly<Partial<Record<LedgerName, readonly StoredRow[]>>>,
  range: PeriodRange,
  by: Grouping | undefined,
): { groups: Group[]; totals: Group } {
  const definition = SERIES[series];
  if (!definition) throw new Error(`unknown series ${series}`);
  const fresh = (key: string): Group => ({ key, figures: Object.fromEntries(definition.always.map((n) => [n, 0])) });
  const totals = fresh('total');
  const groups = new Map<string, Group>();
  for (const ledger of definition.ledgers) {
    const tally = definition.tally(ledger);
    for (const row of rows[ledger] ?? []) {
      const scratch: Figures = {};
      tally(row, range, scratch);
      if (Object.keys(scratch).length === 0) continue;
      const targets = [totals];
      if (by) {
        const key = KEY_OF[by](row) ?? 'unknown';
        let group = groups.get(key);
        if (!group) groups.set(key, (group = fresh(key)));
        targets.push(group);
      }
      for (const g of targets) for (const [name, n] of Object.entries(scratch)) add(g.figures, name, n);
    }
  }
  const finish = FINISH[series];
  const all = [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
  if (finish) for (const g of [totals, ...all]) finish(g.figures);
  return { groups: all, totals };
}

// ── 政治生态 indicators of one unit for one year

export interface EcologyInput {
  staffCount: number | undefined;
  year: number;
  /** Rows of every ledger, this unit's, as held at the instant. */
  rows: readonly StoredRow[];
}

const yearRange = (year: number): PeriodRange => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/** Indicators (docs/analytics.md, "政治生态"), each a number; rates in [0, 1]. */
export function ecologyIndicators({ staffCount, year, rows }: EcologyInput): Figures {
  const thisYear = yearRange(year);
  const lastYear = yearRange(year - 1);
  const f: Figures = {};
  const of = (ledger: string) => rows.filter((r) => r.ledger === ledger);
  const petitionsIn = (range: PeriodRange) => of('petitions').filter((r) => within(r.dates['registeredOn'], range)).length;
  const per100 = (n: number) => (staffCount ? Math.round((n / staffCount) * 100 * 100) / 100 : 0);
  f['petitions'] = petitionsIn(thisYear);
  f['petitions.per100Staff'] = per100(f['petitions']);
  f['petitions.previousYear'] = petitionsIn(lastYear);
  f['petitions.per100Staff.previousYear'] = per100(f['petitions.previousYear']);
  f['petitions.per100Staff.trend'] =
    Math.round((f['petitions.per100Staff'] - f['petitions.per100Staff.previousYear']) * 100) / 100;
  f['clues'] = 0;
  f['disposed'] = 0;
  for (const clue of of('clues')) {
    if (within(clue.dates['registeredAt'], thisYear)) add(f, 'clues');
    if (clue.kind && within(clue.dates['approvedAt'], thisYear)) {
      add(f, 'disposed');
      add(f, `disposed.${clue.kind}`);
    }
  }
  f['inquiries.concluded'] = 0;
  for (const inquiry of of('inquiries')) {
    if (inquiry.state === 'concluded' && within(inquiry.closedOn, thisYear)) {
      add(f, 'inquiries.concluded');
      add(f, `inquiries.outcome.${inquiry.kind ?? 'unknown'}`);
    }
  }
  // On time: closed on or before its due date, among those due in the year (an open one past due is late).
  const onTime = (ledger: string, name: string) => {
    let due = 0;
    let met = 0;
    for (const r of of(ledger)) {
      if (!r.dueOn || !within(r.dueOn, thisYear)) continue;
      due++;
      if (r.closedOn && r.closedOn <= r.dueOn && r.state !== 'refused') met++;
    }
    f[`${name}.due`] = due;
    f[`${name}.onTimeRate`] = ratio(met, due);
  };
  onTime('recommendations', 'recommendations');
  onTime('rectifications', 'rectifications');
  f['ecologyReports'] = of('agency-reports').filter((r) => r.kind === 'political-ecology' && r.facts['year'] === year).length;
  f['clocks.breached'] = of('clocks').filter((c) => c.state === 'breached' && within(c.dates['breachedAt'], thisYear)).length;
  return f;
}
