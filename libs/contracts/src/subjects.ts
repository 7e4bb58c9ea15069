// NATS subject names. Events: jiandu.evt.<service>.<EventType>.v<N>; commands and queries:
// jiandu.cmd.<service>.<command>, jiandu.qry.<service>.<query>.

export const SUBJECT_PREFIX = 'jiandu';

/** Every event subject; the filter of the JIANDU_EVENTS stream. */
export const ALL_EVENTS = `${SUBJECT_PREFIX}.evt.>`;

export interface EventSubject {
  service: string;
  type: string;
  version: number;
}

// A token must not contain what NATS treats specially: '.', '*', '>' or whitespace.
const SERVICE = /^[a-z][a-z0-9-]*$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]*$/;
const NAME = /^[a-z][A-Za-z0-9-]*$/;

export function evtSubject(service: string, type: string, version: number): string {
  assertToken('service', service, SERVICE);
  assertToken('event type', type, EVENT_TYPE);
  if (!Number.isSafeInteger(version) || version < 1) throw new Error(`event version must be a positive integer, got ${version}`);
  return `${SUBJECT_PREFIX}.evt.${service}.${type}.v${version}`;
}

export function cmdSubject(service: string, command: string): string {
  assertToken('service', service, SERVICE);
  assertToken('command', command, NAME);
  return `${SUBJECT_PREFIX}.cmd.${service}.${command}`;
}

export function qrySubject(service: string, query: string): string {
  assertToken('service', service, SERVICE);
  assertToken('query', query, NAME);
  return `${SUBJECT_PREFIX}.qry.${service}.${query}`;
}

/** All events of one service, or of one type in any version. */
export function evtFilter(service: string, type?: string): string {
  assertToken('service', service, SERVICE);
  if (type === undefined) return `${SUBJECT_PREFIX}.evt.${service}.>`;
  assertToken('event type', type, EVENT_TYPE);
  return `${SUBJECT_PREFIX}.evt.${service}.${type}.*`;
}

export function parseEvtSubject(subject: string): EventSubject | undefined {
  const parts = subject.split('.');
  if (parts.length !== 5 || parts[0] !== SUBJECT_PREFIX || parts[1] !== 'evt') return undefined;
  const [, , service, type, v] = parts;
  const match = /^v([1-9][0-9]*)$/.exec(v);
  if (!match || !SERVICE.test(service) || !EVENT_TYPE.test(type)) return undefined;
  const version = Number(match[1]);
  return Number.isSafeInteger(version) ? { service, type, version } : undefined;
}

function assertToken(what: string, value: string, pattern: RegExp): void {
  if (!pattern.test(value)) throw new Error(`invalid ${what} for a subject: ${JSON.stringify(value)}`);
}
