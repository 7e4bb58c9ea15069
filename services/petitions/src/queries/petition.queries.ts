// What the petition office reads, and what an anonymous reporter sees by lookup code. A typed
// query on the petition's own stream (a handful of events): it folds the typed event union and
// answers the contract's response shape. No table: nothing else lists petitions yet; when a list
// comes, its rows get a projection in projections/ (see docs/architecture.md, "The anatomy").
import type { Static } from '@sinclair/typebox';
import type { Actor } from '@jiandu/access';
import {
  DomainException,
  forbidden,
  notFound,
  petitionOperations as ops,
  type LookupResponse,
  type Petition as PetitionView,
} from '@jiandu/contracts';
import type { RecordedEvent } from '@jiandu/event-store';
import { fromStored, type Handler, type ServiceContext } from '@jiandu/runtime';
import {
  evolve,
  initialState,
  PETITION_OFFICE,
  petitionStatus,
  petitionStream,
  type PetitionEvent,
  type PetitionRegistered,
} from '../domain/petition.js';
import { petitionOfLookupCode } from '../lookup-codes/lookup-code.js';

type Ops = typeof ops;
type Status = Static<typeof LookupResponse>;

/** Whether the event changes what a reporter following the case may see; reading the identity does not. */
function changesStatus(event: PetitionEvent): boolean {
  switch (event.type) {
    case 'PetitionRegistered':
    case 'PetitionAccepted':
    case 'PetitionNotAccepted':
    case 'PetitionTransferred':
    case 'PetitionConcluded':
    case 'FeedbackDelivered':
      return true;
    case 'ReporterIdentityRead':
      return false;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The status and when it last changed; undefined for a petition that does not exist. */
export function statusOf(events: RecordedEvent[]): Status | undefined {
  let state = initialState();
  let updatedAt = '';
  for (const recorded of events) {
    const event = fromStored<PetitionEvent>(recorded);
    state = evolve(state, event);
    if (changesStatus(event)) updatedAt = recorded.metadata.occurredAt;
  }
  return state.status === 'Initial' ? undefined : { status: petitionStatus(state), updatedAt };
}

/** The petition as its events tell it, without the reporter. */
export function petitionView(events: RecordedEvent[]): Static<typeof PetitionView> | undefined {
  const [first] = events;
  const current = statusOf(events);
  if (!first || first.type !== 'PetitionRegistered' || !current) return undefined;
  const registered = fromStored<PetitionRegistered>(first).data;
  return {
    id: registered.petitionId,
    status: current.status,
    channel: registered.channel,
    realName: registered.realName,
    accused: registered.accused,
    category: registered.category,
    summary: registered.summary,
    content: registered.content,
    registeredAt: first.metadata.occurredAt,
    updatedAt: current.updatedAt,
    history: events.map((e) => ({
      type: e.type,
      at: e.metadata.occurredAt,
      actor: { sub: e.metadata.actor.sub, name: e.metadata.actor.name, office: e.metadata.actor.office },
    })),
  };
}

function requirePetitionOffice(actor: Actor): void {
  if (actor.office !== PETITION_OFFICE) {
    throw new DomainException(
      forbidden('FORBIDDEN_OFFICE', { zh: '只有信访室可以查看信访件', en: 'only the petition office reads petitions' }),
    );
  }
}

export function petitionQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>) {
  const getPetition: Handler<Ops['getPetition']> = async (call) => {
    requirePetitionOffice(call.actor);
    const view = petitionView(await store.readStream(petitionStream(call.payload.petitionId)));
    if (!view) throw new DomainException(notFound({ zh: '信访件', en: 'petition' }, 'PETITION_NOT_FOUND'));
    return view;
  };

  // Anonymous: the code is the only credential, and the answer carries nothing but the status.
  const lookup: Handler<Ops['lookup']> = async (call) => {
    const petitionId = await petitionOfLookupCode(pool, store.schema, call.payload.lookupCode);
    const found = petitionId && statusOf(await store.readStream(petitionStream(petitionId)));
    if (!found)
      throw new DomainException(notFound({ zh: '查询码对应的信访件', en: 'petition for this lookup code' }, 'LOOKUP_NOT_FOUND'));
    return found;
  };

  return { getPetition, lookup };
}
