// The accused's name of a transferred petition, asked of 信访室 (issue 12, ADR 0018): the public
// PetitionTransferred (v4) names no one, and 案管 keeps the name in its private record
// (ClueSubjectRecorded) for the office that links the clue to a cadre. Request/reply over NATS with
// the service's own identity and a timeout; `read-accused` answers the case-management service alone.
// The call carries a service token (ADR 0019), signed with 案管's key and scoped to read-accused.
import { accusedOperations, DomainException } from '@jiandu/contracts';
import {
  createRpcClient,
  DependencyUnavailableError,
  natsClientProxy,
  withNamespace,
  type RpcActor,
  type RpcClient,
} from '@jiandu/messaging';
import type { ServiceTokens } from '@jiandu/access';
import type { ResponseOf, ServiceContext } from '@jiandu/runtime';
import { REGISTRAR } from './on-petition-transferred.reactor.js';

/** The name of the accused of the petition `petitionId`, as 信访室 recorded it. */
export type AccusedNames = (petitionId: string, correlationId: string) => Promise<string>;

/** 案管's service identity when it asks another service (no roles, no zones: the office is the grant). */
export const CASE_MANAGEMENT_SERVICE: RpcActor = { ...REGISTRAR, roles: [], zones: [] };

/** 信访室 did not answer (or refused): the transfer waits and is asked again, never registered without the name. */
export class AccusedNameUnavailable extends DependencyUnavailableError {}

/** Asks petitions' `read-accused` through `rpc`, each call bounded by `timeoutMs`. */
export function petitionsAccusedNames(
  rpc: RpcClient,
  namespace: string,
  timeoutMs: number,
  tokens?: ServiceTokens,
): AccusedNames {
  const op = accusedOperations.readAccused;
  return async (petitionId, correlationId) => {
    try {
      const answer = await rpc.call<ResponseOf<typeof op>>(
        withNamespace(namespace || undefined, op.subject),
        CASE_MANAGEMENT_SERVICE,
        { petitionId },
        { timeoutMs, correlationId, token: await tokens?.tokenFor(op.service, CASE_MANAGEMENT_SERVICE) },
      );
      return answer.name;
    } catch (err) {
      const why = err instanceof DomainException ? err.error.code : err instanceof Error ? err.message : String(err);
      throw new AccusedNameUnavailable(`petitions did not give the accused of ${petitionId}: ${why}`);
    }
  };
}

/** The service's client for it: opened with the service, closed when it stops (a background item). */
export function petitionsAccusedClient(ctx: Pick<ServiceContext, 'config' | 'logger' | 'serviceTokens'>, timeoutMs: number) {
  const proxy = natsClientProxy(ctx.config.natsUrl, { waitOnFirstConnect: true });
  const rpc = createRpcClient(proxy, { logger: ctx.logger });
  void proxy.connect().catch((err: unknown) => ctx.logger.warn({ err: String(err) }, 'petitions accused: nats connect'));
  return { names: petitionsAccusedNames(rpc, ctx.config.namespace, timeoutMs, ctx.serviceTokens), stop: () => rpc.close() };
}
