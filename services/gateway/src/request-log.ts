// One JSON line per request: method, route pattern, status, duration, correlation id. Never the raw
// URL (the lookup code and the reporter-read reason are in it), never a body or a query string.
// A success is logged at debug (every request is counted and timed in /metrics anyway): at the
// default level only refusals and failures cost a line, each with its correlation id. A line per
// success was ~10% of the gateway's CPU per command in a profile (serialising and writing it).
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
    const status = reply.statusCode;
    const level = status < 400 ? 'debug' : 'info';
    if (log.isLevelEnabled(level)) {
      log[level](
        {
          correlationId: request.id,
          method: request.method,
          route: request.routeOptions.url ?? '(unmatched)',
          status,
          durationMs: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
    }
    done();
  });
}
