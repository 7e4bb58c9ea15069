import { ContractRegistry } from '@jiandu/contracts';
import {
  CLOCK_EVENT_TYPES,
  clockEventContracts,
  DEADLINE_EVENT_TYPES,
  deadlineEventContracts,
  dueIn,
  limitText,
  ruleText,
} from '../src/index.js';

describe('due dates from a rule', () => {
  it('counts 15 working days from 2026-09-25 to 2026-10-22 (the start day not counted, 国庆 skipped)', () => {
    expect(dueIn('2026-09-25', { workingDays: 15 })).toEqual({ dueOn: '2026-10-22', provisional: false, warnings: [] });
  });

  it('counts days and months as calendar days, ending on a working day (民法典 Art. 203)', () => {
    expect(dueIn('2026-09-25', { days: 30 }).dueOn).toBe('2026-10-26'); // 10-25 is a Sunday
    expect(dueIn('2026-04-28', { months: 2 }).dueOn).toBe('2026-06-29'); // 06-28 is a Sunday
    expect(dueIn('2026-01-31', { months: 1 }).dueOn).toBe('2026-02-28'); // a 调休 working Saturday
  });

  it('is provisional, with a warning, when the due date lands in a year without official data', () => {
    expect(dueIn('2026-12-20', { workingDays: 15 })).toEqual({
      dueOn: '2027-01-08', // weekdays only assumed: 2027-01-01 counts as a working day
      provisional: true,
      warnings: ['no official calendar for 2027'],
    });
  });

  it('states the rule in Chinese', () => {
    expect(limitText({ workingDays: 15 })).toBe('15 个工作日');
    expect(limitText({ days: 30 })).toBe('30 日');
    expect(limitText({ months: 2 })).toBe('2 个月');
    expect(ruleText('函询回复', { workingDays: 15 })).toBe('函询回复 15 个工作日');
  });
});

describe('deadline event contracts', () => {
  it('are DeadlineApproaching v1 and DeadlineBreached v1 on the service subject', () => {
    expect(deadlineEventContracts('supervision').map((c) => c.subject)).toEqual([
      'jiandu.evt.supervision.DeadlineApproaching.v1',
      'jiandu.evt.supervision.DeadlineBreached.v1',
    ]);
    expect(DEADLINE_EVENT_TYPES).toEqual(['DeadlineApproaching', 'DeadlineBreached']);
  });

  it('can be registered more than once in a registry', () => {
    const registry = new ContractRegistry().register(...deadlineEventContracts('petitions'));
    expect(() => registry.register(...deadlineEventContracts('petitions'))).not.toThrow();
  });

  it('accept identifiers and dates and refuse anything else (no personal data can ride along)', () => {
    const [approaching] = deadlineEventContracts('supervision');
    const data = {
      clockId: 'c1',
      measures: 'inquiry-reply',
      rule: '函询回复 15 个工作日',
      subject: 'inquiry-1',
      dueOn: '2026-10-22',
      provisional: false,
    };
    expect(approaching.check(data)).toBe(true);
    expect(approaching.check({ ...data, office: 'office-1', unitId: 'unit-7' })).toBe(true);
    expect(approaching.check({ ...data, reporterName: '张三' })).toBe(false);
    expect(approaching.check({ ...data, dueOn: '2026-13-01' })).toBe(false);
  });
});

describe('clock lifecycle event contracts', () => {
  it('are ClockStarted v1, ClockExtended v1 and ClockStopped v1 on the service subject, registrable twice', () => {
    expect(clockEventContracts('petitions').map((c) => c.subject)).toEqual([
      'jiandu.evt.petitions.ClockStarted.v1',
      'jiandu.evt.petitions.ClockExtended.v1',
      'jiandu.evt.petitions.ClockStopped.v1',
    ]);
    expect(CLOCK_EVENT_TYPES).toEqual(['ClockStarted', 'ClockExtended', 'ClockStopped']);
    const registry = new ContractRegistry().register(...clockEventContracts('review'), ...deadlineEventContracts('review'));
    expect(() => registry.register(...clockEventContracts('review'))).not.toThrow();
  });

  it('carry identifiers, codes and dates only: no property that could name a person, and nothing else rides along', () => {
    const PERSONAL = /^(\w*Name|name|names|reporter\w*|phone|mobile|tel|idNumber|idCard|identity|address|lookupCode)$/i;
    for (const contract of clockEventContracts('supervision')) {
      const properties = Object.keys(contract.schema.properties);
      expect({ type: contract.type, personal: properties.filter((p) => PERSONAL.test(p)) }).toEqual({
        type: contract.type,
        personal: [],
      });
    }
    const [started, extended, stopped] = clockEventContracts('supervision');
    const clock = {
      clockId: 'c1',
      measures: 'inquiry-reply',
      rule: '函询回复 15 个工作日',
      subject: 'inquiry-1',
      startedOn: '2026-09-25',
      dueOn: '2026-10-22',
      provisional: false,
    };
    expect(started?.check(clock)).toBe(true);
    expect(started?.check({ ...clock, reporterName: '张三' })).toBe(false);
    expect(extended?.check({ ...clock, previousDueOn: '2026-10-15' })).toBe(true);
    expect(extended?.check(clock)).toBe(false); // the previous due day is required
    expect(stopped?.check({ ...clock, stoppedOn: '2026-10-20', met: true })).toBe(true);
    expect(stopped?.check({ ...clock, stoppedOn: '2026-10-20' })).toBe(false);
  });
});
