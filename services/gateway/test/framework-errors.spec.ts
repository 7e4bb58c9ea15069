// What the HTTP parser and Fastify's router refuse before any route runs is answered in the
// gateway's shape, with its headers, true to the OpenAPI document, and never quotes the path (a
// lookup code or an id is in it). Found by the HTTP fuzzer (e2e/test/fuzz.e2e.spec.ts).
import { contractChecker, type ContractChecker } from '@jiandu/testing';
import { call, startHarness, tokenFor, type Harness } from './harness.js';

let h: Harness;
let contract: ContractChecker;
let token: string;
beforeAll(async () => {
  h = await startHarness();
  contract = contractChecker((await (await fetch(`${h.url}/api/docs-json`)).json()) as Record<string, unknown>);
  token = await tokenFor('petition-office');
});
afterAll(() => h.close());

const bilingual = { zh: expect.any(String), en: expect.any(String) };

describe('refusals before any route runs', () => {
  it.each([
    ['a broken percent escape', '/api/v1/lookup/ABCD-%ZZ-SECRET9'],
    ['a raw lone surrogate', '/api/v1/lookup/SECRET9%ED%A0%80'],
    ['a path parameter over 100 characters', `/api/v1/lookup/SECRET9${'A'.repeat(200)}`],
  ])('answers %s 400 VALIDATION_FAILED without quoting the path', async (_, path) => {
    const calls = h.stub.calls.length;
    const res = await call(h.url, 'GET', path);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'VALIDATION_FAILED', message: bilingual, fields: [{ path: '', message: bilingual }] });
    expect(JSON.stringify(res.body)).not.toContain('SECRET9');
    expect(contract.problems('GET', path, res)).toEqual([]);
    expect(h.stub.calls.length).toBe(calls);
  });

  it('answers a request line over 16 KB 431 HEADERS_TOO_LARGE, as the document declares', async () => {
    const path = `/api/v1/petitions?q=${'x'.repeat(20_000)}`;
    const res = await call(h.url, 'GET', path, { token });
    expect(res.status).toBe(431);
    expect(res.body).toEqual({ code: 'HEADERS_TOO_LARGE', message: bilingual });
    expect(contract.problems('GET', '/api/v1/petitions', res)).toEqual([]);
  });
});
