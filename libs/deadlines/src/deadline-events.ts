// The two public events every service raises for its clocks. Identifiers and dates only: never
// personal data, since these leave the service for every subscriber.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, object, type EventContract } from '@jiandu/contracts';

const id = Type.String({ minLength: 1, maxLength: 200 });

const schema = object({
  clockId: id,
  measures: id,
  rule: Type.String({ minLength: 1, maxLength: 200 }),
  subject: id,
  office: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  dueOn: Type.String({ format: 'date' }),
  provisional: Type.Boolean(),
});

export type DeadlineEventData = Static<typeof schema>;
export type DeadlineEventType = 'DeadlineApproaching' | 'DeadlineBreached';
export const DEADLINE_EVENT_TYPES: readonly DeadlineEventType[] = ['DeadlineApproaching', 'DeadlineBreached'];

const byService = new Map<string, EventContract<DeadlineEventData>[]>();

/**
 * [DeadlineApproaching v1, DeadlineBreached v1] of `service`, for its registry and publicTypes.
 * The same objects on every call, so registering them twice is harmless.
 */
export function deadlineEventContracts(service: string): EventContract<DeadlineEventData>[] {
  let contracts = byService.get(service);
  if (!contracts) {
    contracts = DEADLINE_EVENT_TYPES.map((type) => defineEvent({ service, type, version: 1, schema }));
    byService.set(service, contracts);
  }
  return [...contracts];
}
