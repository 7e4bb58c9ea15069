import { isDomainError, petitionsPublicEvents } from '@jiandu/contracts';
import fc from 'fast-check';
import type { DecisionContext } from '@jiandu/decision';
import { decide, evolve, initialState, type Petition, type PetitionCommand, type PetitionEvent } from './petition.js';

// Identity values carry a marker so any leak is found by a plain string search.
const SECRET = 'SECRET-';
const IDENTITY_KEY = /^(reporterName|phone|idNumber|address|lookupCode)$/i;

const goodText = (max: number) => fc.string({ minLength: 1, maxLength: Math.min(max, 30) }).filter((s) => s.trim() !== '');
const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)])
    : [];

const text = (max: number) =>
  fc.oneof(
    { weight: 30, arbitrary: goodText(max) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '\n') },
    { weight: 1, arbitrary: fc.constant('长'.repeat(max + 1)) },
  );
const secret = fc.string({ maxLength: 10 }).map((s) => SECRET + s);

const petitionId = fc.constant('p-1');
// Mostly well-formed registrations, so that runs get past registration; some fuzzed ones.
const registration = (t: (max: number) => fc.Arbitrary<string>, channels: readonly string[], consistent: boolean) =>
  fc
    .record({
      petitionId,
      channel: fc.constantFrom(...channels),
      realName: fc.boolean(),
      reporterRef: fc.constantFrom('vault-1', 'vault-2'),
      keepRef: fc.boolean(),
      accused: fc.record({ name: t(100), position: t(100), unitId: t(64) }),
      category: t(50),
      summary: t(500),
      content: t(20_000),
      // What a careless client might smuggle in: it must never come out again.
      reporterName: secret,
      phone: secret,
      idNumber: secret,
      address: secret,
    })
    .map(({ keepRef, reporterRef, ...data }) =>
      (consistent ? data.realName : keepRef) ? { ...data, reporterRef } : data,
    );
const CHANNELS = ['letter', 'visit', 'phone', 'online', 'referred'];
const register = fc.oneof(
  { weight: 4, arbitrary: registration(goodText, CHANNELS, true) },
  { weight: 1, arbitrary: registration(text, [...CHANNELS, 'pigeon'], false) },
).map((data) => ({ type: 'RegisterPetition', data }) as PetitionCommand);
const command: fc.Arbitrary<PetitionCommand> = fc.oneof(
  register,
  fc.record({ type: fc.constant('AcceptPetition' as const), data: fc.record({ petitionId }) }),
  fc.record({
    type: fc.constant('RejectPetition' as const),
    data: fc.record({ petitionId, reason: fc.constantFrom('litigation', 'other-body', 'no-substance', '', 'whim'), note: text(2_000) }),
  }) as fc.Arbitrary<PetitionCommand>,
  fc.record({ type: fc.constant('TransferPetition' as const), data: fc.record({ petitionId }) }),
  fc.record({ type: fc.constant('ReadReporterIdentity' as const), data: fc.record({ petitionId, reason: text(2_000) }) }),
  fc.record({
    type: fc.constant('ConcludePetition' as const),
    data: fc.oneof(
      fc.record({ petitionId, source: fc.constant('inquiry'), outcome: fc.constantFrom('accepted', 'light-measure', 'second-round'), ref: fc.constantFrom('inq-1', 'inq-2') }),
      fc.record({ petitionId, source: fc.constant('verification'), outcome: fc.constantFrom('file-case', 'close', 'shelve', 'transfer'), ref: fc.constant('ver-1') }),
    ).chain((data) => fc.constantFrom('2026-11-02', '2026-02-30').map((concludedOn) => ({ ...data, concludedOn }))),
  }) as fc.Arbitrary<PetitionCommand>,
  fc.record({ type: fc.constant('DeliverFeedback' as const), data: fc.record({ petitionId, note: text(2_000) }) }),
);
const context: fc.Arbitrary<DecisionContext> = fc.record({
  now: fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
  actor: fc.record({
    sub: fc.constant('u-1'),
    name: fc.constant('User'),
    office: fc.oneof({ weight: 5, arbitrary: fc.constant('petition-office') }, fc.constantFrom('case-management', 'leadership')),
    roles: fc.constant([]),
    zones: fc.constant([]),
  }),
});

const NEXT: Record<Petition['status'], readonly Petition['status'][]> = {
  Initial: ['Initial', 'Received'],
  Received: ['Received', 'Accepted', 'NotAccepted'],
  Accepted: ['Accepted', 'Transferred'],
  NotAccepted: ['NotAccepted'],
  Transferred: ['Transferred', 'Concluded'],
  Concluded: ['Concluded', 'FeedbackDelivered'],
  FeedbackDelivered: ['FeedbackDelivered'],
};

/** Runs the commands against one petition stream, checking `each` after every decision. */
function run(steps: Array<[PetitionCommand, DecisionContext]>, each: (state: Petition, events: PetitionEvent[]) => void) {
  let state = initialState();
  for (const [cmd, ctx] of steps) {
    const result = decide(cmd, state, ctx);
    if (!Array.isArray(result)) {
      expect(isDomainError(result)).toBe(true);
      continue;
    }
    for (const event of result) {
      const next = evolve(state, event);
      expect(NEXT[state.status]).toContain(next.status);
      state = next;
    }
    each(state, result);
  }
}

describe('Petition (properties)', () => {
  const steps = fc.array(fc.tuple(command, context), { maxLength: 40 });

  it('only ever moves along the allowed transitions, and each decision is events or a domain error', () => {
    fc.assert(
      fc.property(steps, (s) => {
        run(s, (state) => {
          if (state.status === 'Initial') return;
          // A real-name petition always has its vault reference; an anonymous one never does.
          expect(state.realName).toBe(state.reporterRef !== undefined);
          // Feedback is owed, and given, to a real-name reporter only.
          if (state.status === 'FeedbackDelivered') expect(state.realName).toBe(true);
        });
      }),
    );
  });

  it('never lets reporter identity into an event or the state', () => {
    fc.assert(
      fc.property(steps, (s) => {
        run(s, (state, events) => {
          for (const value of [events, state]) {
            expect(JSON.stringify(value)).not.toContain(SECRET);
            expect(keysOf(value).filter((key) => IDENTITY_KEY.test(key))).toEqual([]);
          }
        });
      }),
    );
  });

  it('publishes only events that satisfy their public contract', () => {
    fc.assert(
      fc.property(steps, (s) => {
        run(s, (_state, events) => {
          for (const event of events) {
            const contract = (petitionsPublicEvents as Record<string, (typeof petitionsPublicEvents)['PetitionTransferred']>)[event.type];
            if (contract) expect(contract.errors(event.data)).toEqual([]);
          }
        });
      }),
    );
  });

  it('refuses any registration with a blank or overly long field, naming the field', () => {
    const fields = { category: 50, summary: 500, content: 20_000, petitionId: 64 } as const;
    const valid = {
      petitionId: 'p-1',
      channel: 'online',
      realName: false,
      accused: { name: '张三', position: '主任', unitId: 'unit-1' },
      category: '其他',
      summary: '摘要',
      content: '内容',
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(fields) as Array<keyof typeof fields>)),
        fc.oneof(fc.stringMatching(/^\s*$/), fc.integer({ min: 1, max: 50 })),
        context,
        (field, bad, ctx) => {
          const value = typeof bad === 'string' ? bad : 'x'.repeat(fields[field] + bad);
          const data = { ...valid, [field]: value } as never;
          const result = decide({ type: 'RegisterPetition', data }, initialState(), {
            ...ctx,
            actor: { ...ctx.actor, office: 'petition-office' },
          });
          expect(result).toMatchObject({ code: 'INVALID_INPUT', status: 400, fields: [{ path: field }] });
        },
      ),
    );
  });
});
