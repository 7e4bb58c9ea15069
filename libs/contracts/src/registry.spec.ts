import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { encodeEnvelope, toEnvelope } from './envelope.js';
import { ContractRegistry, defineEvent, type EventContract } from './registry.js';

// v1 had one name field; v2 split it; v3 added a category with a default.
const V1 = defineEvent({
  service: 'petitions',
  type: 'PetitionRegistered',
  version: 1,
  schema: Type.Object({ accused: Type.String() }),
});
const V2 = defineEvent({
  service: 'petitions',
  type: 'PetitionRegistered',
  version: 2,
  schema: Type.Object({ accused: Type.Object({ name: Type.String(), unit: Type.String() }) }),
});
const V3 = defineEvent({
  service: 'petitions',
  type: 'PetitionRegistered',
  version: 3,
  schema: Type.Object({
    accused: Type.Object({ name: Type.String(), unit: Type.String() }),
    category: Type.Union([Type.Literal('other'), Type.Literal('bribery')]),
  }),
});

function registry(): ContractRegistry {
  return new ContractRegistry()
    .register(V3, V1, V2)
    .registerUpcaster({
      service: 'petitions',
      type: 'PetitionRegistered',
      fromVersion: 1,
      up: (d: { accused: string }) => ({ accused: { name: d.accused, unit: '' } }),
    })
    .registerUpcaster({
      service: 'petitions',
      type: 'PetitionRegistered',
      fromVersion: 2,
      up: (d: object) => ({ ...d, category: 'other' }),
    });
}

const fields = {
  eventId: '0b7d6c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
  occurredAt: '2026-09-25T08:00:00.000Z',
  actor: { sub: 'u1', name: '张三', office: 'petition-office' },
  correlationId: 'c-1',
  streamId: 'petition-1',
  streamVersion: 1,
};

function message<T>(contract: EventContract<T>, data: T) {
  return { subject: contract.subject, body: encodeEnvelope(toEnvelope(contract, data, fields)) };
}

describe('ContractRegistry', () => {
  describe('when the event is the latest version', () => {
    it('decodes and validates it', () => {
      const { subject, body } = message(V3, { accused: { name: '李四', unit: '某局' }, category: 'bribery' });
      const decoded = registry().decode(subject, body);
      expect(decoded).toMatchObject({
        ok: true,
        contract: V3,
        data: { accused: { name: '李四', unit: '某局' }, category: 'bribery' },
      });
    });

    it('reports a schema violation as invalid, with the fields', () => {
      const body = JSON.stringify({
        ...toEnvelope(V1, { accused: 'x' }, fields),
        type: 'PetitionRegistered',
        version: 3,
        data: { accused: 'x' },
      });
      const decoded = registry().decode(V3.subject, body);
      expect(decoded).toMatchObject({ ok: false, reason: 'invalid' });
      expect(decoded.ok === false && decoded.fields?.map((f) => f.message.en).sort()).toEqual([
        'field accused has the wrong type, expected an object',
        'missing required field category',
      ]);
    });
  });

  describe('when the event is an older version', () => {
    it('upcasts it through the chain to the latest version', () => {
      const { subject, body } = message(V1, { accused: '李四' });
      const decoded = registry().decode(subject, body);
      expect(decoded).toMatchObject({ ok: true, contract: V3, data: { accused: { name: '李四', unit: '' }, category: 'other' } });
      expect(decoded.ok && decoded.envelope.version).toBe(1);
    });

    it('validates the old data against its own version before upcasting', () => {
      const body = JSON.stringify({ ...toEnvelope(V1, { accused: 'x' }, fields), data: { accused: 1 } });
      expect(registry().decode(V1.subject, body)).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it('parks it when a step of the chain is missing', () => {
      const partial = new ContractRegistry().register(V1, V2, V3).registerUpcaster({
        service: 'petitions',
        type: 'PetitionRegistered',
        fromVersion: 2,
        up: (d: object) => ({ ...d, category: 'other' }),
      });
      const { subject, body } = message(V1, { accused: '李四' });
      expect(partial.decode(subject, body)).toMatchObject({ ok: false, reason: 'unknown-version' });
    });

    it('reports an upcaster that produces data the latest version rejects as invalid', () => {
      const buggy = new ContractRegistry().register(V1, V2).registerUpcaster({
        service: 'petitions',
        type: 'PetitionRegistered',
        fromVersion: 1,
        up: (d: { accused: string }) => ({ accused: d.accused }),
      });
      const { subject, body } = message(V1, { accused: '李四' });
      expect(buggy.decode(subject, body)).toMatchObject({ ok: false, reason: 'invalid' });
    });
  });

  describe('when the event cannot be decoded', () => {
    it('returns unknown-version for a version newer than any registered, so it is parked and not dropped', () => {
      const V4 = defineEvent({
        service: 'petitions',
        type: 'PetitionRegistered',
        version: 4,
        schema: Type.Object({ x: Type.String() }),
      });
      const { subject, body } = message(V4, { x: 'y' });
      expect(registry().decode(subject, body)).toMatchObject({ ok: false, reason: 'unknown-version' });
    });

    it('returns unknown-type for a type it has never heard of', () => {
      const Other = defineEvent({ service: 'review', type: 'SanctionRecorded', version: 1, schema: Type.Object({}) });
      const { subject, body } = message(Other, {});
      expect(registry().decode(subject, body)).toMatchObject({ ok: false, reason: 'unknown-type' });
    });

    it('returns malformed for a body that is not JSON', () => {
      expect(registry().decode(V1.subject, '{not json')).toMatchObject({ ok: false, reason: 'malformed' });
      expect(registry().decode(V1.subject, new Uint8Array([0xff, 0xfe]))).toMatchObject({ ok: false, reason: 'malformed' });
    });

    it('returns malformed for JSON that is not an envelope', () => {
      const { body } = message(V1, { accused: 'x' });
      const envelope = JSON.parse(new TextDecoder().decode(body));
      for (const broken of [{ ...envelope, eventId: 'nope' }, { ...envelope, extra: 1 }, { data: {} }, [], 'text', null]) {
        expect(registry().decode(V1.subject, JSON.stringify(broken))).toMatchObject({ ok: false, reason: 'malformed' });
      }
    });

    it('returns malformed when the subject and the envelope disagree', () => {
      const { body } = message(V1, { accused: 'x' });
      expect(registry().decode(V2.subject, body)).toMatchObject({ ok: false, reason: 'malformed' });
      expect(registry().decode('jiandu.evt.petitions', body)).toMatchObject({ ok: false, reason: 'malformed' });
    });

    it('never throws, whatever the body', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc.uint8Array(),
          ),
          (body) => {
            const decoded = registry().decode(V1.subject, body);
            expect(decoded.ok).toBe(false);
          },
        ),
      );
    });
  });

  describe('registration', () => {
    it('refuses two different contracts for the same version', () => {
      const clash = defineEvent({ service: 'petitions', type: 'PetitionRegistered', version: 1, schema: Type.Object({}) });
      expect(() => registry().register(clash)).toThrow(/registered twice/);
    });

    it('finds the latest contract of a type', () => {
      expect(registry().contract('petitions', 'PetitionRegistered')).toBe(V3);
      expect(registry().contract('petitions', 'PetitionRegistered', 1)).toBe(V1);
    });
  });
});

describe('defineEvent', () => {
  it('makes the schema strict even when the author forgot', () => {
    expect(V2.check({ accused: { name: 'a', unit: 'b', phone: '123' } })).toBe(false);
    expect(V2.errors({ accused: { name: 'a', unit: 'b', phone: '123' } })[0]?.path).toBe('accused.phone');
  });

  it('names the subject and defaults to public', () => {
    expect(V1.subject).toBe('jiandu.evt.petitions.PetitionRegistered.v1');
    expect(V1.public).toBe(true);
  });
});

describe('toEnvelope', () => {
  it('keeps only the signature of the actor', () => {
    const envelope = toEnvelope(
      V1,
      { accused: 'x' },
      { ...fields, actor: { ...fields.actor, roles: ['staff'] } as typeof fields.actor },
    );
    expect(envelope.actor).toEqual(fields.actor);
  });

  it('refuses data that breaks the contract', () => {
    expect(() => toEnvelope(V1, { accused: 1 } as never, fields)).toThrow(/breaks the contract/);
  });
});
