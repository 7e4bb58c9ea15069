import { canonicalJson } from '../src/canonical-json.js';
import { canonicalPrefix, chainHash } from '../src/hash-chain.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: '值' } })).toBe(
      '{"a":{"c":"值","d":[1,{"x":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for objects built in a different key order', () => {
    expect(canonicalJson({ x: 1, y: [true, null] })).toBe(canonicalJson({ y: [true, null], x: 1 }));
  });
});

describe('canonicalPrefix', () => {
  it('completed with the version equals the canonical JSON the verifier hashes', () => {
    const content = {
      streamId: 'petition-"1"',
      eventId: '7d4c9a3e-3a3c-4d7e-9d55-0d3c4e0a9f11',
      type: 'PetitionAccepted',
      schemaVersion: 2,
      data: { z: 1, a: 'line\nbreak' },
      metadata: { occurredAt: 't', actor: { sub: 's' } },
    };
    const prefix = canonicalPrefix(content, canonicalJson(content.data), canonicalJson(content.metadata));
    expect(`${prefix}7}`).toBe(canonicalJson({ ...content, version: 7 }));
  });
});

describe('chainHash', () => {
  it('changes when the previous hash changes', () => {
    const content = { streamId: 's', version: 1, eventId: 'e', type: 't', schemaVersion: 1, data: {}, metadata: {} };
    expect(chainHash('', content)).not.toBe(chainHash('00', content));
    expect(chainHash('', content)).toMatch(/^[0-9a-f]{64}$/);
  });
});
