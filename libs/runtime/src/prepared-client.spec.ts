import pg from 'pg';
import { createLogger } from './logger.js';
import { createPool, poolLimits } from './pool.js';
import { MAX_NAMED_TEXTS, statementName } from './prepared-client.js';

const url = process.env['JIANDU_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The statements this connection has prepared, by name. */
async function prepared(client: pg.PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
  return new Map(rows.map((r) => [r.name, r.statement]));
}

describe('every statement with parameters is prepared once per connection', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createPool(url, poolLimits({}), createLogger('test', 'silent'), 1);
  });
  afterAll(() => pool.end());

  it('names a statement after its text: the same text, the same name; another text, another name', () => {
    const a = statementName('SELECT $1::int + 1 AS n /* a */');
    expect(a).toMatch(/^auto:[A-Za-z0-9_-]{22}$/);
    expect(statementName('SELECT $1::int + 1 AS n /* a */')).toBe(a);
    expect(statementName('SELECT $1::int + 2 AS n /* a */')).not.toBe(a);
  });

  it('prepares it at its first call and runs the prepared one after, in every form of query()', async () => {
    const client = await pool.connect();
    try {
      const text = 'SELECT $1::int * 2 AS n /* prepared-client.spec forms */';
      const viaText = await client.query<{ n: number }>(text, [21]);
      const viaConfig = await client.query<{ n: number }>({ text, values: [4] });
      const viaConfigAndValues = await client.query<{ n: number }>({ text }, [5]);
      const viaCallback = await new Promise<number>((resolve, reject) =>
        client.query<{ n: number }>(text, [6], (err, res) => (err ? reject(err) : resolve(res.rows[0]!.n))),
      );
      const asArray = await client.query<number[]>({ text, values: [7], rowMode: 'array' });
      expect([viaText.rows[0]!.n, viaConfig.rows[0]!.n, viaConfigAndValues.rows[0]!.n, viaCallback]).toEqual([42, 8, 10, 12]);
      expect(asArray.rows).toEqual([[14]]);
      const statements = await prepared(client);
      const name = statementName(text)!;
      expect(statements.get(name)).toContain('prepared-client.spec forms');
      // One statement for the five calls: the later ones bound the prepared one.
      expect([...statements.values()].filter((s) => s.includes('prepared-client.spec forms'))).toHaveLength(1);
    } finally {
      client.release();
    }
  });

  it('keeps a name the code gave, and leaves statements without parameters and COPY-style query objects alone', async () => {
    const client = await pool.connect();
    try {
      await client.query({ name: 'spec-own-name', text: 'SELECT $1::text AS t /* own */', values: ['x'] });
      await client.query('SELECT 1 AS one /* no parameters */');
      await client.query('BEGIN');
      await client.query('COMMIT');
      const query = new pg.Query<{ n: number }>('SELECT $1::int AS n /* a query object */', [9]);
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const got: unknown[] = [];
        client.query(query);
        query.on('row', (row) => got.push(row));
        query.on('end', () => resolve(got));
        query.on('error', reject);
      });
      expect(rows).toEqual([{ n: 9 }]);
      const statements = await prepared(client);
      expect(statements.get('spec-own-name')).toContain('/* own */');
      expect([...statements.values()].some((s) => s.includes('no parameters') || s.includes('a query object'))).toBe(false);
      expect(statementName('SELECT $1::text AS t /* own */')).toMatch(/^auto:/); // a name exists, unused
      expect([...statements.keys()].some((k) => k === statementName('SELECT $1::text AS t /* own */'))).toBe(false);
    } finally {
      client.release();
    }
  });

  it('fails a statement that does not parse, then prepares it again when it parses (a table created later)', async () => {
    const client = await pool.connect();
    const table = `spec_prepared_${process.pid}`;
    const text = `SELECT count(*)::int AS n FROM ${table} WHERE id > $1`;
    try {
      await expect(client.query(text, [0])).rejects.toMatchObject({ code: '42P01' });
      await client.query(`CREATE TEMP TABLE ${table} (id int)`);
      await client.query(`INSERT INTO ${table} VALUES (1), (2)`);
      await expect(client.query(text, [0])).resolves.toMatchObject({ rows: [{ n: 2 }] });
    } finally {
      client.release();
    }
  });

  it(`names at most ${MAX_NAMED_TEXTS} texts; past them a new text runs unnamed, as before`, async () => {
    for (let i = 0; i < MAX_NAMED_TEXTS + 10; i++) statementName(`SELECT $1::int AS n /* cap ${i} */`);
    const past = `SELECT $1::int AS n /* past the cap */`;
    expect(statementName(past)).toBeUndefined();
    const client = await pool.connect();
    try {
      await expect(client.query(past, [3])).resolves.toMatchObject({ rows: [{ n: 3 }] });
      expect([...(await prepared(client)).values()].some((s) => s.includes('past the cap'))).toBe(false);
    } finally {
      client.release();
    }
  });
});
