// The planner hashes with chainHash, the one definition the verifier uses, and hands PostgreSQL
// the same text, less the version, when only the server knows the head.
import fc from 'fast-check';
import { planAppend } from '../src/append.js';
import { canonicalJson } from '../src/canonical-json.js';
import { chainHash, chainText } from '../src/hash-chain.js';

const json = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 });
const content = fc.record({
  type: fc.string(),
  schemaVersion: fc.integer({ min: 1, max: 5 }),
  data: json,
  metadata: json,
  eventId: fc.uuid(),
});
const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

describe('planAppend', () => {
  it('on a known head, chains the events as the verifier rebuilds them, with the INSERT parameters in column order', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.array(content, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 1_000 }),
        hex,
        (streamId, events, headVersion, headHash) => {
          const head = headVersion === 0 ? { version: 0, hash: '' } : { version: headVersion, hash: headHash };
          const plan = planAppend(streamId, events as never, headVersion, head);
          let prev = head.hash;
          const prevs: string[] = [];
          const hashes = events.map((e, i) => {
            prevs.push(prev);
            prev = chainHash(prev, { streamId, version: head.version + i + 1, ...e });
            return prev;
          });
          const [only] = events;
          if (events.length === 1 && only) {
            expect(plan.kind).toBe('insertOne');
            const row = [only.eventId, only.type, only.schemaVersion, canonicalJson(only.data), canonicalJson(only.metadata)];
            expect(plan.values).toEqual([streamId, head.version + 1, ...row, `\\x${head.hash}`, `\\x${prev}`]);
          } else {
            expect(plan.kind).toBe('insert');
            expect(plan.values).toEqual([
              streamId,
              head.version,
              events.map((e) => e.eventId),
              events.map((e) => e.type),
              events.map((e) => e.schemaVersion),
              events.map((e) => canonicalJson(e.data)),
              events.map((e) => canonicalJson(e.metadata)),
              prevs,
              hashes,
            ]);
          }
          expect('next' in plan && plan.next).toEqual({ version: head.version + events.length, hash: prev });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('without a head, gives the server the hashed text up to the version, which it finishes with the version and "}"', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.array(content, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 100_000 }),
        (streamId, events, version) => {
          for (const [expected, kind, offset] of [
            [3, events.length === 1 ? 'expectedOne' : 'expected', 2],
            ['any', 'any', 1],
          ] as const) {
            const plan = planAppend(streamId, events as never, expected);
            expect(plan.kind).toBe(kind);
            const prefixes = (kind === 'expectedOne' ? [plan.values[7]] : plan.values[offset + 5]) as string[];
            events.forEach((e, i) => expect(`${prefixes[i]}${version}}`).toBe(chainText({ streamId, version, ...e })));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an empty stream id and an empty batch', () => {
    expect(() => planAppend('', [{ type: 'T', data: {}, metadata: {} as never }], 0, { version: 0, hash: '' })).toThrow(
      RangeError,
    );
    expect(() => planAppend('s', [], 'any')).toThrow(RangeError);
  });
});
