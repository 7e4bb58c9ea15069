// Reporting periods (统计期): a year (2026), a half (2026-H1), a quarter (2026-Q2) or a month
// (2026-06), as Beijing calendar days from the first to the last.
export interface PeriodRange {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period's first and last days, or undefined when it is not one of the four forms. */
export function periodRange(period: string): PeriodRange | undefined {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  const part = m[2];
  let first = 1;
  let last = 12;
  if (part?.startsWith('H')) [first, last] = part === 'H1' ? [1, 6] : [7, 12];
  else if (part?.startsWith('Q')) {
    const q = Number(part.slice(1));
    [first, last] = [3 * q - 2, 3 * q];
  } else if (part) {
    const month = Number(part);
    if (month < 1 || month > 12) return undefined;
    [first, last] = [month, month];
  }
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

/** The instant a Beijing day ends (the next day's 00:00 +08:00), as ISO 8601 UTC. */
export function endOfBeijingDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
}
