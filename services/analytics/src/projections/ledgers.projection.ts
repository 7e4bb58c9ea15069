// The ledgers and the clock board as temporal rows (ADR 0013): each public event's changes
// (domain/ledgers.ts) close the item's current version at the event's occurredAt and open the next,
// in the consumer's transaction with its inbox row. `asOf` reads the version valid at an instant.
// writeVersions is the one writer of ledger_rows: the consumers write one or two versions an
// event with it, the rebuild (rebuild.ts) thousands a statement.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { beijingDay, changesOf, rowKey, type BookName, type PublicEvent, type StoredRow } from '../domain/ledgers.js';
import { zoneOfFrom } from '../domain/registry.js';
import { SERIES, STEP_SEPARATOR, stepsOf, sumSteps, type Grouping, type RowSteps, type StepSum } from '../domain/statistics.js';
import { zoneAssignments } from './registry.projection.js';

/** The units an event names (its own unit, the accused's unit), for their zones. */
function unitsOf(data: unknown): string[] {
  const d = data as { unitId?: unknown; accused?: { unitId?: unknown } };
  return [d.unitId, d.accused?.unitId].filter((u): u is string => typeof u === 'string');
}

/** One version of one item: the row as it held from `validFrom` until `validTo` (now when absent). */
export interface LedgerVersion {
  row: StoredRow;
  validFrom: Date;
  validTo?: Date;
}

interface CurrentRow {
  ledger: string;
  item_id: string;
  valid_from: Date;
  row: StoredRow;
}

/**
 * One event's changes: each item's current version read and locked by its key (the `current`
 * statement; an event changes one item), the changes applied here in order (as the rebuild's fold
 * does), then the versions, the old steps' removal and the new steps in one statement, however
 * many there are (the `write` statement). Each statement is named, so a connection plans it once.
 */
export async function projectLedgerEvent(tx: PoolClient, schema: string, event: PublicEvent): Promise<number> {
  const statements = liveStatements(schema);
  const units = unitsOf(event.data);
  const zoneOf = zoneOfFrom(units.length === 0 ? [] : await zoneAssignments(tx, schema, units));
  const changes = changesOf(event, zoneOf);
  if (changes.length === 0) return 0;
  const at = new Date(event.occurredAt);
  const keys = [...new Map(changes.map((c) => [rowKey(c.ledger, c.id), [c.ledger, c.id] as const])).values()];
  // Each item read and locked by its key (every event changes one item today), in key order when
  // there are several: two consumers never wait on each other in a circle.
  const rows: CurrentRow[] = [];
  const byKey = ([l1, i1]: readonly [string, string], [l2, i2]: readonly [string, string]) =>
    l1 === l2 ? (i1 < i2 ? -1 : i1 > i2 ? 1 : 0) : l1 < l2 ? -1 : 1;
  for (const [ledger, id] of keys.length > 1 ? [...keys].sort(byKey) : keys) {
    rows.push(...(await tx.query<CurrentRow>({ ...statements.current, values: [ledger, id] })).rows);
  }
  const held = new Map<string, LedgerVersion>(
    rows.map((r) => [rowKey(r.ledger as BookName, r.item_id), { row: r.row, validFrom: r.valid_from }] as const),
  );
  // The versions to write, one entry per (item, valid_from): the last write of a version wins, and
  // an item's closed version comes before its next one (writeVersions' order).
  const writes = new Map<string, LedgerVersion>();
  const write = (v: LedgerVersion) => writes.set(`${rowKey(v.row.ledger, v.row.id)}@${v.validFrom.getTime()}`, v);
  for (const c of changes) {
    const key = rowKey(c.ledger, c.id);
    const current = held.get(key);
    const next = c.apply(current?.row);
    if (current && current.validFrom.getTime() >= at.getTime()) {
      // Same instant (two changes of one event, two events of one transaction) or older than what is held: the version is amended.
      const amended = { row: next, validFrom: current.validFrom };
      write(amended);
      held.set(key, amended);
    } else {
      // The held version closes at the event's instant (first: one current version per item), the next opens.
      if (current) write({ row: current.row, validFrom: current.validFrom, validTo: at });
      const opened = { row: next, validFrom: at };
      write(opened);
      held.set(key, opened);
    }
  }
  await tx.query({
    name: statements.write.name,
    text: statements.write.text,
    values: [
      ...versionColumns([...writes.values()]),
      ...stepsColumns(keys.map(([ledger, id]) => held.get(rowKey(ledger, id)) as LedgerVersion)),
    ],
  });
  return changes.length;
}

/** The named statements of the live write path, per schema. */
const liveStatementsBySchema = new Map<string, ReturnType<typeof makeLiveStatements>>();
function liveStatements(schema: string) {
  let statements = liveStatementsBySchema.get(schema);
  if (!statements) liveStatementsBySchema.set(schema, (statements = makeLiveStatements(schema)));
  return statements;
}

/** The columns of ledger_steps, each with the array type its values are sent as. */
const STEP_COLUMNS = [
  ['series', 'text'],
  ['day', 'date'],
  ['name', 'text'],
  ['n', 'float8'],
  ['ledger', 'text'],
  ['item_id', 'text'],
  ['unit_id', 'text'],
  ['zone_id', 'text'],
  ['office', 'text'],
  ['category', 'text'],
] as const;

const STEP_NAMES = STEP_COLUMNS.map(([name]) => name).join(', ');

function makeLiveStatements(schema: string) {
  const offset = COLUMNS.length;
  const stepUnnest = STEP_COLUMNS.map(([, type], i) => `$${offset + 3 + i}::${type}[]`).join(', ');
  return {
    // An item's current version, locked. A lookup by key: its generic plan is the custom one, so a
    // connection plans it once and keeps a plan that stays right as the table grows (an unnested
    // array of keys, planned while the table was small, kept walking every current row after).
    current: {
      name: `analytics:${schema}:current`,
      text: `SELECT r.ledger, r.item_id, r.valid_from, r.row FROM ${schema}.ledger_rows r
              WHERE r.ledger = $1::text AND r.item_id = $2::text AND r.valid_to IS NULL FOR UPDATE OF r`,
    },
    // The versions, then the items' steps replaced: the DELETE sees the steps as they were before
    // the statement, so it removes only the old ones.
    write: {
      name: `analytics:${schema}:write`,
      text: `WITH versions AS (
               INSERT INTO ${schema}.ledger_rows (${NAMES})
               SELECT ${SELECTED} FROM unnest(${UNNEST}) AS v(${NAMES})
               ON CONFLICT (ledger, item_id, valid_from) DO UPDATE SET ${UPDATES}),
             old_steps AS (
               DELETE FROM ${schema}.ledger_steps
                WHERE (ledger, item_id) IN (SELECT * FROM unnest($${offset + 1}::text[], $${offset + 2}::text[])))
             INSERT INTO ${schema}.ledger_steps (${STEP_NAMES}) SELECT * FROM unnest(${stepUnnest})`,
    },
  };
}

/** Versions as the parameters of writeVersions' statement: one array per column. */
function versionColumns(versions: readonly LedgerVersion[]): unknown[][] {
  const columns: unknown[][] = COLUMNS.map(() => new Array(versions.length));
  versions.forEach((v, i) => valuesOf(v).forEach((value, c) => ((columns[c] as unknown[])[i] = value)));
  return columns;
}

/**
 * The items whose steps are replaced (ledger, item) and the steps of their current versions, one
 * array per column of ledger_steps: what refreshSteps makes of the versions' arrays, made here
 * from the same stepsOf.
 */
function stepsColumns(currents: readonly LedgerVersion[]): unknown[][] {
  const columns: unknown[][] = [[], [], ...STEP_COLUMNS.map(() => [])];
  for (const { row } of currents) {
    (columns[0] as unknown[]).push(row.ledger);
    (columns[1] as unknown[]).push(row.id);
    for (const values of stepRows(row, stepsOf(row))) values.forEach((value, c) => (columns[c + 2] as unknown[]).push(value));
  }
  return columns;
}

/** A row's steps as rows of ledger_steps, in STEP_COLUMNS' order. */
function stepRows(row: StoredRow, { days, figures, counts }: RowSteps): (string | number | null)[][] {
  const keys = [row.ledger, row.id, row.unitId ?? null, row.zoneId ?? null, row.office ?? null, row.category ?? null];
  return figures.map((figure, i) => {
    const cut = figure.indexOf(STEP_SEPARATOR);
    return [figure.slice(0, cut), days[i] as string, figure.slice(cut + STEP_SEPARATOR.length), counts[i] as number, ...keys];
  });
}

/**
 * Makes ledger_steps hold the steps of these items' current versions (all items' without `items`):
 * copied from the versions' step_days, step_figures and step_counts (stepsOf's, written with them)
 * with the row's group keys. After the items' versions are written, in the same transaction.
 */
export async function refreshSteps(
  db: Pick<PoolClient, 'query'>,
  schema: string,
  items?: readonly { ledger: string; id: string }[],
): Promise<void> {
  if (items && items.length === 0) return;
  const keys = items ? [items.map((i) => i.ledger), items.map((i) => i.id)] : [];
  const chosen = items ? `AND (r.ledger, r.item_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))` : '';
  if (items) {
    await db.query(
      `DELETE FROM ${schema}.ledger_steps WHERE (ledger, item_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      keys,
    );
  }
  // The arrays unnested side by side in the select list (a set-returning function in FROM is
  // materialized row by row: 3× slower on a rebuild's million rows). All the items' steps are
  // written in (series, day) order, the order a period statistic reads them in.
  await db.query(
    `INSERT INTO ${schema}.ledger_steps (series, day, name, n, ledger, item_id, unit_id, zone_id, office, category)
     SELECT split_part(figure, '${STEP_SEPARATOR}', 1), day, substr(figure, strpos(figure, '${STEP_SEPARATOR}') + 1), n,
            ledger, item_id, unit_id, zone_id, office, category
       FROM (SELECT unnest(r.step_days) AS day, unnest(r.step_figures) AS figure, unnest(r.step_counts) AS n,
                    r.ledger, r.item_id, r.unit_id, r.zone_id, r.office, r.category
               FROM ${schema}.ledger_rows r
              WHERE r.valid_to IS NULL ${chosen}) s
      ${items ? '' : 'ORDER BY 1, 2'}`,
    keys,
  );
}

/** The columns of ledger_rows, each with the array type its values are sent as. */
const COLUMNS = [
  ['ledger', 'text'],
  ['item_id', 'text'],
  ['valid_from', 'timestamptz'],
  ['valid_to', 'timestamptz'],
  ['state', 'text'],
  ['unit_id', 'text'],
  ['zone_id', 'text'],
  ['office', 'text'],
  ['category', 'text'],
  ['source', 'text'],
  ['kind', 'text'],
  ['opened_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['due_on', 'date'],
  ['closed_on', 'date'],
  ['active_from', 'date'],
  ['active_to', 'date'],
  ['row', 'jsonb'],
  ['step_days', 'date[]'],
  ['step_figures', 'text[]'],
  ['step_counts', 'float8[]'],
] as const;
const NAMES = COLUMNS.map(([name]) => name).join(', ');
// jsonb and arrays go as text: an array of JSON texts is quoted once, not parsed twice, and an
// array of arrays would be flattened by unnest.
const asText = (type: string) => type === 'jsonb' || type.endsWith('[]');
const UNNEST = COLUMNS.map(([, type], i) => `$${i + 1}::${asText(type) ? 'text' : type}[]`).join(', ');
const SELECTED = COLUMNS.map(([name, type]) => (asText(type) ? `v.${name}::${type}` : `v.${name}`)).join(', ');
const UPDATES = COLUMNS.slice(3)
  .map(([name]) => `${name} = EXCLUDED.${name}`)
  .join(', ');

/**
 * Writes versions of ledger rows, one statement for all of them (arrays unnested): a version not
 * held yet is inserted, a held one (same ledger, item and valid_from) takes the given row and
 * valid_to. Versions are written in the order given: close an item's current version before
 * writing its next one. `allNew`: none of them is held yet (a table being loaded, without its
 * indexes: nothing to look a version up by).
 */
export async function writeVersions(
  db: Pick<PoolClient, 'query'>,
  schema: string,
  versions: readonly LedgerVersion[],
  { allNew = false }: { allNew?: boolean } = {},
): Promise<void> {
  if (versions.length === 0) return;
  const columns = versionColumns(versions);
  await db.query(
    `INSERT INTO ${schema}.ledger_rows (${NAMES})
     SELECT ${SELECTED} FROM unnest(${UNNEST}) AS v(${NAMES})
     ${allNew ? '' : `ON CONFLICT (ledger, item_id, valid_from) DO UPDATE SET ${UPDATES}`}`,
    columns,
  );
}

/** A version's values, in COLUMNS' order. */
function valuesOf(v: LedgerVersion, steps: RowSteps = stepsOf(v.row)): (string | null)[] {
  const r = v.row;
  return [
    r.ledger,
    r.id,
    v.validFrom.toISOString(),
    v.validTo ? v.validTo.toISOString() : null,
    r.state,
    r.unitId ?? null,
    r.zoneId ?? null,
    r.office ?? null,
    r.category ?? null,
    r.source ?? null,
    r.kind ?? null,
    r.openedAt,
    r.updatedAt,
    r.dueOn ?? null,
    r.closedOn ?? null,
    ...activeDays(r),
    JSON.stringify(r),
    ...stepColumns(steps),
  ];
}

/** A PostgreSQL array literal of texts, each quoted. */
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/** The row's dated steps (domain/statistics.ts, stepsOf) as the literals of step_days, step_figures and step_counts. */
function stepColumns({ days, figures, counts }: RowSteps): [string, string, string] {
  return [`{${days.join(',')}}`, textArray(figures), `{${counts.join(',')}}`];
}

/**
 * The first and the last day the row was active: its dated steps (Beijing days) and its closing
 * day. A period statistic counts a row only for a step on a day of the period, so the rows whose
 * span misses the period are never read (migration analytics-004-ledger-active-days).
 */
export function activeDays(row: StoredRow): [string | null, string | null] {
  let first: string | null = null;
  let last: string | null = null;
  const see = (value: string | undefined) => {
    if (!value || (value.length !== 10 && Number.isNaN(Date.parse(value)))) return;
    const day = value.length === 10 ? value : beijingDay(value);
    if (first === null || day < first) first = day;
    if (last === null || day > last) last = day;
  };
  for (const value of Object.values(row.dates)) see(value);
  see(row.closedOn);
  return [first, last];
}

/** COPY's text format: a backslash, tab, newline or carriage return in a value is escaped. */
const COPY_SPECIAL = /[\\\t\n\r]/g;
const HAS_COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
/**
 * A value in COPY's text format; most have nothing to escape, and are found so by a test (the
 * compiled regular expression scans a row's JSON 3× faster than a loop over its characters).
 */
export const copyValue = (value: string | null): string => {
  if (value === null) return '\\N';
  return HAS_COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL, (s) => COPY_ESCAPES[s] as string) : value;
};

/** Rows a chunk written to the COPY stream. */
const COPY_CHUNK = 500;

/**
 * Loads versions that none of the table's rows hold yet with COPY (a table being loaded: the
 * rebuild's shadow, without its indexes): no arrays to quote and unnest, a fraction of INSERT's
 * cost on both ends. `client` is a connection of its own (COPY holds it until the end).
 *
 * With `steps`, the steps of each version that is current when it is written go to the schema's
 * ledger_steps too, by a second COPY (what refreshSteps makes of the rows' arrays, made here from
 * the same stepsOf), and `steps` is called with each of those versions.
 */
export async function copyVersions(
  client: PoolClient,
  schema: string,
  versions: readonly LedgerVersion[],
  steps?: (written: LedgerVersion) => void,
): Promise<void> {
  const stepLines: string[] = [];
  await copyInto(client, `${schema}.ledger_rows`, versions, (v, rowSteps) => {
    if (!steps || v.validTo) return;
    steps(v);
    stepLines.push(stepLinesOf(v.row, rowSteps));
  });
  await copyLines(client, `${schema}.ledger_steps (${STEP_NAMES})`, chunks(stepLines));
}

/** Writes the steps of these (current) versions into the schema's ledger_steps with COPY. */
export async function copySteps(client: PoolClient, schema: string, versions: readonly LedgerVersion[]): Promise<void> {
  await copyLines(
    client,
    `${schema}.ledger_steps (${STEP_NAMES})`,
    chunks(versions.map((v) => stepLinesOf(v.row, stepsOf(v.row)))),
  );
}

/**
 * COPYs text-format lines (chunks of whole lines) into `target` (a table and its columns). Nothing
 * is sent for no lines. `client` is a connection of its own: COPY holds it until the end.
 */
export async function copyLines(client: PoolClient, target: string, lines: Iterable<string>): Promise<void> {
  const iterator = lines[Symbol.iterator]();
  let first = iterator.next();
  while (!first.done && first.value === '') first = iterator.next();
  if (first.done) return;
  const head = first.value;
  function* all(): Generator<string> {
    yield head;
    for (let next = iterator.next(); !next.done; next = iterator.next()) if (next.value !== '') yield next.value;
  }
  await pipeline(Readable.from(all()), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
}

/** Lines joined a chunk of COPY_CHUNK at a time. */
function* chunks(lines: readonly string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += COPY_CHUNK) yield lines.slice(i, i + COPY_CHUNK).join('');
}

/** A row's steps as COPY text lines of ledger_steps (STEP_COLUMNS' order); '' for none. */
function stepLinesOf(row: StoredRow, steps: RowSteps): string {
  let out = '';
  for (const values of stepRows(row, steps)) out += values.map((v) => copyValue(v === null ? null : String(v))).join('\t') + '\n';
  return out;
}

/**
 * Writes loaded versions again, as they stand now (closed or amended since they were loaded), on a
 * table without its indexes: COPY into a temporary table, then one delete and one insert joined on
 * the key (a hash join, not a lookup a row). In one transaction: all of them or none.
 */
export async function replaceLoadedVersions(
  client: PoolClient,
  schema: string,
  versions: readonly LedgerVersion[],
): Promise<void> {
  if (versions.length === 0) return;
  await client.query('BEGIN');
  try {
    await client.query(`CREATE TEMPORARY TABLE replaced_versions (LIKE ${schema}.ledger_rows) ON COMMIT DROP`);
    await copyInto(client, 'replaced_versions', versions);
    const { rowCount } = await client.query(
      `DELETE FROM ${schema}.ledger_rows t USING replaced_versions r
        WHERE t.ledger = r.ledger AND t.item_id = r.item_id AND t.valid_from = r.valid_from`,
    );
    if (rowCount !== versions.length) throw new Error(`${versions.length} versions to replace, ${rowCount ?? 0} found`);
    await client.query(`INSERT INTO ${schema}.ledger_rows (${NAMES}) SELECT ${NAMES} FROM replaced_versions`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function copyInto(
  client: PoolClient,
  table: string,
  versions: readonly LedgerVersion[],
  each?: (version: LedgerVersion, steps: RowSteps) => void,
): Promise<void> {
  function* lines(): Generator<string> {
    for (let i = 0; i < versions.length; i += COPY_CHUNK) {
      let chunk = '';
      const end = Math.min(i + COPY_CHUNK, versions.length);
      for (let j = i; j < end; j++) {
        const version = versions[j] as LedgerVersion;
        const steps = stepsOf(version.row);
        each?.(version, steps);
        chunk += valuesOf(version, steps).map(copyValue).join('\t') + '\n';
      }
      yield chunk;
    }
  }
  await copyLines(client, `${table} (${NAMES})`, lines());
}

// ── reading

/** Who sees which rows: every row, or those of these zones or this office. */
export type RowScope = { all: true } | { zones: readonly string[]; office: string };

export interface LedgerFilter {
  /** One ledger, several, or every ledger (`'*'`, with a unit: a unit's rows for its indicators). */
  ledger: BookName | readonly BookName[] | '*';
  /** The instant read at. */
  asOf: Date;
  /** Whether asOf is now: the current versions are read without the temporal condition. */
  current: boolean;
  state?: string;
  office?: string;
  unitId?: string;
  zoneId?: string;
  category?: string;
  source?: string;
  kind?: string;
  openedFrom?: string;
  openedTo?: string;
  /** Rows active on a day of this range (a step dated in it): what a period statistic can count. */
  activeWithin?: { from: string; to: string };
}

const SORT_COLUMNS: Record<string, string> = {
  openedAt: 'opened_at',
  updatedAt: 'updated_at',
  dueOn: 'due_on',
  closedOn: 'closed_on',
  id: 'item_id',
};

export interface LedgerPageQuery extends LedgerFilter {
  sort: keyof typeof SORT_COLUMNS;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** The WHERE clause and its parameters for a filter and a scope. */
function where(filter: LedgerFilter, scope: RowScope): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.ledger];
  const parts = [
    filter.ledger === '*' ? '$1::text IS NOT NULL' : Array.isArray(filter.ledger) ? 'ledger = ANY($1::text[])' : 'ledger = $1',
  ];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (filter.current) parts.push('valid_to IS NULL');
  else {
    add((n) => `valid_from <= ${n}`, filter.asOf);
    // Implied (an item opens with its first version), and what lets a page in opening order start
    // at the instant on ledger_rows_opened instead of sorting every version valid then.
    parts.push(`(valid_to IS NULL OR valid_to > $${params.length})`, `opened_at <= $${params.length}`);
  }
  const eq = (column: string, value: string | undefined) => value !== undefined && add((n) => `${column} = ${n}`, value);
  eq('state', filter.state);
  eq('office', filter.office);
  eq('unit_id', filter.unitId);
  eq('zone_id', filter.zoneId);
  eq('category', filter.category);
  eq('source', filter.source);
  eq('kind', filter.kind);
  if (filter.openedFrom) add((n) => `opened_at >= (${n}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`, filter.openedFrom);
  if (filter.openedTo) add((n) => `opened_at < ((${n}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`, filter.openedTo);
  if (filter.activeWithin) {
    params.push(filter.activeWithin.from, filter.activeWithin.to);
    const [from, to] = [`$${params.length - 1}`, `$${params.length}`];
    parts.push(`daterange(active_from, active_to, '[]') && daterange(${from}::date, ${to}::date, '[]')`);
  }
  if (!('all' in scope)) {
    params.push(scope.zones, scope.office);
    parts.push(`(zone_id = ANY($${params.length - 1}::text[]) OR office = $${params.length})`);
  }
  return { sql: parts.join(' AND '), params };
}

export async function readLedgerPage(
  pool: Pool,
  schema: string,
  query: LedgerPageQuery,
  scope: RowScope,
): Promise<{ rows: StoredRow[]; total: number }> {
  const { sql, params } = where(query, scope);
  const column = SORT_COLUMNS[query.sort] ?? 'opened_at';
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  const nulls = direction === 'ASC' ? 'NULLS LAST' : 'NULLS FIRST';
  const [page, count] = await Promise.all([
    pool.query<{ row: StoredRow }>(
      `SELECT row FROM ${schema}.ledger_rows WHERE ${sql}
        ORDER BY ${column} ${direction} ${nulls}, item_id ${direction}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    ),
    countAsOf(query, scope)
      ? countOpenedBy(pool, schema, query, scope)
      : pool.query<{ total: string }>(`SELECT count(*) AS total FROM ${schema}.ledger_rows WHERE ${sql}`, params),
  ]);
  return { rows: page.rows.map((r) => r.row), total: Number(count.rows[0]?.total ?? 0) };
}

/**
 * Whether a page read as of a past instant is counted on the current versions: when nothing but
 * the ledger and the opening days narrows it. An item is never taken off a ledger, its versions
 * follow each other without a gap from the first, and opened_at is its first version's valid_from,
 * on every version: so the items held at the instant are those opened by then, one current version
 * each (ledger_rows_current_opened, an index a fraction of the size of every version's).
 */
function countAsOf(filter: LedgerFilter, scope: RowScope): boolean {
  const narrowed = ['state', 'office', 'unitId', 'zoneId', 'category', 'source', 'kind', 'activeWithin'] as const;
  return !filter.current && 'all' in scope && typeof filter.ledger === 'string' && narrowed.every((k) => filter[k] === undefined);
}

/** The items of the filter's ledger opened by its instant (countAsOf says when that is the count). */
function countOpenedBy(pool: Pool, schema: string, filter: LedgerFilter, scope: RowScope) {
  const { sql, params } = where({ ...filter, current: true }, scope);
  return pool.query<{ total: string }>(
    `SELECT count(*) AS total FROM ${schema}.ledger_rows WHERE ${sql} AND opened_at <= $${params.length + 1}`,
    [...params, filter.asOf],
  );
}

/** The group key column of each grouping, for rows without one `unknown` (as KEY_OF in domain/statistics.ts). */
const GROUP_COLUMNS: Record<Grouping, string> = { unit: 'unit_id', zone: 'zone_id', office: 'office', category: 'category' };

/**
 * The sums of a series' steps dated in a period, of the rows the filter and the scope select (in
 * `filter.ledger`, active within the period), grouped by `by`: summed where the rows are, from the
 * steps each version keeps (step_days, step_figures, step_counts; stepsOf). A version written
 * before the steps were kept (migration analytics-005-ledger-steps, until a rebuild) is read and
 * its steps computed here, so the figures are the same either way.
 */
export async function readStepSums(
  pool: Pool,
  schema: string,
  series: string,
  filter: LedgerFilter & { ledger: readonly BookName[]; activeWithin: { from: string; to: string } },
  scope: RowScope,
  by: Grouping | undefined,
): Promise<StepSum[]> {
  const { from, to } = filter.activeWithin;
  const sums: StepSum[] = [];
  const collect = (rows: { key: string | null; name: string; n: number }[]) => {
    for (const r of rows) sums.push({ ...(r.key === null ? {} : { key: r.key }), name: r.name, n: r.n });
  };
  if (filter.current) {
    // The current versions' steps, kept a row each: an index-only scan of the series' days.
    const params: unknown[] = [series, from, to];
    const and = (sql: (n: number) => string, ...values: unknown[]) => {
      params.push(...values);
      return ` AND ${sql(params.length - values.length + 1)}`;
    };
    // The series' own ledgers are all its steps: narrowed only when the caller sees some of them apart.
    const some = filter.ledger.length < (SERIES[series]?.ledgers.length ?? 0);
    const narrowed =
      (some ? and((n) => `ledger = ANY($${n}::text[])`, filter.ledger) : '') +
      ('all' in scope ? '' : and((n) => `(zone_id = ANY($${n}::text[]) OR office = $${n + 1})`, scope.zones, scope.office));
    const key = by ? `coalesce(${GROUP_COLUMNS[by]}, 'unknown')` : 'NULL::text';
    const { rows } = await pool.query<{ key: string | null; name: string; n: number }>(
      `SELECT ${key} AS key, name, sum(n)::float8 AS n FROM ${schema}.ledger_steps
        WHERE series = $1 AND day BETWEEN $2::date AND $3::date${narrowed}
        GROUP BY 1, 2`,
      params,
    );
    collect(rows);
  } else {
    // The steps of the versions valid at the instant, from the arrays each version keeps.
    const { sql, params } = where(filter, scope);
    const n = params.length;
    const key = by ? `coalesce(r.${GROUP_COLUMNS[by]}, 'unknown')` : 'NULL::text';
    const prefix = `${series}${STEP_SEPARATOR}`;
    const { rows } = await pool.query<{ key: string | null; name: string; n: number }>(
      `SELECT key, substr(figure, $${n + 3}) AS name, sum(n)::float8 AS n
         FROM (SELECT ${key} AS key, unnest(r.step_days) AS day, unnest(r.step_figures) AS figure, unnest(r.step_counts) AS n
                 FROM ${schema}.ledger_rows r WHERE ${sql}) s
        WHERE day BETWEEN $${n + 1}::date AND $${n + 2}::date AND starts_with(figure, $${n + 4})
        GROUP BY 1, 2`,
      [...params, from, to, prefix.length + 1, prefix],
    );
    collect(rows);
  }
  // Versions written before the steps were kept: empty once every version keeps its steps
  // (ledger_rows_unstepped is then an empty index).
  const { sql, params } = where(filter, scope);
  const unstepped = await pool.query<{ row: StoredRow }>(
    `SELECT row FROM ${schema}.ledger_rows WHERE ${sql} AND step_figures IS NULL`,
    params,
  );
  if (unstepped.rows.length > 0)
    sums.push(
      ...sumSteps(
        series,
        unstepped.rows.map((r) => r.row),
        filter.activeWithin,
        by,
      ),
    );
  return sums;
}

/** Every row of a ledger at an instant (a unit's indicators read these). */
export async function readLedgerRows(pool: Pool, schema: string, filter: LedgerFilter, scope: RowScope): Promise<StoredRow[]> {
  const { sql, params } = where(filter, scope);
  const { rows } = await pool.query<{ row: StoredRow }>(`SELECT row FROM ${schema}.ledger_rows WHERE ${sql}`, params);
  return rows.map((r) => r.row);
}
