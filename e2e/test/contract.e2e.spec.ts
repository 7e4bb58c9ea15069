// The checker every end-to-end answer goes through (libs/testing/src/openapi-contract.ts), held to what it must
// catch, on the document the gateway builds: an undeclared property, a renamed one, a wrong type,
// an undeclared status, a missing required header, an undocumented route.
import path from 'node:path';
import { contractChecker, type ContractChecker } from '@jiandu/testing';

// The document as the gateway serves it (built into dist/ by the global setup, as every suite runs the services).
let checker: ContractChecker;
beforeAll(async () => {
  const built = path.resolve(import.meta.dirname, '../../dist/services/gateway/src/openapi.js');
  const { buildOpenApiDocument } = (await import(built)) as { buildOpenApiDocument: () => object };
  checker = contractChecker(JSON.parse(JSON.stringify(buildOpenApiDocument())) as Record<string, unknown>);
});
const headers = (extra: Record<string, string> = {}) =>
  new Headers({ 'cache-control': 'no-store', 'x-correlation-id': 'c-1', ...extra });
const zone = { id: 'z1', name: '第一协作区', office: 'supervision-office-1' };
const error = { code: 'CLUE_NOT_FOUND', message: { zh: '未找到问题线索', en: 'problem clue not found' } };

describe('the contract checker', () => {
  it('passes an answer true to the document', () => {
    expect(checker.problems('GET', '/api/v1/zones', { status: 200, headers: headers(), body: { items: [zone] } })).toEqual([]);
    expect(checker.problems('GET', '/api/v1/clues/c-1?x=1', { status: 404, headers: headers(), body: error })).toEqual([]);
    expect(
      checker.problems('GET', '/health', {
        status: 503,
        headers: headers({ 'retry-after': '1' }),
        body: { status: 'unavailable', live: true, ready: false, reason: 'nats unreachable', checks: { nats: 'down' } },
      }),
    ).toEqual([]);
  });

  it('fails an undeclared property, in a body and in an error', () => {
    expect(
      checker.problems('GET', '/api/v1/zones', {
        status: 200,
        headers: headers(),
        body: { items: [{ ...zone, createdAt: '2026-01-01T00:00:00Z' }] },
      }),
    ).toEqual([expect.stringContaining("'createdAt'")]);
    expect(
      checker.problems('GET', '/api/v1/clues/c-1', { status: 404, headers: headers(), body: { ...error, detail: 'x' } }),
    ).toEqual([expect.stringContaining("'detail'")]);
  });

  it('fails a renamed property (the declared one missing, the new one undeclared) and a wrong type', () => {
    const { office, ...rest } = zone;
    const problems = checker.problems('GET', '/api/v1/zones', {
      status: 200,
      headers: headers(),
      body: { items: [{ ...rest, assigneeOffice: office }] },
    });
    expect(problems.join('\n')).toMatch(/office/);
    expect(problems.join('\n')).toMatch(/assigneeOffice/);
    expect(
      checker.problems('GET', '/api/v1/zones', { status: 200, headers: headers(), body: { items: [{ ...zone, name: 7 }] } }),
    ).toHaveLength(1);
  });

  it('fails an undeclared status and an undocumented route', () => {
    expect(checker.problems('GET', '/api/v1/zones', { status: 422, headers: headers(), body: error })).toEqual([
      expect.stringContaining('status not declared'),
    ]);
    expect(checker.problems('DELETE', '/api/v1/zones', { status: 200, headers: headers(), body: {} })).toEqual([
      expect.stringContaining('not in the document'),
    ]);
  });

  it('fails a missing required header (Retry-After on a 503, Cache-Control on an API answer)', () => {
    expect(
      checker.problems('GET', '/api/v1/zones', {
        status: 503,
        headers: headers(),
        body: { code: 'SERVICE_UNAVAILABLE', message: error.message },
      }),
    ).toEqual([expect.stringContaining('Retry-After')]);
    expect(
      checker.problems('GET', '/api/v1/zones', {
        status: 200,
        headers: new Headers({ 'x-correlation-id': 'c' }),
        body: { items: [] },
      }),
    ).toEqual([expect.stringContaining('Cache-Control')]);
  });
});
