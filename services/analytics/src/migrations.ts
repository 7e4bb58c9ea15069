// The analytics service's own tables (schema `analytics`): the temporal ledger rows every ledger and
// the clock board are read from, and the registry facts (units, zones) it learns from the public
// events. No personal name is ever written here: the projections copy codes, ids, dates and counts.
import type { Migration } from '@jiandu/event-store';

/** One view per ledger (and the clock board), with its Chinese name: the eight of the first views. */
const FIRST_LEDGER_LABELS: Record<string, string> = {
  petitions: '信访件台账',
  clues: '问题线索台账（案管总台账，按 office 可得各室台账）',
  inquiries: '谈话函询台账',
  verifications: '初步核实台账',
  recommendations: '纪律检查建议、监察建议台账',
  rectifications: '整改台账',
  'oversight-tasks': '督查督办事项台账',
  'agency-reports': '派驻机构报告台账',
  clocks: '时限看板（临近期限或已超期的时限）',
};
/** Every ledger's view: the first ones and those of review, publicity and supervision's cases. */
const LEDGER_LABELS: Record<string, string> = {
  ...FIRST_LEDGER_LABELS,
  // Every clock since the clocks' start and stop are published (a database migrated before keeps
  // the first comment until a rebuild makes the views again).
  clocks: '时限看板（各服务的时限，从开始到停止：running 进行中、approaching 临近期限、breached 已超期、met 按期完成）',
  cases: '审查调查台账（立案、不予立案、移送审理；不含被审查人姓名）',
  reviews: '案件审理台账（退回补充调查、处分及其影响期、免予或不予处分、普遍性问题）',
  'supervision-advice': '加强监督建议书台账',
  'integrity-opinions': '廉政意见回复台账（每次征求意见一行，按结论计数；不含干部编号或姓名）',
  'public-opinion': '舆情台账（移送案管室的舆情）',
};
const FIRST_LEDGER_COLUMN =
  '台账名称：petitions 信访件、clues 问题线索、inquiries 谈话函询、verifications 初步核实、recommendations 纪检监察建议、rectifications 整改、oversight-tasks 督办事项、agency-reports 派驻机构报告、clocks 时限';
const LEDGER_COLUMN = `${FIRST_LEDGER_COLUMN}、cases 审查调查、reviews 案件审理、supervision-advice 加强监督建议书、integrity-opinions 廉政意见回复、public-opinion 舆情`;

const perLedgerViews = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([ledger, label]) => {
      const view = `{{schema}}_views.${ledger.replaceAll('-', '_')}`;
      return `      CREATE VIEW ${view} AS SELECT * FROM {{schema}}_views.ledgers WHERE ledger = '${ledger}';
      COMMENT ON VIEW ${view} IS '${label}：当前状态，每个事项一行；各列含义同 ledger_history';`;
    })
    .join('\n');

/** A column of the views and its Chinese comment. */
type Commented = readonly [column: string, comment: string];

/** The columns of `ledgers` (an item's current version), in order, with their comments: those of ledger_history's. */
const currentColumns = (ledgerColumn: string): Commented[] => [
  ['ledger', ledgerColumn],
  ['id', '事项编号'],
  ['state', '状态'],
  ['number', '线索登记编号'],
  ['clue_id', '所涉线索'],
  ['unit_id', '所涉单位'],
  ['zone_id', '协作区（单位当日所在）'],
  ['office', '承办或分办部门'],
  ['category', '问题类别（第一个类别代码）'],
  ['source', '来源或渠道'],
  ['kind', '种类：处置方式、函询结果、核实结论、建议种类、处分种类、意见用途等'],
  ['opened_at', '首次记录时间'],
  ['updated_at', '最近变动时间'],
  ['due_on', '期限日'],
  ['closed_on', '办结日'],
  ['dates', '各环节日期（JSON）'],
  ['facts', '其他事实：代码、计数、标志（JSON）'],
];

const columnComments = (view: string, columns: readonly Commented[]) =>
  columns.map(([column, comment]) => `      COMMENT ON COLUMN {{schema}}_views.${view}.${column} IS '${comment}';`).join('\n');

/**
 * A key of a ledger's `dates` or `facts` (domain/ledgers.ts writes them) as a typed column of its
 * view, for BI tools that cannot read JSON. `count`: a tally the fold starts at 0 and writes once
 * it is 1, so absent is 0. A value the fold writes is always of its type (the contracts validated
 * it), so a cast never fails on a row.
 */
interface TypedColumn {
  from: 'dates' | 'facts';
  key: string;
  type: 'date' | 'timestamptz' | 'boolean' | 'integer' | 'count' | 'text';
  comment: string;
}
/** A dated step: an `…At` key is an instant, any other a Beijing calendar day. */
const step = (key: string, comment: string): TypedColumn => ({
  from: 'dates',
  key,
  type: key.endsWith('At') ? 'timestamptz' : 'date',
  comment,
});
const fact = (key: string, type: TypedColumn['type'], comment: string): TypedColumn => ({ from: 'facts', key, type, comment });

/** `registeredOn` → `registered_on`, `conclusion.no-issue` → `conclusion_no_issue`. */
const columnOf = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[.-]/g, '_')
    .toLowerCase();

function typedExpression({ from, key, type }: TypedColumn): string {
  const text = `(l.${from}->>'${key}')`;
  switch (type) {
    case 'text':
      return text;
    case 'count':
      return `coalesce(${text}::integer, 0)`;
    default:
      return `${text}::${type}`;
  }
}

/**
 * Each ledger's own dates and facts, as its view names them (docs/analytics.md, "Ledgers"): every
 * key the fold writes for the ledger, none with a personal name. The oversight tasks' `closedOn`
 * step is the row's `closed_on` already.
 */
const LEDGER_TYPED_COLUMNS: Record<string, readonly TypedColumn[]> = {
  petitions: [
    step('registeredOn', '登记日'),
    step('screenedOn', '筛查日'),
    step('acceptedOn', '受理日'),
    step('decidedOn', '不予受理决定日'),
    step('forwardedOn', '转上级或下级办理日'),
    step('filedOn', '重复件存档日'),
    step('notifiedOn', '受理告知日'),
    step('transferredAt', '移交案管室（转为问题线索）时间'),
    fact('realName', 'boolean', '是否实名举报（仅为标志，不含姓名）'),
    fact('channel', 'text', '信访渠道'),
    fact('categories', 'text', '全部问题类别代码（逗号分隔）'),
    fact('notAcceptedReason', 'text', '不予受理理由代码'),
    fact('concernsCommissionHead', 'boolean', '是否反映委主要负责人'),
    fact('duplicateOf', 'text', '重复件所重复的信访件编号'),
  ],
  clues: [
    step('registeredAt', '登记时间'),
    step('assignedAt', '分办时间'),
    step('proposedAt', '提出处置意见时间（最近一次）'),
    step('rejectedAt', '处置意见被退回时间（最近一次）'),
    step('approvedAt', '处置意见批准时间'),
    step('outcomeAt', '记录办理结果时间（最近一次）'),
    fact('accusedPosition', 'text', '被反映人职务（不含姓名）'),
    fact('categories', 'text', '全部问题类别代码（逗号分隔）'),
    fact('proposedKind', 'text', '提出的处置方式（最近一次）'),
    fact('proposals', 'count', '提出处置意见次数'),
    fact('rejections', 'count', '处置意见被退回次数'),
    fact('outcome', 'text', '办理结果（最近一次）'),
    fact('outcomeSource', 'text', '结果来源：inquiry 谈话函询、verification 初步核实、case 审查调查'),
    fact('outcomeRef', 'text', '结果所属事项编号'),
    fact('outcomes', 'count', '记录办理结果次数'),
  ],
  inquiries: [
    step('openedOn', '启动日'),
    step('conductedOn', '谈话或发函日'),
    step('concludedOn', '了结日'),
    fact('round', 'integer', '轮次'),
    fact('previousInquiryId', 'text', '上一轮谈话函询编号'),
    fact('mode', 'text', '方式：talk 谈话、letter 函询'),
    fact('outcome', 'text', '了结结果'),
    fact('measure', 'text', '处理措施'),
    fact('nextInquiryId', 'text', '下一轮谈话函询编号'),
    fact('verificationId', 'text', '转入的初步核实编号'),
  ],
  verifications: [
    step('openedOn', '启动日'),
    step('approvedOn', '核实方案批准日'),
    step('extendedOn', '延期日（最近一次）'),
    step('decidedOn', '核实结论决定日'),
    fact('fromInquiryId', 'text', '来自的谈话函询编号'),
    fact('provisional', 'boolean', '期限是否暂定（无官方日历）'),
    fact('escalated', 'boolean', '是否报书记审批'),
    fact('extended', 'boolean', '是否延期'),
    fact('decision', 'text', '核实结论'),
    fact('onTime', 'boolean', '是否按期决定'),
  ],
  recommendations: [
    step('issuedOn', '发出日'),
    step('respondedOn', '回复日'),
    step('refusedOn', '单位拒不采纳日'),
    fact('late', 'boolean', '是否逾期回复'),
  ],
  rectifications: [
    step('openedOn', '整改开始日'),
    step('reopenedOn', '重新整改日（最近一次）'),
    step('verifiedOn', '验收日'),
    fact('reopenings', 'count', '重新整改次数'),
    fact('late', 'boolean', '是否逾期完成'),
  ],
  'oversight-tasks': [step('assignedOn', '交办日'), fact('late', 'boolean', '是否逾期办结')],
  'agency-reports': [
    step('submittedOn', '报送日'),
    fact('year', 'integer', '年度'),
    fact('quarter', 'integer', '季度（季度报告）'),
    fact('late', 'boolean', '是否逾期报送'),
    fact('zoneOffice', 'text', '对口协作区的负责部门'),
  ],
  clocks: [
    step('startedOn', '起算日'),
    step('approachingAt', '临近期限提示时间'),
    step('breachedAt', '超期时间'),
    step('extendedAt', '最近延长时间'),
    step('stoppedOn', '停止计时日（完成日）'),
    fact('service', 'text', '所属系统'),
    fact('measures', 'text', '计时事项'),
    fact('rule', 'text', '时限规则'),
    fact('subject', 'text', '所涉事项编号'),
    fact('provisional', 'boolean', '期限是否暂定（无官方日历）'),
    fact('met', 'boolean', '是否按期完成（停止时）'),
    fact('previousDueOn', 'date', '最近一次延长前的期限日'),
    fact('extensions', 'count', '延长次数'),
  ],
  cases: [
    step('filedOn', '立案日'),
    step('rejectedOn', '不予立案日'),
    step('transferredOn', '移送审理日（最近一次）'),
    fact('verificationId', 'text', '所涉初步核实编号'),
    fact('escalated', 'boolean', '是否报上级审批'),
    fact('round', 'integer', '移送审理轮次'),
    fact('proposedParty', 'text', '建议党纪处分种类'),
    fact('proposedProbationYears', 'integer', '建议留党察看年限'),
    fact('proposedGovernmental', 'text', '建议政务处分种类'),
  ],
  reviews: [
    step('returnedOn', '退回补充调查日（最近一次）'),
    step('decidedOn', '处分决定日'),
    step('partyEffectiveFrom', '党纪处分影响期起始日'),
    step('partyEffectiveUntil', '党纪处分影响期截止日（为空且有党纪处分：无期限）'),
    step('governmentalEffectiveFrom', '政务处分影响期起始日'),
    step('governmentalEffectiveUntil', '政务处分影响期截止日（为空且有政务处分：无期限）'),
    step('partyEffectEndedOn', '党纪处分影响期届满日'),
    step('governmentalEffectEndedOn', '政务处分影响期届满日'),
    step('concludedOn', '免予或不予处分了结日'),
    step('commonIssueIdentifiedOn', '发现普遍性问题日（最近一次）'),
    fact('round', 'integer', '退回补充调查轮次（最近一次）'),
    fact('returns', 'count', '退回补充调查次数'),
    fact('partySanction', 'text', '党纪处分种类'),
    fact('probationYears', 'integer', '留党察看年限'),
    fact('partyPermanent', 'boolean', '党纪处分影响期是否无期限'),
    fact('partyInEffect', 'boolean', '党纪处分是否在影响期内'),
    fact('governmentalSanction', 'text', '政务处分种类'),
    fact('governmentalPermanent', 'boolean', '政务处分影响期是否无期限'),
    fact('governmentalInEffect', 'boolean', '政务处分是否在影响期内'),
    fact('escalated', 'boolean', '是否报上级审批'),
    fact('outcome', 'text', '未予处分的结果：exempted 免予处分、not-sanctioned 不予处分'),
    fact('commonIssues', 'count', '发现的普遍性问题数'),
  ],
  'supervision-advice': [
    step('issuedOn', '发出日'),
    fact('issueId', 'text', '所针对的普遍性问题编号'),
    fact('caseId', 'text', '所涉案件编号'),
  ],
  'integrity-opinions': [
    step('onDate', '回复所依据情况的截止日'),
    step('repliedOn', '回复日（最近一次）'),
    fact('purpose', 'text', '意见用途：promotion 提拔、commendation 评先评优、appointment 任用等'),
    fact('candidates', 'count', '已回复人次'),
    fact('conclusion.no-issue', 'count', '结论为无问题的人次'),
    fact('conclusion.postponed', 'count', '结论为暂缓的人次'),
    fact('conclusion.vetoed', 'count', '结论为否决的人次'),
    fact('citations', 'count', '回复中引用的线索或案件数'),
  ],
  'public-opinion': [step('forwardedOn', '移送案管室日'), fact('categories', 'text', '全部问题类别代码（逗号分隔）')],
};

/**
 * One view per ledger with its typed columns after the generic ones (those of `ledgers`, unchanged:
 * a BI tool's report keeps reading them), every column commented.
 */
const typedLedgerViews = (labels: Record<string, string>, ledgerColumn: string, typed: Record<string, readonly TypedColumn[]>) =>
  Object.entries(labels)
    .map(([ledger, label]) => {
      const name = ledger.replaceAll('-', '_');
      const columns = typed[ledger] ?? [];
      const select = ['l.*', ...columns.map((c) => `${typedExpression(c)} AS ${columnOf(c.key)}`)].join(',\n               ');
      return `      CREATE VIEW {{schema}}_views.${name} AS
        SELECT ${select}
          FROM {{schema}}_views.ledgers l WHERE l.ledger = '${ledger}';
      COMMENT ON VIEW {{schema}}_views.${name} IS '${label}：当前状态，每个事项一行；dates、facts 之后的各列是本台账的环节日期与事实（取自 dates、facts）';
${columnComments(name, [...currentColumns(ledgerColumn), ...columns.map((c): Commented => [columnOf(c.key), c.comment])])}`;
    })
    .join('\n');

/**
 * The analyst views over the ledger rows, one per ledger of `labels`, documented in Chinese; with
 * `typed`, each ledger's view also names its own dates and facts as typed columns (migration 006).
 */
const analystViews = (labels: Record<string, string>, ledgerColumn: string, typed?: Record<string, readonly TypedColumn[]>) => `
      -- SQL for BI tools (docs/analytics.md, "SQL"): documented views in their own schema, readable by
      -- the role jiandu_analyst and nothing else of this database. A view runs with its owner's
      -- rights, so the analyst needs no grant on the analytics tables themselves.
      CREATE SCHEMA IF NOT EXISTS {{schema}}_views;
      COMMENT ON SCHEMA {{schema}}_views IS '分析视图：台账、时限看板、单位与协作区；只读，不含任何人员姓名';

      CREATE VIEW {{schema}}_views.ledger_history AS
        SELECT ledger, item_id AS id, state, row->>'number' AS number, row->>'clueId' AS clue_id, unit_id, zone_id,
               office, category, source, kind, opened_at, updated_at, due_on, closed_on,
               row->'dates' AS dates, row->'facts' AS facts, valid_from, valid_to
          FROM {{schema}}.ledger_rows;
      COMMENT ON VIEW {{schema}}_views.ledger_history IS '全部台账的历史版本：每行在 valid_from 至 valid_to 之间有效（valid_to 为空表示当前版本），用于按任意时点查询';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.ledger IS '${ledgerColumn}';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.id IS '事项编号';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.state IS '状态';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.number IS '线索登记编号';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.clue_id IS '所涉线索';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.unit_id IS '所涉单位';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.zone_id IS '协作区（单位当日所在）';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.office IS '承办或分办部门';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.category IS '问题类别（第一个类别代码）';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.source IS '来源或渠道';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.kind IS '种类：处置方式、函询结果、核实结论、建议种类、处分种类、意见用途等';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.opened_at IS '首次记录时间';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.updated_at IS '最近变动时间';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.due_on IS '期限日';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.closed_on IS '办结日';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.dates IS '各环节日期（JSON）';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.facts IS '其他事实：代码、计数、标志（JSON）';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.valid_from IS '本版本生效时间（事件发生时间）';
      COMMENT ON COLUMN {{schema}}_views.ledger_history.valid_to IS '本版本失效时间；为空表示当前';

      CREATE VIEW {{schema}}_views.ledgers AS
        SELECT ledger, id, state, number, clue_id, unit_id, zone_id, office, category, source, kind,
               opened_at, updated_at, due_on, closed_on, dates, facts
          FROM {{schema}}_views.ledger_history WHERE valid_to IS NULL;
      COMMENT ON VIEW {{schema}}_views.ledgers IS '全部台账的当前状态，每个事项一行（按 ledger 区分台账；各列含义同 ledger_history）';
${typed ? `${columnComments('ledgers', currentColumns(ledgerColumn))}\n` : ''}
${typed ? typedLedgerViews(labels, ledgerColumn, typed) : perLedgerViews(labels)}

      CREATE VIEW {{schema}}_views.units AS
        SELECT u.unit_id, u.name, u.staff_count,
               (SELECT z.zone_id FROM {{schema}}.unit_zones z
                 WHERE z.unit_id = u.unit_id AND z.effective_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date
                 ORDER BY z.effective_from DESC LIMIT 1) AS zone_id
          FROM {{schema}}.units u;
      COMMENT ON VIEW {{schema}}_views.units IS '被监督单位（街道、单位）';
      COMMENT ON COLUMN {{schema}}_views.units.unit_id IS '单位编号';
      COMMENT ON COLUMN {{schema}}_views.units.name IS '单位名称';
      COMMENT ON COLUMN {{schema}}_views.units.staff_count IS '在编人数';
      COMMENT ON COLUMN {{schema}}_views.units.zone_id IS '当前所在协作区';

      CREATE VIEW {{schema}}_views.zones AS SELECT zone_id, name, office FROM {{schema}}.zones;
      COMMENT ON VIEW {{schema}}_views.zones IS '协作区及其负责的纪检监察室或派驻机构';
      COMMENT ON COLUMN {{schema}}_views.zones.zone_id IS '协作区编号';
      COMMENT ON COLUMN {{schema}}_views.zones.name IS '协作区名称';
      COMMENT ON COLUMN {{schema}}_views.zones.office IS '负责部门';

      -- The role is cluster-wide: created once (deploy/postgres/roles.sql may have done it already).
      -- Without CREATEROLE the migration leaves it to the operator and grants nothing.
      DO $do$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jiandu_analyst') THEN
          BEGIN
            CREATE ROLE jiandu_analyst NOLOGIN;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN RAISE NOTICE 'jiandu_analyst does not exist and cannot be created here';
          END;
        END IF;
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'jiandu_analyst') THEN
          GRANT USAGE ON SCHEMA {{schema}}_views TO jiandu_analyst;
          GRANT SELECT ON ALL TABLES IN SCHEMA {{schema}}_views TO jiandu_analyst;
          BEGIN
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO jiandu_analyst', current_database());
          EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'grant CONNECT on this database to jiandu_analyst as its owner';
          END;
        END IF;
      END
      $do$;`;

/** The migration that makes the analyst views as they are now (the rebuild makes them again on the swapped-in table). */
export const ANALYST_VIEWS_MIGRATION = 'analytics-006-analyst-views-typed-columns';

/**
 * The days an item was active: from the first to the last of its dated steps (`dates`, Beijing days)
 * and its closing day. A period statistic counts a row only for a step on a day of the period, so
 * it reads only the rows whose span meets the period (ledger_rows_current_active) instead of every
 * row still open or closed since (issue 11: p99 < 25 ms on province-sized data). And indexes for
 * pages read as of a past instant and for a unit's rows.
 */
const LEDGER_ACTIVE_DAYS = `
      ALTER TABLE {{schema}}.ledger_rows ADD COLUMN active_from date, ADD COLUMN active_to date;
      UPDATE {{schema}}.ledger_rows r SET (active_from, active_to) = (
        SELECT min(d), max(d) FROM (
          SELECT CASE WHEN length(v) = 10 THEN v::date ELSE (v::timestamptz AT TIME ZONE 'Asia/Shanghai')::date END
            FROM jsonb_each_text(r.row->'dates') AS e(k, v)
          UNION ALL SELECT r.closed_on) AS days(d));
      CREATE INDEX ledger_rows_current_active ON {{schema}}.ledger_rows
        USING gist (daterange(active_from, active_to, '[]')) WHERE valid_to IS NULL;
      -- A page as of a past instant, in opening order: every version of an item opened after the
      -- instant is skipped by its key (opened_at <= valid_from always), so a page reads its rows
      -- only; and its count is an index-only scan (the validity is in the index).
      CREATE INDEX ledger_rows_opened ON {{schema}}.ledger_rows (ledger, opened_at, item_id) INCLUDE (valid_from, valid_to);
      -- A zone's or an office's current rows (a filter, and a supervision office's scope), in
      -- opening order, and their count.
      CREATE INDEX ledger_rows_current_zone ON {{schema}}.ledger_rows (ledger, zone_id, opened_at) WHERE valid_to IS NULL;
      CREATE INDEX ledger_rows_current_office ON {{schema}}.ledger_rows (ledger, office, opened_at) WHERE valid_to IS NULL;
      -- A unit's rows of every ledger, now or as of an instant (its 政治生态 indicators).
      CREATE INDEX ledger_rows_unit ON {{schema}}.ledger_rows (unit_id, valid_from);`;

/**
 * Each version's dated steps, as the statistics count them (domain/statistics.ts, stepsOf): three
 * parallel arrays of the step's Beijing day, its figure (`series:name`) and the number it adds. The
 * current versions' steps are also kept one a row in ledger_steps, with the row's group keys,
 * where a period statistic sums those of its series dated in the period on an index-only scan,
 * instead of fetching every row active in it and counting in the service (issue 11: p99 < 25 ms
 * on province-sized data); a statistic as of a past instant sums the arrays of the versions valid
 * then. The steps are computed by the service, not by SQL, so the versions written before have
 * none (NULL): a statistic computes theirs as it reads them (ledger_rows_unstepped finds them),
 * and `npm run rebuild -- analytics` writes them all. The GiST index of migration 004 served the
 * statistics' read of rows; ledger_steps replaces it. The index by valid_from of migration 001 is
 * dropped too (ledger_rows_opened serves every read as of an instant).
 */
const LEDGER_STEPS = `
      -- The keys compared byte by byte (COLLATE "C"): ids and codes, never text a person sorts.
      -- PostgreSQL sorts a linguistic collation without abbreviated keys, so a rebuild's index
      -- builds on them took a third longer. The views read these columns: made again by 006.
      DROP SCHEMA IF EXISTS {{schema}}_views CASCADE;
      ALTER TABLE {{schema}}.ledger_rows
        ALTER COLUMN ledger TYPE text COLLATE "C", ALTER COLUMN item_id TYPE text COLLATE "C",
        ALTER COLUMN unit_id TYPE text COLLATE "C", ALTER COLUMN zone_id TYPE text COLLATE "C",
        ALTER COLUMN office TYPE text COLLATE "C";
      ALTER TABLE {{schema}}.ledger_rows
        ADD COLUMN step_days date[], ADD COLUMN step_figures text[], ADD COLUMN step_counts float8[];
      CREATE INDEX ledger_rows_unstepped ON {{schema}}.ledger_rows (ledger, valid_from) WHERE step_figures IS NULL;
      DROP INDEX IF EXISTS {{schema}}.ledger_rows_current_active;
      -- A read as of an instant walks ledger_rows_opened (opened_at <= valid_from <= the instant):
      -- this index of every version by valid_from serves no query any more.
      DROP INDEX IF EXISTS {{schema}}.ledger_rows_as_of;
      CREATE TABLE {{schema}}.ledger_steps (
        series   text COLLATE "C" NOT NULL,
        day      date             NOT NULL,
        name     text COLLATE "C" NOT NULL,
        n        double precision NOT NULL,
        ledger   text COLLATE "C" NOT NULL,
        item_id  text COLLATE "C" NOT NULL,
        unit_id  text COLLATE "C",
        zone_id  text COLLATE "C",
        office   text COLLATE "C",
        category text COLLATE "C"
      );
      -- A rebuild fills the table in (series, day) order: a period's steps lie on few pages.
      CREATE INDEX ledger_steps_series_day ON {{schema}}.ledger_steps (series, day);
      -- An item's steps, replaced when it changes (item first: a period's read, narrowed by ledger,
      -- must not take this index for the ledger).
      CREATE INDEX ledger_steps_item ON {{schema}}.ledger_steps (item_id, ledger);`;

/** The migrations that make ledger_rows as it is now, in order: a rebuild makes its shadow with them. */
export const LEDGER_TABLE_MIGRATIONS = [
  'analytics-001-ledger-rows',
  'analytics-004-ledger-active-days',
  'analytics-005-ledger-steps',
  'analytics-007-ledger-steps-covering',
] as const;

export const analyticsMigrations: Migration[] = [
  {
    id: 'analytics-001-ledger-rows',
    sql: `
      -- One version of one item of one ledger (台账) per row (ADR 0013): the version that held from
      -- valid_from (the occurredAt of the event that made it) until valid_to (the next event's), or
      -- that holds now (valid_to NULL). The typed columns are the filters and sort keys; row is the
      -- item as the API shows it.
      CREATE TABLE {{schema}}.ledger_rows (
        ledger     text        NOT NULL,
        item_id    text        NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to   timestamptz,
        state      text        NOT NULL,
        unit_id    text,
        zone_id    text,
        office     text,
        category   text,
        source     text,
        kind       text,
        opened_at  timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        due_on     date,
        closed_on  date,
        row        jsonb       NOT NULL,
        PRIMARY KEY (ledger, item_id, valid_from)
      );
      CREATE UNIQUE INDEX ledger_rows_current ON {{schema}}.ledger_rows (ledger, item_id) WHERE valid_to IS NULL;
      CREATE INDEX ledger_rows_current_opened ON {{schema}}.ledger_rows (ledger, opened_at) WHERE valid_to IS NULL;
      CREATE INDEX ledger_rows_as_of ON {{schema}}.ledger_rows (ledger, valid_from, valid_to);
      -- The units (organisations, never people) and their dated zones, and the zones' offices.
      CREATE TABLE {{schema}}.units (
        unit_id     text PRIMARY KEY,
        name        text NOT NULL,
        staff_count integer NOT NULL
      );
      CREATE TABLE {{schema}}.unit_zones (
        unit_id        text NOT NULL,
        zone_id        text NOT NULL,
        effective_from date NOT NULL,
        PRIMARY KEY (unit_id, effective_from)
      );
      CREATE TABLE {{schema}}.zones (
        zone_id text PRIMARY KEY,
        name    text NOT NULL,
        office  text NOT NULL
      );`,
  },
  {
    id: 'analytics-002-analyst-views',
    sql: analystViews(FIRST_LEDGER_LABELS, FIRST_LEDGER_COLUMN),
  },
  {
    // The ledgers of supervision's cases, review, 加强监督建议书 and publicity: every view made again.
    id: 'analytics-003-analyst-views-cases-reviews-publicity',
    sql: `
      DROP SCHEMA IF EXISTS {{schema}}_views CASCADE;
${analystViews(LEDGER_LABELS, LEDGER_COLUMN)}`,
  },
  { id: 'analytics-004-ledger-active-days', sql: LEDGER_ACTIVE_DAYS },
  { id: 'analytics-005-ledger-steps', sql: LEDGER_STEPS },
  {
    // Each ledger's dates and facts as typed columns of its view (issue 11, SQL for BI tools): every
    // view made again, their columns so far kept as they were, the new ones after them.
    id: ANALYST_VIEWS_MIGRATION,
    sql: `
      DROP SCHEMA IF EXISTS {{schema}}_views CASCADE;
${analystViews(LEDGER_LABELS, LEDGER_COLUMN, LEDGER_TYPED_COLUMNS)}`,
  },
  {
    // A rebuild now loads the steps as it loads the versions, in the order the stream gives them,
    // no longer sorted by (series, day) after the load: a period's steps are read from the index
    // alone (an index-only scan), wherever their rows lie, so the index holds every column a
    // statistic reads.
    id: 'analytics-007-ledger-steps-covering',
    sql: `
      DROP INDEX IF EXISTS {{schema}}.ledger_steps_series_day;
      CREATE INDEX ledger_steps_series_day ON {{schema}}.ledger_steps (series, day)
        INCLUDE (name, n, ledger, unit_id, zone_id, office, category);`,
  },
];

/** The SQL that makes ledger_rows, as the migrations leave it, in `schema` (a rebuild's shadow, a bench's baseline). */
export function ledgerTableSql(schema: string): string {
  return LEDGER_TABLE_MIGRATIONS.map((id) => {
    const migration = analyticsMigrations.find((m) => m.id === id);
    if (!migration) throw new Error(`${id} is missing`);
    return migration.sql.replaceAll('{{schema}}', schema);
  }).join(';\n');
}
