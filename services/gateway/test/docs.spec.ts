// The OpenAPI document lists every route with the schemas the gateway validates, and bearer auth.
import { bodyFields, GATEWAY_ROUTES, isPublic } from '../src/routes.js';
import { call, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

describe('OpenAPI', () => {
  it('serves Swagger UI at /api/docs', async () => {
    const res = await call(h.url, 'GET', '/api/docs');
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('swagger');
  });

  it('lists every route with its request and response schema at /api/docs-json', async () => {
    const { status, body: doc } = await call(h.url, 'GET', '/api/docs-json');
    expect(status).toBe(200);
    expect(doc.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: expect.stringContaining('`dispatched-agency-X` (派驻机构)'),
    });
    expect(doc.components.securitySchemes.bearer.description).toContain('`secretary`');
    expect(doc.paths['/health'].get).toBeDefined();
    for (const route of GATEWAY_ROUTES) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(op).toBeDefined();
      // A route that answers a file names its media type (the bytes); every other answers JSON.
      if (route.file) expect(op.responses[String(route.status)].content[route.file.mediaType].schema.format).toBe('binary');
      else
        expect(op.responses[String(route.status)].content['application/json'].schema).toEqual(
          expect.objectContaining({ type: 'object' }),
        );
      if (route.input === 'body' && bodyFields(route).length > 0) {
        const schema = op.requestBody.content['application/json'].schema;
        expect(schema.additionalProperties).toBe(false);
        for (const field of Object.values(route.params ?? {})) expect(schema.properties[field]).toBeUndefined();
      }
      for (const param of Object.keys(route.params ?? {}))
        expect(op.parameters).toContainEqual(expect.objectContaining({ name: param, in: 'path', required: true }));
      expect(op.security).toEqual(isPublic(route) ? [] : [{ bearer: [] }]);
    }
  });

  it('lists every supervision route, written out', async () => {
    const { body: doc } = await call(h.url, 'GET', '/api/docs-json');
    const expected: [string, string, number][] = [
      ['get', '/api/v1/inquiries', 200],
      ['get', '/api/v1/inquiries/{id}', 200],
      ...['talk', 'letter', 'reply', 'assess', 'conclude'].map((s): [string, string, number] => [
        'post',
        `/api/v1/inquiries/{id}/${s}`,
        200,
      ]),
      ['get', '/api/v1/verifications', 200],
      ['get', '/api/v1/verifications/{id}', 200],
      ...['plan', 'approve', 'reject', 'extend', 'report', 'decide'].map((s): [string, string, number] => [
        'post',
        `/api/v1/verifications/{id}/${s}`,
        200,
      ]),
      ['post', '/api/v1/recommendations', 201],
      ['get', '/api/v1/recommendations', 200],
      ['get', '/api/v1/recommendations/{id}', 200],
      ...['respond', 'verify', 'close', 'refuse'].map((s): [string, string, number] => [
        'post',
        `/api/v1/recommendations/{id}/${s}`,
        200,
      ]),
      ['post', '/api/v1/rectifications', 201],
      ['get', '/api/v1/rectifications', 200],
      ['get', '/api/v1/rectifications/{id}', 200],
      ...['progress', 'complete', 'verify', 'reopen'].map((s): [string, string, number] => [
        'post',
        `/api/v1/rectifications/{id}/${s}`,
        200,
      ]),
      ['post', '/api/v1/oversight-tasks', 201],
      ['get', '/api/v1/oversight-tasks', 200],
      ['get', '/api/v1/oversight-tasks/{id}', 200],
      ['post', '/api/v1/oversight-tasks/{id}/progress', 200],
      ['post', '/api/v1/oversight-tasks/{id}/close', 200],
      ['post', '/api/v1/agency-reports', 201],
      ['get', '/api/v1/agency-reports', 200],
      ['get', '/api/v1/clocks', 200],
    ];
    for (const [method, path, status] of expected) {
      const op = doc.paths[path]?.[method];
      expect({ method, path, documented: op !== undefined }).toEqual({ method, path, documented: true });
      expect(op.tags).toEqual(['supervision']);
      expect(op.responses[String(status)]).toBeDefined();
      expect(op.security).toEqual([{ bearer: [] }]);
    }
    const assess = doc.paths['/api/v1/inquiries/{id}/assess'].post.requestBody.content['application/json'].schema;
    expect(assess.required).toEqual(expect.arrayContaining(['outcome', 'note']));
    expect(doc.paths['/api/v1/clocks'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'state', in: 'query', required: false }),
    );
  });

  it('documents the petition body with the reporter and the reporter read with its required reason', async () => {
    const { body: doc } = await call(h.url, 'GET', '/api/docs-json');
    const register = doc.paths['/api/v1/petitions'].post.requestBody.content['application/json'].schema;
    expect(register.properties.reporter.properties.idNumber.maxLength).toBe(32);
    expect(register.required).toEqual(expect.arrayContaining(['channel', 'realName', 'accused', 'summary', 'content']));
    // The coded categories (GET /api/v1/categories) and the free text as written are both optional.
    expect(register.required).not.toContain('categories');
    expect(register.properties.categories.items.anyOf.map((c: { const: string }) => c.const)).toContain('eight-rules.banqueting');
    expect(register.properties.category.maxLength).toBe(64);
    expect(doc.paths['/api/v1/petitions/{id}/reporter'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'reason', in: 'query', required: true }),
    );
  });
});
