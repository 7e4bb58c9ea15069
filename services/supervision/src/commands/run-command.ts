// What every supervision command handler does: load the aggregate's stream, decide (with the
// configured limits), append, and in the same transaction project the events into the office's
// list and the clocks. Reply with where the item now stands, as the list shows it.
import type { PoolClient } from 'pg';
import type { Actor } from '@jiandu/access';
import type { DomainEvent } from '@jiandu/decision';
import type { EventMetadata } from '@jiandu/event-store';
import { callMetadata, executeCommand, type Decider, type RpcCall, type ServiceContext } from '@jiandu/runtime';
import type { SupervisionConfig } from '../config.js';
import type { DecisionContext } from '../domain/decision.js';
import { projectClockEvent, type ClockOwner, type SupervisionEvent } from '../projections/clocks.projection.js';
import type { RecordKind } from '../projections/records.table.js';

export interface CommandDeps {
  ctx: ServiceContext;
  config: SupervisionConfig;
}

/** Who acts, and the metadata their events carry. */
export interface Caller {
  actor: Actor;
  metadata: Omit<EventMetadata, 'occurredAt'>;
}

export const callerOf = (call: RpcCall<unknown>): Caller => ({ actor: call.actor, metadata: callMetadata(call) });

/** What the service does on its own (opening what a decision started) is signed by the system, for the handling office. */
export function systemCaller(office: string, correlationId: string, causationId?: string): Caller {
  const actor: Actor = { sub: 'system:supervision', name: '监督系统', office: office as Actor['office'], roles: [], zones: [] };
  return {
    actor,
    metadata: {
      actor: { sub: actor.sub, name: actor.name, office: actor.office },
      correlationId,
      ...(causationId ? { causationId } : {}),
    },
  };
}

/** One aggregate as its command handlers run it. */
export interface Aggregate<C, E extends SupervisionEvent & DomainEvent, S, Cfg> {
  /** The list its rows are in, keyed by the stream's id (the agency reports' rows are keyed per report). */
  kind?: RecordKind;
  stream(id: string): string;
  decider: Decider<C, E, S, DecisionContext<Cfg>>;
  config(config: SupervisionConfig): Cfg;
  project(tx: PoolClient, schema: string, event: E, at: string): Promise<void>;
  /** Whose clocks its events start (the office that must act), read off the state after the command. */
  owner(state: S): ClockOwner | undefined;
}

export interface Outcome<E, S> {
  id: string;
  status: string;
  events: E[];
  state: S;
}

export async function runCommand<C, E extends SupervisionEvent & DomainEvent, S, Cfg>(
  deps: CommandDeps,
  aggregate: Aggregate<C, E, S, Cfg>,
  id: string,
  command: C,
  caller: Caller,
  tx: PoolClient,
): Promise<Outcome<E, S>> {
  const { ctx, config } = deps;
  const schema = ctx.store.schema;
  const now = ctx.now();
  const at = now.toISOString();
  const result = await executeCommand(ctx.store, aggregate.decider, aggregate.stream(id), command, {
    context: { now, actor: caller.actor, config: aggregate.config(config) },
    metadata: { ...caller.metadata, occurredAt: at },
    tx,
  });
  const owner = aggregate.owner(result.state);
  for (const event of result.events) {
    await aggregate.project(tx, schema, event, at);
    if (owner) await projectClockEvent(tx, ctx.store, event, owner, config);
  }
  const status = aggregate.kind === undefined ? undefined : await statusOf(tx, schema, aggregate.kind, id);
  return { id, status: status ?? 'unknown', events: result.events, state: result.state };
}

async function statusOf(tx: PoolClient, schema: string, kind: RecordKind, id: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ status: string }>(`SELECT status FROM ${schema}.records WHERE kind = $1 AND id = $2`, [
    kind,
    id,
  ]);
  return rows[0]?.status;
}
