// Petition routes (信访室 only) and the public lookup by code.
import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FORWARD, type Forward } from './forward.js';
import { routeFor } from './routes.js';

const register = routeFor('POST', '/api/v1/petitions');
const accept = routeFor('POST', '/api/v1/petitions/:id/accept');
const reject = routeFor('POST', '/api/v1/petitions/:id/reject');
const transfer = routeFor('POST', '/api/v1/petitions/:id/transfer');
const feedback = routeFor('POST', '/api/v1/petitions/:id/feedback');
const get = routeFor('GET', '/api/v1/petitions/:id');
const reporter = routeFor('GET', '/api/v1/petitions/:id/reporter');
const lookup = routeFor('GET', '/api/v1/lookup/:lookupCode');

@Controller()
export class PetitionsController {
  constructor(@Inject(FORWARD) private readonly forward: Forward) {}

  @Post(register.path)
  @HttpCode(register.status)
  register(@Req() request: FastifyRequest) {
    return this.forward(register, request);
  }

  @Post(accept.path)
  @HttpCode(accept.status)
  accept(@Req() request: FastifyRequest) {
    return this.forward(accept, request);
  }

  @Post(reject.path)
  @HttpCode(reject.status)
  reject(@Req() request: FastifyRequest) {
    return this.forward(reject, request);
  }

  @Post(transfer.path)
  @HttpCode(transfer.status)
  transfer(@Req() request: FastifyRequest) {
    return this.forward(transfer, request);
  }

  @Post(feedback.path)
  @HttpCode(feedback.status)
  feedback(@Req() request: FastifyRequest) {
    return this.forward(feedback, request);
  }

  @Get(get.path)
  get(@Req() request: FastifyRequest) {
    return this.forward(get, request);
  }

  @Get(reporter.path)
  reporter(@Req() request: FastifyRequest) {
    return this.forward(reporter, request);
  }

  @Get(lookup.path)
  lookup(@Req() request: FastifyRequest) {
    return this.forward(lookup, request);
  }
}
