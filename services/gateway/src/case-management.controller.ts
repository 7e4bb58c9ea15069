// Registry (zones, units) and clue routes, forwarded to case-management.
import { Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { FORWARD, type Forward } from './forward.js';
import { routeFor } from './routes.js';

const registerZone = routeFor('POST', '/api/v1/zones');
const listZones = routeFor('GET', '/api/v1/zones');
const registerUnit = routeFor('POST', '/api/v1/units');
const listUnits = routeFor('GET', '/api/v1/units');
const moveUnit = routeFor('POST', '/api/v1/units/:id/move');
const listClues = routeFor('GET', '/api/v1/clues');
const getClue = routeFor('GET', '/api/v1/clues/:id');
const propose = routeFor('POST', '/api/v1/clues/:id/disposition');
const approve = routeFor('POST', '/api/v1/clues/:id/disposition/approve');
const reject = routeFor('POST', '/api/v1/clues/:id/disposition/reject');

@Controller()
export class CaseManagementController {
  constructor(@Inject(FORWARD) private readonly forward: Forward) {}

  // ── registry
  @Post(registerZone.path)
  @HttpCode(registerZone.status)
  registerZone(@Req() request: FastifyRequest) {
    return this.forward(registerZone, request);
  }

  @Get(listZones.path)
  listZones(@Req() request: FastifyRequest) {
    return this.forward(listZones, request);
  }

  @Post(registerUnit.path)
  @HttpCode(registerUnit.status)
  registerUnit(@Req() request: FastifyRequest) {
    return this.forward(registerUnit, request);
  }

  @Get(listUnits.path)
  listUnits(@Req() request: FastifyRequest) {
    return this.forward(listUnits, request);
  }

  @Post(moveUnit.path)
  @HttpCode(moveUnit.status)
  moveUnit(@Req() request: FastifyRequest) {
    return this.forward(moveUnit, request);
  }

  // ── clues
  @Get(listClues.path)
  listClues(@Req() request: FastifyRequest) {
    return this.forward(listClues, request);
  }

  @Get(getClue.path)
  getClue(@Req() request: FastifyRequest) {
    return this.forward(getClue, request);
  }

  @Post(propose.path)
  @HttpCode(propose.status)
  propose(@Req() request: FastifyRequest) {
    return this.forward(propose, request);
  }

  @Post(approve.path)
  @HttpCode(approve.status)
  approve(@Req() request: FastifyRequest) {
    return this.forward(approve, request);
  }

  @Post(reject.path)
  @HttpCode(reject.status)
  reject(@Req() request: FastifyRequest) {
    return this.forward(reject, request);
  }
}
