// npm run verify -- [--schema <name>]... [--stream <id>]
// Recomputes the hash chain of every event in each service schema (default: every schema with an
// event store, found by its migrations table) and every seal over its whole log (seal.ts), and names
// the first broken link or seal. Prints one line per
// schema: stream ids, versions and positions only, never event data. Exit code 0: every chain is
// intact; 1: a broken link; 2: bad arguments or no database. DATABASE_URL selects the database;
// run it as a role that may read the events tables (the owner, or ops).
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { assertSchemaName } from './migrate.js';
import { verifySeals } from './seal.js';
import { verifyLog } from './verify.js';

const USAGE = 'usage: npm run verify -- [--schema <name>]... [--stream <id>]   (DATABASE_URL selects the database)';

/** Schemas holding an event store: an events table next to a migrations table that applied ours. */
async function storeSchemas(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ schema: string }>(
    `SELECT t.table_schema AS schema FROM information_schema.tables t
      WHERE t.table_name = 'events'
        AND EXISTS (SELECT 1 FROM information_schema.tables m WHERE m.table_schema = t.table_schema AND m.table_name = 'migrations')
      ORDER BY 1`,
  );
  const stores: string[] = [];
  for (const { schema } of rows) {
    const applied = await pool
      .query(`SELECT 1 FROM "${schema}".migrations WHERE id = 'event-store/001-events'`)
      .catch(() => ({ rowCount: 0 }));
    if (applied.rowCount) stores.push(schema);
  }
  return stores;
}

export async function runVerify(argv: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  let args: { schema?: string[]; stream?: string };
  try {
    args = parseArgs({ args: argv, options: { schema: { type: 'string', multiple: true }, stream: { type: 'string' } } }).values;
    for (const schema of args.schema ?? []) assertSchemaName(schema);
  } catch (error) {
    print(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const pool = new pg.Pool({ connectionString: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/jiandu', max: 1 });
  pool.on('error', () => undefined);
  try {
    const schemas = args.schema ?? (await storeSchemas(pool));
    if (schemas.length === 0) {
      print('no event store found in this database');
      return 2;
    }
    let broken = false;
    for (const schema of schemas) {
      const result = await verifyLog(pool, schema, args.stream);
      const scope = args.stream === undefined ? schema : `${schema} stream ${args.stream}`;
      let line: string;
      if (result.ok) {
        line = `${scope}: intact, ${result.checked} events checked`;
      } else {
        broken = true;
        const at = result.brokenAt;
        line = `${scope}: BROKEN at stream ${at.streamId} version ${at.version} (position ${at.position}): ${at.reason}; ${result.checked} events checked`;
      }
      if (args.stream === undefined) {
        const seals = await verifySeals(pool, schema);
        if (seals.ok)
          line += `; ${seals.seals} seals intact over ${seals.sealedEvents} events, ${seals.unsealedEvents} not sealed yet`;
        else {
          broken = true;
          line += `; seal ${seals.brokenAt.sealNo} BROKEN: ${seals.brokenAt.reason}`;
        }
      }
      print(line);
    }
    return broken ? 1 : 0;
  } catch (error) {
    print(`verify failed: ${(error as Error).message}`);
    return 2;
  } finally {
    await pool.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runVerify(process.argv.slice(2), process.env, (line) => console.log(line));
}
