// Liveness and readiness in one answer: 200 when NATS answers a round trip, 503 with the reason otherwise.
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RPC, type NatsRpc } from './rpc.js';

@Controller()
export class HealthController {
  constructor(@Inject(RPC) private readonly rpc: NatsRpc) {}

  @Get('/health')
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    // isReady is bounded (a round trip to NATS within 800 ms), so /health answers within a second.
    const nats = (await this.rpc.isReady(800)) ? 'up' : 'down';
    const ready = nats === 'up';
    void reply.status(ready ? 200 : 503);
    return {
      status: ready ? 'ok' : 'unavailable',
      live: true,
      ready,
      ...(ready ? {} : { reason: 'nats unreachable' }),
      checks: { nats },
    };
  }
}
