// The context a decider decides in: when, and who acts.

export type { Actor, OfficeCode } from '@jiandu/access';
import type { Actor } from '@jiandu/access';

export interface DecisionContext<Config = unknown> {
  now: Date;
  actor: Actor;
  config?: Config;
}
