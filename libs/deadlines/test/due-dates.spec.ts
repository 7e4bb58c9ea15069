import { ContractRegistry } from '@jiandu/contracts';
import { DEADLINE_EVENT_TYPES, deadlineEventContracts, dueIn, limitText, ruleText } from '../src/index.js';

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
