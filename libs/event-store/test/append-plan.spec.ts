// The hot-path planner builds its canonical text by hand: it must hash exactly what the verifier
// rebuilds from a stored row (chainHash), for any content.
import fc from 'fast-check';
import { planAppend, planInsertOne } from '../src/append.js';
import { canonicalJson } from '../src/canonical-json.js';
import { chainHash } from '../src/hash-chain.js';

const json = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 });

describe('planInsertOne', () => {
  it('hashes the same canonical content as the verifier, with the INSERT parameters in column order', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 1, max: 5 }),
        json,
        json,
        fc.uuid(),
        fc.integer({ min: 0, max: 1_000 }),
        fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')), { nil: undefined }),
        (streamId, type, schemaVersion, data, metadata, eventId, headVersion, headHash) => {
          const head = headVersion === 0 ? { version: 0, hash: '' } : { version: headVersion, hash: headHash ?? 'ab'.repeat(32) };
          const event = { eventId, type, schemaVersion, data, metadata: metadata as never };
          const { values, next } = planInsertOne(streamId, event, head);
          expect(next.version).toBe(head.version + 1);
          expect(next.hash).toBe(chainHash(head.hash, { streamId, version: next.version, eventId, type, schemaVersion, data, metadata }));
          expect(values).toEqual([streamId, String(next.version), eventId, type, String(schemaVersion), canonicalJson(data), canonicalJson(metadata), `\\x${head.hash}`, `\\x${next.hash}`]);
          // the general planner takes the same path for one event on a known head
          expect(planAppend(streamId, [event], head.version, head)).toEqual({ kind: 'insert', values, next });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses an empty stream id', () => {
    expect(() => planInsertOne('', { type: 'T', data: {}, metadata: {} as never }, { version: 0, hash: '' })).toThrow(RangeError);
  });
});
