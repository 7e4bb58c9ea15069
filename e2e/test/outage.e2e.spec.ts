// Outages of the database and of the broker, of 5 s, 30 s and 120 s, under steady traffic through
// the gateway, with the whole system as processes on a private PostgreSQL and a private
// nats-server; and every service connection terminated under load. During each: requests fail
// fast with 503 and Retry-After, and /health of every process it touches says why, within a
// second. After each: the system serves again within 10 s, with no manual step and no process
// restarted, events still flow from petitions to case-management, and nothing is half-written.
import pg from 'pg';
import { ContractViolation, eventually, startPrivateNats, startPrivatePostgres, type PrivateServer } from '@jiandu/testing';
import { clueIdOf, petitionBody, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { startSystem, type ServiceName, type System } from '../src/system.js';

const RECOVERY_S = 10;
const RPC_TIMEOUT_MS = 3_000;
const SERVICES: ServiceName[] = ['petitions', 'case-management', 'supervision'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Result = { at: number; status: number; retryAfter: string | null; ms: number };

describe('Outages under traffic', () => {
  let postgres: PrivateServer;
  let nats: PrivateServer;
  let sys: System;
  let t: Tokens;

  beforeAll(async () => {
    [postgres, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
    sys = await startSystem(
      { LOG_LEVEL: 'warn', RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS), PG_ACQUIRE_TIMEOUT_MS: '1000' },
      { postgresUrl: postgres.url, natsUrl: nats.url },
    );
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
  }, 120_000);
  afterAll(async () => {
    await sys?.stop().catch(() => undefined);
    await Promise.all([postgres?.stop(), nats?.stop()]);
  }, 60_000);

  /** `lanes` loops, each a real-name registration then 100 ms of rest, every answer recorded. */
  function traffic(lanes = 1) {
    const results: Result[] = [];
    let running = true;
    const lane = async () => {
      while (running) {
        const at = Date.now();
        const res = await fetch(`${sys.baseUrl}/api/v1/petitions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.petitionOffice}`, 'content-type': 'application/json' },
          body: JSON.stringify(petitionBody('u-street', true)),
          signal: AbortSignal.timeout(15_000),
        }).catch(() => undefined);
        const text = await res?.text().catch(() => undefined);
        if (res && text !== undefined) {
          // Every answer is held to the document (sys.violations; asserted by the last test).
          try {
            sys.conform('POST', '/api/v1/petitions', {
              status: res.status,
              headers: res.headers,
              body: JSON.parse(text) as unknown,
            });
          } catch (error) {
            // A ContractViolation is recorded in sys.violations already; a body that is not JSON is one too.
            if (!(error instanceof ContractViolation))
              sys.violations.push(`POST /api/v1/petitions → ${res.status}: the body is not JSON`);
          }
        }
        results.push({ at, status: res?.status ?? 0, retryAfter: res?.headers.get('retry-after') ?? null, ms: Date.now() - at });
        await sleep(100);
      }
    };
    const loops = Promise.all(Array.from({ length: lanes }, lane));
    return {
      results,
      stop: async () => {
        running = false;
        await loops;
      },
    };
  }

  /** Every process the outage touches answers /health within 1 s with ready false and a reason. */
  async function expectNotReady(what: 'postgres' | 'nats' | 'both') {
    const names: ServiceName[] = what === 'postgres' ? SERVICES : [...SERVICES, 'gateway'];
    const seen = await Promise.all(
      names.map((name) =>
        eventually(
          async () => {
            const h = await sys.health(name);
            expect(h.ms).toBeLessThan(1_000);
            if (h.status !== 503 || h.body.ready !== false || !h.body.reason) throw new Error(`${name} still ready`);
            return { name, reason: h.body.reason };
          },
          { timeoutMs: 5_000, intervalMs: 100 },
        ),
      ),
    );
    return seen.map((s) => `${s.name}: ${s.reason}`).join('; ');
  }

  async function expectAllReady() {
    for (const name of [...SERVICES, 'gateway'] as ServiceName[]) {
      await eventually(async () => (await sys.health(name)).status === 200, { timeoutMs: RECOVERY_S * 1000, intervalMs: 100 });
    }
  }

  /** Seconds from `since` to the end of the first 201 that started at or after it. */
  async function servedAgain(results: Result[], since: number): Promise<number> {
    const first = (await eventually(() => results.find((r) => r.at >= since && r.status === 201), {
      timeoutMs: 30_000,
      intervalMs: 50,
    })) as Result;
    return (first.at + first.ms - since) / 1000;
  }

  async function outage(what: 'postgres' | 'nats' | 'both', seconds: number) {
    const load = traffic();
    await sleep(1_000);
    const servers = what === 'both' ? [postgres, nats] : [what === 'postgres' ? postgres : nats];
    await Promise.all(servers.map((s) => s.down()));
    const downAt = Date.now();
    const reasons = await expectNotReady(what);
    await sleep(Math.max(0, seconds * 1000 - (Date.now() - downAt)));
    const restoringAt = Date.now(); // requests may succeed from here on: the server comes up inside restart()
    await Promise.all(servers.map((s) => s.restart()));
    const upAt = Date.now();
    const recoveredS = await servedAgain(load.results, upAt);
    await load.stop();
    const during = load.results.filter((r) => r.at > downAt + 1_000 && r.at + r.ms < restoringAt);
    const slowest = Math.max(0, ...during.map((r) => r.ms));
    console.log(
      `${what} down ${seconds} s: ${during.length} requests meanwhile (${[...new Set(during.map((r) => r.status))].join(', ')}; slowest ${slowest} ms), ` +
        `served again ${recoveredS.toFixed(2)} s after its return; health said: ${reasons}`,
    );
    return { during, recoveredS };
  }

  /** No process exited; every vault row and lookup code has its event, every real-name event its vault row. */
  async function expectWhole() {
    expect(sys.exited()).toEqual([]);
    const { rows } = await sys.db.pool().query(
      `SELECT (SELECT count(*) FROM petitions.reporter_vault v WHERE NOT EXISTS (SELECT 1 FROM petitions.events e WHERE e.stream_id = 'petition-' || v.petition_id AND e.type = 'PetitionRecorded'))::int AS vault_without_event,
              (SELECT count(*) FROM petitions.events e WHERE e.type = 'PetitionRecorded' AND (e.data->>'realName')::boolean AND NOT EXISTS (SELECT 1 FROM petitions.reporter_vault v WHERE v.reporter_ref = e.data->>'reporterRef'))::int AS event_without_vault,
              (SELECT count(*) FROM petitions.lookup_codes l WHERE NOT EXISTS (SELECT 1 FROM petitions.events e WHERE e.stream_id = 'petition-' || l.petition_id AND e.type = 'PetitionRecorded'))::int AS code_without_event,
              (SELECT count(*) FROM petitions.events e WHERE e.type = 'PetitionRecorded' AND NOT EXISTS (SELECT 1 FROM petitions.lookup_codes l WHERE 'petition-' || l.petition_id = e.stream_id))::int AS event_without_code`,
    );
    expect(rows[0]).toEqual({ vault_without_event: 0, event_without_vault: 0, code_without_event: 0, event_without_code: 0 });
  }

  it.each([
    ['postgres', 5],
    ['nats', 5],
    ['postgres', 30],
    ['nats', 30],
    ['both', 120],
  ] as const)(
    '%s down for %i s: fast 503s with Retry-After during, served again within 10 s after',
    async (what, seconds) => {
      const { during, recoveredS } = await outage(what, seconds);
      expect(during.length).toBeGreaterThan(0);
      for (const r of during) {
        expect(r.status).toBe(503);
        expect(r.retryAfter).toMatch(/^\d+$/);
        expect(r.ms).toBeLessThanOrEqual(RPC_TIMEOUT_MS + 500);
      }
      expect(recoveredS).toBeLessThan(RECOVERY_S);
      await expectAllReady();
      await expectWhole();
    },
    240_000,
  );

  it('every service connection terminated under load: in-flight requests fail cleanly, later ones succeed, no process exits', async () => {
    const load = traffic(4);
    await sleep(1_000);
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    let terminated = 0;
    try {
      for (let round = 0; round < 3; round++) {
        const { rows } = await admin.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [sys.db.name],
        );
        terminated += rows[0]?.n ?? 0;
        await sleep(300);
      }
    } finally {
      await admin.end();
    }
    const lastKill = Date.now();
    const recoveredS = await servedAgain(load.results, lastKill);
    await sleep(1_000);
    await load.stop();
    const statuses = [...new Set(load.results.map((r) => r.status))].sort();
    console.log(
      `${terminated} connections terminated in 3 rounds under ${load.results.length} requests (${statuses.join(', ')}); served again ${recoveredS.toFixed(2)} s after the last`,
    );
    expect(terminated).toBeGreaterThan(0);
    for (const r of load.results) {
      expect([201, 503]).toContain(r.status);
      if (r.status === 503) expect(r.retryAfter).toMatch(/^\d+$/);
      expect(r.ms).toBeLessThanOrEqual(RPC_TIMEOUT_MS + 500);
    }
    expect(load.results.filter((r) => r.at > lastKill + 2_000).every((r) => r.status === 201)).toBe(true);
    expect(recoveredS).toBeLessThan(RECOVERY_S);
    await expectAllReady();
    await expectWhole();
  }, 60_000);

  it('after every outage, events still flow: a transferred petition becomes a clue', async () => {
    const { id } = await transferPetition(sys, t, 'u-street', false);
    await eventually(
      async () =>
        (await sys.db.pool().query(`SELECT 1 FROM case_management.clue_ledger WHERE clue_id = $1`, [clueIdOf(id)])).rowCount ===
        1,
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(sys.exited()).toEqual([]);
  }, 30_000);

  it('answered every request of the traffic as the OpenAPI document says (status, body, headers)', () => {
    expect(sys.violations).toEqual([]);
  });
});
