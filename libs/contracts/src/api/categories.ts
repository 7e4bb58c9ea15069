// 问题类别: the coded problem categories every petition and clue carries (one or more), kept here
// once. Top level: the six disciplines of the 纪律处分条例; beneath them the 中央八项规定精神
// family (享乐主义奢靡之风 and 形式主义官僚主义, with their sub-types), 群众身边腐败和作风问题,
// and the focus areas of the seed's Art.5. Codes are stable ASCII and never reused; labels are
// Chinese. A category written as free text before the codes existed reads as `other`, its text kept.
import { Type, type Static } from '@sinclair/typebox';
import { NoParams } from './fields.js';
import { defineOperation } from './operation.js';

/** A series analysts count apart (八项规定, 群众身边腐败和作风问题, Art.5's focus areas). */
export const CATEGORY_SERIES = ['eight-rules', 'mass-corruption', 'focus-area'] as const;
export type CategorySeries = (typeof CATEGORY_SERIES)[number];

interface CategoryDefinition {
  readonly code: string;
  readonly label: string;
  /** The code of the category above it; the six disciplines and `other` have none. */
  readonly parent?: string;
  readonly series?: CategorySeries;
}

const d = (code: string, label: string, parent?: string, series?: CategorySeries): CategoryDefinition => ({
  code,
  label,
  ...(parent ? { parent } : {}),
  ...(series ? { series } : {}),
});

export const PROBLEM_CATEGORIES = [
  // ── the six disciplines (六大纪律)
  d('political', '违反政治纪律'),
  d('organizational', '违反组织纪律'),
  d('integrity', '违反廉洁纪律'),
  d('mass', '违反群众纪律'),
  d('work', '违反工作纪律'),
  d('life', '违反生活纪律'),

  // ── 违反中央八项规定精神: 享乐主义、奢靡之风
  d('eight-rules', '违反中央八项规定精神', 'integrity', 'eight-rules'),
  d('eight-rules.hedonism', '享乐主义、奢靡之风问题', 'eight-rules', 'eight-rules'),
  d('eight-rules.banqueting', '违规吃喝（公款吃喝）', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.gifts', '违规收送名贵特产和礼品礼金', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.allowances', '违规发放津贴补贴或福利', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.official-cars', '违规配备使用公务用车（公车私用）', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.weddings-funerals', '大办婚丧喜庆', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.travel', '违规公款旅游', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.hospitality', '违规接受管理服务对象宴请、超标准接待', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.buildings', '楼堂馆所违规问题', 'eight-rules.hedonism', 'eight-rules'),
  d('eight-rules.entertainment', '违规出入私人会所、高消费娱乐健身', 'eight-rules.hedonism', 'eight-rules'),
  // ── 违反中央八项规定精神: 形式主义、官僚主义
  d('eight-rules.formalism', '形式主义、官僚主义问题', 'eight-rules', 'eight-rules'),
  d(
    'eight-rules.formalism.decisions',
    '贯彻党中央重大决策部署有令不行、有禁不止或表态多调门高、行动少落实差',
    'eight-rules.formalism',
    'eight-rules',
  ),
  d(
    'eight-rules.formalism.inaction',
    '在履职尽责、服务经济社会发展中不担当不作为、慢作为假作为',
    'eight-rules.formalism',
    'eight-rules',
  ),
  d('eight-rules.formalism.masses', '在联系服务群众中消极应付、冷硬横推、效率低下', 'eight-rules.formalism', 'eight-rules'),
  d('eight-rules.formalism.meetings', '文山会海反弹回潮，督查检查考核过多过频', 'eight-rules.formalism', 'eight-rules'),

  // ── 群众身边腐败和作风问题
  d('mass-corruption', '群众身边腐败和作风问题', 'mass', 'mass-corruption'),
  d('mass-corruption.subsidies', '惠民惠农财政补贴资金', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.rural-revitalization', '乡村振兴、巩固脱贫攻坚成果', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.collective-assets', '农村集体“三资”管理', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.education-health', '教育、医疗领域', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.pensions-social-security', '养老、社保领域', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.environment', '生态环保领域', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.food-drug-safety', '食品药品安全领域', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.law-enforcement', '执法司法领域', 'mass-corruption', 'mass-corruption'),
  d('mass-corruption.organized-crime-umbrella', '涉黑涉恶腐败和“保护伞”', 'mass-corruption', 'mass-corruption'),

  // ── the focus areas of the seed's Art.5 (监督的重点内容)
  d(
    'focus.theory-study',
    '学习贯彻落实习近平新时代中国特色社会主义思想学风不严不实、学用“两张皮”、造声势做样子',
    'political',
    'focus-area',
  ),
  d('focus.instructions', '贯彻落实习近平总书记重要指示批示层层批转、应付了事、阳奉阴违、虚报浮夸', 'political', 'focus-area'),
  d(
    'focus.major-decisions',
    '贯彻落实党中央及省委、市委、区委重大决策部署上有政策下有对策、做选择打折扣搞变通',
    'political',
    'focus-area',
  ),
  d('focus.party-political-life', '党内政治生活“七个有之”、结党营私、搞圈子文化', 'political', 'focus-area'),
  d('focus.accountability', '党员领导干部不担当不作为、“新官不理旧账”、对群众合理诉求推诿应付', 'work', 'focus-area'),

  // ── anything else, and every category written as free text before the codes
  d('other', '其他'),
] as const satisfies readonly CategoryDefinition[];

export type CategoryCode = (typeof PROBLEM_CATEGORIES)[number]['code'];
export const CATEGORY_CODES = PROBLEM_CATEGORIES.map((c) => c.code) as readonly CategoryCode[];
/** Where free text of before the codes goes. */
export const OTHER_CATEGORY: CategoryCode = 'other';

/** One code from the list. */
export const CategoryCode = Type.Union(
  CATEGORY_CODES.map((code) => Type.Literal(code)),
  { description: 'A problem category code from GET /api/v1/categories' },
);
/** The categories a petition or clue carries: one or more distinct codes. */
export const CategoryCodes = Type.Array(CategoryCode, { minItems: 1, maxItems: 8, uniqueItems: true });
export type CategoryCodes = Static<typeof CategoryCodes>;

/** The series a code belongs to, e.g. for counting the 八项规定 series. */
export function seriesOf(code: CategoryCode): CategorySeries | undefined {
  return (PROBLEM_CATEGORIES as readonly CategoryDefinition[]).find((c) => c.code === code)?.series;
}

/** The Chinese label of a code. */
export function categoryLabel(code: CategoryCode): string {
  return (PROBLEM_CATEGORIES as readonly CategoryDefinition[]).find((c) => c.code === code)?.label ?? code;
}

// ── reading the list
export const Category = Type.Object({
  code: CategoryCode,
  label: Type.String(),
  parent: Type.Optional(Type.String()),
  series: Type.Optional(Type.Union(CATEGORY_SERIES.map((s) => Type.Literal(s)))),
});
export const CategoryList = Type.Object({ items: Type.Array(Category) });

/** Served by case-management, the clue register's keeper; every signed-in office may read it. */
export const categoryOperations = {
  listCategories: defineOperation({
    service: 'case-management',
    kind: 'qry',
    name: 'list-categories',
    request: NoParams,
    response: CategoryList,
  }),
} as const;
