// JetStream stream and consumer definitions as code, applied idempotently at start.
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export const EVENTS_STREAM = 'JIANDU_EVENTS';

export interface StreamDef {
  name?: string; // default JIANDU_EVENTS
  /** Prepended as `<namespace>.` to every subject; tests use a unique one so streams never overlap. */
  namespace?: string;
  subjects?: string[]; // default ['jiandu.evt.>'] (before the namespace)
  duplicateWindowMs?: number; // default 2 minutes: the relay's re-publish window after a crash
  maxAgeMs?: number; // default 0 = keep forever (the stores are the truth; this is a transport)
  storage?: 'file' | 'memory'; // default file
}

export interface ConsumerDef {
  durable: string;
  filterSubjects: string[]; // already namespaced
  maxDeliver?: number; // default 10
  ackWaitMs?: number; // default 30_000
  backoffMs?: number[]; // server-side redelivery schedule after ack_wait expiries
  /**
   * Messages out at once (delivered and not acked yet, or naked with a delay); default 1,000. The
   * runner pulls 32 at a time, so this bounds mostly the naked ones: a burst of failing messages
   * waiting out their nak delays must leave room for the others.
   */
  maxAckPending?: number;
}

export function withNamespace(namespace: string | undefined, subject: string): string {
  return namespace ? `${namespace}.${subject}` : subject;
}

export function withoutNamespace(namespace: string | undefined, subject: string): string {
  const prefix = namespace ? `${namespace}.` : '';
  return prefix && subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
}

function streamConfig(def: StreamDef): Partial<StreamConfig> & { name: string } {
  return {
    name: def.name ?? EVENTS_STREAM,
    subjects: (def.subjects ?? ['jiandu.evt.>']).map((s) => withNamespace(def.namespace, s)),
    retention: RetentionPolicy.Limits,
    storage: def.storage === 'memory' ? StorageType.Memory : StorageType.File,
    duplicate_window: nanos(def.duplicateWindowMs ?? 120_000),
    max_age: nanos(def.maxAgeMs ?? 0),
    num_replicas: 1,
  };
}

function isNotFound(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

/** Creates the stream, or updates it when its definition changed. */
export async function ensureStream(jsm: JetStreamManager, def: StreamDef = {}): Promise<StreamInfo> {
  const wanted = streamConfig(def);
  let current: StreamInfo;
  try {
    current = await jsm.streams.info(wanted.name);
  } catch (err) {
    if (!isNotFound(err, JetStreamApiCodes.StreamNotFound)) throw err;
    return jsm.streams.add(wanted);
  }
  const c = current.config;
  const same =
    JSON.stringify([...c.subjects].sort()) === JSON.stringify([...(wanted.subjects ?? [])].sort()) &&
    c.duplicate_window === wanted.duplicate_window &&
    c.max_age === wanted.max_age &&
    c.storage === wanted.storage;
  if (same) return current;
  // storage cannot change in place: the server rejects it, which is the right outcome for a human to decide
  return jsm.streams.update(wanted.name, { ...c, ...wanted });
}

function consumerConfig(def: ConsumerDef): Partial<ConsumerConfig> & { durable_name: string } {
  const filters =
    def.filterSubjects.length === 1 ? { filter_subject: def.filterSubjects[0] } : { filter_subjects: def.filterSubjects }; // several filters need nats-server 2.10
  const backoff = def.backoffMs?.length ? { backoff: def.backoffMs.map((ms) => nanos(ms)) } : {};
  return {
    durable_name: def.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    max_deliver: def.maxDeliver ?? 10,
    // with backoff the server uses backoff[0] as the first ack wait; keep them consistent
    ack_wait: nanos(def.backoffMs?.[0] ?? def.ackWaitMs ?? 30_000),
    max_ack_pending: def.maxAckPending ?? 1_000,
    ...filters,
    ...backoff,
  };
}

const filtersOf = (c: Partial<ConsumerConfig>) =>
  JSON.stringify(c.filter_subjects?.length ? [...c.filter_subjects].sort() : [c.filter_subject ?? '']);

function differs(current: ConsumerConfig, wanted: Partial<ConsumerConfig>): boolean {
  return (
    current.max_deliver !== wanted.max_deliver ||
    current.ack_wait !== wanted.ack_wait ||
    current.max_ack_pending !== wanted.max_ack_pending ||
    JSON.stringify(current.backoff ?? []) !== JSON.stringify(wanted.backoff ?? [])
  );
}

/**
 * Creates the durable pull consumer with explicit ack, or updates its limits when they changed.
 * Its filter is never changed in place (refused: see below).
 */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, def: ConsumerDef): Promise<ConsumerInfo> {
  const wanted = consumerConfig(def);
  let current: ConsumerInfo;
  try {
    current = await jsm.consumers.info(stream, def.durable);
  } catch (err) {
    if (!isNotFound(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
    return jsm.consumers.add(stream, wanted);
  }
  // nats-server 2.9 skips the messages pending on a durable consumer whose filter is changed in
  // place: a new filter (a new event version, ADR 0012) takes a durable consumer of its own.
  if (filtersOf(current.config) !== filtersOf(wanted)) {
    throw new Error(
      `durable consumer ${def.durable} on ${stream} filters ${filtersOf(current.config)}, not ${filtersOf(wanted)}: ` +
        'a changed filter would skip its pending messages; give the new filter a new durable name',
    );
  }
  if (!differs(current.config, wanted)) return current;
  const { durable_name: _durable, deliver_policy: _deliver, replay_policy: _replay, ack_policy: _ack, ...editable } = wanted;
  return jsm.consumers.update(stream, def.durable, editable);
}
