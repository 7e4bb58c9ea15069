// /metrics (Prometheus text format 0.0.4): requests by route pattern, method and status, and their
// duration. Labels are the route pattern Fastify matched (never the raw URL: lookup codes and ids
// are in it), the method and the status; nothing from a query string, a header or a body.
import { Controller, Get, Header } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { METRICS_CONTENT_TYPE, MetricsRegistry } from '@jiandu/runtime';

export const METRICS = Symbol('METRICS');

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function registerRequestMetrics(fastify: FastifyInstance, registry: MetricsRegistry): void {
  const requests = registry.counter(
    'jiandu_http_requests_total',
    'HTTP requests answered by the gateway, by route pattern, method and status',
    ['route', 'method', 'status'],
  );
  const duration = registry.histogram(
    'jiandu_http_request_duration_seconds',
    'HTTP request duration in seconds, by route pattern and method',
    ['route', 'method'],
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(unmatched)';
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    requests.inc({ route, method, status: String(reply.statusCode) });
    duration.observe({ route, method }, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * `jiandu_gateway_in_flight{service}`: requests the gateway is waiting on, per service (the
 * registry's gauges carry no labels, so this one is written here), and every service is listed
 * from the start, at 0, so a dashboard sees it before the first request.
 */
export function inFlightExposition(services: readonly string[], count: (service: string) => number): () => string {
  const head =
    '# HELP jiandu_gateway_in_flight Requests forwarded and not yet answered, by service (GATEWAY_MAX_IN_FLIGHT at most)\n# TYPE jiandu_gateway_in_flight gauge\n';
  return () => head + services.map((service) => `jiandu_gateway_in_flight{service="${service}"} ${count(service)}\n`).join('');
}

export function metricsController(registry: MetricsRegistry, ...more: (() => string)[]) {
  @Controller()
  class MetricsController {
    @Get('/metrics')
    @Header('content-type', METRICS_CONTENT_TYPE)
    metrics(): string {
      return registry.expose() + more.map((expose) => expose()).join('');
    }
  }
  return MetricsController;
}
