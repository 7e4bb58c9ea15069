// The one Nest controller of the API, built from the route table: a handler per row, registered
// with the row's method, path and status, each forwarding to the owning service (forward.ts).
import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Forward } from './forward.js';
import type { GatewayRoute } from './routes.js';

const METHOD = { GET: Get, POST: Post } as const;

export function routesController(routes: readonly GatewayRoute[], forward: Forward): new () => object {
  @Controller()
  class ApiController {}
  for (const [index, route] of routes.entries()) {
    const key = `${route.method.toLowerCase()}${index}_${route.operation.name}`;
    const descriptor: PropertyDescriptor = {
      value: (request: FastifyRequest) => forward(route, request),
      writable: true,
      configurable: true,
    };
    Object.defineProperty(ApiController.prototype, key, descriptor);
    Req()(ApiController.prototype, key, 0);
    METHOD[route.method](route.path)(ApiController.prototype, key, descriptor);
    HttpCode(route.status)(ApiController.prototype, key, descriptor);
  }
  return ApiController;
}
