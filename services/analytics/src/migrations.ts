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

/** The analyst views over the ledger rows, one per ledger of `labels`, documented in Chinese. */
const analystViews = (labels: Record<string, string>, ledgerColumn: string) => `
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

${perLedgerViews(labels)}

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
export const ANALYST_VIEWS_MIGRATION = 'analytics-003-analyst-views-cases-reviews-publicity';

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
 * statistics' read of rows; ledger_steps replaces it.
 */
const LEDGER_STEPS = `
      ALTER TABLE {{schema}}.ledger_rows
        ADD COLUMN step_days date[], ADD COLUMN step_figures text[], ADD COLUMN step_counts float8[];
      CREATE INDEX ledger_rows_unstepped ON {{schema}}.ledger_rows (ledger, valid_from) WHERE step_figures IS NULL;
      DROP INDEX IF EXISTS {{schema}}.ledger_rows_current_active;
      CREATE TABLE {{schema}}.ledger_steps (
        series   text             NOT NULL,
        day      date             NOT NULL,
        name     text             NOT NULL,
        n        double precision NOT NULL,
        ledger   text             NOT NULL,
        item_id  text             NOT NULL,
        unit_id  text,
        zone_id  text,
        office   text,
        category text
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
    id: ANALYST_VIEWS_MIGRATION,
    sql: `
      DROP SCHEMA IF EXISTS {{schema}}_views CASCADE;
${analystViews(LEDGER_LABELS, LEDGER_COLUMN)}`,
  },
  { id: 'analytics-004-ledger-active-days', sql: LEDGER_ACTIVE_DAYS },
  { id: 'analytics-005-ledger-steps', sql: LEDGER_STEPS },
];

/** The SQL that makes ledger_rows, as the migrations leave it, in `schema` (a rebuild's shadow, a bench's baseline). */
export function ledgerTableSql(schema: string): string {
  return LEDGER_TABLE_MIGRATIONS.map((id) => {
    const migration = analyticsMigrations.find((m) => m.id === id);
    if (!migration) throw new Error(`${id} is missing`);
    return migration.sql.replaceAll('{{schema}}', schema);
  }).join(';\n');
}
