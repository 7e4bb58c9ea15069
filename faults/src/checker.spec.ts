// The checker's arithmetic on made-up verdicts: it must see a loss, a duplicate and a partial
// effect when there is one (the suite itself only ever shows it zeros).
import type { Pool } from 'pg';
import { addWorkingDays } from '@jiandu/calendar';
import {
  analyticsProblems,
  figuresByPhase,
  foldedClocks,
  matches,
  type AnalyticsRow,
  type CommandVerdict,
  type SourceEvent,
} from './checker.js';
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

describe('the clock fold', () => {
  // 2026-12-07 10:00 in China (a Monday): the registration; accepted the next day.
  const events: Record<string, unknown[]> = {
    petitions: [
      {
        txid: '1',
        stream_id: 'petition-p1',
        type: 'PetitionRecorded',
        at: '2026-12-07T02:00:00.000Z',
        data: { petitionId: 'p1', channel: 'letter', realName: true, accused: { unitId: 'u1' }, categories: ['01'] },
      },
      {
        txid: '2',
        stream_id: 'petition-p1',
        type: 'PetitionAccepted',
        at: '2026-12-08T02:00:00.000Z',
        data: { petitionId: 'p1' },
      },
    ],
    case_management: [
      {
        txid: '3',
        stream_id: 'clue-c1',
        type: 'ClueAssigned',
        at: '2026-12-07T03:00:00.000Z',
        data: { clueId: 'c1', assignedOffice: 'office-1', unitId: 'u1', dispositionDeadline: '2027-01-06' },
      },
      { txid: '4', stream_id: 'clue-c1', type: 'DispositionProposed', at: '2026-12-10T03:00:00.000Z', data: { clueId: 'c1' } },
    ],
    supervision: [],
  };
  const decisionDue = addWorkingDays('2026-12-07', 5).date;
  const row = (over: Record<string, unknown>) => ({
    office: 'petition-office',
    unit_id: 'u1',
    limit_amount: 5,
    limit_unit: 'working-days',
    started_on: '2026-12-07',
    state: 'running',
    stopped_on: null,
    met_on: null,
    ...over,
  });
  const rows = (): Record<string, Record<string, unknown>[]> => ({
    petitions: [
      row({
        id: 'petition-decision-p1',
        measures: 'petition-decision',
        subject: 'petition-p1',
        due_on: decisionDue,
        state: 'met',
        stopped_on: '2026-12-08',
        met_on: '2026-12-08',
      }),
      row({
        id: 'petition-notice-p1',
        measures: 'petition-acceptance-notice',
        subject: 'petition-p1',
        limit_amount: 15,
        due_on: addWorkingDays('2026-12-07', 15).date,
      }),
    ],
    case_management: [
      row({
        id: 'clue-disposition:c1',
        measures: 'clue-disposition',
        subject: 'c1',
        office: 'office-1',
        limit_amount: 30,
        limit_unit: 'calendar-days',
        due_on: '2027-01-06',
        state: 'met',
        stopped_on: '2026-12-10',
        met_on: '2026-12-10',
      }),
    ],
    supervision: [row({ id: 'agency-report-a1-2026-Q4', measures: 'agency-quarterly-report', subject: 'a1:2026-Q4' })],
  });
  const pool = (tables: Record<string, Record<string, unknown>[]>) =>
    ({
      query: async (sql: string) => {
        const [, schema, table] = /FROM (\w+)\.(events|clocks)/.exec(sql) ?? [];
        return { rows: table === 'events' ? events[schema!] : tables[schema!] };
      },
    }) as unknown as Pool;

  it('finds the clock tables exactly as the events imply, and only counts the clocks no event starts', async () => {
    const folded = await foldedClocks(pool(rows()));
    expect(folded).toEqual({
      clocks: 3,
      stopped: 2,
      byMeasure: { 'petition-decision': 1, 'petition-acceptance-notice': 1, 'clue-disposition': 1 },
      unfolded: { 'agency-quarterly-report': 1 },
      problems: [],
    });
  });

  it('sees a clock left running that an event stopped, a missing row, and a row no event started', async () => {
    const tables = rows();
    tables.petitions![0] = { ...tables.petitions![0], state: 'running', stopped_on: null, met_on: null };
    tables.petitions!.splice(1, 1);
    tables.case_management!.push(
      row({ id: 'clue-disposition:c9', measures: 'clue-disposition', subject: 'c9', due_on: '2027-01-06' }),
    );
    const { problems } = await foldedClocks(pool(tables));
    expect(problems).toEqual([
      expect.stringMatching(
        /^petitions:petition-decision-p1: folded state met, the row says running; folded stopped_on 2026-12-08/,
      ),
      expect.stringMatching(/^petitions:petition-notice-p1: started by PetitionRecorded petition-p1, no clock row/),
      expect.stringMatching(
        /^case_management:clue-disposition:c9: a clue-disposition clock row \(running\) that no event started/,
      ),
    ]);
  });

  it('sees a due date or a start day that the events do not give', async () => {
    const tables = rows();
    tables.case_management![0] = { ...tables.case_management![0], due_on: '2027-01-07', started_on: '2026-12-06' };
    const { problems } = await foldedClocks(pool(tables));
    expect(problems).toEqual([
      expect.stringMatching(
        /^case_management:clue-disposition:c1: folded started_on 2026-12-07, the row says 2026-12-06; folded due_on 2027-01-06/,
      ),
    ]);
  });
});

describe('the analytics audit', () => {
  const at = '2026-12-07T02:00:00.000Z';
  const events: SourceEvent[] = [
    { schema: 'petitions', type: 'PetitionRegistered', at, data: { petitionId: 'p1', registeredOn: '2026-12-07' } },
    { schema: 'petitions', type: 'PetitionTransferred', at, data: { petitionId: 'p1', transferredAt: at } },
    { schema: 'case_management', type: 'ClueRegistered', at, data: { clueId: 'c-p1', number: 'X000001', registeredAt: at } },
    { schema: 'case_management', type: 'DispositionProposed', at, data: { clueId: 'c-p1' } },
  ];
  const rows = (): AnalyticsRow[] => [
    {
      ledger: 'petitions',
      item_id: 'p1',
      state: 'transferred',
      row: { dates: { registeredOn: '2026-12-07', transferredAt: at }, facts: {} },
    },
    {
      ledger: 'clues',
      item_id: 'c-p1',
      state: 'disposition-proposed',
      row: { number: 'X000001', dates: { registeredAt: at, proposedAt: at }, facts: { proposals: 1 } },
    },
    { ledger: 'clocks', item_id: 'petitions:petition-decision-p1', state: 'met', row: { dates: { stoppedOn: '2026-12-08' } } },
  ];
  const clocks = [{ service: 'petitions', id: 'petition-decision-p1', state: 'met', stopped_on: '2026-12-08' }];

  it('finds nothing when the ledgers hold each event once', () => {
    expect(analyticsProblems(events, rows(), clocks)).toEqual({ rows: { petitions: 1, clues: 1, clocks: 1 }, problems: [] });
  });

  it('sees a lost event: a clue without its row, a step without its date, a clock not stopped', () => {
    const lost = rows().filter((r) => r.ledger !== 'clues');
    lost[0]!.row.dates = { registeredOn: '2026-12-07' };
    lost[1]!.state = 'running';
    lost[1]!.row.dates = {};
    const { problems } = analyticsProblems(events, lost, clocks);
    expect(problems).toEqual([
      expect.stringContaining('analytics petitions p1: no dates.transferredAt'),
      expect.stringContaining('analytics clues: 0 current rows for 1 registered clues'),
      expect.stringContaining('analytics clocks petitions:petition-decision-p1: running stopped on null'),
    ]);
  });

  it('sees an event applied twice (a counter) and a row no event opened', () => {
    const twice = rows();
    twice[1]!.row.facts = { proposals: 2 };
    twice.push({ ledger: 'petitions', item_id: 'p2', state: 'registered', row: { dates: {} } });
    const { problems } = analyticsProblems(events, twice, clocks);
    expect(problems).toEqual([
      expect.stringContaining('analytics petitions: 2 current rows for 1 registered petitions'),
      'analytics clues c-p1: facts.proposals 2, the store has 1 DispositionProposed',
    ]);
  });
});
