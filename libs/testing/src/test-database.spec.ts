import pg from 'pg';
import { createTestDatabase } from './test-database.js';

describe('createTestDatabase', () => {
  it('creates a fresh database of its own and drops it', async () => {
    const [a, b] = await Promise.all([createTestDatabase('spec'), createTestDatabase('spec')]);
    try {
      expect(a.name).not.toBe(b.name);
      await a.pool().query('CREATE TABLE only_in_a (id int)');
      await expect(b.pool().query('SELECT * FROM only_in_a')).rejects.toThrow(/does not exist/);
      const { rows } = await a.pool().query('SELECT current_database() AS name');
      expect(rows[0].name).toBe(a.name);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
    const client = new pg.Client({ connectionString: a.url.replace(a.name, 'postgres') });
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [a.name]);
    await client.end();
    expect(rowCount).toBe(0);
  });
});
