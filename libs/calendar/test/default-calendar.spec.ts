import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCalendar, defaultCalendar, installDefaultCalendar, readCalendarOverrides } from '../src/index.js';

describe('The process calendar', () => {
  const official = defaultCalendar();
  afterAll(() => installDefaultCalendar(official));

  it('takes a year the official data does not cover from an override file, and stops flagging it provisional', async () => {
    expect(defaultCalendar().addWorkingDays('2027-01-04', 1).provisional).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'calendar-'));
    const file = path.join(dir, 'calendar.json');
    writeFileSync(file, JSON.stringify({ years: { '2027': { holidays: ['2027-01-01', '2027-01-05'], workdays: [] } } }));
    installDefaultCalendar(createCalendar({ overrides: await readCalendarOverrides(file) }));
    const next = defaultCalendar().addWorkingDays('2027-01-04', 1);
    expect(next).toMatchObject({ date: '2027-01-06', provisional: false });
  });
});
