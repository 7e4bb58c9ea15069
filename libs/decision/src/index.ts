// @jiandu/decision: what every service's deciders share: the context a decision is made in,
// refusals, input checks, the offices that handle clues, and days in China time. Pure: no clock,
// no I/O; `now` comes in with the context.
export * from './context.js';
export * from './refusal.js';
export * from './checks.js';
export * from './offices.js';
export * from './days.js';
export * from './decider.js';
