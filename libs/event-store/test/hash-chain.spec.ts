import fc from 'fast-check';
import { canonicalJson, CanonicalText } from '../src/canonical-json.js';
import { chainHash, chainTextBeforeVersion } from '../src/hash-chain.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: '值' } })).toBe(
      '{"a":{"c":"值","d":[1,{"x":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for objects built in a different key order', () => {
    expect(canonicalJson({ x: 1, y: [true, null] })).toBe(canonicalJson({ y: [true, null], x: 1 }));
  });

  // The obvious implementation; canonicalJson is the fast one and must agree with it byte for byte.
  function reference(value: unknown): string {
    if (value === null || typeof value !== 'object') {
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError('not JSON');
      return text;
    }
    if (Array.isArray(value))
      return `[${value.map((item: unknown) => (item === undefined ? 'null' : reference(item))).join(',')}]`;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
      return reference((value as { toJSON: () => unknown }).toJSON());
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
    return `{${fields.join(',')}}`;
  }

  it('agrees with the reference implementation on generated values', () => {
    const key = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('a', 'b', '10', '9', '_x', 'a-b', 'a.b', '$', 'é', '"', '\\', '\n', '值'),
    );
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.string(),
        fc.string({ unit: 'grapheme' }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.date({ noInvalidDate: true }),
      ),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(key, tie('node'), { maxKeys: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (record) => {
        expect(canonicalJson(record)).toBe(reference(record));
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives the same text again for the parsed JSON it wrote, as the verifier rebuilds it', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), (record) => {
        const text = canonicalJson(record);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses what JSON cannot hold, as the reference does', () => {
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});

describe('chainTextBeforeVersion', () => {
  it('finished with the version and "}" is the canonical JSON the verifier hashes', () => {
    const content = {
      streamId: 'petition-"1"',
      eventId: '7d4c9a3e-3a3c-4d7e-9d55-0d3c4e0a9f11',
      type: 'PetitionAccepted',
      schemaVersion: 2,
      data: { z: 1, a: 'line\nbreak' },
      metadata: { occurredAt: 't', actor: { sub: 's' } },
    };
    expect(`${chainTextBeforeVersion(content)}17}`).toBe(canonicalJson({ ...content, version: 17 }));
  });
});

describe('chainHash', () => {
  it('is the same over data and metadata already encoded (CanonicalText) as over the objects', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }),
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }),
        (data, metadata) => {
          const content = { streamId: 's', version: 3, eventId: 'e', type: 't', schemaVersion: 1 };
          expect(
            chainHash('ab', {
              ...content,
              data: new CanonicalText(canonicalJson(data)),
              metadata: new CanonicalText(canonicalJson(metadata)),
            }),
          ).toBe(chainHash('ab', { ...content, data, metadata }));
        },
      ),
    );
  });

  it('changes when the previous hash changes', () => {
    const content = { streamId: 's', version: 1, eventId: 'e', type: 't', schemaVersion: 1, data: {}, metadata: {} };
    expect(chainHash('', content)).not.toBe(chainHash('00', content));
    expect(chainHash('', content)).toMatch(/^[0-9a-f]{64}$/);
  });
});
