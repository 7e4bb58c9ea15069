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

/**
 * A row's dated steps that a series counts: `step(date, name, n)` says that figure `name` of the
 * period holding `date` (a day, or an instant read as its Beijing day) adds `n` (1 if not given).
 * Sums and counts only (ratios after, FINISH). A row counts in a period for its steps dated in it.
 */
type Step = (date: string | undefined, name: string, n?: number) => void;
type Tally = (row: StoredRow, step: Step) => void;

/** 案管 quarterly: clues received by source, dispositions approved by kind. */
const caseManagement: Tally = (row, step) => {
  step(row.dates['registeredAt'], `received.source.${row.source ?? 'unknown'}`);
  if (row.kind) step(row.dates['approvedAt'], `disposed.${row.kind}`);
};

/** 信访 monthly: volume, channels, categories, real names, decisions and their times. */
const petitions: Tally = (row, step) => {
  const registered = row.dates['registeredOn'];
  step(registered, `received.channel.${row.source ?? 'unknown'}`);
  for (const code of categoriesOf(row)) step(registered, `received.category.${code}`);
  if (row.facts['realName'] === true) step(registered, 'received.realName');
  const accepted = row.dates['acceptedOn'];
  step(accepted, 'accepted');
  if (registered && accepted) step(accepted, 'accepted.days', daysBetween(registered, accepted));
  step(row.dates['decidedOn'], 'notAccepted');
  step(row.dates['forwardedOn'], 'forwarded');
  step(row.dates['filedOn'], 'duplicates');
  const transferred = row.dates['transferredAt'];
  step(transferred, 'transferred');
  if (registered && transferred) step(transferred, 'transferred.days', daysBetween(registered, beijingDay(transferred)));
};

/** 八项规定: petitions and clues of the category family received in the period. */
const eightRules = (ledger: LedgerName): Tally => {
  const date = ledger === 'petitions' ? 'registeredOn' : 'registeredAt';
  return (row, step) => {
    if (inSeries(row, 'eight-rules')) step(row.dates[date], ledger);
  };
};

/** Supervision: inquiries, verifications, recommendations and rectifications of the period. */
const supervision =
  (ledger: LedgerName): Tally =>
  (row, step) => {
    const facts = row.facts;
    switch (ledger) {
      case 'inquiries': {
        const opened = row.dates['openedOn'];
        step(opened, 'inquiries.opened');
        if (facts['round'] === 2) step(opened, 'inquiries.opened.secondRound');
        step(row.dates['conductedOn'], `inquiries.conducted.${String(facts['mode'])}`);
        if (row.state === 'concluded') {
          step(row.closedOn, `inquiries.outcome.${row.kind ?? 'unknown'}`);
          step(row.closedOn, `inquiries.concluded.mode.${typeof facts['mode'] === 'string' ? facts['mode'] : 'unknown'}`);
        }
        return;
      }
      case 'verifications':
        step(row.dates['openedOn'], 'verifications.opened');
        step(row.dates['extendedOn'], 'verifications.extended');
        if (row.state === 'decided') {
          step(row.closedOn, `verifications.decision.${row.kind ?? 'unknown'}`);
          if (facts['onTime'] === true) step(row.closedOn, 'verifications.decided.onTime');
        }
        return;
      case 'recommendations':
        step(row.dates['issuedOn'], 'recommendations.issued');
        if (row.state === 'refused') step(row.closedOn, 'recommendations.refused');
        step(row.dates['respondedOn'], 'recommendations.responded');
        if (facts['late'] === false) step(row.dates['respondedOn'], 'recommendations.responded.onTime');
        return;
      case 'rectifications':
        step(row.dates['openedOn'], 'rectifications.opened');
        step(row.dates['reopenedOn'], 'rectifications.reopened');
        if (row.state === 'verified') {
          step(row.closedOn, 'rectifications.verified');
          if (facts['late'] === false) step(row.closedOn, 'rectifications.verified.onTime');
        }
        return;
    }
  };

/** 审查调查 and 审理: cases filed and not filed, sent to review and back, sanctions by side and kind, 建议书. */
const casesAndReviews =
  (ledger: LedgerName): Tally =>
  (row, step) => {
    const facts = row.facts;
    switch (ledger) {
      case 'cases':
        step(row.dates['filedOn'], 'cases.filed');
        step(row.dates['rejectedOn'], 'cases.filingRejected');
        step(row.dates['transferredOn'], 'cases.transferredToReview');
        return;
      case 'reviews': {
        step(row.dates['returnedOn'], 'reviews.returned');
        const decided = row.dates['decidedOn'];
        step(decided, 'reviews.sanctioned');
        for (const side of ['party', 'governmental'] as const) {
          const kind = facts[`${side}Sanction`];
          if (typeof kind !== 'string') continue;
          step(decided, `sanctions.${side}.${kind}`);
        }
        if (row.state === 'concluded-without-sanction') {
          step(row.dates['concludedOn'], `reviews.outcome.${row.kind ?? 'unknown'}`);
        }
        return;
      }
      case 'supervision-advice':
        step(row.dates['issuedOn'], 'advice.issued');
        return;
    }
  };

/** 廉政意见回复 by conclusion, and 舆情 forwarded to 案管. */
const publicity =
  (ledger: LedgerName): Tally =>
  (row, step) => {
    if (ledger === 'integrity-opinions') {
      const replied = row.dates['repliedOn'];
      step(replied, 'opinions.requests');
      step(replied, 'opinions.candidates', Number(row.facts['candidates'] ?? 0));
      for (const [name, n] of Object.entries(row.facts)) {
        if (name.startsWith('conclusion.') && typeof n === 'number') step(replied, `opinions.${name}`, n);
      }
    }
    if (ledger === 'public-opinion') {
      step(row.dates['forwardedOn'], `publicOpinion.source.${row.source ?? 'unknown'}`);
    }
  };

/**
 * Totals that are the sums of their parts: every step of a part is a step of the total (each
 * clue received has one source, each disposition one kind), so the tallies step the parts only
 * and the totals are added here (half the steps to keep and to sum).
 */
const TOTALS: Record<string, readonly [total: string, partsPrefix: string][]> = {
  'case-management-quarterly': [
    ['received', 'received.source.'],
    ['disposed', 'disposed.'],
  ],
  'petitions-monthly': [['received', 'received.channel.']],
  'supervision-quarterly': [
    ['inquiries.conducted', 'inquiries.conducted.'],
    ['inquiries.concluded', 'inquiries.outcome.'],
    ['verifications.decided', 'verifications.decision.'],
  ],
  'cases-quarterly': [
    ['sanctions.party', 'sanctions.party.'],
    ['sanctions.governmental', 'sanctions.governmental.'],
    ['reviews.concludedWithoutSanction', 'reviews.outcome.'],
  ],
  'integrity-opinions-quarterly': [['publicOpinion.forwarded', 'publicOpinion.source.']],
};

const addTotals = (series: string, f: Figures) => {
  for (const [total, prefix] of TOTALS[series] ?? []) {
    let sum = 0;
    for (const [name, n] of Object.entries(f)) if (name.startsWith(prefix)) sum += n;
    f[total] = sum;
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

/** The series that count a ledger's rows, each with its tally of them. */
const TALLIES_OF = new Map<string, [series: string, tally: Tally][]>();
for (const [series, definition] of Object.entries(SERIES)) {
  for (const ledger of definition.ledgers) {
    const list = TALLIES_OF.get(ledger) ?? [];
    list.push([series, definition.tally(ledger)]);
    TALLIES_OF.set(ledger, list);
  }
}

/**
 * A row's dated steps of every series that counts its ledger, as three parallel lists: the Beijing
 * day, the figure (`series:name`, STEP_SEPARATOR) and the number it adds. The projection keeps them
 * with each version (ledger_rows.step_days, step_figures, step_counts) and a period statistic sums
 * those dated in the period where they are (readStepSums); `seriesFigures` sums the same steps of
 * rows in memory (the tests' reference computation).
 */
export interface RowSteps {
  days: string[];
  figures: string[];
  counts: number[];
}
export const STEP_SEPARATOR = ':';

export function stepsOf(row: StoredRow): RowSteps {
  const steps: RowSteps = { days: [], figures: [], counts: [] };
  for (const [series, tally] of TALLIES_OF.get(row.ledger) ?? []) {
    tally(row, (date, name, n = 1) => {
      const day = dayOf(date);
      if (day === undefined) return;
      steps.days.push(day);
      steps.figures.push(`${series}${STEP_SEPARATOR}${name}`);
      steps.counts.push(n);
    });
  }
  return steps;
}

/** The Beijing day of a date or an instant (undefined for none, or for what is neither). */
export function dayOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.length === 10) return value;
  return Number.isNaN(Date.parse(value)) ? undefined : beijingDay(value);
}

/** A sum of a series' steps in a period: one figure, of one group when grouped. */
export interface StepSum {
  /** The group's key (`unknown` for rows without one); absent when not grouped. */
  key?: string;
  /** The figure's name without its series. */
  name: string;
  n: number;
}

/** A series' figures for a period from the sums of its steps, in total and per group when `by` is given (groups sorted by key). */
export function figuresOfSums(
  series: string,
  sums: Iterable<StepSum>,
  by: Grouping | undefined,
): { groups: Group[]; totals: Group } {
  const definition = SERIES[series];
  if (!definition) throw new Error(`unknown series ${series}`);
  const fresh = (key: string): Group => ({ key, figures: Object.fromEntries(definition.always.map((n) => [n, 0])) });
  const totals = fresh('total');
  const groups = new Map<string, Group>();
  for (const { key, name, n } of sums) {
    add(totals.figures, name, n);
    if (!by) continue;
    const k = key ?? 'unknown';
    let group = groups.get(k);
    if (!group) groups.set(k, (group = fresh(k)));
    add(group.figures, name, n);
  }
  const finish = FINISH[series];
  const all = [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const g of [totals, ...all]) {
    addTotals(series, g.figures);
    finish?.(g.figures);
  }
  return { groups: all, totals };
}

/** The sums of a series' steps dated in the range, of rows held in memory (grouped by `by`). */
export function sumSteps(
  series: string,
  rows: Iterable<StoredRow>,
  range: PeriodRange,
  by: Grouping | undefined,
  steps: (row: StoredRow) => RowSteps = stepsOf,
): StepSum[] {
  const prefix = `${series}${STEP_SEPARATOR}`;
  const sums = new Map<string, StepSum>();
  for (const row of rows) {
    const { days, figures, counts } = steps(row);
    const key = by ? (KEY_OF[by](row) ?? 'unknown') : undefined;
    for (let i = 0; i < days.length; i++) {
      const day = days[i] as string;
      const figure = figures[i] as string;
      if (day < range.from || day > range.to || !figure.startsWith(prefix)) continue;
      const name = figure.slice(prefix.length);
      const id = `${key ?? ''}\u0000${name}`;
      const sum = sums.get(id);
      if (sum) sum.n += counts[i] as number;
      else sums.set(id, { ...(key === undefined ? {} : { key }), name, n: counts[i] as number });
    }
  }
  return [...sums.values()];
}

/** A series' figures for a period from rows held in memory (the reference the tests compare with). */
export function seriesFigures(
  series: string,
  rows: Readonly<Partial<Record<LedgerName, readonly StoredRow[]>>>,
  range: PeriodRange,
  by: Grouping | undefined,
): { groups: Group[]; totals: Group } {
  const definition = SERIES[series];
  if (!definition) throw new Error(`unknown series ${series}`);
  const all = definition.ledgers.flatMap((ledger) => rows[ledger] ?? []);
  return figuresOfSums(series, sumSteps(series, all, range, by), by);
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
