// Abuse of the no-token lookup (issue 14), on the whole system: a client that guesses codes is held
// to LOOKUP_RATE_LIMIT a minute (429 RATE_LIMITED with Retry-After and a zh/en message, as the
// OpenAPI document declares, counted in the gateway's /metrics), another client is not, and the
// guesses a second one client and the whole gateway can make are measured (docs/reliability.md).
import { eventually } from '@jiandu/testing';
import { registerZonesAndUnits, tokens, transferPetition } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const LIMIT = 30;
let sys: System;
/** Stopped after the suite even when it came up after a hook's timeout. */
let starting: Promise<System> | undefined;
let realCode: string;

beforeAll(async () => {
  starting = startSystem({ LOOKUP_RATE_LIMIT: String(LIMIT), TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1' });
  sys = await starting;
  const t = await tokens(sys);
  await registerZonesAndUnits(sys, t);
  realCode = (await transferPetition(sys, t, 'u-street')).lookupCode;
}, 300_000);
afterAll(async () => (await starting?.catch(() => undefined))?.stop(), 120_000);

/** A code of the same shape as the real ones: 16 of the 32 Crockford characters, in 4 groups. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const guess = () => Array.from({ length: 16 }, () => ALPHABET[Math.floor(Math.random() * 32)]).join('');

async function metric(sample: string): Promise<number> {
  const line = (await sys.metrics('gateway')).split('\n').find((l) => l.startsWith(`${sample} `));
  return Number(line?.slice(sample.length + 1) ?? NaN);
}
const LIMITED = 'jiandu_gateway_rate_limited_total{route="/api/v1/lookup/:lookupCode"}';

describe('the lookup under a guessing client', () => {
  it('answers the real code, then holds a guessing client to its limit with 429 and Retry-After, counted', async () => {
    const client = { 'x-forwarded-for': '203.0.113.50' };
    expect((await sys.api('GET', `/api/v1/lookup/${realCode}`, undefined, undefined, client)).status).toBe(200);
    const before = await metric(LIMITED);
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<System['api']>> | undefined;
    const started = performance.now();
    for (let i = 0; i < LIMIT + 10; i++) {
      // Every answer is checked against the served document (sys.api throws on a violation).
      const res = await sys.api('GET', `/api/v1/lookup/${guess()}`, undefined, undefined, client);
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
    }
    const refilled = Math.ceil((((performance.now() - started) / 1000) * LIMIT) / 60);
    // The real lookup used one of the allowance: LIMIT − 1 guesses answered (and what refilled meanwhile), the rest refused.
    const answered = statuses.filter((s) => s === 404).length;
    expect(answered).toBeGreaterThanOrEqual(LIMIT - 1);
    expect(answered).toBeLessThanOrEqual(LIMIT - 1 + refilled);
    expect(statuses.filter((s) => s === 429)).toHaveLength(LIMIT + 10 - answered);
    expect(refused?.body).toEqual({
      code: 'RATE_LIMITED',
      message: { zh: expect.stringMatching(/频繁/), en: expect.any(String) },
    });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await metric(LIMITED)).toBe(before + LIMIT + 10 - answered);
    // Even the real code is refused while the client is over its limit: a guess cannot be confirmed.
    expect((await sys.api('GET', `/api/v1/lookup/${realCode}`, undefined, undefined, client)).status).toBe(429);
    // Another client is not affected.
    expect(
      (await sys.api('GET', `/api/v1/lookup/${realCode}`, undefined, undefined, { 'x-forwarded-for': '198.51.100.1' })).status,
    ).toBe(200);
  });

  it('measures the guesses a second: one client under the limit, and the gateway without one', async () => {
    // One client, as fast as it can for 3 s, under LIMIT a minute.
    const client = { 'x-forwarded-for': '203.0.113.77' };
    let answered = 0;
    const started = performance.now();
    while (performance.now() - started < 3_000) {
      const res = await fetch(`${sys.baseUrl}/api/v1/lookup/${guess()}`, { headers: client });
      await res.arrayBuffer();
      if (res.status === 404) answered++;
    }
    const window = (performance.now() - started) / 1000;
    const perClient = answered / window;
    // The whole gateway, no limit: 8 clients in parallel for 3 s (what many addresses together get at most).
    await sys.kill('gateway');
    await sys.start('gateway', 1, { LOOKUP_RATE_LIMIT: '1000000' });
    let total = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() - t0 < 3_000) {
          const res = await fetch(`${sys.baseUrl}/api/v1/lookup/${guess()}`);
          await res.arrayBuffer();
          if (res.status === 404) total++;
        }
      }),
    );
    const unlimited = total / ((performance.now() - t0) / 1000);
    const space = 32 ** 16;
    // The figures docs/reliability.md states (printed for the record).
    console.log(
      `lookup guesses: one client ${answered} answered in ${window.toFixed(1)} s (${perClient.toFixed(1)}/s: the burst of ${LIMIT}, then ${LIMIT / 60}/s), the gateway unlimited ${unlimited.toFixed(0)}/s; space 32^16 = ${space.toExponential(3)}`,
    );
    // The burst of LIMIT, then LIMIT/60 a second, however fast the client asks.
    expect(answered).toBeLessThanOrEqual(Math.ceil(LIMIT + (window * LIMIT) / 60) + 1);
    expect(unlimited).toBeGreaterThan(perClient);
    await eventually(async () => (await sys.health('gateway')).status === 200, { timeoutMs: 10_000 });
  });
});
