// Sanctions (处分): the party's (纪律处分条例) and the governmental ones (政务处分法), as a case's
// proposal, the review's decision and the public SanctionDecided carry them. One list, kept here:
// the deciders, the events and the review's configuration of effect periods import it.
import { Type, type Static } from '@sinclair/typebox';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** 党纪处分: 警告, 严重警告, 撤销党内职务, 留党察看, 开除党籍. */
export const PARTY_SANCTIONS = ['warning', 'serious-warning', 'removal-from-party-post', 'probation', 'expulsion'] as const;
export const PartySanctionKind = literals(PARTY_SANCTIONS);
export type PartySanctionKind = Static<typeof PartySanctionKind>;

/** 政务处分: 警告, 记过, 记大过, 降级, 撤职, 开除. */
export const GOVERNMENTAL_SANCTIONS = [
  'warning',
  'demerit',
  'major-demerit',
  'demotion',
  'dismissal-from-post',
  'expulsion',
] as const;
export const GovernmentalSanctionKind = literals(GOVERNMENTAL_SANCTIONS);
export type GovernmentalSanctionKind = Static<typeof GovernmentalSanctionKind>;

export const SANCTION_SIDES = ['party', 'governmental'] as const;
export const SanctionSide = literals(SANCTION_SIDES);
export type SanctionSide = Static<typeof SanctionSide>;

/** 留党察看 is for one year or two (纪律处分条例 Art.10); no other kind takes a probation. */
export const PartySanction = Type.Union([
  Type.Object({ kind: literals(PARTY_SANCTIONS.filter((k) => k !== 'probation')) }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('probation'), probationYears: Type.Union([Type.Literal(1), Type.Literal(2)]) },
    { additionalProperties: false },
  ),
]);
export type PartySanction = Static<typeof PartySanction>;
export const GovernmentalSanction = Type.Object({ kind: GovernmentalSanctionKind }, { additionalProperties: false });
export type GovernmentalSanction = Static<typeof GovernmentalSanction>;

/** A party sanction, a governmental one, or both: at least one. */
export const SanctionChoice = Type.Object(
  { party: Type.Optional(PartySanction), governmental: Type.Optional(GovernmentalSanction) },
  { additionalProperties: false, minProperties: 1 },
);
export type SanctionChoice = Static<typeof SanctionChoice>;

/** The Chinese name of each kind, for messages and rule texts. */
export const SANCTION_LABELS: {
  party: Record<PartySanctionKind, string>;
  governmental: Record<GovernmentalSanctionKind, string>;
} = {
  party: {
    warning: '警告',
    'serious-warning': '严重警告',
    'removal-from-party-post': '撤销党内职务',
    probation: '留党察看',
    expulsion: '开除党籍',
  },
  governmental: {
    warning: '警告',
    demerit: '记过',
    'major-demerit': '记大过',
    demotion: '降级',
    'dismissal-from-post': '撤职',
    expulsion: '开除',
  },
};
