// The clock board and the clue's outcome as a pure fold of the public events (no database): what a
// clock's start, signals, extension and stop make of its row, and what ClueOutcomeRecorded makes of
// the clue's.
import fc from 'fast-check';
import { beijingDay, foldLedgers, type PublicEvent, type StoredRow } from './ledgers.js';

const zoneOf = (unitId: string) => (unitId === 'u-1' ? 'z1' : undefined);

const clock = {
  clockId: 'inquiry-reply-inq-1',
  measures: 'inquiry-reply',
  rule: '函询回复 15 个工作日',
  subject: 'inquiry-inq-1',
  office: 'supervision-office-1',
  unitId: 'u-1',
  startedOn: '2026-09-25',
  dueOn: '2026-10-22',
  provisional: false,
};
const { startedOn: _startedOn, ...signal } = clock; // DeadlineApproaching / DeadlineBreached carry no start day

const ev = (type: string, data: object, occurredAt: string, service = 'supervision'): PublicEvent => ({
  service,
  type,
  data,
  occurredAt,
});
const started = ev('ClockStarted', clock, '2026-09-25T02:00:00.000Z');
const approaching = ev('DeadlineApproaching', signal, '2026-10-19T01:00:00.000Z');
const breached = ev('DeadlineBreached', signal, '2026-10-23T01:00:00.000Z');
const stopped = (stoppedOn: string, met: boolean, at = `${stoppedOn}T02:00:00.000Z`) =>
  ev('ClockStopped', { ...clock, stoppedOn, met }, at);

function boardRow(events: PublicEvent[]): StoredRow {
  const row = foldLedgers(events, zoneOf).get('clocks/supervision:inquiry-reply-inq-1');
  if (!row) throw new Error('no clock row');
  return row;
}

describe('the clock board as a fold', () => {
  it('a started clock is running, with its rule, office, unit, zone and days', () => {
    expect(boardRow([started])).toMatchObject({
      state: 'running',
      kind: 'inquiry-reply',
      office: 'supervision-office-1',
      unitId: 'u-1',
      zoneId: 'z1',
      dueOn: '2026-10-22',
      openedAt: '2026-09-25T02:00:00.000Z',
      dates: { startedOn: '2026-09-25' },
      facts: { service: 'supervision', measures: 'inquiry-reply', rule: '函询回复 15 个工作日', subject: 'inquiry-inq-1' },
    });
  });

  it('a started then stopped clock is met, with the day of the act', () => {
    const row = boardRow([started, stopped('2026-10-20', true)]);
    expect(row).toMatchObject({
      state: 'met',
      closedOn: '2026-10-20',
      dates: { startedOn: '2026-09-25', stoppedOn: '2026-10-20' },
    });
    expect(row.facts['met']).toBe(true);
  });

  it('approaching, then met when stopped in time', () => {
    expect(boardRow([started, approaching]).state).toBe('approaching');
    expect(boardRow([started, approaching, stopped('2026-10-22', true)]).state).toBe('met');
  });

  it('breached stays breached: a late stop, and a late approaching signal, keep it', () => {
    expect(boardRow([started, approaching, breached])).toMatchObject({
      state: 'breached',
      dates: { approachingAt: '2026-10-19T01:00:00.000Z', breachedAt: '2026-10-23T01:00:00.000Z' },
    });
    const late = boardRow([
      started,
      breached,
      stopped('2026-10-26', false),
      ev('DeadlineApproaching', signal, '2026-10-27T00:00:00.000Z'),
    ]);
    expect(late).toMatchObject({ state: 'breached', closedOn: '2026-10-26', dates: { stoppedOn: '2026-10-26' } });
    expect(late.facts['met']).toBe(false);
  });

  it('stopped late before the watcher saw it: breached, then stopped, and the breach announced after keeps it', () => {
    expect(boardRow([started, stopped('2026-10-26', false), breached]).state).toBe('breached');
  });

  it('an act in time but recorded after the breach signal is met, as the service decides; the signal is kept', () => {
    const row = boardRow([started, breached, stopped('2026-10-22', true, '2026-10-24T02:00:00.000Z')]);
    expect(row).toMatchObject({ state: 'met', dates: { breachedAt: '2026-10-23T01:00:00.000Z', stoppedOn: '2026-10-22' } });
  });

  it('an extension moves the due day and the rule, and a running (even approaching) clock runs again', () => {
    const extended = ev(
      'ClockExtended',
      { ...clock, rule: '延长（至 2026-11-05）', dueOn: '2026-11-05', previousDueOn: '2026-10-22' },
      '2026-10-20T02:00:00.000Z',
    );
    expect(boardRow([started, approaching, extended])).toMatchObject({
      state: 'running',
      dueOn: '2026-11-05',
      dates: { extendedAt: '2026-10-20T02:00:00.000Z' },
      facts: { rule: '延长（至 2026-11-05）', previousDueOn: '2026-10-22', extensions: 1 },
    });
  });

  it('a clock started before its start was published appears with its first signal', () => {
    expect(boardRow([approaching])).toMatchObject({ state: 'approaching', dueOn: '2026-10-22' });
    expect(boardRow([approaching]).dates['startedOn']).toBeUndefined();
  });

  it('keeps each service’s clocks apart', () => {
    const rows = foldLedgers([started, ev('ClockStarted', clock, '2026-09-25T02:00:00.000Z', 'review')], zoneOf);
    expect([...rows.keys()].sort()).toEqual(['clocks/review:inquiry-reply-inq-1', 'clocks/supervision:inquiry-reply-inq-1']);
  });
});

describe("the clue's outcome as a fold", () => {
  const registered = ev(
    'ClueRegistered',
    {
      clueId: 'c-1',
      number: 'XS-2026-000001',
      source: 'petition',
      sourceRef: 'p-1',
      unitId: 'u-1',
      zoneId: 'z1',
      accused: { position: '科长', unitId: 'u-1' },
      categories: ['other'],
      registeredAt: '2026-04-10T02:00:00.000Z',
    },
    '2026-04-10T02:00:00.000Z',
    'case-management',
  );
  const approved = ev(
    'DispositionApproved',
    { clueId: 'c-1', number: 'XS-2026-000001', kind: 'verification', unitId: 'u-1', assignedOffice: 'supervision-office-1' },
    '2026-05-06T02:00:00.000Z',
    'case-management',
  );
  const outcome = (ref: string, source: string, result: string, status: string, at: string) =>
    ev(
      'ClueOutcomeRecorded',
      { clueId: 'c-1', number: 'XS-2026-000001', ref, source, outcome: result, status },
      at,
      'case-management',
    );
  const clue = (events: PublicEvent[]) => foldLedgers(events, zoneOf).get('clues/c-1');

  it('records the outcome and the final status (sanctioned, closed, shelved), keeping the disposition’s kind', () => {
    const filed = outcome('ver-1', 'verification', 'file-case', 'ToInvestigation', '2026-06-20T02:00:00.000Z');
    expect(clue([registered, approved, filed])).toMatchObject({ state: 'to-investigation', kind: 'verification' });
    expect(clue([registered, approved, filed])?.closedOn).toBeUndefined();
    const sanctioned = outcome('case-1', 'case', 'sanctioned', 'Sanctioned', '2026-09-01T02:00:00.000Z');
    expect(clue([registered, approved, filed, sanctioned])).toMatchObject({
      state: 'sanctioned',
      kind: 'verification',
      closedOn: '2026-09-01',
      dates: { outcomeAt: '2026-09-01T02:00:00.000Z' },
      facts: { outcome: 'sanctioned', outcomeSource: 'case', outcomeRef: 'case-1', outcomes: 2 },
    });
    const shelved = outcome('ver-1', 'verification', 'shelve', 'Shelved', '2026-06-20T02:00:00.000Z');
    expect(clue([registered, approved, shelved])).toMatchObject({ state: 'shelved', closedOn: '2026-06-20' });
  });
});

describe('beijingDay', () => {
  it('is the calendar day at UTC+8 of any instant, in UTC or with an offset', () => {
    const instants = fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2100-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instants, fc.integer({ min: -12, max: 14 }), (date, offset) => {
        const expected = new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
        expect(beijingDay(date.toISOString())).toBe(expected);
        // The same instant written with an offset of whole hours.
        const local = new Date(date.getTime() + offset * 3_600_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const written = `${local}${sign}${String(Math.abs(offset)).padStart(2, '0')}:00`;
        expect(beijingDay(written)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
    expect(beijingDay('2026-06-30T15:59:59.999Z')).toBe('2026-06-30');
    expect(beijingDay('2026-06-30T16:00:00.000Z')).toBe('2026-07-01');
    expect(beijingDay('2026-12-31T16:00:00Z')).toBe('2027-01-01');
  });
});
