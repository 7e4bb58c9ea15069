// The one Nest controller of the API, built from the route table: a handler per row, registered
// with the row's method, path and status, each forwarding to the owning service (forward.ts).
import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachment, FileAnswer, type Forward } from './forward.js';
import type { GatewayRoute } from './routes.js';

const METHOD = { GET: Get, POST: Post } as const;

export function routesController(routes: readonly GatewayRoute[], forward: Forward): new () => object {
  @Controller()
  class ApiController {}
  for (const [index, route] of routes.entries()) {
    const key = `${route.method.toLowerCase()}${index}_${route.operation.name}`;
    const descriptor: PropertyDescriptor = {
      value: async (request: FastifyRequest, reply: FastifyReply) => {
        const answer = await forward(route, request);
        if (!(answer instanceof FileAnswer)) return answer;
        // A file is sent as its bytes, with its media type and name.
        void reply.header('content-type', answer.mediaType).header('content-disposition', attachment(answer.fileName));
        return answer.content;
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(ApiController.prototype, key, descriptor);
    Req()(ApiController.prototype, key, 0);
    Res({ passthrough: true })(ApiController.prototype, key, 1);
    METHOD[route.method](route.path)(ApiController.prototype, key, descriptor);
    HttpCode(route.status)(ApiController.prototype, key, descriptor);
  }
  return ApiController;
}
