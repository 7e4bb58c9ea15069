import { eventually } from '@jiandu/testing';
import { petitionBody, registerZonesAndUnits, tokens, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const N = 40;

describe('case-management killed with SIGKILL while transfers are in flight', () => {
  let sys: System;
  let t: Tokens;

  beforeAll(async () => {
    sys = await startSystem();
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
  });
  afterAll(() => sys?.stop());

  it('ends, after its restart, with exactly one clue per transferred petition', async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const created = await sys.api('POST', '/api/v1/petitions', t.petitionOffice, petitionBody('u-street', false));
      ids.push(created.body.id);
      await sys.api('POST', `/api/v1/petitions/${created.body.id}/accept`, t.petitionOffice);
    }
    const pool = sys.db.pool();
    const clues = async () =>
      (await pool.query(`SELECT count(*)::int AS n FROM case_management.clue_ledger`)).rows[0].n as number;

    const transfers = Promise.all(ids.map((id) => sys.api('POST', `/api/v1/petitions/${id}/transfer`, t.petitionOffice)));
    // Kill it mid-stream: some clues registered, others not yet.
    await eventually(async () => (await clues()) >= 3, { timeoutMs: 30_000, intervalMs: 5 });
    await sys.kill('case-management');
    const registeredAtKill = await clues();
    expect((await transfers).every((r) => r.status === 200)).toBe(true);
    expect(registeredAtKill).toBeLessThan(N);

    await sys.start('case-management');
    await eventually(async () => (await clues()) === N, { timeoutMs: 60_000 });

    const { rows } = await pool.query(
      `SELECT data->>'sourceRef' AS petition, count(*)::int AS n FROM case_management.events
        WHERE type = 'ClueRegistered' GROUP BY 1`,
    );
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.petition))).toEqual(new Set(ids));
    const numbers = (await pool.query(`SELECT number FROM case_management.clue_ledger ORDER BY number`)).rows.map(
      (r) => r.number,
    );
    const year = new Date().getFullYear();
    expect(numbers).toEqual(Array.from({ length: N }, (_, i) => `XS-${year}-${String(i + 1).padStart(6, '0')}`));
  });
});
