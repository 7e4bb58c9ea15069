// 1,000 registrations at once through the gateway, against services with two pooled connections
// each: every one is registered or refused with 503 and Retry-After, nothing is half-written, and
// the system answers afterwards. Retries with the same Idempotency-Key then register the refused
// ones exactly once.
import { randomUUID } from 'node:crypto';
import { petitionBody, tokens, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const N = 1_000;

describe('A burst of registrations', () => {
  let sys: System;
  let t: Tokens;

  beforeAll(async () => {
    sys = await startSystem({ PG_POOL_SIZE: '2', LOG_LEVEL: 'warn' });
    t = await tokens(sys);
  });
  afterAll(() => sys?.stop());

  const register = (key: string) => {
    const started = performance.now();
    return fetch(`${sys.baseUrl}/api/v1/petitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.petitionOffice}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(petitionBody('u-street', true)),
    }).then(async (res) => {
      const body = (await res.json()) as { id?: string };
      const ms = performance.now() - started;
      sys.conform('POST', '/api/v1/petitions', { status: res.status, headers: res.headers, body }); // throws when it breaks the document
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        replayed: res.headers.get('idempotent-replayed'),
        body,
        ms,
      };
    });
  };

  it(`ends each of ${N} concurrent registrations registered or refused with 503 and Retry-After, and nothing half-written`, async () => {
    const keys = Array.from({ length: N }, () => randomUUID());
    const first = await Promise.all(keys.map(register));
    const statuses = new Set(first.map((r) => r.status));
    expect([...statuses].every((s) => s === 201 || s === 503)).toBe(true);
    for (const r of first.filter((r) => r.status === 503)) expect(r.retryAfter).toMatch(/^\d+$/);
    const registered = first.filter((r) => r.status === 201).length;
    expect(registered).toBeGreaterThan(0);
    const slowest = Math.max(...first.map((r) => r.ms));
    console.log(
      `${N} at once with PG_POOL_SIZE=2: ${registered} registered, ${N - registered} refused with 503 and Retry-After; slowest answer ${slowest.toFixed(0)} ms`,
    );

    // The system still answers, and every process is ready.
    for (const name of ['gateway', 'petitions', 'case-management', 'supervision'] as const) {
      const h = await sys.health(name);
      expect({ name, status: h.status }).toEqual({ name, status: 200 });
    }
    const one = first.find((r) => r.status === 201)!.body.id;
    expect((await sys.api('GET', `/api/v1/petitions/${one}`, t.petitionOffice)).status).toBe(200);

    // Nothing half-written: every vault row and lookup code has its event, and every real-name event its vault row.
    const counts = async () =>
      (
        await sys.db.pool().query(
          `SELECT (SELECT count(*) FROM petitions.events WHERE type = 'PetitionRecorded')::int AS events,
                  (SELECT count(*) FROM petitions.reporter_vault v WHERE NOT EXISTS (SELECT 1 FROM petitions.events e WHERE e.stream_id = 'petition-' || v.petition_id))::int AS orphan_vault,
                  (SELECT count(*) FROM petitions.events e WHERE e.type = 'PetitionRecorded' AND NOT EXISTS (SELECT 1 FROM petitions.reporter_vault v WHERE v.reporter_ref = e.data->>'reporterRef'))::int AS event_without_vault,
                  (SELECT count(*) FROM petitions.lookup_codes)::int AS codes,
                  (SELECT count(*) FROM petitions.lookup_codes l WHERE NOT EXISTS (SELECT 1 FROM petitions.events e WHERE e.stream_id = 'petition-' || l.petition_id AND e.type = 'PetitionRecorded'))::int AS orphan_codes`,
        )
      ).rows[0];
    const after = await counts();
    expect(after).toEqual({ events: registered, orphan_vault: 0, event_without_vault: 0, codes: registered, orphan_codes: 0 });

    // A client that got 503 retries with its key until it gets through: each petition is registered once.
    // The clients retry as well-behaved clients do, a few at a time (20 in flight), not as a second burst of
    // hundreds, so the phase measures idempotent retries and not how long a 2-core machine takes to refuse.
    const queue = keys.filter((_, i) => first[i]!.status === 503);
    const deadline = Date.now() + 150_000;
    let refusedAgain = 0;
    const client = async (): Promise<void> => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const r = await register(key);
        if (r.status === 201) continue;
        expect(r.status).toBe(503);
        expect(r.retryAfter).toMatch(/^\d+$/);
        refusedAgain += 1;
        if (Date.now() > deadline) throw new Error(`still refused after 150 s: ${queue.length + 1} registrations pending`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        queue.push(key);
      }
    };
    await Promise.all(Array.from({ length: 20 }, client));
    console.log(`retried 20 at a time: ${N - registered} registered, ${refusedAgain} retries refused again with 503`);
    const replays = await Promise.all(keys.slice(0, 20).map(register));
    for (const r of replays) {
      expect(r.status).toBe(201);
      expect(r.replayed).toBe('true');
    }
    expect(await counts()).toEqual({ events: N, orphan_vault: 0, event_without_vault: 0, codes: N, orphan_codes: 0 });
  }, 300_000);
});
