import { eventually } from '@jiandu/testing';
import { petitionBody, registerZonesAndUnits, tokens, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const N = 50;

describe('Clue numbering under concurrency', () => {
  let sys: System;
  let t: Tokens;

  beforeAll(async () => {
    sys = await startSystem();
    // A second case-management replica shares the durable consumer, so registrations really race.
    await sys.start('case-management', 2);
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
  });
  afterAll(() => sys?.stop());

  it(`gives ${N} concurrently transferred petitions ${N} clues with ${N} distinct consecutive numbers`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const created = await sys.api(
        'POST',
        '/api/v1/petitions',
        t.petitionOffice,
        petitionBody(i % 2 ? 'u-street' : 'u-bureau', i % 3 === 0),
      );
      ids.push(created.body.id);
      expect((await sys.api('POST', `/api/v1/petitions/${created.body.id}/accept`, t.petitionOffice)).status).toBe(200);
    }
    const transfers = await Promise.all(ids.map((id) => sys.api('POST', `/api/v1/petitions/${id}/transfer`, t.petitionOffice)));
    expect(transfers.map((r) => r.status)).toEqual(ids.map(() => 200));

    const ledger = await eventually(
      async () => {
        const res = await sys.api('GET', '/api/v1/clues?pageSize=200', t.caseManagement);
        expect(res.body.total).toBe(N);
        return res.body.items as { number: string; assignedOffice: string; unitId: string }[];
      },
      { timeoutMs: 60_000 },
    );
    const year = new Date().getFullYear();
    const numbers = ledger.map((c) => c.number).sort();
    expect(numbers).toEqual(Array.from({ length: N }, (_, i) => `XS-${year}-${String(i + 1).padStart(6, '0')}`));
    for (const clue of ledger)
      expect(clue.assignedOffice).toBe(clue.unitId === 'u-street' ? 'supervision-office-1' : 'supervision-office-2');

    const { rows } = await sys.db
      .pool()
      .query(`SELECT count(*)::int AS n FROM case_management.events WHERE type = 'ClueRegistered'`);
    expect(rows[0].n).toBe(N);
  });
});
