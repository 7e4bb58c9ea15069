// The rebuild's loader (COPY, text format) against the consumers' writer (INSERT … unnest): the
// same versions read back the same, values holding COPY's special characters and no value at all
// included. A loader that forgot an escape would split a row at a tab or a newline, or read "\N"
// as a null.
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { analyticsMigrations, ledgerTableSql } from '../src/migrations.js';
import { activeDays, copyVersions, writeVersions, type LedgerVersion } from '../src/projections/ledgers.projection.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('an_copy');
  for (const schema of ['copied', 'inserted']) {
    await db.pool().query(`CREATE SCHEMA ${schema}`);
    await db.pool().query(ledgerTableSql(schema));
  }
});

afterAll(async () => {
  await db.drop();
});

const hostile = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'quote"d', '引号“中文”', ''];

const versions: LedgerVersion[] = hostile.map((text, i) => ({
  row: {
    ledger: 'clues',
    id: `c-${i}`,
    state: i % 2 ? 'in-inquiry' : text || 'registered',
    number: `XS-2026-${String(i).padStart(6, '0')}`,
    unitId: i === 0 ? undefined : `u-${text}`,
    category: text,
    kind: i % 3 ? undefined : text,
    openedAt: '2026-06-01T02:00:00.000Z',
    updatedAt: '2026-06-02T02:00:00.000Z',
    dueOn: i % 2 ? '2026-07-01' : undefined,
    dates: { registeredAt: '2026-06-01T02:00:00.000Z', [text || 'empty']: '2026-06-02' },
    facts: { note: text, count: i, flag: i % 2 === 0 },
  },
  validFrom: new Date(Date.UTC(2026, 5, 1, 2, 0, i)),
  validTo: i % 2 ? new Date(Date.UTC(2026, 5, 2, 2, 0, i)) : undefined,
}));

const read = async (schema: string) =>
  (await db.pool().query(`SELECT * FROM ${schema}.ledger_rows ORDER BY item_id, valid_from`)).rows;

it('loads with COPY exactly what the INSERT writer writes, special characters and absent values included', async () => {
  const client = await db.pool().connect();
  try {
    await copyVersions(client, 'copied', versions);
  } finally {
    client.release();
  }
  await writeVersions(db.pool(), 'inserted', versions, { allNew: true });
  const copied = await read('copied');
  expect(copied).toHaveLength(hostile.length);
  expect(copied).toEqual(await read('inserted'));
  // The values themselves, not only their agreement.
  expect(copied.map((r) => r.category)).toEqual(hostile);
  expect(copied.map((r) => r.row.facts.note)).toEqual(hostile);
  expect(copied[0].unit_id).toBeNull();
  expect(copied[4].unit_id).toBe('u-\\N');
});

it('loads nothing for no versions, and fails whole on a bad row (nothing half-loaded)', async () => {
  const client = await db.pool().connect();
  try {
    await copyVersions(client, 'copied', []);
    const bad: LedgerVersion = {
      ...(versions[1] as LedgerVersion),
      row: { ...(versions[1] as LedgerVersion).row, id: 'c-bad', dueOn: 'not-a-date' },
    };
    await expect(
      copyVersions(client, 'copied', [
        { ...(versions[2] as LedgerVersion), row: { ...(versions[2] as LedgerVersion).row, id: 'c-ok' } },
        bad,
      ]),
    ).rejects.toThrow(/date/);
  } finally {
    client.release();
  }
  expect((await read('copied')).map((r) => r.item_id)).not.toEqual(expect.arrayContaining(['c-ok']));
});

it('backfills the active days of rows written before migration 004 exactly as the writers compute them', async () => {
  const first = analyticsMigrations.find((m) => m.id === 'analytics-001-ledger-rows');
  const active = analyticsMigrations.find((m) => m.id === 'analytics-004-ledger-active-days');
  if (!first || !active) throw new Error('a ledger migration is missing');
  await db.pool().query('CREATE SCHEMA before_004');
  await db.pool().query(first.sql.replaceAll('{{schema}}', 'before_004'));
  // Written as the writer of that time wrote them: no active days.
  for (const v of versions) {
    const r = v.row;
    await db.pool().query(
      `INSERT INTO before_004.ledger_rows (ledger, item_id, valid_from, valid_to, state, opened_at, updated_at, closed_on, row)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.ledger, r.id, v.validFrom, v.validTo ?? null, r.state, r.openedAt, r.updatedAt, r.closedOn ?? null, JSON.stringify(r)],
    );
  }
  await db.pool().query(active.sql.replaceAll('{{schema}}', 'before_004'));
  const { rows } = await db
    .pool()
    .query(`SELECT item_id, active_from::text, active_to::text FROM before_004.ledger_rows ORDER BY item_id, valid_from`);
  expect(rows.map((r) => [r.active_from, r.active_to])).toEqual(versions.map((v) => activeDays(v.row)));
  // A late step (a date-time of Beijing's next day) and a closing day count.
  expect(
    activeDays({ ...(versions[0] as LedgerVersion).row, dates: { at: '2026-06-30T17:00:00.000Z' }, closedOn: '2026-06-20' }),
  ).toEqual(['2026-06-20', '2026-07-01']);
});
