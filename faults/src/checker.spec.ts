// The checker's arithmetic on made-up verdicts: it must see a loss, a duplicate and a partial
// effect when there is one (the suite itself only ever shows it zeros).
import { figuresByPhase, matches, type CommandVerdict } from './checker.js';
import type { Entry } from './traffic.js';

function verdict(
  outcome: Entry['outcome'],
  transactions: number,
  types: string[] = [],
  op: Entry['op'] = 'accept',
): CommandVerdict {
  const entry: Entry = {
    n: 0,
    phase: 'fault',
    op,
    kind: 'cmd',
    method: 'POST',
    url: '/x',
    correlationId: 'c',
    sentAt: 0,
    answers: [{ status: outcome === 'acked' ? 200 : outcome === 'refused' ? 409 : 0, ms: 1, replayed: false }],
    outcome,
  };
  return { entry, transactions, types };
}

describe('the checker', () => {
  it('counts an acknowledged command without events as lost, a refused one with events too', () => {
    const [f] = figuresByPhase([verdict('acked', 1, ['A']), verdict('acked', 0), verdict('refused', 1, ['A'])], new Map());
    expect(f).toMatchObject({ sent: 3, acknowledged: 2, refused: 1, lost: 2, duplicated: 0 });
  });

  it('counts a command whose events are in two transactions as duplicated, whatever its answer', () => {
    const [f] = figuresByPhase([verdict('acked', 2, ['A', 'A']), verdict('unresolved', 2, ['A', 'A'])], new Map());
    expect(f).toMatchObject({ duplicated: 2, lost: 0, unresolved: 1 });
  });

  it('an unresolved command has all its effects or none: other types than its operation appends are partial', () => {
    const figures = figuresByPhase(
      [
        verdict('acked', 1, ['A', 'B']),
        verdict('unresolved', 1, ['A', 'B']),
        verdict('unresolved', 0),
        verdict('unresolved', 1, ['A']),
      ],
      new Map([['fault', 1.5]]),
    );
    expect(figures[0]).toMatchObject({ partial: 1, lost: 0, duplicated: 0, recoveryS: 1.5 });
  });

  it('matches NATS subjects with * and >', () => {
    expect(matches('ns.jiandu.evt.petitions.*.v4', 'ns.jiandu.evt.petitions.PetitionTransferred.v4')).toBe(true);
    expect(matches('ns.jiandu.evt.>', 'ns.jiandu.evt.petitions.PetitionTransferred.v4')).toBe(true);
    expect(matches('ns.jiandu.evt.>', 'ns.jiandu.evt')).toBe(false);
    expect(matches('ns.jiandu.evt.petitions.*', 'ns.jiandu.evt.petitions.PetitionTransferred.v4')).toBe(false);
  });
});
