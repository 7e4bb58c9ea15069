// Who sees which rows, and an item's history, for every supervision query.
import { seesAllZones, type Actor } from '@jiandu/access';
import type { Static } from '@sinclair/typebox';
import { DomainException, notFound, type HistoryEntry } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import type { RecordScope, StoredRecord } from '../projections/records.table.js';

/** 委领导, 党风政风监督室 and 案管 see every list; 办公室 every oversight task; an office what it handles. */
export function scopeOf(actor: Actor, list: 'records' | 'oversight-tasks' | 'clocks'): RecordScope {
  if (seesAllZones(actor)) return { all: true };
  if (list === 'oversight-tasks' && actor.office === 'general-office') return { all: true };
  return { office: actor.office };
}

/** The row, or "not found" also for another office's row: its existence is need-to-know too. */
export function visible<F>(record: StoredRecord<F> | undefined, scope: RecordScope): StoredRecord<F> {
  if (
    !record ||
    ('office' in scope && record.office !== scope.office) ||
    ('offices' in scope && !scope.offices.includes(record.office))
  )
    throw new DomainException(notFound({ zh: '记录', en: 'record' }, 'NOT_FOUND'));
  return record;
}

/** Who did what, when: the stream's events without their data. */
export async function historyOf(store: EventStore, streamId: string): Promise<Static<typeof HistoryEntry>[]> {
  const events = await store.readStream(streamId);
  return events.map((e) => ({
    type: e.type,
    at: e.metadata.occurredAt,
    actor: { sub: e.metadata.actor.sub, name: e.metadata.actor.name, office: e.metadata.actor.office },
  }));
}

/** `{ key: value }` when there is a value: optional fields are absent, never null, in a reply. */
export const optional = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
