// The shape of every aggregate's decider: pure `decide` and `evolve` over its own state. A command
// handler (libs/runtime `executeCommand`) loads the stream, folds `evolve`, calls `decide` and
// appends; `specification()` (libs/testing) runs the same object given/when/then.
import type { DomainError } from '@jiandu/contracts';

/** Domain events are `{ type, data }`, the same shape as a stored event's type and data. */
export type DomainEvent = { type: string; data: object };

export interface Decider<C, E extends DomainEvent, S, Ctx> {
  decide(command: C, state: S, context: Ctx): E[] | DomainError;
  evolve(state: S, event: E): S;
  initialState: S;
}

/** The decider object of a module that exports `decide`, `evolve` and `initialState()`. */
export function deciderOf<C, E extends DomainEvent, S, Ctx>(module: {
  decide(command: C, state: S, context: Ctx): E[] | DomainError;
  evolve(state: S, event: E): S;
  initialState(): S;
}): Decider<C, E, S, Ctx> {
  return { decide: module.decide, evolve: module.evolve, initialState: module.initialState() };
}
