// Properties of the integrity files and their reads, over any commands from any actor: a file is
// append-only (entries numbered in order, each event appended once, a correction references an
// earlier entry about the same item); only 案管 registers, completes and links, only the system
// appends; every refusal is a known one with a zh/en message; a read is always recorded (granted or
// refused), granted only to the requester holding an approval, and never to a recused person.
import { caseManagementPublicEvents, isDomainError, type EventContract } from '@jiandu/contracts';
import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import fc from 'fast-check';
import {
  decide as decideAccess,
  evolve as evolveAccess,
  initialState as initialAccess,
  type AccessCommand,
  type AccessEvent,
} from './integrity-access.js';
import {
  decide,
  entryKey,
  evolve,
  initialState,
  type CadreCommand,
  type CadreEvent,
  type EntryFacts,
  type IntegrityFileConfig,
} from './integrity-file.js';

const publicContract = (type: string): EventContract | undefined =>
  (caseManagementPublicEvents as Record<string, EventContract>)[type];

const OFFICES: OfficeCode[] = ['case-management', 'leadership', 'conduct-office', 'supervision-office-1', 'petition-office'];
const SUBS = ['system:case-management', 'u-1', 'u-2', 'u-3'];
const ctx: fc.Arbitrary<DecisionContext<IntegrityFileConfig>> = fc.record({
  now: fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
  actor: fc.record({
    sub: fc.constantFrom(...SUBS),
    name: fc.constant('User'),
    office: fc.oneof({ weight: 3, arbitrary: fc.constant<OfficeCode>('case-management') }, fc.constantFrom(...OFFICES)),
    roles: fc.constant([]),
    zones: fc.constant([]),
  }),
});

const cadreId = 'cadre-1';
const entry: fc.Arbitrary<EntryFacts> = fc.record({
  kind: fc.constantFrom('inquiry-conclusion' as const, 'light-measure' as const, 'sanction' as const),
  sourceType: fc.constantFrom('InquiryConcluded', 'SanctionDecided'),
  sourceRef: fc.constantFrom('ref-1', 'ref-2'),
  sourceEventId: fc.constantFrom('evt-1', 'evt-2', 'evt-3', 'evt-4'),
  occurredOn: fc.constant('2026-09-20'),
});
const cadreCommand: fc.Arbitrary<CadreCommand> = fc.oneof(
  fc.record({
    type: fc.constant('RegisterCadre' as const),
    data: fc.record({
      cadreId: fc.constant(cadreId),
      name: fc.constant('王某某'),
      unitId: fc.constant('u-1'),
      position: fc.constant('主任'),
      level: fc.constant('section-chief' as const),
      staffSub: fc.constantFrom('u-1', 'u-2'),
      relativeSubs: fc.subarray(['u-2', 'u-3']),
    }),
  }),
  fc.record({ type: fc.constant('CompleteIntegrityFile' as const), data: fc.constant({ cadreId }) }),
  fc.record({ type: fc.constant('AppendIntegrityEntry' as const), data: fc.record({ cadreId: fc.constant(cadreId), entry }) }),
  fc.record({
    type: fc.constant('LinkClue' as const),
    data: fc.record(
      { cadreId: fc.constant(cadreId), clueId: fc.constantFrom('c-1', 'c-2'), linkedTo: fc.constant('cadre-9') },
      { requiredKeys: ['cadreId', 'clueId'] },
    ),
  }),
);

const CADRE_REFUSALS: Record<string, number> = {
  FORBIDDEN_OFFICE: 403,
  CADRE_EXISTS: 409,
  CADRE_RELATIVE_IS_SELF: 400,
  CADRE_NOT_FOUND: 404,
  INTEGRITY_FILE_COMPLETE: 409,
  ENTRY_FROM_EVENTS_ONLY: 403,
  CLUE_ALREADY_LINKED: 409,
};

describe('IntegrityFile (properties)', () => {
  it('is append-only, appends each event once, refuses only with known refusals, publishes valid events', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cadreCommand, ctx), { maxLength: 40 }), (steps) => {
        let state = initialState();
        const history: CadreEvent[] = [];
        for (const [command, context] of steps) {
          const result = decide(command, state, context);
          if (isDomainError(result)) {
            expect(CADRE_REFUSALS[result.code]).toBe(result.status);
            expect(result.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
            continue;
          }
          for (const event of result) {
            // Who: 案管 registers, completes and links; the system alone appends.
            if (event.type === 'IntegrityEntryAppended') expect(context.actor.sub.startsWith('system:')).toBe(true);
            else expect(context.actor.office).toBe('case-management');
            const contract = publicContract(event.type);
            if (contract) expect(contract.errors(event.data)).toEqual([]);
            else expect(event.type).toBe('CadreRegistered');
            state = evolve(state, event);
            history.push(event);
          }
        }
        const entries = history.flatMap((e) => (e.type === 'IntegrityEntryAppended' ? [e.data] : []));
        // Numbered in order, from 1; an event's id appears once.
        expect(entries.map((e) => e.entryId)).toEqual(entries.map((_, i) => `${cadreId}:${i + 1}`));
        expect(new Set(entries.map((e) => e.sourceEventId)).size).toBe(entries.length);
        // A correction references the latest earlier entry about the same item; a first entry none.
        entries.forEach((e, i) => {
          const earlier = entries.slice(0, i).filter((p) => entryKey(p) === entryKey(e));
          expect(e.corrects).toBe(earlier.at(-1)?.entryId);
        });
        // Registered once, completed at most once, each clue linked at most once.
        expect(history.filter((e) => e.type === 'CadreRegistered').length).toBeLessThanOrEqual(1);
        expect(history.filter((e) => e.type === 'IntegrityFileCompleted').length).toBeLessThanOrEqual(1);
        const links = history.flatMap((e) => (e.type === 'ClueLinkedToCadre' ? [e.data.clueId] : []));
        expect(new Set(links).size).toBe(links.length);
      }),
      { numRuns: 300 },
    );
  });
});

const requestId = 'ia-1';
const accessCommand: fc.Arbitrary<AccessCommand> = fc.oneof(
  fc.record({
    type: fc.constant('RequestAccess' as const),
    data: fc.record({
      requestId: fc.constant(requestId),
      cadreId: fc.constant(cadreId),
      reason: fc.constant('核查'),
      cadreExists: fc.boolean(),
    }),
  }),
  fc.record({
    type: fc.constant('ApproveAccess' as const),
    data: fc.record({ requestId: fc.constant(requestId), recused: fc.boolean() }),
  }),
  fc.record({
    type: fc.constant('RejectAccess' as const),
    data: fc.record({ requestId: fc.constant(requestId), note: fc.constant('不同意') }),
  }),
  fc.record({
    type: fc.constant('ReadFile' as const),
    data: fc.record({ requestId: fc.constant(requestId), cadreId: fc.constantFrom(cadreId, 'cadre-2'), recused: fc.boolean() }),
  }),
);

const ACCESS_REFUSALS: Record<string, number> = {
  ACCESS_REQUEST_EXISTS: 409,
  CADRE_NOT_FOUND: 404,
  ACCESS_REQUEST_NOT_FOUND: 404,
  ACCESS_REQUEST_DECIDED: 409,
  SELF_APPROVAL: 403,
  INTEGRITY_FILE_RECUSAL: 403,
};

describe('IntegrityFileAccess (properties)', () => {
  it('records every read of a request, grants it only to the requester with an approval, never to a recused person', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(accessCommand, ctx), { maxLength: 30 }), (steps) => {
        let state = initialAccess();
        for (const [command, context] of steps) {
          const before = state;
          const result = decideAccess(command, state, context);
          if (isDomainError(result)) {
            expect(ACCESS_REFUSALS[result.code]).toBe(result.status);
            expect(result.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
            // A read is refused without a record only when there is no request to read with.
            if (command.type === 'ReadFile') expect(before.status).toBe('Initial');
            continue;
          }
          if (command.type === 'ReadFile') {
            expect(result).toHaveLength(1);
            const [event] = result as [AccessEvent];
            if (event.type === 'IntegrityFileAccessed') {
              expect(command.data.recused).toBe(false);
              expect(before.status).toBe('Approved');
              expect(before.status !== 'Initial' && before.requestedBy.sub).toBe(context.actor.sub);
              expect(before.status !== 'Initial' && before.cadreId).toBe(command.data.cadreId);
            } else expect(event.type).toBe('IntegrityFileAccessRefused');
          }
          for (const event of result as AccessEvent[]) {
            if (event.type === 'IntegrityFileAccessApproved') {
              expect(command.type === 'ApproveAccess' && command.data.recused).toBe(false);
              expect(before.status !== 'Initial' && before.requestedBy.sub).not.toBe(context.actor.sub);
            }
            expect(publicContract(event.type)).toBeUndefined();
            state = evolveAccess(state, event);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
