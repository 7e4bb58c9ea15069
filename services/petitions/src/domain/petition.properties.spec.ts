import {
  isDomainError,
  petitionOperations as ops,
  petitionsPublicEvents,
  type DomainError,
  type EventContract,
} from '@jiandu/contracts';
import type { DecisionContext } from '@jiandu/decision';
import { acceptedRequest } from '@jiandu/testing';
import fc from 'fast-check';
import type { Conclusion } from './conclusion.js';
import {
  decide,
  evolve,
  initialState,
  PETITION_OFFICE,
  type Petition,
  type PetitionCommand,
  type PetitionEvent,
} from './petition.js';

// Identity values carry a marker so any leak is found by a plain string search.
const SECRET = 'SECRET-';
const IDENTITY_KEY = /^(reporterName|phone|idNumber|address|lookupCode)$/i;

const keysOf = (value: unknown): string[] =>
  typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)]) : [];
const secret = fc.string({ maxLength: 10 }).map((s) => SECRET + s);

// ── commands, built from requests the contract accepts (generated from its schemas)
// as commands/petition.commands.ts builds them
const petitionId = 'p-1';
const register = fc
  .record({
    request: acceptedRequest(ops.registerPetition),
    // Earlier petitions about the same accused and unit, as the handler finds them.
    repeatCandidates: fc.subarray(['p-0', 'p-00', petitionId]),
    // What a careless client might smuggle in: it must never come out again.
    smuggled: fc.record({ reporterName: secret, phone: secret, idNumber: secret, address: secret }),
  })
  .map(({ request, smuggled, repeatCandidates }): PetitionCommand => {
    const { reporter, realName: _realName, ...facts } = request;
    const sealing = reporter ? { realName: true as const, reporterRef: 'vault-1' } : { realName: false as const };
    return { type: 'RegisterPetition', data: { ...smuggled, petitionId, ...facts, ...sealing, repeatCandidates } };
  });
const conclusion: fc.Arbitrary<Conclusion> = fc
  .oneof(
    fc.record({
      source: fc.constant('inquiry' as const),
      outcome: fc.constantFrom('accepted' as const, 'light-measure' as const),
      ref: fc.constantFrom('inq-1', 'inq-2'),
    }),
    fc.record({
      source: fc.constant('verification' as const),
      outcome: fc.constantFrom('close' as const, 'shelve' as const, 'transfer' as const),
      ref: fc.constant('ver-1'),
    }),
    fc.record({
      source: fc.constant('sanction' as const),
      outcome: fc.constant('sanctioned' as const),
      ref: fc.constantFrom('case-1', 'case-2'),
    }),
  )
  .chain((c) => fc.constantFrom('2026-11-02', '2027-01-04').map((concludedOn) => ({ ...c, concludedOn })));
const accept = acceptedRequest(ops.acceptPetition).map((r): PetitionCommand => ({
  type: 'AcceptPetition',
  data: { ...r, petitionId },
}));
const reject = acceptedRequest(ops.rejectPetition).map((r): PetitionCommand => ({
  type: 'RejectPetition',
  data: { ...r, petitionId },
}));
const transfer = acceptedRequest(ops.transferPetition).map((r): PetitionCommand => ({
  type: 'TransferPetition',
  data: { ...r, petitionId },
}));
const read = acceptedRequest(ops.readReporter).map((r): PetitionCommand => ({
  type: 'ReadReporterIdentity',
  data: { ...r, petitionId },
}));
const conclude = conclusion.map((c): PetitionCommand => ({ type: 'ConcludePetition', data: { petitionId, ...c } }));
const deliver = acceptedRequest(ops.deliverFeedback).map((r): PetitionCommand => ({
  type: 'DeliverFeedback',
  data: { ...r, petitionId },
}));
const screen = acceptedRequest(ops.screenPetition).map((r): PetitionCommand => ({
  type: 'ScreenPetition',
  data: { ...r, petitionId },
}));
const forwardUp = acceptedRequest(ops.forwardToSuperior).map((r): PetitionCommand => ({
  type: 'ForwardToSuperior',
  data: { ...r, petitionId },
}));
const forwardDown = acceptedRequest(ops.forwardToSubordinate).map((r): PetitionCommand => ({
  type: 'ForwardToSubordinate',
  data: { ...r, petitionId },
}));
// The earlier petition exists or not (the handler reads its stream), or is this one.
const markDuplicate = fc
  .record({ earlierExists: fc.boolean(), duplicateOf: fc.constantFrom('p-0', petitionId) })
  .map((d): PetitionCommand => ({ type: 'MarkDuplicate', data: { ...d, petitionId } }));
const object = acceptedRequest(ops.raiseObjection).map((r): PetitionCommand => ({
  type: 'RaiseObjection',
  data: { ...r, petitionId },
}));
const notify = acceptedRequest(ops.notifyAcceptance).map((r): PetitionCommand => ({
  type: 'NotifyAcceptance',
  data: { ...r, petitionId },
}));
const link = fc
  .record({ type: fc.constantFrom('ConfirmRepeat' as const, 'RejectRepeat' as const), earlierId: fc.constantFrom('p-0', 'p-9') })
  .map(({ type, earlierId }): PetitionCommand => ({ type, data: { petitionId, earlierId } }));
const command: fc.Arbitrary<PetitionCommand> = fc.oneof(
  register,
  screen,
  accept,
  reject,
  forwardUp,
  forwardDown,
  markDuplicate,
  object,
  notify,
  link,
  transfer,
  read,
  conclude,
  deliver,
);

const office = fc.oneof(
  { weight: 5, arbitrary: fc.constant('petition-office') },
  fc.constantFrom('case-management', 'leadership'),
);
const contextOf = (office: fc.Arbitrary<string>): fc.Arbitrary<DecisionContext> =>
  fc.record({
    now: fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
    actor: fc.record({
      sub: fc.constant('u-1'),
      name: fc.constant('User'),
      office,
      roles: fc.constant([]),
      zones: fc.constant([]),
    }),
  }) as fc.Arbitrary<DecisionContext>;
const context = contextOf(office);

/** Some way along the life of a petition (so that every state is reached often), then anything. */
const steps = fc
  .record({
    reached: fc.nat({ max: 5 }),
    path: fc.tuple(register, accept, transfer, conclude, deliver),
    clerk: contextOf(fc.constant(PETITION_OFFICE)),
    rest: fc.array(fc.tuple(command, context), { maxLength: 40 }),
  })
  .map(({ reached, path, clerk, rest }): Array<[PetitionCommand, DecisionContext]> => [
    ...path.slice(0, reached).map((c): [PetitionCommand, DecisionContext] => [c, clerk]),
    ...rest,
  ]);

const DECIDED = ['Accepted', 'NotAccepted', 'ForwardedToSuperior', 'ForwardedToSubordinate', 'DuplicateFiled'] as const;
const NEXT: Record<Petition['status'], readonly Petition['status'][]> = {
  Initial: ['Initial', 'Received'],
  Received: ['Received', 'Screened', ...DECIDED],
  Screened: ['Screened', ...DECIDED],
  Accepted: ['Accepted', 'Transferred'],
  NotAccepted: ['NotAccepted'],
  ForwardedToSuperior: ['ForwardedToSuperior'],
  ForwardedToSubordinate: ['ForwardedToSubordinate'],
  DuplicateFiled: ['DuplicateFiled'],
  Transferred: ['Transferred', 'Concluded'],
  Concluded: ['Concluded', 'FeedbackDelivered'],
  FeedbackDelivered: ['FeedbackDelivered'],
};

/** Runs the commands against one petition stream, checking `each` after every decision and `refused` on every refusal. */
function run(
  steps: Array<[PetitionCommand, DecisionContext]>,
  each: (state: Petition, events: PetitionEvent[]) => void,
  refused: (error: DomainError, ctx: DecisionContext) => void = () => undefined,
) {
  let state = initialState();
  for (const [cmd, ctx] of steps) {
    const result = decide(cmd, state, ctx);
    if (!Array.isArray(result)) {
      expect(isDomainError(result)).toBe(true);
      refused(result, ctx);
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

/** What the decider may refuse a request for: the petition's state, never the request's shape. */
const STATE_RULES = [
  'PETITION_NOT_FOUND',
  'PETITION_WRONG_STATE',
  'PETITION_ALREADY_REGISTERED',
  'PETITION_ANONYMOUS',
  'PETITION_FOR_SUPERIOR',
  'PETITION_ALREADY_NOTIFIED',
  'REPEAT_ALREADY_DECIDED',
];
/** Rules about another petition a field names: the refusal names that field. */
const LINK_RULES = ['DUPLICATE_OF_ITSELF', 'DUPLICATE_OF_UNKNOWN', 'REPEAT_NOT_PROPOSED'];

describe('Petition (properties)', () => {
  it('only ever moves along the allowed transitions, and each decision is events or a domain error', () => {
    fc.assert(
      fc.property(steps, (s) => {
        run(s, (state) => {
          if (state.status === 'Initial') return;
          // A real-name petition always has its vault reference; an anonymous one never does.
          expect(state.realName).toBe(state.reporterRef !== undefined);
          // Feedback and the acceptance notice are owed, and given, to a real-name reporter only.
          if (state.status === 'FeedbackDelivered' || state.notifiedOn) expect(state.realName).toBe(true);
          // A petition about the commission's head never leaves but upwards.
          if (state.concernsCommissionHead) expect(['Received', 'Screened', 'ForwardedToSuperior']).toContain(state.status);
          // Only a proposed link is ever decided, and once.
          const decided = [...state.repeats.confirmed, ...state.repeats.rejected];
          expect(decided.every((id) => state.repeats.proposed.includes(id))).toBe(true);
          expect(new Set(decided).size).toBe(decided.length);
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

  it('publishes only events that satisfy their public contract, whatever the request contract accepted', () => {
    fc.assert(
      fc.property(steps, (s) => {
        run(s, (_state, events) => {
          for (const event of events) {
            const contract = (petitionsPublicEvents as unknown as Record<string, EventContract>)[event.type];
            if (contract) expect(contract.errors(event.data)).toEqual([]);
          }
        });
      }),
    );
  });

  it('refuses a request the contract accepts only for a rule of state (or of who acts), never as malformed input', () => {
    fc.assert(
      fc.property(steps, (s) => {
        run(
          s,
          () => undefined,
          (error, ctx) => {
            expect(error.status).not.toBe(400);
            if (LINK_RULES.includes(error.code)) expect(error.fields?.length).toBe(1);
            else expect(error.fields).toBeUndefined();
            if (ctx.actor.office === PETITION_OFFICE) expect([...STATE_RULES, ...LINK_RULES]).toContain(error.code);
            else expect(error.code).toBe('FORBIDDEN_OFFICE');
          },
        );
      }),
    );
  });
});
