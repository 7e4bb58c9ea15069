// One JSON line per request: method, route pattern, status, duration, correlation id. Never the raw
// URL (the lookup code and the reporter-read reason are in it), never a body or a query string.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's genReqId: take the caller's x-correlation-id when it is safe to log, else make one. */
export function correlationIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

export function registerRequestLog(fastify: FastifyInstance, log: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-correlation-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    log.info(
      {
        correlationId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? '(unmatched)',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
