import { Writable } from 'node:stream';
import { caseManagementOperations, DomainException, notFound, petitionOperations } from '@jiandu/contracts';
import { createLogger } from './logger.js';
import { serveRpc, type RpcRoute } from './rpc-server.js';

const lines: string[] = [];
const logger = createLogger('test', 'debug', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
const actor = { sub: 'u1', name: '张三', office: 'petition-office', roles: ['staff'], zones: [] };
const route = (handle: RpcRoute['handle']): RpcRoute => ({ operation: petitionOperations.acceptPetition, handle });

describe('serveRpc', () => {
  it('hands a valid request to the handler and replies with its value', async () => {
    const reply = await serveRpc(
      route(async (call) => ({ got: (call.payload as { petitionId: string }).petitionId })),
      { actor, correlationId: 'c1', payload: { petitionId: 'p-1' } },
      { logger },
    );
    expect(reply).toEqual({ ok: true, value: { got: 'p-1' } });
  });

  it('checks the payload again, whatever the gateway did', async () => {
    let called = 0;
    const reply = await serveRpc(
      route(async () => called++),
      { actor, correlationId: 'c1', payload: { petitionId: 'p-1', extra: 'x' } },
      { logger },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', status: 400, fields: [{ path: 'extra' }] } });
    expect(called).toBe(0);
  });

  it('refuses a request without a well-formed actor', async () => {
    for (const bad of [undefined, { ...actor, office: 'nobody' }, { ...actor, sub: '' }]) {
      const reply = await serveRpc(
        route(async () => 'reached'),
        { actor: bad, correlationId: 'c1', payload: { petitionId: 'p-1' } },
        { logger },
      );
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('checks the access policy again, whatever the gateway did: office, then role', async () => {
    let called = 0;
    const wrongOffice = { ...actor, office: 'case-management' };
    const reply = await serveRpc(
      route(async () => called++),
      { actor: wrongOffice, correlationId: 'c1', payload: { petitionId: 'p-1' } },
      { logger },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', status: 403 } });
    const approve: RpcRoute = { operation: caseManagementOperations.approveDisposition, handle: async () => called++ };
    const leaderAsStaff = { sub: 'u2', name: '李四', office: 'leadership', roles: ['staff'], zones: [] };
    const refused = await serveRpc(
      approve,
      { actor: leaderAsStaff, correlationId: 'c1', payload: { clueId: 'c-1' } },
      { logger },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE', status: 403 } });
    expect(called).toBe(0);
    const leader = { ...leaderAsStaff, roles: ['leader'] };
    expect(await serveRpc(approve, { actor: leader, correlationId: 'c1', payload: { clueId: 'c-1' } }, { logger })).toMatchObject(
      { ok: true },
    );
  });

  it('replies with a domain refusal as a typed error', async () => {
    const reply = await serveRpc(
      route(async () => {
        throw new DomainException(notFound({ zh: '信访件', en: 'petition' }, 'PETITION_NOT_FOUND'));
      }),
      { actor, correlationId: 'c1', payload: { petitionId: 'p-1' } },
      { logger },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'PETITION_NOT_FOUND', status: 404 } });
  });

  it('hides an unexpected error’s message from the reply and the log', async () => {
    lines.length = 0;
    const reply = await serveRpc(
      route(async () => {
        throw new Error('duplicate key 13800138000');
      }),
      { actor, correlationId: 'c9', payload: { petitionId: 'p-1' } },
      { logger },
    );
    expect(reply).toEqual({
      ok: false,
      error: { code: 'INTERNAL', status: 500, message: { zh: '内部错误', en: 'internal error' } },
    });
    expect(lines.join('')).toContain('c9');
    expect(lines.join('')).not.toContain('13800138000');
  });

  it('answers 503 SERVICE_UNAVAILABLE when the database is not available, not 500', async () => {
    const dropped = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const reply = await serveRpc(
      route(async () => {
        throw dropped;
      }),
      { actor, correlationId: 'c2', payload: { petitionId: 'p-1' } },
      { logger },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
  });

  it('answers 503 at once when every handler slot and the queue are taken', async () => {
    const { createLimiter } = await import('./limiter.js');
    const limiter = createLimiter({ concurrency: 1, queue: 0, queueTimeoutMs: 1_000 });
    let release!: () => void;
    const busy = serveRpc(
      route(() => new Promise((resolve) => (release = () => resolve('done')))),
      { actor, correlationId: 'c3', payload: { petitionId: 'p-1' } },
      { logger, limiter },
    );
    const refused = await serveRpc(
      route(async () => 'never'),
      { actor, correlationId: 'c4', payload: { petitionId: 'p-1' } },
      { logger, limiter },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
    release();
    expect(await busy).toEqual({ ok: true, value: 'done' });
  });
});
