// What the deciders' property tests share: the context a command comes with (mostly the office
// entitled to act, now; sometimes another office, another day, a person instead of the system), a
// person's command built from a request its operation's contract accepts, and the run that holds a
// decider to its lifecycle (refusals only for a state or rights rule, transitions only along the
// lifecycle, public events only as their contract says, every state reached).
import { checkRequest, isDomainError, type ApiOperation, type DomainError } from '@jiandu/contracts';
import type { Static } from '@sinclair/typebox';
import fc from 'fast-check';
import { acceptedRequest } from './arbitrary-from-schema.js';

/** The context a decider decides in (the shape of @jiandu/decision's DecisionContext). */
export interface PropertyContext<Config> {
  now: Date;
  actor: { sub: string; name: string; office: string; roles: string[]; zones: string[] };
  config?: Config;
}

export interface ContextsOf<Config> {
  /** The day most commands come on. */
  now: Date;
  /** The range of the other days. */
  days: { min: Date; max: Date };
  /** The service's system actor, e.g. `system:review`. */
  system: string;
  /** The offices that sometimes act instead of the one entitled. */
  others: readonly string[];
  /** The clock configs, `undefined` for the defaults. */
  configs: readonly (Config | undefined)[];
  roles?: readonly string[][];
}

/** `by(office, system)`: the context of a command the office (or the system) is entitled to send. */
export function contextsOf<Ctx extends PropertyContext<unknown>>(of: ContextsOf<Ctx['config']>) {
  return (office: string, system = false): fc.Arbitrary<Ctx> =>
    fc.record({
      now: fc.oneof(
        { weight: 4, arbitrary: fc.constant(of.now) },
        fc.date({ min: of.days.min, max: of.days.max, noInvalidDate: true }),
      ),
      actor: fc.record({
        sub: fc.oneof({ weight: 5, arbitrary: fc.constant(system ? of.system : 'u-1') }, fc.constant(system ? 'u-1' : of.system)),
        name: fc.constant('User'),
        office: fc.oneof({ weight: 5, arbitrary: fc.constant(office) }, fc.constantFrom(...of.others)),
        roles: fc.constantFrom(...(of.roles ?? [[], ['leader'], ['secretary']])),
        zones: fc.constant([]),
      }),
      config: fc.constantFrom(...of.configs),
    }) as unknown as fc.Arbitrary<Ctx>;
}

/**
 * `from(op, office, type)`: a person's command of that type, its data a request the operation's
 * contract accepts with the aggregate's id pinned (so that one run meets the same aggregate again),
 * and its context.
 */
export function commandsFrom<Command extends { type: string }, Ctx>(
  by: (office: string) => fc.Arbitrary<Ctx>,
  pinned: Record<string, string>,
) {
  return <Op extends ApiOperation>(op: Op, office: string, type: Command['type']): fc.Arbitrary<[Command, Ctx]> =>
    fc.tuple(
      acceptedRequest(op).map((request) => {
        const value = { ...(request as object), ...pinned } as Static<Op['request']>;
        if (!checkRequest(op, value).ok) throw new Error(`${op.name}: the pinned request is refused`);
        return { type, data: value } as unknown as Command;
      }),
      by(office),
    );
}

interface EventContractLike {
  errors(data: unknown): unknown[];
}

export interface LifecycleOf<State extends { status: string }, Command, Event extends { type: string; data: unknown }, Ctx> {
  initialState: () => State;
  decide: (command: Command, state: State, context: Ctx) => readonly Event[] | DomainError;
  evolve: (state: State, event: Event) => State;
  steps: fc.Arbitrary<[Command, Ctx]>;
  /** The statuses each status may move to (itself included where an event keeps it). */
  next: Record<State['status'], readonly string[]>;
  /** The service's public event contracts, by type; every other event must be one of `privateEvents`. */
  publicEvents: Record<string, EventContractLike>;
  privateEvents: readonly string[];
  /** The statuses a refusal of this command may have; 403, 404 and 409 by default. */
  refusals?: (command: Command) => readonly number[];
  /** What else must hold of an event, in the state it is decided in. */
  eachEvent?: (event: Event, state: State) => void;
}

/** Random runs of the decider hold to its lifecycle and, together, reach every state. */
export function checkLifecycle<State extends { status: string }, Command, Event extends { type: string; data: unknown }, Ctx>(
  of: LifecycleOf<State, Command, Event, Ctx>,
): void {
  const statuses = Object.keys(of.next);
  const reached = new Set<string>();
  for (let batch = 0; batch < 6 && reached.size < statuses.length; batch++)
    fc.assert(
      fc.property(fc.array(of.steps, { maxLength: 40, size: 'max' }), (run) => {
        let state = of.initialState();
        reached.add(state.status);
        for (const [command, context] of run) {
          const result = of.decide(command, state, context);
          if (!Array.isArray(result)) {
            expect(isDomainError(result)).toBe(true);
            expect(of.refusals?.(command) ?? [403, 404, 409]).toContain((result as DomainError).status);
            continue;
          }
          for (const event of result as readonly Event[]) {
            const next = of.evolve(state, event);
            expect(of.next[state.status as State['status']]).toContain(next.status);
            const contract = of.publicEvents[event.type];
            if (contract) {
              expect(contract.errors(event.data)).toEqual([]);
              expect(JSON.stringify(event.data)).not.toContain('"subject"');
            } else expect(of.privateEvents).toContain(event.type);
            of.eachEvent?.(event, state);
            state = next;
            reached.add(state.status);
          }
        }
      }),
      { numRuns: 300 },
    );
  expect([...reached].sort()).toEqual([...statuses].sort());
}
