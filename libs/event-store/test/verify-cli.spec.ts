// The operators' verifier (npm run verify): finds every event store in the database, reports each
// chain in one line without event data, and signals a broken link through its exit code.
import { openEventStore, sealAll, verifySeals } from '../src/index.js';
import type { NewEvent } from '../src/index.js';
import { runVerify } from '../src/verify-cli.js';
import { createTempDatabase, sampleMetadata } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

const SECRET = '举报人王五的电话13800000000';
const events = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({ type: 'Noted', data: { n, note: SECRET }, metadata: sampleMetadata() }));

let db: TempDatabase;
let first: string;
let second: string;

beforeAll(async () => {
  db = await createTempDatabase(4);
  first = db.schemaName('alpha');
  second = db.schemaName('beta');
  await (await openEventStore({ pool: db.pool, schema: first })).append('case-1', events(3), 'no-stream');
  const beta = await openEventStore({ pool: db.pool, schema: second });
  await beta.append('case-2', events(2), 'no-stream');
  await beta.append('case-3', events(4), 'no-stream');
  await db.pool.query(`CREATE SCHEMA unrelated; CREATE TABLE unrelated.events (id int)`); // not an event store
});
afterAll(() => db.drop());

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runVerify(args, { DATABASE_URL: db.url }, (line) => lines.push(line));
  return { code, lines };
}

describe('npm run verify', () => {
  it('checks every event store in the database and exits 0 when all chains are intact', async () => {
    const { code, lines } = await run([]);
    expect(code).toBe(0);
    expect(lines.sort()).toEqual(
      [
        `${first}: intact, 3 events checked; 0 seals intact over 0 events, 3 not sealed yet`,
        `${second}: intact, 6 events checked; 0 seals intact over 0 events, 6 not sealed yet`,
      ].sort(),
    );
  });

  it('names the first broken link and exits 1, without printing event data', async () => {
    // Seal every event of the second store (another test's open transaction may hold the horizon back a moment).
    const deadline = Date.now() + 10_000;
    for (;;) {
      await sealAll(db.pool, second);
      const sealed = await verifySeals(db.pool, second);
      if (sealed.ok && sealed.sealedEvents === 6) break;
      if (Date.now() > deadline) throw new Error(`could not seal the second store: ${JSON.stringify(sealed)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await db.pool.query(
      `UPDATE ${second}.events SET data = jsonb_set(data, '{n}', '99') WHERE stream_id = 'case-3' AND version = 2`,
    );
    const { code, lines } = await run(['--schema', second]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${second}: BROKEN at stream case-3 version 2 \\(position \\d+\\): hash does not match the event content; 6 events checked; 1 seals intact over 6 events, 0 not sealed yet$`,
        ),
      ),
    ]);
    expect(lines.join('\n')).not.toContain('王五');
    await db.pool.query(`DELETE FROM ${second}.events WHERE stream_id = 'case-2'`); // invisible to the stream chains
    const removed = await run(['--schema', second]);
    expect(removed.code).toBe(1);
    expect(removed.lines[0]).toMatch(/; seal 1 BROKEN: it covers 6 events, the log now holds 4 in its range$/);
    const one = await run(['--schema', second, '--stream', 'case-2']);
    expect(one).toEqual({ code: 0, lines: [`${second} stream case-2: intact, 0 events checked`] });
  });

  it('refuses a malformed schema name and an unknown option with exit code 2', async () => {
    expect((await run(['--schema', 'x; DROP TABLE y'])).code).toBe(2);
    expect((await run(['--bogus'])).code).toBe(2);
  });
});
