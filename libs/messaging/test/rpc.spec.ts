import 'reflect-metadata';
import { conflict, DomainException } from '@jiandu/contracts';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { createRpcClient, natsClientProxy, type RpcClient } from '../src/rpc-client.js';
import { natsMicroservice, rpc, SystemException, type RpcActor, type RpcRequest } from '../src/rpc.js';
import { testLogger, testNamespace } from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const ns = testNamespace();
const ECHO = `${ns}.jiandu.cmd.test.echo`;
const REFUSE = `${ns}.jiandu.cmd.test.refuse`;
const CRASH = `${ns}.jiandu.cmd.test.crash`;
const NOBODY = `${ns}.jiandu.cmd.test.nobody`;
const SLOW = `${ns}.jiandu.cmd.test.slow`;
const serverLog = testLogger();

const actor: RpcActor = { sub: 'u1', name: '张三', office: 'xfs', roles: ['clerk'], zones: ['z1'] };

@Controller()
class TestController {
  private readonly echo = rpc(async (req: RpcRequest<{ text: string }>) => ({ echoed: req.payload.text, by: req.actor.sub }), {
    logger: serverLog,
    name: 'echo',
  });
  private readonly refuse = rpc(
    async () => {
      throw new DomainException(conflict('ALREADY_ACCEPTED', { zh: '信访件已受理', en: 'the petition is already accepted' }));
    },
    { logger: serverLog, name: 'refuse' },
  );
  private readonly crash = rpc(
    async (req: RpcRequest<{ secret: string }>) => {
      throw new Error(`boom while handling ${req.payload.secret.length} chars`);
    },
    { logger: serverLog, name: 'crash' },
  );

  private readonly slow = rpc(() => new Promise((resolve) => setTimeout(() => resolve('late'), 1_000)), {
    logger: serverLog,
    name: 'slow',
  });

  @MessagePattern(SLOW)
  onSlow(@Payload() req: unknown) {
    return this.slow(req);
  }

  @MessagePattern(ECHO)
  onEcho(@Payload() req: unknown) {
    return this.echo(req);
  }

  @MessagePattern(REFUSE)
  onRefuse(@Payload() req: unknown) {
    return this.refuse(req);
  }

  @MessagePattern(CRASH)
  onCrash(@Payload() req: unknown) {
    return this.crash(req);
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

describe('RPC over Nest NATS request/reply', () => {
  let app: INestMicroservice;
  let proxy: ClientProxy;
  let client: RpcClient;

  beforeAll(async () => {
    app = await NestFactory.createMicroservice(TestModule, { ...natsMicroservice('test', SHARED_NATS), logger: false });
    await app.listen();
    proxy = natsClientProxy(SHARED_NATS);
    client = createRpcClient(proxy, { logger: testLogger() });
  });
  afterAll(async () => {
    await client.close();
    await app.close();
  });

  it('returns the value of a successful call', async () => {
    await expect(client.call(ECHO, actor, { text: '你好' })).resolves.toEqual({ echoed: '你好', by: 'u1' });
  });

  it('throws the service’s DomainException with its stable code, status and bilingual message', async () => {
    const failure = await client.call(REFUSE, actor, {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DomainException);
    expect((failure as DomainException).error).toEqual({
      code: 'ALREADY_ACCEPTED',
      status: 409,
      message: { zh: '信访件已受理', en: 'the petition is already accepted' },
    });
  });

  it('turns an unknown error into INTERNAL without its message, and logs it with the correlation id only', async () => {
    const failure = await client
      .call(CRASH, actor, { secret: '举报人手机号' }, { correlationId: 'corr-42' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SystemException);
    expect((failure as SystemException).error).toEqual({
      code: 'INTERNAL',
      status: 500,
      message: { zh: '内部错误', en: 'internal error' },
    });
    expect(JSON.stringify((failure as SystemException).error)).not.toContain('boom');
    const logged = serverLog.lines.find((l) => l.msg === 'rpc: internal error');
    expect(logged?.obj).toMatchObject({ rpc: 'crash', correlationId: 'corr-42' });
    expect(JSON.stringify(logged)).not.toContain('举报人手机号');
  });

  it('answers SERVICE_UNAVAILABLE when nobody serves the subject', async () => {
    const started = Date.now();
    const failure = await client.call(NOBODY, actor, {}, { timeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SystemException);
    expect((failure as SystemException).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('answers SERVICE_UNAVAILABLE when the service does not reply in time', async () => {
    const failure = await client.call(SLOW, actor, {}, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((failure as SystemException).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
  });

  it('refuses a request without the actor envelope', async () => {
    const reply = await firstValueFrom(proxy.send(ECHO, { payload: { text: 'x' } }));
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_RPC_REQUEST', status: 400 } });
  });
});
