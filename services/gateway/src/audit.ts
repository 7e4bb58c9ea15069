// Every authorisation decision on a sensitive read (the reporter's identity; the integrity files
// when they come) is recorded by the gateway, the refusals included: the token refused (401), the
// office or role refused by the access policy (403), and the owning service's answer (granted, or
// refused: anonymous, not found, outside the caller's need to know). A granted read of the
// identity is also an event in the petitions store (ReporterIdentityRead, with its reason), in the
// transaction that opens the vault; the refusals leave no event, so this audit line is their record.
// One JSON line each (`audit: 'sensitive-read'`) in the gateway's log, and a counter in /metrics.
// Never personal data: the caller's subject id and office, never the token's name, never the reason
// given, and the item's id only when it is a well-formed id.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@jiandu/access';
import { toErrorResponse } from './errors.js';
import type { GatewayRoute } from './routes.js';

/** The operations whose every decision is recorded (libs/access; the gateway routes two of them). */
export { SENSITIVE_READS } from '@jiandu/access';

export interface SensitiveReadRecord {
  audit: 'sensitive-read';
  operation: string;
  outcome: 'granted' | 'refused';
  status: number;
  code?: string;
  correlationId: string;
  sub?: string;
  office?: string;
  itemId?: string;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SAFE_SUB = /^[A-Za-z0-9_.:@-]{1,128}$/;

export function sensitiveReadRecord(
  route: GatewayRoute,
  request: Pick<FastifyRequest, 'id' | 'params'>,
  actor: Actor | undefined,
  outcome: { granted: true } | { granted: false; error: unknown },
): SensitiveReadRecord {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const itemId = Object.keys(route.params ?? {})
    .map((param) => params[param])
    .find((value): value is string => typeof value === 'string' && SAFE_ID.test(value));
  const refused = outcome.granted ? undefined : toErrorResponse(outcome.error);
  return {
    audit: 'sensitive-read',
    operation: route.operation.name,
    outcome: outcome.granted ? 'granted' : 'refused',
    status: refused ? refused.status : route.status,
    ...(refused ? { code: refused.body.code } : {}),
    correlationId: request.id,
    ...(actor && SAFE_SUB.test(actor.sub) ? { sub: actor.sub } : {}),
    ...(actor ? { office: actor.office } : {}),
    ...(itemId ? { itemId } : {}),
  };
}
