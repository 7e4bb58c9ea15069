// The OpenAPI document lists every route with the schemas the gateway validates, and bearer auth.
import { GATEWAY_ROUTES } from '../src/routes.js';
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
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.paths['/health'].get).toBeDefined();
    for (const route of GATEWAY_ROUTES) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(op).toBeDefined();
      expect(op.responses[String(route.status)].content['application/json'].schema).toEqual(expect.objectContaining({ type: 'object' }));
      if (route.input === 'body') {
        const schema = op.requestBody.content['application/json'].schema;
        expect(schema.additionalProperties).toBe(false);
        for (const field of Object.values(route.params ?? {})) expect(schema.properties[field]).toBeUndefined();
      }
      for (const param of Object.keys(route.params ?? {})) expect(op.parameters).toContainEqual(expect.objectContaining({ name: param, in: 'path', required: true }));
      expect(op.security).toEqual(route.audience === 'public' ? [] : [{ bearer: [] }]);
    }
  });

  it('documents the petition body with the reporter and the reporter read with its required reason', async () => {
    const { body: doc } = await call(h.url, 'GET', '/api/docs-json');
    const register = doc.paths['/api/v1/petitions'].post.requestBody.content['application/json'].schema;
    expect(register.properties.reporter.properties.idNumber.maxLength).toBe(32);
    expect(register.required).toEqual(expect.arrayContaining(['channel', 'realName', 'accused', 'category', 'summary', 'content']));
    expect(doc.paths['/api/v1/petitions/{id}/reporter'].get.parameters).toContainEqual(expect.objectContaining({ name: 'reason', in: 'query', required: true }));
  });
});
