// Event contracts and the registry that decodes, validates and upcasts incoming events.
import type { Static, TObject } from '@sinclair/typebox';
import { envelopeValidator, type Envelope } from './envelope.js';
import { evtSubject, parseEvtSubject } from './subjects.js';
import { compileValidator, Strict, type FieldError } from './validation.js';

export interface EventContract<T = unknown> {
  service: string;
  type: string;
  version: number;
  subject: string;
  schema: TObject;
  /** Public events go to JIANDU_EVENTS; private ones stay in their service. */
  public: boolean;
  check(data: unknown): data is T;
  errors(data: unknown): FieldError[];
}

export interface EventDefinition<S extends TObject> {
  service: string;
  type: string;
  version: number;
  schema: S;
  public?: boolean;
}

/** The schema is made strict (no unknown fields anywhere) and compiled once. */
export function defineEvent<S extends TObject>(definition: EventDefinition<S>): EventContract<Static<S>> {
  const { service, type, version } = definition;
  const schema = Strict(definition.schema);
  const validator = compileValidator<Static<S>>(schema);
  return {
    service,
    type,
    version,
    subject: evtSubject(service, type, version),
    schema,
    public: definition.public ?? true,
    check: validator.check,
    errors: validator.errors,
  };
}

export interface Upcaster<From = unknown, To = unknown> {
  service: string;
  type: string;
  /** Turns data of `fromVersion` into data of `fromVersion + 1`. */
  fromVersion: number;
  up(data: From): To;
}

export type DecodeFailure = 'malformed' | 'unknown-type' | 'unknown-version' | 'invalid';

export type Decoded =
  | { ok: true; envelope: Envelope; contract: EventContract; data: unknown }
  | { ok: false; reason: DecodeFailure; detail: string; fields?: FieldError[] };

const key = (service: string, type: string) => `${service}/${type}`;

export class ContractRegistry {
  private readonly versions = new Map<string, Map<number, EventContract>>();
  private readonly upcasters = new Map<string, Map<number, Upcaster>>();

  register(...contracts: EventContract[]): this {
    for (const contract of contracts) {
      const byVersion = this.versions.get(key(contract.service, contract.type)) ?? new Map<number, EventContract>();
      const existing = byVersion.get(contract.version);
      if (existing && existing !== contract) throw new Error(`${contract.subject} is registered twice`);
      byVersion.set(contract.version, contract);
      this.versions.set(key(contract.service, contract.type), byVersion);
    }
    return this;
  }

  registerUpcaster(upcaster: Upcaster): this {
    const byVersion = this.upcasters.get(key(upcaster.service, upcaster.type)) ?? new Map<number, Upcaster>();
    if (byVersion.has(upcaster.fromVersion)) {
      throw new Error(`${upcaster.service}.${upcaster.type}: upcaster from v${upcaster.fromVersion} is registered twice`);
    }
    byVersion.set(upcaster.fromVersion, upcaster);
    this.upcasters.set(key(upcaster.service, upcaster.type), byVersion);
    return this;
  }

  /** The contract of a version, or the latest registered one when `version` is omitted. */
  contract(service: string, type: string, version?: number): EventContract | undefined {
    const byVersion = this.versions.get(key(service, type));
    if (!byVersion) return undefined;
    return byVersion.get(version ?? Math.max(...byVersion.keys()));
  }

  contracts(): EventContract[] {
    return [...this.versions.values()].flatMap((byVersion) => [...byVersion.values()]);
  }

  decode(subject: string, body: Uint8Array | string): Decoded {
    const parsed = parseJson(body);
    if (!parsed.ok) return fail('malformed', `body is not JSON: ${parsed.error}`);
    if (!envelopeValidator.check(parsed.value)) {
      const fields = envelopeValidator.errors(parsed.value);
      return fail('malformed', `not an event envelope: ${summary(fields)}`, fields);
    }
    const envelope = parsed.value;
    const addressed = parseEvtSubject(subject);
    if (
      !addressed ||
      addressed.service !== envelope.service ||
      addressed.type !== envelope.type ||
      addressed.version !== envelope.version
    ) {
      return fail(
        'malformed',
        `subject ${subject} does not match the envelope ${envelope.service}.${envelope.type}.v${envelope.version}`,
      );
    }
    const { service, type, version } = envelope;
    const byVersion = this.versions.get(key(service, type));
    if (!byVersion) return fail('unknown-type', `no contract for ${service}.${type}`);
    const latest = Math.max(...byVersion.keys());
    if (version > latest)
      return fail('unknown-version', `${service}.${type}.v${version} is newer than the latest known v${latest}`);

    let data: unknown = envelope.data;
    const own = byVersion.get(version);
    if (own && !own.check(data)) return invalidData(own, data);
    for (let v = version; v < latest; v++) {
      const upcaster = this.upcasters.get(key(service, type))?.get(v);
      // A gap in the chain is a deployment mistake; parking the message keeps it for later.
      if (!upcaster) return fail('unknown-version', `${service}.${type}: no upcaster from v${v} to v${v + 1}`);
      try {
        data = upcaster.up(data);
      } catch (error) {
        return fail('invalid', `${service}.${type}: upcasting v${v} failed: ${(error as Error).message}`);
      }
    }
    const contract = byVersion.get(latest) as EventContract;
    if (version !== latest && !contract.check(data)) return invalidData(contract, data);
    return { ok: true, envelope, contract, data };
  }
}

function invalidData(contract: EventContract, data: unknown): Decoded {
  const fields = contract.errors(data);
  return fail('invalid', `${contract.subject}: ${summary(fields)}`, fields);
}

function fail(reason: DecodeFailure, detail: string, fields?: FieldError[]): Decoded {
  return fields ? { ok: false, reason, detail, fields } : { ok: false, reason, detail };
}

function summary(fields: FieldError[]): string {
  return fields.map((f) => f.message.en).join('; ');
}

/** One decoder for every message (decode without `stream` keeps no state between calls). */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(body: Uint8Array | string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const text = typeof body === 'string' ? body : utf8.decode(body);
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
