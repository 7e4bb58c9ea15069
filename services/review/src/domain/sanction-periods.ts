// The effect periods (影响期) of sanctions: configurable defaults, each citing its rule. A period
// starts on the decision's day and ends N months later (its last day, as the Civil Code counts a
// period: the start day is not counted); 开除 (governmental) is permanent. 留党察看's period is the
// probation (1 or 2 years) followed by the period of 撤销党内职务's restriction.
import {
  GOVERNMENTAL_SANCTIONS,
  PARTY_SANCTIONS,
  SANCTION_LABELS,
  type GovernmentalSanctionKind,
  type PartySanction,
  type PartySanctionKind,
  type SanctionSide,
} from '@jiandu/contracts';

/** Months of each period; null: permanent. */
export interface SanctionPeriods {
  party: Record<PartySanctionKind, number>;
  governmental: Record<GovernmentalSanctionKind, number | null>;
}

export const DEFAULT_SANCTION_PERIODS: SanctionPeriods = {
  party: {
    warning: 12,
    'serious-warning': 18,
    'removal-from-party-post': 24,
    /** After the probation: as 撤销党内职务. */
    probation: 24,
    expulsion: 60,
  },
  governmental: { warning: 6, demerit: 12, 'major-demerit': 18, demotion: 24, 'dismissal-from-post': 24, expulsion: null },
};

/** The rule each period cites (中国共产党纪律处分条例, 公职人员政务处分法). */
export const SANCTION_RULES: {
  party: Record<PartySanctionKind, string>;
  governmental: Record<GovernmentalSanctionKind, string>;
} = {
  party: {
    warning: '纪律处分条例第十条：警告，一年内不得在党内提升职务',
    'serious-warning': '纪律处分条例第十条：严重警告，一年半内不得在党内提升职务',
    'removal-from-party-post': '纪律处分条例第十一条：撤销党内职务，二年内不得担任相当或高于原任职务',
    probation: '纪律处分条例第十二条：留党察看期满恢复党员权利后二年内不得担任相当或高于原任职务',
    expulsion: '纪律处分条例第十三条：开除党籍，五年内不得重新入党',
  },
  governmental: {
    warning: '政务处分法第八条：警告，六个月',
    demerit: '政务处分法第八条：记过，十二个月',
    'major-demerit': '政务处分法第八条：记大过，十八个月',
    demotion: '政务处分法第八条：降级，二十四个月',
    'dismissal-from-post': '政务处分法第八条：撤职，二十四个月',
    expulsion: '政务处分法第八条：开除，不再录用',
  },
};

/** The environment variable that overrides one default, e.g. SANCTION_MONTHS_GOVERNMENTAL_MAJOR_DEMERIT. */
export const periodVariable = (side: SanctionSide, kind: string): string =>
  `SANCTION_MONTHS_${side}_${kind}`.toUpperCase().replace(/-/g, '_');

export const SANCTION_PERIOD_KEYS: Array<[SanctionSide, string]> = [
  ...PARTY_SANCTIONS.map((k): [SanctionSide, string] => ['party', k]),
  ...GOVERNMENTAL_SANCTIONS.filter((k) => k !== 'expulsion').map((k): [SanctionSide, string] => ['governmental', k]),
];

/** `date` plus `months` calendar months, clamped to the month's last day (no shift to a working day). */
export function plusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface Effect {
  effectiveFrom: string;
  effectiveUntil?: string;
  rule: string;
}

export function partyEffect(sanction: PartySanction, decidedOn: string, periods: SanctionPeriods): Effect {
  const probation = sanction.kind === 'probation' ? sanction.probationYears * 12 : 0;
  const months = probation + periods.party[sanction.kind];
  const label = SANCTION_LABELS.party[sanction.kind];
  const rule = `${SANCTION_RULES.party[sanction.kind]}（${label}，影响期 ${months} 个月）`;
  return { effectiveFrom: decidedOn, effectiveUntil: plusMonths(decidedOn, months), rule };
}

export function governmentalEffect(kind: GovernmentalSanctionKind, decidedOn: string, periods: SanctionPeriods): Effect {
  const months = periods.governmental[kind];
  if (months === null) return { effectiveFrom: decidedOn, rule: SANCTION_RULES.governmental[kind] };
  const rule = `${SANCTION_RULES.governmental[kind]}（影响期 ${months} 个月）`;
  return { effectiveFrom: decidedOn, effectiveUntil: plusMonths(decidedOn, months), rule };
}

/** In effect on `day`: from its first day through its last (a permanent one from its first day on). */
export const inEffectOn = (effect: Pick<Effect, 'effectiveFrom' | 'effectiveUntil'>, day: string): boolean =>
  effect.effectiveFrom <= day && (effect.effectiveUntil === undefined || day <= effect.effectiveUntil);
