import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  chinaDate,
  chinaDayStart,
  createCalendar,
  dayInfo,
  parseCalendarOverrides,
  readCalendarOverrides,
  workingDaysBetween,
} from '../src/index.js';

describe('official 2026 calendar', () => {
  it('15 working days from 2026-09-25 cross Mid-autumn and National Day and fall due on 2026-10-22', () => {
    expect(addWorkingDays('2026-09-25', 15)).toEqual({ date: '2026-10-22', provisional: false, warnings: [] });
    expect(workingDaysBetween('2026-09-25', '2026-10-22')).toEqual({ days: 15, provisional: false, warnings: [] });
  });

  it('counts the 调休 make-up Saturdays of the Spring Festival as working days', () => {
    for (const date of ['2026-02-14', '2026-02-28']) {
      expect(dayInfo(date)).toMatchObject({ working: true, kind: 'make-up-workday', source: 'official', provisional: false });
    }
    expect(dayInfo('2026-02-07')).toMatchObject({ working: false, kind: 'weekend' }); // an ordinary Saturday
  });

  it('skips the Spring Festival holiday (2026-02-15 to 2026-02-23)', () => {
    for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23']) {
      expect(dayInfo(date)).toMatchObject({ working: false, kind: 'holiday' });
    }
    // Fri 02-13 -> Sat 02-14 (make-up) is the 1st; then 02-24 (Tue) is the 2nd.
    expect(addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2).date).toBe('2026-02-24');
    expect(workingDaysBetween('2026-02-13', '2026-02-28').days).toBe(6); // 14, 24, 25, 26, 27, 28
  });

  it('handles Labour Day (05-01 to 05-05 off, Saturday 05-09 worked)', () => {
    expect(addWorkingDays('2026-04-30', 1).date).toBe('2026-05-06');
    expect(addWorkingDays('2026-05-08', 1).date).toBe('2026-05-09');
    expect(dayInfo('2026-05-04')).toMatchObject({ working: false, kind: 'holiday' });
  });

  it('handles New Year (01-01 to 01-03 off, Sunday 01-04 worked)', () => {
    expect(addWorkingDays('2025-12-31', 1).date).toBe('2026-01-04');
    expect(dayInfo('2026-01-02').working).toBe(false);
  });

  it('does not count the start day, even when it is a working day (民法典 Art. 201)', () => {
    expect(addWorkingDays('2026-03-02', 1).date).toBe('2026-03-03');
    expect(addWorkingDays('2026-03-02', 0).date).toBe('2026-03-02');
    expect(workingDaysBetween('2026-03-02', '2026-03-02').days).toBe(0);
    expect(workingDaysBetween('2026-03-06', '2026-03-02').days).toBe(-4);
  });

  it('agrees with chinese-days isWorkday on every day of 2004-2026', () => {
    // chinese-days reads the weekday in the host's zone; compare where that is UTC or east of it.
    if (new Date('2026-01-01T00:00:00Z').getTimezoneOffset() > 0) return;
    const disagreements: string[] = [];
    for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (dayInfo(date).working !== chineseDays.isWorkday(date)) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('calendar days and months (民法典 Art. 201-203)', () => {
  it('does not count the start day, and keeps a last day that is a working day', () => {
    expect(addCalendarDays('2026-03-02', 30)).toEqual({ date: '2026-04-01', provisional: false, warnings: [] }); // a Wednesday
    expect(addCalendarDays('2026-12-01', 30)).toEqual({ date: '2026-12-31', provisional: false, warnings: [] });
  });

  it('ends a period whose last day is a weekend on the Monday after it', () => {
    // Approved on 2026-04-28 with 2 months: 06-28 is a Sunday.
    expect(addMonths('2026-04-28', 2)).toEqual({ date: '2026-06-29', provisional: false, warnings: [] });
    // Registered on 2026-09-25 with 30 days: 10-25 is a Sunday.
    expect(addCalendarDays('2026-09-25', 30)).toEqual({ date: '2026-10-26', provisional: false, warnings: [] });
    expect(addCalendarDays('2026-11-20', 1).date).toBe('2026-11-23'); // Saturday 11-21 and Sunday 11-22 skipped
  });

  it('ends a period whose last day falls in Golden Week on the first working day after the holiday', () => {
    // National Day 2026: 10-01 to 10-07 off, Saturday 10-10 worked.
    expect(addCalendarDays('2026-09-26', 7).date).toBe('2026-10-08'); // 10-03
    expect(addCalendarDays('2026-09-24', 7).date).toBe('2026-10-08'); // 10-01
    expect(addMonths('2026-09-03', 1).date).toBe('2026-10-08'); // 10-03
    expect(addMonths('2026-04-01', 1).date).toBe('2026-05-06'); // Labour Day 05-01 to 05-05
  });

  it('ends a period on a 调休 make-up working day that is a Saturday or Sunday', () => {
    expect(dayInfo('2026-09-20')).toMatchObject({ kind: 'make-up-workday' }); // a Sunday
    expect(addCalendarDays('2026-09-10', 10).date).toBe('2026-09-20');
    expect(dayInfo('2026-10-10')).toMatchObject({ kind: 'make-up-workday' }); // a Saturday
    expect(addMonths('2026-09-10', 1).date).toBe('2026-10-10');
    expect(addCalendarDays('2026-09-25', 15).date).toBe('2026-10-10');
    expect(addMonths('2026-01-31', 1).date).toBe('2026-02-28'); // Art. 202's last day, a make-up Saturday
  });

  it('takes the corresponding day, or the last day of a shorter month (民法典 Art. 202)', () => {
    expect(addMonths('2026-03-15', 3).date).toBe('2026-06-15');
    expect(addMonths('2025-03-31', 1).date).toBe('2025-04-30');
  });

  it('flags the result provisional when the move to a working day reaches a year without official data', () => {
    // 2027-02-28 is a Sunday; 2027 is not published, so weekdays are assumed.
    expect(addMonths('2026-11-30', 3)).toEqual({
      date: '2027-03-01',
      provisional: true,
      warnings: ['no official calendar for 2027'],
    });
    expect(addCalendarDays('2026-12-26', 7)).toMatchObject({ date: '2027-01-04', provisional: true }); // Saturday 01-02
  });

  it('rejects malformed dates and negative counts', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-2-3', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-03', -1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-02-03', 1.5)).toThrow(RangeError);
  });
});

describe('years without official data', () => {
  it('flags a computation that reaches an unpublished year instead of silently assuming weekends', () => {
    const result = addWorkingDays('2026-12-28', 10);
    expect(result.provisional).toBe(true);
    expect(result.warnings).toEqual(['no official calendar for 2027']);
    expect(addWorkingDays('2030-03-01', 5)).toMatchObject({ provisional: true, warnings: ['no official calendar for 2030'] });
    expect(workingDaysBetween('2026-12-01', '2028-01-10')).toMatchObject({
      provisional: true,
      warnings: ['no official calendar for 2027', 'no official calendar for 2028'],
    });
    expect(dayInfo('2027-10-01')).toMatchObject({ source: 'none', provisional: true });
  });

  it('is not provisional while the computation stays in a published year', () => {
    expect(addWorkingDays('2026-12-01', 10).provisional).toBe(false);
    expect(createCalendar().coverage().get(2026)).toBe('official');
  });

  it('uses an override file for a year not yet published', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'calendar-'));
    const file = path.join(dir, 'overrides.json');
    await writeFile(
      file,
      JSON.stringify({
        years: {
          '2027': {
            holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
            workdays: ['2027-02-06'],
          },
        },
      }),
    );
    const calendar = createCalendar({ overrides: await readCalendarOverrides(file) });
    expect(calendar.dayInfo('2027-02-06')).toMatchObject({
      working: true,
      kind: 'make-up-workday',
      source: 'override',
      provisional: false,
    });
    expect(calendar.addWorkingDays('2027-02-04', 2)).toEqual({ date: '2027-02-15', provisional: false, warnings: [] });
    expect(calendar.addWorkingDays('2027-12-30', 3)).toEqual({
      date: '2028-01-04',
      provisional: true,
      warnings: ['no official calendar for 2028'],
    });
    expect(calendar.coverage().get(2027)).toBe('override');
  });

  it('lets an override replace a published year', () => {
    const calendar = createCalendar({ overrides: { years: { '2026': { holidays: ['2026-03-03'], workdays: [] } } } });
    expect(calendar.dayInfo('2026-03-03')).toMatchObject({ working: false, source: 'override' });
    expect(calendar.dayInfo('2026-10-08')).toMatchObject({ working: true, source: 'override' });
  });

  it('rejects malformed override files', () => {
    expect(() => parseCalendarOverrides({ years: { '2027': { holidays: ['2028-01-01'] } } })).toThrow(/not in 2027/);
    expect(() => parseCalendarOverrides({ years: { '2027': { holidays: ['2027-13-01'] } } })).toThrow(/YYYY-MM-DD/);
    expect(() => parseCalendarOverrides({ years: { '2027': { holidays: ['2027-05-01'], workdays: ['2027-05-01'] } } })).toThrow(
      /both/,
    );
    expect(() => parseCalendarOverrides({ '2027': {} })).toThrow(/years/);
  });
});

describe('China time', () => {
  it('turns an instant into the date in Asia/Shanghai', () => {
    expect(chinaDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(chinaDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
  });

  it('starts a China date at 00:00 Beijing time, and every instant of that day has that date', () => {
    expect(chinaDayStart('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          const start = chinaDayStart(chinaDate(instant));
          expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instant.getTime() - start.getTime()).toBeLessThan(86_400_000);
          expect(chinaDate(start)).toBe(chinaDate(instant));
        },
      ),
    );
  });
});

describe('properties (official years 2005-2025)', () => {
  const day = fc
    .integer({ min: Date.UTC(2005, 0, 1) / 86_400_000, max: Date.UTC(2025, 5, 30) / 86_400_000 })
    .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
  const count = fc.integer({ min: 1, max: 120 });

  it('addWorkingDays(d, n) is a working day for n >= 1', () => {
    fc.assert(fc.property(day, count, (d, n) => dayInfo(addWorkingDays(d, n).date).working));
  });

  it('ends on the first working day on or after the plain calendar date', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), (start, n) => {
        const plain = new Date(Date.parse(start) + n * 86_400_000).toISOString().slice(0, 10);
        const { date } = addCalendarDays(start, n);
        expect(date >= plain).toBe(true);
        expect(dayInfo(date).working).toBe(true);
        for (let t = Date.parse(plain); t < Date.parse(date); t += 86_400_000)
          expect(dayInfo(new Date(t).toISOString().slice(0, 10)).working).toBe(false);
      }),
    );
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 120 }), (d, n) => workingDaysBetween(d, addWorkingDays(d, n).date).days === n),
    );
  });

  it('is monotonic in n and in d', () => {
    fc.assert(
      fc.property(day, count, count, (d, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return addWorkingDays(d, lo).date <= addWorkingDays(d, hi).date;
      }),
    );
    fc.assert(
      fc.property(day, day, count, (d1, d2, n) => {
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        return addWorkingDays(lo, n).date <= addWorkingDays(hi, n).date;
      }),
    );
  });

  it('workingDaysBetween is additive', () => {
    fc.assert(
      fc.property(
        day,
        day,
        day,
        (a, b, c) => workingDaysBetween(a, b).days + workingDaysBetween(b, c).days === workingDaysBetween(a, c).days,
      ),
    );
  });

  it('never flags a computation inside published years', () => {
    fc.assert(fc.property(day, count, (d, n) => addWorkingDays(d, n).provisional === false));
  });
});
