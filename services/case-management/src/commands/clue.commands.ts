// The clue's commands. Each runs on the clue's own stream (`clue-<id>`) in the transaction it is
// given (the RPC server's for the disposition operations, the consumer's for a reactor), and writes
// the clue's ledger row in that same transaction: the register never shows what the events do not.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Actor } from '@jiandu/access';
import {
  compileValidator,
  domainError,
  DomainException,
  Id,
  OTHER_CATEGORY,
  type caseManagementOperations as ops,
  type ClueStatus,
  type PetitionTransferredV2,
} from '@jiandu/contracts';
import type { DecisionContext } from '@jiandu/decision';
import type { EventMetadata, PostgresEventStore } from '@jiandu/event-store';
import type { IncomingEvent } from '@jiandu/messaging';
import { callMetadata, executeCommand, type Handler, type RequestOf, type RpcCall, type ServiceContext } from '@jiandu/runtime';
import { DEFAULT_DISPOSITION_DAYS, dispositionDeadline, type ClueClockConfig } from '../domain/deadlines.js';
import {
  clueDecider,
  clueStream,
  type ApproveDisposition,
  type ClueCommand,
  type ProposeDisposition,
  type RecordOutcome,
  type RegisterClue,
  type RejectDisposition,
} from '../domain/problem-clue.js';
import { projectClueClocks } from '../projections/clocks.projection.js';
import { ledgerStatus, projectClueEvents } from '../projections/clue-ledger.projection.js';
import { unitRoute } from '../projections/registry.projection.js';
import { nextClueNumber } from './clue-numbers.js';

/** Who issues a command, when, and what caused it: the decision's context and its events' metadata. */
export interface Issued {
  context: DecisionContext;
  metadata: EventMetadata;
}

/** One of case management's own actors, which issue the commands its reactors run. */
export type SystemActor = Omit<Actor, 'roles' | 'zones'>;

/** A reactor's command: by `actor`, decided at `at`, caused by the event it reacts to (same correlation). */
export function issuedOnEvent(actor: SystemActor, event: Pick<IncomingEvent, 'eventId' | 'metadata'>, at: Date): Issued {
  return {
    context: { now: at, actor: { ...actor, roles: [], zones: [] } },
    metadata: { actor, correlationId: event.metadata.correlationId, causationId: event.eventId, occurredAt: at.toISOString() },
  };
}

/**
 * Decides `command` on its clue's stream, appends, and writes the ledger row and the clocks, in
 * `tx`. Answers the clue's ledger status. `clock`: the disposition limit the clocks' rule names.
 */
export async function runClueCommand(
  store: PostgresEventStore,
  tx: PoolClient,
  command: ClueCommand,
  issued: Issued,
  clock: ClueClockConfig = {},
): Promise<ClueStatus> {
  const { events, state } = await executeCommand(store, clueDecider, clueStream(command.data.clueId), command, { ...issued, tx });
  await projectClueEvents(tx, store.schema, events, issued.metadata.occurredAt);
  await projectClueClocks(tx, store, events, state, issued.context.now, {
    dispositionDays: clock.dispositionDays ?? DEFAULT_DISPOSITION_DAYS,
  });
  // A command the decider accepted leaves a registered clue behind.
  if (state.status === 'Initial') throw new Error(`${command.type} left clue ${command.data.clueId} unregistered`);
  return ledgerStatus(state);
}

// ── the disposition operations

/** Each operation's request as the clue's command (the contract already checked the shape). */
export const clueCommandOf = {
  /** A clue from 巡察, an audit, …: what the request says, copied field by field, and where the register puts it. */
  registerClue: (request: RequestOf<typeof ops.registerClue>, placement: Placement, clueId: string): RegisterClue => {
    const { source, reference, categories, category, summary, accused } = request;
    return {
      type: 'RegisterClue',
      data: {
        clueId,
        ...placement,
        source,
        sourceRef: reference,
        unitId: accused.unitId,
        accused: { name: accused.name, position: accused.position, unitId: accused.unitId },
        categories: [...categories],
        ...(category === undefined ? {} : { category }),
        summary,
      },
    };
  },
  proposeDisposition: (request: RequestOf<typeof ops.proposeDisposition>): ProposeDisposition => ({
    type: 'ProposeDisposition',
    data: request,
  }),
  approveDisposition: (request: RequestOf<typeof ops.approveDisposition>): ApproveDisposition => ({
    type: 'ApproveDisposition',
    data: request,
  }),
  rejectDisposition: (request: RequestOf<typeof ops.rejectDisposition>): RejectDisposition => ({
    type: 'RejectDisposition',
    data: request,
  }),
};

export interface ClueCommands {
  registerClue: Handler<typeof ops.registerClue>;
  proposeDisposition: Handler<typeof ops.proposeDisposition>;
  approveDisposition: Handler<typeof ops.approveDisposition>;
  rejectDisposition: Handler<typeof ops.rejectDisposition>;
}

/** The call's decision context and its events' metadata: decided `at` by the caller. */
export const issuedByCall = (call: RpcCall<unknown>, at: Date): Issued => ({
  context: { now: at, actor: call.actor },
  metadata: { ...callMetadata(call), occurredAt: at.toISOString() },
});

export function clueCommands({ store, now }: Pick<ServiceContext, 'store' | 'now'>, clock: ClueClockConfig = {}): ClueCommands {
  /** The call's command, decided now by the caller; the answer is where the clue now stands. */
  const run = async (call: RpcCall<unknown>, tx: PoolClient, command: ClueCommand) => {
    const issued = issuedByCall(call, now());
    return { id: command.data.clueId, status: await runClueCommand(store, tx, command, issued, clock) };
  };
  return {
    // 案管 registers a clue from 巡察, an audit, the judiciary, 舆情, …: numbered and routed as a petition's.
    async registerClue(call, tx) {
      const issued = issuedByCall(call, now());
      const placed = await placeClue(store, tx, call.payload.accused.unitId, issued.context.now, clock);
      const command = clueCommandOf.registerClue(call.payload, placed, `c-${randomUUID()}`);
      const status = await runClueCommand(store, tx, command, issued, clock);
      const { clueId: id, number, zoneId, assignedOffice, dispositionDeadline: deadline } = command.data;
      return { id, number, status, zoneId, assignedOffice, dispositionDeadline: deadline };
    },
    proposeDisposition: (call, tx) => run(call, tx, clueCommandOf.proposeDisposition(call.payload)),
    approveDisposition: (call, tx) => run(call, tx, clueCommandOf.approveDisposition(call.payload)),
    rejectDisposition: (call, tx) => run(call, tx, clueCommandOf.rejectDisposition(call.payload)),
  };
}

/** The unit is not in the registry, or in no zone: nobody could handle its clue. */
const unitNotRoutable = (unitId: string) =>
  new DomainException(
    domainError(
      'UNIT_NOT_FOUND',
      404,
      { zh: '被反映单位未登记或不属于任何协作区', en: `unit ${unitId} is not registered in a zone` },
      [{ path: 'accused.unitId', message: { zh: '未登记的单位', en: 'not a registered unit' } }],
    ),
  );

/**
 * Where the register puts a new clue, in `tx`: routed to the office of the unit's zone on the day of
 * registration, numbered gap-free (the number's row lock is held to commit; a rollback gives it
 * back), with its disposition deadline. The same for every source.
 */
export async function placeClue(
  store: PostgresEventStore,
  tx: PoolClient,
  unitId: string,
  at: Date,
  clock: ClueClockConfig,
): Promise<Placement> {
  const route = await unitRoute(tx, store.schema, unitId, at);
  if (!route) throw unitNotRoutable(unitId);
  return {
    number: await nextClueNumber(tx, store.schema, at),
    zoneId: route.zoneId,
    assignedOffice: route.office,
    dispositionDeadline: dispositionDeadline(at, clock),
  };
}

// ── registration of a transferred petition (reactors/on-petition-transferred.reactor.ts)

/** The clue of a petition has an id derived from it: a second delivery can never make a second clue. */
export const clueIdFor = (petitionId: string) => `c-${petitionId}`;

const addressable = compileValidator<string>(Id);
/**
 * Whether the petition's clue id is one the API can address (the contract's Id, as ClueRegistered
 * publishes it). Petition ids are `p-<uuid>`; PetitionTransferred itself allows any 64 characters.
 */
export const hasClueId = (petitionId: string): boolean => addressable.check(clueIdFor(petitionId));

/** A unit nobody registered yet cannot be routed; the reactor's message is retried, then parked for 案管 to see. */
export class UnitNotRoutableError extends Error {}

/** Where the register puts a clue: its number, and the zone and office it is routed to. */
export interface Placement {
  number: string;
  zoneId: string;
  assignedOffice: string;
  dispositionDeadline: string;
}

/**
 * What a transferred petition says of its clue: PetitionTransferred v2 (free-text category) or later
 * (coded categories, the text optional), with the accused's name as 信访室 answered it (v4 names no
 * one: reactors/petition-accused.ts). A petition without codes is coded `other`, its text kept.
 */
export type TransferredClue = Pick<PetitionTransferredV2, 'petitionId' | 'accused' | 'summary'> & {
  category?: string;
  categories?: readonly string[];
};

/** RegisterClue for a transferred petition: what the petition says, copied field by field, and where the register puts it. */
export function registrationOf(transferred: TransferredClue, placement: Placement): RegisterClue {
  const { petitionId, accused, category, categories, summary } = transferred;
  return {
    type: 'RegisterClue',
    data: {
      clueId: clueIdFor(petitionId),
      number: placement.number,
      source: 'petition',
      sourceRef: petitionId,
      unitId: accused.unitId,
      zoneId: placement.zoneId,
      assignedOffice: placement.assignedOffice,
      accused: { name: accused.name, position: accused.position, unitId: accused.unitId },
      categories: categories && categories.length > 0 ? [...categories] : [OTHER_CATEGORY],
      ...(category === undefined ? {} : { category }),
      summary,
      dispositionDeadline: placement.dispositionDeadline,
    },
  };
}

/**
 * Registers the clue of a transferred petition, in the consumer's transaction: routed to the office
 * of the accused unit's zone on the day of registration, numbered gap-free (the number's row lock
 * is held to commit, and a rollback gives the number back), with its disposition deadline.
 */
export async function registerClue(
  store: PostgresEventStore,
  tx: PoolClient,
  transferred: TransferredClue,
  issued: Issued,
  clock: ClueClockConfig,
): Promise<void> {
  const at = issued.context.now;
  const route = await unitRoute(tx, store.schema, transferred.accused.unitId, at);
  if (!route) throw new UnitNotRoutableError(`unit ${transferred.accused.unitId} has no zone`);
  // Registered already (the same transfer seen under another event id): nothing more to do, no number taken.
  if ((await store.readStream(clueStream(clueIdFor(transferred.petitionId)), 1, tx)).length > 0) return;
  const number = await nextClueNumber(tx, store.schema, at);
  const placement = {
    number,
    zoneId: route.zoneId,
    assignedOffice: route.office,
    dispositionDeadline: dispositionDeadline(at, clock),
  };
  await runClueCommand(store, tx, registrationOf(transferred, placement), issued, clock);
}

// ── outcomes of supervision (reactors/on-supervision-outcome.reactor.ts)

/** Records how an inquiry or a verification of the clue ended, in the consumer's transaction. */
export async function recordOutcome(
  store: PostgresEventStore,
  tx: PoolClient,
  data: RecordOutcome['data'],
  issued: Issued,
): Promise<void> {
  await runClueCommand(store, tx, { type: 'RecordOutcome', data }, issued);
}
