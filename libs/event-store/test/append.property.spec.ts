// Random append sequences against a real store behave like a map of stream → version.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { openEventStore, WrongExpectedVersionError } from '../src/index.js';
import type { EventStore, ExpectedVersion } from '../src/index.js';
import { createTempDatabase, sampleMetadata } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

let db: TempDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTempDatabase(2);
  store = await openEventStore({ pool: db.pool, schema: db.schemaName('prop') });
});
afterAll(() => db.drop());

type Outcome = { ok: true; next: number } | { ok: false; actual: number };

/** The model: the whole specification of expected versions. */
function modelAppend(current: number, expected: ExpectedVersion, count: number): Outcome {
  const matches = expected === 'any' || (expected === 'no-stream' ? current === 0 : expected === current);
  return matches ? { ok: true, next: current + count } : { ok: false, actual: current };
}

const expectedArb: fc.Arbitrary<ExpectedVersion> = fc.oneof(
  fc.constant<'any'>('any'),
  fc.constant<'no-stream'>('no-stream'),
  fc.integer({ min: 0, max: 6 }),
);
const commandArb = fc.record({
  stream: fc.constantFrom('a', 'b', 'c'),
  expected: expectedArb,
  count: fc.integer({ min: 1, max: 3 }),
});

describe('append expected-version semantics', () => {
  it('match an in-memory model for any sequence of appends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 12 }), async (commands) => {
        const run = randomUUID().slice(0, 8); // fresh streams per run
        const model = new Map<string, number>();
        for (const { stream, expected, count } of commands) {
          const streamId = `${run}-${stream}`;
          const want = modelAppend(model.get(streamId) ?? 0, expected, count);
          const events = Array.from({ length: count }, () => ({ type: 'Tick', data: {}, metadata: sampleMetadata() }));
          const got: Outcome = await store.append(streamId, events, expected).then(
            (result) => ({ ok: true as const, next: result.nextExpectedVersion }),
            (error: unknown) => {
              if (!(error instanceof WrongExpectedVersionError)) throw error;
              return { ok: false as const, actual: error.actual ?? -1 };
            },
          );
          expect(got).toEqual(want);
          if (want.ok) model.set(streamId, want.next);
        }
        for (const [streamId, version] of model) {
          const read = await store.readStream(streamId);
          expect(read.map((event) => event.version)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
        }
      }),
      { numRuns: 60 },
    );
  });
});
