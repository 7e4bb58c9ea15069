// Properties of the opinion-request decider over random screenings and random proposed replies:
// whatever the offices found, a proposal the decider accepts obeys the seed's rules (a postponement
// cites an open matter a screening confirmed; a veto a sanction in effect on the request's date;
// one conclusion per candidate), a reply never precedes the three screenings or leadership's
// approval, and every OpinionReplied passes its public contract and carries no name.
import { publicityPublicEvents, isDomainError, type Finding } from '@jiandu/contracts';
import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import fc from 'fast-check';
import {
  OPEN_MATTER_KINDS,
  decide,
  evolve,
  inEffectOn,
  initialState,
  type OpinionCommand,
  type OpinionConfig,
  type OpinionEvent,
  type OpinionRequest,
  type Conclusion,
} from './opinion-request.js';

const NOW = new Date('2026-09-25T02:00:00.000Z');
const ctx = (office: string, sub = `u-${office}`): DecisionContext<OpinionConfig> => ({
  now: NOW,
  actor: { sub, name: 'User', office: office as OfficeCode, roles: ['leader'], zones: [] },
});
const OFFICES = ['petition-office', 'case-management', 'review-office'] as const;
const IDS = ['k-a', 'k-b', 'k-c'];
const NAMES = IDS.map((id) => `姓名${id}`);

const day = fc
  .integer({ min: 0, max: 2000 })
  .map((n) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const finding: fc.Arbitrary<Finding> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('petition', 'clue', 'inquiry', 'verification', 'case' as const),
    number: fc.constantFrom('N-1', 'N-2', 'N-3'),
  }),
  fc
    .record({ number: fc.constantFrom('S-1', 'S-2'), from: day, until: fc.option(day, { nil: undefined }) })
    .map(({ number, from, until }) => ({
      kind: 'sanction' as const,
      number,
      effectiveFrom: from,
      ...(until !== undefined && until >= from ? { effectiveUntil: until } : {}),
    })),
) as fc.Arbitrary<Finding>;
const found = fc.tuple(
  ...IDS.map((cadreId) =>
    fc
      .uniqueArray(finding, { maxLength: 3, selector: (f) => `${f.kind}/${f.number}` })
      .map((findings) => ({ cadreId, findings })),
  ),
);
const conclusion = fc.record({
  cadreId: fc.constantFrom(...IDS),
  conclusion: fc.constantFrom('no-issue', 'postponed', 'vetoed' as const),
  citations: fc.array(
    fc.record({
      kind: fc.constantFrom('petition', 'clue', 'inquiry', 'verification', 'case', 'sanction' as const),
      number: fc.constantFrom('N-1', 'N-2', 'S-1', 'S-2'),
    }),
    { maxLength: 2 },
  ),
});

/** The conclusion the findings call for: a veto on a sanction in effect, else a postponement on an open matter, else none. */
function fitFor(mine: Finding[], onDate: string) {
  const cite = (fs: Finding[]) => fs.map(({ kind, number }) => ({ kind, number }));
  const sanctions = mine.filter((f) => f.kind === 'sanction' && inEffectOn(f, onDate));
  if (sanctions.length > 0) return { conclusion: 'vetoed' as const, citations: cite(sanctions) };
  const open = mine.filter((f) => OPEN_MATTER_KINDS.includes(f.kind));
  if (open.length > 0) return { conclusion: 'postponed' as const, citations: cite(open) };
  return { conclusion: 'no-issue' as const, citations: [] };
}

function fold(events: OpinionEvent[]): OpinionRequest {
  return events.reduce(evolve, initialState());
}
function run(state: OpinionRequest, command: OpinionCommand, context: DecisionContext<OpinionConfig>) {
  const result = decide(command, state, context);
  return isDomainError(result) ? { state, error: result } : { state: result.reduce(evolve, state), events: result };
}

describe('opinion request properties', () => {
  let accepted = 0;
  afterAll(() => expect(accepted).toBeGreaterThan(10));
  it('an accepted reply obeys the rules, and only after every screening and the approval', () => {
    fc.assert(
      fc.property(
        fc.tuple(found, found, found, day).chain(([a, b, c, onDate]) => {
          const screenings = [a, b, c];
          return fc.tuple(
            fc.constant(screenings),
            fc.oneof({ weight: 3, arbitrary: fc.constant([...OFFICES]) }, fc.subarray([...OFFICES])),
            fc.oneof(
              {
                weight: 4,
                // each candidate once, citing some of what the screenings found for it (or anything)
                arbitrary: fc.tuple(
                  ...IDS.map((cadreId) => {
                    const mine = screenings.flatMap((s) => s.find((x) => x.cadreId === cadreId)!.findings);
                    const fitting = fitFor(mine, onDate);
                    const cites = fc.oneof(
                      { weight: 4, arbitrary: fc.subarray(mine.map(({ kind, number }) => ({ kind, number }))) },
                      conclusion.map((c) => c.citations),
                    );
                    return fc.oneof(
                      { weight: 3, arbitrary: fc.constant({ cadreId, ...fitting }) },
                      fc.record({
                        cadreId: fc.constant(cadreId),
                        conclusion: conclusion.map((c) => c.conclusion),
                        citations: cites,
                      }),
                    );
                  }),
                ),
              },
              fc.array(conclusion, { minLength: 1, maxLength: 4 }),
            ),
            fc.constant(onDate),
          );
        }),
        ([screenings, submitting, conclusions, onDate]) => {
          const requestId = 'or-p';
          let state = run(
            initialState(),
            {
              type: 'RequestOpinion',
              data: {
                requestId,
                reference: 'R-1',
                purpose: 'appointment',
                onDate,
                candidates: IDS.map((cadreId, i) => ({ cadreId, name: NAMES[i]!, unitId: 'u-1', position: '科员' })),
              },
            },
            ctx('publicity-dept'),
          ).state;
          OFFICES.forEach((office, i) => {
            state = run(
              state,
              { type: 'RecordScreeningProposal', data: { requestId, office, candidates: screenings[i]! } },
              ctx('publicity-dept', 'system:publicity'),
            ).state;
          });
          for (const office of submitting) {
            const i = OFFICES.indexOf(office);
            const confirmed = screenings[i]!.map((c) => ({
              cadreId: c.cadreId,
              findings: c.findings.map(({ kind, number }) => ({ kind, number })),
            }));
            state = run(state, { type: 'SubmitScreening', data: { requestId, candidates: confirmed } }, ctx(office)).state;
          }
          const proposal = run(
            state,
            { type: 'ProposeReply', data: { requestId, conclusions: conclusions as Conclusion[] } },
            ctx('publicity-dept'),
          );
          if (submitting.length < 3) {
            expect(proposal.error?.code).toBe('SCREENINGS_INCOMPLETE');
            expect(run(state, { type: 'SendReply', data: { requestId } }, ctx('publicity-dept')).error?.code).toBe(
              'SCREENINGS_INCOMPLETE',
            );
            return;
          }
          if (proposal.error) {
            expect([409, 422]).toContain(proposal.error.status);
            return;
          }
          // accepted: every rule holds
          accepted += 1;
          expect(new Set(conclusions.map((c) => c.cadreId))).toEqual(new Set(IDS));
          expect(conclusions).toHaveLength(IDS.length);
          for (const c of conclusions as Conclusion[]) {
            const all = screenings.flatMap((s) => s.find((x) => x.cadreId === c.cadreId)!.findings);
            const cited = c.citations.map((x) => all.find((f) => f.kind === x.kind && f.number === x.number));
            expect(cited.every(Boolean)).toBe(true);
            if (c.conclusion === 'no-issue') expect(cited).toEqual([]);
            if (c.conclusion === 'postponed') expect(cited.some((f) => OPEN_MATTER_KINDS.includes(f!.kind))).toBe(true);
            if (c.conclusion === 'vetoed') expect(cited.some((f) => f!.kind === 'sanction' && inEffectOn(f!, onDate))).toBe(true);
          }
          expect(run(proposal.state, { type: 'SendReply', data: { requestId } }, ctx('publicity-dept')).error?.code).toBe(
            'REPLY_NOT_APPROVED',
          );
          const approved = run(proposal.state, { type: 'ApproveReply', data: { requestId } }, ctx('leadership'));
          const replied = run(approved.state, { type: 'SendReply', data: { requestId } }, ctx('publicity-dept'));
          expect(replied.events).toHaveLength(IDS.length);
          for (const event of replied.events!) {
            expect(publicityPublicEvents.OpinionReplied.errors(event.data)).toEqual([]);
            const text = JSON.stringify(event.data);
            for (const name of NAMES) expect(text).not.toContain(name);
          }
          expect(fold([])).toEqual(initialState());
        },
      ),
      { numRuns: 1000 },
    );
  });
});
