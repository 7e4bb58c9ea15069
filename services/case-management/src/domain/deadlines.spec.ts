import { dispositionDeadline } from './deadlines.js';

describe('Disposition deadline', () => {
  it('falls 30 calendar days after registration, the day of registration not counted', () => {
    expect(dispositionDeadline(new Date('2026-09-25T02:00:00Z'))).toBe('2026-10-25');
  });

  it('counts from the Beijing date of registration', () => {
    // 2026-09-24 17:30 UTC is already 09-25 in Beijing.
    expect(dispositionDeadline(new Date('2026-09-24T17:30:00Z'))).toBe('2026-10-25');
    expect(dispositionDeadline(new Date('2026-09-24T15:59:00Z'))).toBe('2026-10-24');
  });

  it('takes the number of days from configuration', () => {
    expect(dispositionDeadline(new Date('2026-09-25T02:00:00Z'), { dispositionDays: 15 })).toBe('2026-10-10');
  });

  it('crosses month ends and leap days', () => {
    expect(dispositionDeadline(new Date('2028-02-28T04:00:00Z'), { dispositionDays: 1 })).toBe('2028-02-29');
    expect(dispositionDeadline(new Date('2026-12-31T04:00:00Z'), { dispositionDays: 1 })).toBe('2027-01-01');
  });

  it.each([0, -3, 1.5])('refuses a limit of %p days', (days) => {
    expect(() => dispositionDeadline(new Date(), { dispositionDays: days })).toThrow(RangeError);
  });
});
