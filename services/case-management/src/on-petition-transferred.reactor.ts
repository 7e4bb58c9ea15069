import type { Actor } from '@jiandu/access';
// PetitionTransferred (信访室) becomes RegisterClue here: the clue is numbered, routed to the
// office of the accused unit's zone, and put in the ledger, all in the consumer's transaction.
import { chinaDate } from '@jiandu/calendar';
import type { PoolClient } from 'pg';
import { petitionsPublicEvents, type EventContract } from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { executeCommand } from '@jiandu/runtime';
import { dispositionDeadline, type ClueClockConfig } from './domain/deadlines.js';
import * as clue from './domain/problem-clue.js';
import { nextClueNumber } from './clue-ledger/clue-numbers.js';
import { projectClueEvent } from './clue-ledger/clue-ledger.projection.js';
import { unitRoute } from './queries/registry.query.js';

export const clueDecider = { decide: clue.decide, evolve: clue.evolve, initialState: clue.initialState() };
export const clueStream = (clueId: string) => `clue-${clueId}`;

/** 案管 registers a transferred petition itself; the transfer's own actor is in the petitions store. */
export const REGISTRAR = { sub: 'system:case-management', name: '案管室自动登记', office: 'case-management' } satisfies Omit<Actor, 'roles' | 'zones'>;

/** The clue of a petition has an id derived from it: a second delivery can never make a second clue. */
export const clueIdFor = (petitionId: string) => `c-${petitionId}`;

type Transferred = typeof petitionsPublicEvents.PetitionTransferred extends EventContract<infer T> ? T : never;

/** A unit nobody registered yet cannot be routed; the message is retried, then parked for 案管 to see. */
export class UnitNotRoutableError extends Error {}

export function onPetitionTransferred(store: PostgresEventStore, clock: ClueClockConfig, now: () => Date = () => new Date()): Omit<ConsumerSpec, 'stream'> {
  return {
    durable: 'case-management--petition-transferred',
    filterSubjects: [petitionsPublicEvents.PetitionTransferred.subject],
    maxDeliver: 8,
    async handle(event: IncomingEvent, tx: PoolClient) {
      const data = event.data as Transferred;
      const at = now();
      const route = await unitRoute(tx, store.schema, data.accused.unitId, at);
      if (!route) throw new UnitNotRoutableError(`unit ${data.accused.unitId} has no zone`);
      const clueId = clueIdFor(data.petitionId);
      // Registered already (the same transfer seen under another event id): nothing more to do.
      if ((await store.readStream(clueStream(clueId), 1, tx)).length > 0) return;
      const number = await nextClueNumber(tx, store.schema, Number(localYear(at)));
      const command: clue.RegisterClue = {
        type: 'RegisterClue',
        data: {
          clueId,
          number,
          source: 'petition',
          sourceRef: data.petitionId,
          unitId: data.accused.unitId,
          zoneId: route.zoneId,
          assignedOffice: route.office,
          accused: data.accused,
          category: data.category,
          summary: data.summary,
          dispositionDeadline: dispositionDeadline(at, clock),
        },
      };
      const result = await executeCommand(store, clueDecider, clueStream(clueId), command, {
        context: { now: at, actor: { ...REGISTRAR, roles: [], zones: [] } },
        metadata: { actor: REGISTRAR, correlationId: event.metadata.correlationId, causationId: event.eventId, occurredAt: at.toISOString() },
        tx,
      });
      for (const e of result.events) await projectClueEvent(tx, store.schema, e, at.toISOString());
    },
  };
}

function localYear(at: Date): string {
  return chinaDate(at).slice(0, 4);
}

