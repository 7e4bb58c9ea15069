import { createCalendar, evaluateClock, refreshClock, startClock, stopClock, type Clock } from '../src/index.js';

const reply = (startedOn = '2026-09-25'): Clock =>
  startClock({
    id: 'clk-1',
    measures: 'inquiry:INQ-2026-0012:reply',
    rule: '函询回复 15 个工作日',
    limit: { amount: 15, unit: 'working-days' },
    startedOn,
  });

describe('deadline clocks', () => {
  it('starts with the due date of its rule', () => {
    expect(reply()).toEqual({
      id: 'clk-1',
      measures: 'inquiry:INQ-2026-0012:reply',
      rule: '函询回复 15 个工作日',
      limit: { amount: 15, unit: 'working-days' },
      startedOn: '2026-09-25',
      dueOn: '2026-10-22',
      provisional: false,
      warnings: [],
      state: 'running',
    });
  });

  it('is on track, then approaching (3 working days by default, once), due today, then breached (once)', () => {
    let clock = reply();
    const at = (today: string, lead?: number) => {
      const evaluation = evaluateClock(clock, today, { leadWorkingDays: lead });
      clock = evaluation.clock;
      return evaluation;
    };
    expect(at('2026-10-09')).toMatchObject({ condition: 'on-track', remainingWorkingDays: 10, emit: [] });
    expect(at('2026-10-16')).toMatchObject({ condition: 'on-track', remainingWorkingDays: 4, emit: [] });
    expect(at('2026-10-18')).toMatchObject({ condition: 'on-track', remainingWorkingDays: 4, emit: [] }); // Sunday
    expect(at('2026-10-19')).toMatchObject({ condition: 'approaching', remainingWorkingDays: 3, emit: ['DeadlineApproaching'] });
    expect(clock.approachingSince).toBe('2026-10-19');
    expect(at('2026-10-20')).toMatchObject({ condition: 'approaching', remainingWorkingDays: 2, emit: [] });
    expect(at('2026-10-22')).toMatchObject({ condition: 'due-today', remainingWorkingDays: 0, emit: [] });
    expect(at('2026-10-23')).toMatchObject({ condition: 'breached', remainingWorkingDays: -1, emit: ['DeadlineBreached'] });
    expect(clock.state).toBe('breached');
    expect(at('2026-10-26')).toMatchObject({ condition: 'breached', emit: [] });
  });

  it('takes a configurable lead', () => {
    expect(evaluateClock(reply(), '2026-10-16', { leadWorkingDays: 5 })).toMatchObject({ condition: 'approaching' });
    expect(evaluateClock(reply(), '2026-10-21', { leadWorkingDays: 0 })).toMatchObject({ condition: 'on-track' });
  });

  it('is met when stopped on or before the due date, breached when stopped later', () => {
    const met = stopClock(reply(), '2026-10-22');
    expect(met).toMatchObject({ state: 'met', stoppedOn: '2026-10-22' });
    expect(evaluateClock(met, '2026-11-30')).toMatchObject({ condition: 'met', emit: [] });
    expect(stopClock(reply(), '2026-10-23')).toMatchObject({ state: 'breached', stoppedOn: '2026-10-23' });
  });

  it('counts calendar days and months as well, ending on a working day (民法典 Art. 203)', () => {
    const conclusion = startClock({
      id: 'clk-2',
      measures: 'inquiry:INQ-2026-0012:conclusion',
      rule: '谈话函询办结 30 日',
      limit: { amount: 30, unit: 'calendar-days' },
      startedOn: '2026-09-25',
    });
    expect(conclusion.dueOn).toBe('2026-10-26'); // 10-25 is a Sunday
    const clearance = startClock({
      id: 'clk-3',
      measures: 'clue:XS-1:sweep',
      rule: '暂存待查 每季度清理',
      limit: { amount: 3, unit: 'months' },
      startedOn: '2026-11-30',
    });
    // 2027-02-28 is a Sunday, in a year without official data yet.
    expect(clearance).toMatchObject({ dueOn: '2027-03-01', provisional: true, warnings: ['no official calendar for 2027'] });
  });

  it('carries the provisional flag, and recomputes once the year is known', () => {
    const clock = reply('2026-12-21');
    expect(clock).toMatchObject({ provisional: true, warnings: ['no official calendar for 2027'] });
    expect(evaluateClock(clock, '2026-12-22')).toMatchObject({ provisional: true });
    const known = createCalendar({ overrides: { years: { '2027': { holidays: ['2027-01-01', '2027-01-04'], workdays: [] } } } });
    const refreshed = refreshClock(clock, known);
    expect(refreshed).toMatchObject({ provisional: false, warnings: [] });
    expect(refreshed.dueOn > clock.dueOn).toBe(true);
  });
});
