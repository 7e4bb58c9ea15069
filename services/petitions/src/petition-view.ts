// What the petition office reads: the petition as its events tell it, without the reporter.
import type { RecordedEvent } from '@jiandu/event-store';
import { fromStored } from '@jiandu/runtime';
import { evolve, initialState, type Petition, type PetitionEvent, type PetitionRegistered } from './domain/petition.js';

const STATUS: Record<Exclude<Petition['status'], 'Initial'>, string> = {
  Received: 'received',
  Accepted: 'accepted',
  NotAccepted: 'not-accepted',
  Transferred: 'transferred',
  Concluded: 'concluded',
  FeedbackDelivered: 'feedback-delivered',
};

/** Events that change what a reporter following the case may see; reading the identity is not one. */
const STATUS_EVENTS = new Set<string>([
  'PetitionRegistered',
  'PetitionAccepted',
  'PetitionNotAccepted',
  'PetitionTransferred',
  'PetitionConcluded',
  'FeedbackDelivered',
]);

export function statusName(state: Petition): string {
  return state.status === 'Initial' ? 'unknown' : STATUS[state.status];
}

export function statusOf(events: RecordedEvent[]): { status: string; updatedAt: string } | undefined {
  let state = initialState();
  let updatedAt = '';
  for (const event of events) {
    state = evolve(state, fromStored<PetitionEvent>(event));
    if (STATUS_EVENTS.has(event.type)) updatedAt = event.metadata.occurredAt;
  }
  return state.status === 'Initial' ? undefined : { status: STATUS[state.status], updatedAt };
}

export function petitionView(events: RecordedEvent[]) {
  const first = events[0];
  const current = statusOf(events);
  if (!first || first.type !== 'PetitionRegistered' || !current) return undefined;
  const registered = first.data as PetitionRegistered['data'];
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
