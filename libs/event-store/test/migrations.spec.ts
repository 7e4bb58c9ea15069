import { openEventStore } from '../src/index.js';
import type { Migration } from '../src/index.js';
import { createTempDatabase } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

let db: TempDatabase;

beforeAll(async () => {
  db = await createTempDatabase(8);
});
afterAll(() => db.drop());

// Neither statement is idempotent, so a second application would fail or leave a second row.
const serviceMigrations: Migration[] = [
  { id: 'svc/001-starts', sql: 'CREATE TABLE {{schema}}.starts (n serial PRIMARY KEY, role text)' },
  { id: 'svc/002-record', sql: "INSERT INTO {{schema}}.starts (role) VALUES ('{{appRole}}')" },
];

describe('openEventStore migrations', () => {
  it('applies each migration once when two services start concurrently on one schema', async () => {
    const schema = db.schemaName('migr');
    const opened = await Promise.all([
      openEventStore({ pool: db.pool, schema, migrations: serviceMigrations }),
      openEventStore({ pool: db.pool, schema, migrations: serviceMigrations }),
    ]);
    const appliedTwice = opened.flatMap((store) => store.applied).sort();
    expect(appliedTwice).toEqual([
      'event-store/001-events',
      'event-store/002-append-functions',
      'event-store/003-drop-row-checks',
      'event-store/004-seals',
      'svc/001-starts',
      'svc/002-record',
    ]);
    const { rows } = await db.pool.query(`SELECT role FROM ${schema}.starts`);
    expect(rows).toEqual([{ role: `${schema}_app` }]);
    const recorded = await db.pool.query(`SELECT id FROM ${schema}.migrations ORDER BY applied_at, id`);
    expect(recorded.rows.map((row) => row.id)).toEqual(appliedTwice);
  });

  it('applies only the new migrations on a later start', async () => {
    const schema = db.schemaName('later');
    await openEventStore({ pool: db.pool, schema, migrations: serviceMigrations.slice(0, 1) });
    const again = await openEventStore({ pool: db.pool, schema, migrations: serviceMigrations });
    expect(again.applied).toEqual(['svc/002-record']);
  });

  it('stops at a failing migration and names it', async () => {
    const schema = db.schemaName('broken');
    const broken = [{ id: 'svc/001-bad', sql: 'CREATE TABLE {{schema}}.x (' }];
    await expect(openEventStore({ pool: db.pool, schema, migrations: broken })).rejects.toThrow('migration svc/001-bad failed');
  });

  it('refuses schema names that are not plain identifiers', async () => {
    await expect(openEventStore({ pool: db.pool, schema: 'x; drop table y' })).rejects.toThrow('invalid schema name');
  });
});
