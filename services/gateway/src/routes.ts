// Every HTTP route the gateway serves: which operation it forwards to, who may call it, and where
// the operation's fields come from. The controllers, the OpenAPI document and the tests read this.
import { DISPATCHED_AGENCY, SUPERVISION_OFFICE } from '@jiandu/access';
import { caseManagementOperations as cm, petitionOperations as pet, type ApiOperation } from '@jiandu/contracts';

export type HttpMethod = 'GET' | 'POST';

/** Who may call a route: nobody needs a token for 'public'; otherwise the actor's office decides. */
export type Audience = 'public' | ((office: string) => boolean);

export interface GatewayRoute {
  method: HttpMethod;
  /** Fastify/Nest path pattern: ':id' segments. */
  path: string;
  operation: ApiOperation;
  audience: Audience;
  /** Which operation field each path parameter fills. */
  params?: Record<string, string>;
  /** Where the other fields come from. */
  input: 'body' | 'query';
  status: 200 | 201;
  summary: string;
}

// ── audiences (the services check again, with the actor's zones)
const isSupervisionOffice = (office: string) => SUPERVISION_OFFICE.test(office);
const isDispatchedAgency = (office: string) => DISPATCHED_AGENCY.test(office);
const only =
  (...offices: string[]) =>
  (office: string) =>
    offices.includes(office);

export const petitionOffice = only('petition-office');
export const registryKeepers = only('case-management', 'leadership');
export const leadership = only('leadership');
/** The offices that handle a clue: 纪检监察室 and 派驻机构 (DOMAIN.md, flow 1). */
export const clueHandlers = (office: string) => isSupervisionOffice(office) || isDispatchedAgency(office);
export const clueReaders = (office: string) => registryKeepers(office) || clueHandlers(office);

export const GATEWAY_ROUTES: readonly GatewayRoute[] = [
  // ── registry
  { method: 'POST', path: '/api/v1/zones', operation: cm.registerZone, audience: registryKeepers, input: 'body', status: 201, summary: 'Register a cooperation zone (协作区)' },
  { method: 'GET', path: '/api/v1/zones', operation: cm.listZones, audience: registryKeepers, input: 'query', status: 200, summary: 'List cooperation zones' },
  { method: 'POST', path: '/api/v1/units', operation: cm.registerUnit, audience: registryKeepers, input: 'body', status: 201, summary: 'Register a supervised unit' },
  { method: 'GET', path: '/api/v1/units', operation: cm.listUnits, audience: registryKeepers, input: 'query', status: 200, summary: 'List supervised units' },
  {
    method: 'POST',
    path: '/api/v1/units/:id/move',
    operation: cm.moveUnit,
    audience: registryKeepers,
    params: { id: 'unitId' },
    input: 'body',
    status: 200,
    summary: 'Move a unit to another zone, from a date',
  },
  // ── petitions
  { method: 'POST', path: '/api/v1/petitions', operation: pet.registerPetition, audience: petitionOffice, input: 'body', status: 201, summary: 'Register a petition (登记)' },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/accept',
    operation: pet.acceptPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Accept a petition (受理)',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/reject',
    operation: pet.rejectPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Do not accept a petition (不予受理), with the reason',
  },
  {
    method: 'POST',
    path: '/api/v1/petitions/:id/transfer',
    operation: pet.transferPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'body',
    status: 200,
    summary: 'Transfer a petition to case management as a clue (移送)',
  },
  {
    method: 'GET',
    path: '/api/v1/petitions/:id',
    operation: pet.getPetition,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'query',
    status: 200,
    summary: 'Read a petition, without the reporter identity',
  },
  {
    method: 'GET',
    path: '/api/v1/petitions/:id/reporter',
    operation: pet.readReporter,
    audience: petitionOffice,
    params: { id: 'petitionId' },
    input: 'query',
    status: 200,
    summary: 'Read the sealed reporter identity; the read and its reason are recorded',
  },
  {
    method: 'GET',
    path: '/api/v1/lookup/:lookupCode',
    operation: pet.lookup,
    audience: 'public',
    params: { lookupCode: 'lookupCode' },
    input: 'query',
    status: 200,
    summary: 'Follow a petition by its lookup code (查询码), no token',
  },
  // ── clues
  { method: 'GET', path: '/api/v1/clues', operation: cm.listClues, audience: clueReaders, input: 'query', status: 200, summary: 'List clues visible to the caller' },
  {
    method: 'GET',
    path: '/api/v1/clues/:id',
    operation: cm.getClue,
    audience: clueReaders,
    params: { id: 'clueId' },
    input: 'query',
    status: 200,
    summary: 'Read a clue with its history',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition',
    operation: cm.proposeDisposition,
    audience: clueHandlers,
    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Propose one of the four dispositions (处置意见)',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition/approve',
    operation: cm.approveDisposition,
    audience: leadership,
    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Approve the proposed disposition',
  },
  {
    method: 'POST',
    path: '/api/v1/clues/:id/disposition/reject',
    operation: cm.rejectDisposition,
    audience: leadership,
    params: { id: 'clueId' },
    input: 'body',
    status: 200,
    summary: 'Reject the proposed disposition, with a note',
  },
];

export function routeFor(method: HttpMethod, path: string): GatewayRoute {
  const route = GATEWAY_ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no gateway route ${method} ${path}`);
  return route;
}
