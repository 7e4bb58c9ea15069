// Outages of the database and of the broker, of 5 s, 30 s and 120 s, under steady traffic through
// the gateway, with the whole system as processes on a private PostgreSQL and a private nats-server.
// During each: requests fail fast with 503 and Retry-After, and every /health says why within a
// second. After each: the system serves again within 10 s, with no manual step and no process
// restarted, and nothing is half-written.
import { eventually, startPrivateNats, startPrivatePostgres, type PrivateServer } from '@jiandu/testing';
import { petitionBody, registerZonesAndUnits, tokens, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const RECOVERY_S = 10;

describe('Outages under traffic', () => {
  let postgres: PrivateServer;
  let nats: PrivateServer;
  let sys: System;
  let t: Tokens;

  beforeAll(async () => {
    [postgres, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
    sys = await startSystem({ NATS_URL: nats.url, LOG_LEVEL: 'warn', RPC_TIMEOUT_MS: '3000', PG_ACQUIRE_TIMEOUT_MS: '1000' }, { postgresUrl: postgres.url });
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
  }, 120_000);
  afterAll(async () => {
    await sys?.stop().catch(() => undefined);
    await Promise.all([postgres?.stop(), nats?.stop()]);
  }, 60_000);

  /** A registration every 100 ms, each recorded with its status, Retry-After and duration. */
  function traffic() {
    const results: { at: number; status: number; retryAfter: string | null; ms: number }[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const at = Date.now();
        const res = await fetch(`${sys.baseUrl}/api/v1/petitions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.petitionOffice}`, 'content-type': 'application/json' },
          body: JSON.stringify(petitionBody('u-street', true)),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => undefined);
        await res?.arrayBuffer();
        results.push({ at, status: res?.status ?? 0, retryAfter: res?.headers.get('retry-after') ?? null, ms: Date.now() - at });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    return {
      results,
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  async function healthOf(url: string) {
    const started = performance.now();
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3_000) });
    return { status: res.status, body: (await res.json()) as { reason?: string }, ms: performance.now() - started };
  }

  async function outage(what: 'postgres' | 'nats' | 'both', seconds: number) {
    const load = traffic();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const servers = what === 'both' ? [postgres, nats] : [what === 'postgres' ? postgres : nats];
    await Promise.all(servers.map((s) => s.down()));
    const downAt = Date.now();
    // During the outage: the gateway says why within a second.
    await eventually(
      async () => {
        const h = await healthOf(sys.baseUrl);
        expect(h.ms).toBeLessThan(1_000);
        if (what !== 'postgres' && h.status !== 503) throw new Error('gateway still ready');
        return true;
      },
      { timeoutMs: 15_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds * 1000 - (Date.now() - downAt))));
    const restoringAt = Date.now(); // requests may succeed from here on: the server comes up inside restart()
    await Promise.all(servers.map((s) => s.restart()));
    const upAt = Date.now();
    await eventually(
      async () => {
        const last = load.results.at(-1);
        if (!last || last.at < upAt || last.status !== 201) throw new Error('not serving yet');
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const firstSuccess = load.results.find((r) => r.at >= upAt && r.status === 201)!;
    const recoveredS = (firstSuccess.at + firstSuccess.ms - upAt) / 1000;
    await load.stop();
    const during = load.results.filter((r) => r.at > downAt + 1_000 && r.at + r.ms < restoringAt);
    console.log(`${what} down ${seconds} s: ${during.length} requests during the outage (${[...new Set(during.map((r) => r.status))].join(', ')}), served again ${recoveredS.toFixed(1)} s after its return`);
    return { during, recoveredS };
  }

  async function expectWhole() {
    expect(sys.exited()).toEqual([]);
    const { rows } = await sys.db.pool().query(
      `SELECT (SELECT count(*) FROM petitions.reporter_vault v WHERE NOT EXISTS (SELECT 1 FROM petitions.events e WHERE e.stream_id = 'petition-' || v.petition_id))::int AS orphan_vault,
              (SELECT count(*) FROM petitions.events e WHERE e.type = 'PetitionRegistered' AND NOT EXISTS (SELECT 1 FROM petitions.reporter_vault v WHERE v.reporter_ref = e.data->>'reporterRef'))::int AS event_without_vault`,
    );
    expect(rows[0]).toEqual({ orphan_vault: 0, event_without_vault: 0 });
  }

  it.each([
    ['postgres', 5],
    ['nats', 5],
    ['postgres', 30],
    ['nats', 30],
    ['both', 120],
  ] as const)('%s down for %i s: fast 503s with Retry-After during, served again within 10 s after', async (what, seconds) => {
    const { during, recoveredS } = await outage(what, seconds);
    for (const r of during) {
      expect(r.status).toBe(503);
      expect(r.retryAfter).toMatch(/^\d+$/);
      expect(r.ms).toBeLessThan(5_000);
    }
    expect(recoveredS).toBeLessThan(RECOVERY_S);
    await expectWhole();
  }, 240_000);
});
