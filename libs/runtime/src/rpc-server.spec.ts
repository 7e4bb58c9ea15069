import { Writable } from 'node:stream';
import { caseManagementOperations, DomainException, notFound, petitionOperations } from '@jiandu/contracts';
import { createLogger } from './logger.js';
import {
  callerVerifier,
  DEV_JWT_SECRET,
  devServicePrivateKey,
  resolveServiceAuth,
  signServiceToken,
  signToken,
} from '@jiandu/access';
import { MetricsRegistry, runtimeMetrics } from './metrics.js';
import { serveRpc, type RpcCall, type RpcRoute } from './rpc-server.js';

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

describe('serveRpc: zero trust (ADR 0019)', () => {
  const callers = callerVerifier(resolveServiceAuth('petitions', {}));
  const staff = { sub: 'u1', name: '张三', office: 'petition-office' as const, roles: ['staff'], zones: [] };
  const reads = (calls: RpcCall<unknown>[]): RpcRoute => ({
    operation: petitionOperations.readReporter,
    handle: async (call) => (calls.push(call), { reached: true }),
  });
  const request = (token: string | undefined, claimed: unknown = staff) => ({
    actor: claimed,
    ...(token === undefined ? {} : { token }),
    correlationId: 'c1',
    payload: { petitionId: 'p-1', reason: '核查' },
  });

  it('acts as the actor the token names, and counts nothing refused', async () => {
    const calls: RpcCall<unknown>[] = [];
    const token = await signToken(staff, DEV_JWT_SECRET);
    expect(await serveRpc(reads(calls), request(token), { logger, callers })).toEqual({ ok: true, value: { reached: true } });
    expect(await serveRpc(reads(calls), request(token, undefined), { logger, callers })).toMatchObject({ ok: true });
    expect(calls.map((c) => c.actor)).toEqual([staff, staff]);
  });

  it('refuses a forged caller before any handler: no token, another secret, an actor the token does not name', async () => {
    const calls: RpcCall<unknown>[] = [];
    const metrics = runtimeMetrics(new MetricsRegistry());
    const clerk = { ...staff, sub: 'u9', office: 'case-management' as const };
    const forged = [
      request(undefined),
      request(await signToken(staff, 'another-secret-of-at-least-32-characters')),
      request(await signToken(clerk, DEV_JWT_SECRET), staff),
      request(await signToken(staff, DEV_JWT_SECRET), { ...staff, roles: ['staff', 'leader'] }),
      request(
        await signServiceToken('case-management', devServicePrivateKey('case-management'), 'petitions', {
          sub: 'system:case-management',
          name: '案管室自动登记',
          office: 'case-management',
        }),
      ),
    ];
    lines.length = 0;
    for (const r of forged)
      expect(await serveRpc(reads(calls), r, { logger, callers, metrics })).toEqual({
        ok: false,
        error: { code: 'CALLER_UNVERIFIED', status: 403, message: { zh: expect.any(String), en: expect.any(String) } },
      });
    expect(calls).toEqual([]);
    expect(metrics.rpcRequests.get({ operation: 'read-reporter', outcome: 'refused', code: 'CALLER_UNVERIFIED' })).toBe(5);
    // Logged with why, never with whom.
    const logged = lines.join('');
    expect(logged).toContain('caller unverified');
    expect(logged).not.toContain('张三');
    expect(logged).not.toContain('u9');
  });

  it('records every decision on a sensitive read, granted and refused, with who asked and never what', async () => {
    const calls: RpcCall<unknown>[] = [];
    const metrics = runtimeMetrics(new MetricsRegistry());
    const clerk = { ...staff, sub: 'u9', office: 'case-management' as const };
    lines.length = 0;
    expect(
      await serveRpc(reads(calls), request(await signToken(staff, DEV_JWT_SECRET)), { logger, callers, metrics }),
    ).toMatchObject({
      ok: true,
    });
    // Verified, then refused by the access policy: the office may not read a reporter's identity.
    expect(
      await serveRpc(reads(calls), request(await signToken(clerk, DEV_JWT_SECRET), clerk), { logger, callers, metrics }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Not verified: recorded without a caller.
    expect(await serveRpc(reads(calls), request(undefined), { logger, callers, metrics })).toMatchObject({
      ok: false,
      error: { code: 'CALLER_UNVERIFIED' },
    });
    const records = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line['audit'] === 'sensitive-read');
    expect(records).toEqual([
      expect.objectContaining({
        operation: 'read-reporter',
        outcome: 'granted',
        sub: 'u1',
        office: 'petition-office',
        correlationId: 'c1',
      }),
      expect.objectContaining({
        operation: 'read-reporter',
        outcome: 'refused',
        code: 'FORBIDDEN',
        sub: 'u9',
        office: 'case-management',
      }),
      expect.objectContaining({ operation: 'read-reporter', outcome: 'refused', code: 'CALLER_UNVERIFIED' }),
    ]);
    expect(records[2]).not.toHaveProperty('sub');
    expect(metrics.sensitiveReads.get({ operation: 'read-reporter', outcome: 'granted' })).toBe(1);
    expect(metrics.sensitiveReads.get({ operation: 'read-reporter', outcome: 'refused' })).toBe(2);
    const logged = records.map((record) => JSON.stringify(record)).join('');
    expect(logged).not.toContain('张三');
    expect(logged).not.toContain('核查');
    expect(logged).not.toContain('p-1');
  });

  it('serves an anonymous operation without a token', async () => {
    const lookup: RpcRoute = { operation: petitionOperations.lookup, anonymous: true, handle: async () => 'open' };
    expect(
      await serveRpc(lookup, { correlationId: 'c1', payload: { lookupCode: 'ABCD-2345-XYZ' } }, { logger, callers }),
    ).toEqual({
      ok: true,
      value: 'open',
    });
  });
});
