// What the services' query handlers put in a reply the same way: optional fields, and an item's history.
import type { Static } from '@sinclair/typebox';
import type { HistoryEntry } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';

/** `{ key: value }` when there is a value: optional fields are absent, never null, in a reply. */
export const optional = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** Who did what, when: the stream's events without their data. */
export async function historyOf(store: EventStore, streamId: string): Promise<Static<typeof HistoryEntry>[]> {
  const events = await store.readStream(streamId);
  return events.map((e) => ({
    type: e.type,
    at: e.metadata.occurredAt,
    actor: { sub: e.metadata.actor.sub, name: e.metadata.actor.name, office: e.metadata.actor.office },
  }));
}
