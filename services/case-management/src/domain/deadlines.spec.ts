import { dispositionDeadline } from './deadlines.js';

describe('Disposition deadline', () => {
  it('falls 30 calendar days after registration, the day of registration not counted', () => {
    expect(dispositionDeadline(new Date('2026-10-05T02:00:00Z'))).toBe('2026-11-04');
  });

  it('ends on the first working day after a last day that is a rest day or holiday (民法典 Art. 203)', () => {
    expect(dispositionDeadline(new Date('2026-09-25T02:00:00Z'))).toBe('2026-10-26'); // Sunday 10-25
    expect(dispositionDeadline(new Date('2026-10-02T02:00:00Z'))).toBe('2026-11-02'); // Sunday 11-01
    expect(dispositionDeadline(new Date('2026-09-03T02:00:00Z'))).toBe('2026-10-08'); // 10-03, National Day
    expect(dispositionDeadline(new Date('2026-08-21T02:00:00Z'))).toBe('2026-09-20'); // a 调休 working Sunday
  });

  it('counts from the Beijing date of registration', () => {
    // 2026-10-04 17:30 UTC is already 10-05 in Beijing.
    expect(dispositionDeadline(new Date('2026-10-04T17:30:00Z'))).toBe('2026-11-04');
    expect(dispositionDeadline(new Date('2026-10-04T15:59:00Z'))).toBe('2026-11-03');
  });

  it('takes the number of days from configuration', () => {
    expect(dispositionDeadline(new Date('2026-09-25T02:00:00Z'), { dispositionDays: 15 })).toBe('2026-10-10'); // worked Saturday
    expect(dispositionDeadline(new Date('2026-09-25T02:00:00Z'), { dispositionDays: 16 })).toBe('2026-10-12');
  });

  it('crosses month ends and leap days', () => {
    expect(dispositionDeadline(new Date('2028-02-28T04:00:00Z'), { dispositionDays: 1 })).toBe('2028-02-29');
    expect(dispositionDeadline(new Date('2026-12-31T04:00:00Z'), { dispositionDays: 1 })).toBe('2027-01-01');
  });

  it.each([0, -3, 1.5])('refuses a limit of %p days', (days) => {
    expect(() => dispositionDeadline(new Date(), { dispositionDays: days })).toThrow(RangeError);
  });
});
