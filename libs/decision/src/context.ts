// The context a decider decides in: when, and who acts.

export interface Actor {
  sub: string;
  name: string;
  office: string;
  roles: readonly string[];
  zones: readonly string[];
}

export interface DecisionContext<Config = unknown> {
  now: Date;
  actor: Actor;
  config?: Config;
}
