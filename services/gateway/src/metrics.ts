// /metrics (Prometheus text format 0.0.4): requests by route pattern, method and status, and their
// duration. Labels are the route pattern Fastify matched (never the raw URL: lookup codes and ids
// are in it), the method and the status; nothing from a query string, a header or a body.
import { Controller, Get, Header } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { METRICS_CONTENT_TYPE, MetricsRegistry } from '@jiandu/runtime';

export const METRICS = Symbol('METRICS');

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function registerRequestMetrics(fastify: FastifyInstance, registry: MetricsRegistry): void {
  const requests = registry.counter('jiandu_http_requests_total', 'HTTP requests answered by the gateway, by route pattern, method and status', ['route', 'method', 'status']);
  const duration = registry.histogram('jiandu_http_request_duration_seconds', 'HTTP request duration in seconds, by route pattern and method', ['route', 'method']);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    requests.inc({ route, method, status: String(reply.statusCode) });
    duration.observe({ route, method }, reply.elapsedTime / 1000);
    done();
  });
}

export function metricsController(registry: MetricsRegistry) {
  @Controller()
  class MetricsController {
    @Get('/metrics')
    @Header('content-type', METRICS_CONTENT_TYPE)
    metrics(): string {
      return registry.expose();
    }
  }
  return MetricsController;
}
