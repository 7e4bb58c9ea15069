// The rebuild's loader (COPY, text format) against the consumers' writer (INSERT … unnest): the
// same versions read back the same, values holding COPY's special characters and no value at all
// included. A loader that forgot an escape would split a row at a tab or a newline, or read "\N"
// as a null.
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { analyticsMigrations } from '../src/migrations.js';
import { copyVersions, writeVersions, type LedgerVersion } from '../src/projections/ledgers.projection.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('an_copy');
  const ledgerTables = analyticsMigrations.find((m) => m.id === 'analytics-001-ledger-rows');
  if (!ledgerTables) throw new Error('analytics-001-ledger-rows is missing');
  for (const schema of ['copied', 'inserted']) {
    await db.pool().query(`CREATE SCHEMA ${schema}`);
    await db.pool().query(ledgerTables.sql.replaceAll('{{schema}}', schema));
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
