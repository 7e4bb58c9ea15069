// Given/when/then for deciders: given past events, when a command, then these events or this error.
import { DomainException, isDomainError, type DomainError } from '@jiandu/contracts';
import type { Decider as PureDecider, DomainEvent } from '@jiandu/decision';

/** What `specification()` runs: the decider's pure functions, as `@jiandu/decision` types them. */
export type Decider<Command, Event extends DomainEvent, State, Context> = Omit<
  PureDecider<Command, Event, State, Context>,
  'initialState'
> & {
  /** The state, or the module's `initialState()` as it is. */
  initialState: State | (() => State);
};

export interface Defaults<Context> {
  /** The context of every `when` that names none (e.g. the office that usually acts). */
  context?: Context;
}

export interface Given<Command, Event, State, Context> {
  /** The state the given events fold into (fresh on each read). */
  readonly state: State;
  when(command: Command, context?: Context): Outcome<Event>;
}

export interface Outcome<Event> {
  /** The command produced exactly these events, in order. */
  then(expected: Event[]): void;
  thenNothing(): void;
  /**
   * The command was refused with this DomainError code (returned, or thrown as DomainException);
   * with `status`, with that status too; with `field`, naming that field among its `fields`.
   */
  thenError(code: string, status?: DomainError['status'], field?: string): DomainError;
  /** The events the command produced, for finer assertions; fails, naming the code, if it was refused. */
  events(): Event[];
}

type Result<Event> =
  { kind: 'events'; events: Event[] } | { kind: 'error'; error: DomainError } | { kind: 'threw'; error: unknown };

export function specification<Command, Event extends DomainEvent, State, Context = unknown>(
  decider: Decider<Command, Event, State, Context>,
  defaults: Defaults<Context> = {},
) {
  const initial = (): State =>
    typeof decider.initialState === 'function' ? (decider.initialState as () => State)() : decider.initialState;
  return {
    given(events: Event[] = []): Given<Command, Event, State, Context> {
      const fold = () => events.reduce(decider.evolve, initial());
      return {
        get state() {
          return fold();
        },
        when(command: Command, context: Context | undefined = defaults.context): Outcome<Event> {
          const state = fold();
          return outcome(run(() => decider.decide(command, state, context as Context)));
        },
      };
    },
  };
}

function run<Event>(decide: () => Event[] | Event | DomainError): Result<Event> {
  try {
    const result = decide();
    if (isDomainError(result)) return { kind: 'error', error: result };
    return { kind: 'events', events: Array.isArray(result) ? result : [result] };
  } catch (error) {
    if (error instanceof DomainException) return { kind: 'error', error: error.error };
    return { kind: 'threw', error };
  }
}

function outcome<Event>(result: Result<Event>): Outcome<Event> {
  const events = (): Event[] => {
    if (result.kind === 'threw') throw result.error;
    if (result.kind === 'error') {
      throw new Error(`expected events, but the command was refused: ${result.error.code} (${result.error.message.en})`);
    }
    return result.events;
  };
  return {
    then(expected: Event[]) {
      // Awaiting an outcome would call then(resolve, reject): say so instead of a baffling diff.
      if (typeof expected === 'function')
        throw new TypeError('a specification outcome is not a promise; call .then(expectedEvents)');
      expect(events()).toEqual(expected);
    },
    thenNothing() {
      expect(events()).toEqual([]);
    },
    thenError(code: string, status?: DomainError['status'], field?: string) {
      if (result.kind === 'threw') throw result.error;
      if (result.kind === 'events') {
        throw new Error(`expected error ${code}, but the command produced ${JSON.stringify(result.events)}`);
      }
      expect(result.error.code).toBe(code);
      if (status !== undefined) expect(result.error.status).toBe(status);
      if (field !== undefined)
        expect(result.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
      return result.error;
    },
    events,
  };
}
