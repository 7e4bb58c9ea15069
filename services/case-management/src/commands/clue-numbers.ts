// XS-<year>-<6 digits>: unique and gap-free per year (the year of registration in Beijing), even
// under concurrent registrations: the counter's row lock serialises registrations of one year until
// commit, and a rolled-back registration gives its number back.
import type { PoolClient } from 'pg';
import { chinaDate } from '@jiandu/calendar';

export async function nextClueNumber(tx: PoolClient, schema: string, registeredAt: Date): Promise<string> {
  const year = Number(chinaDate(registeredAt).slice(0, 4));
  const { rows } = await tx.query<{ last: number }>(
    `INSERT INTO ${schema}.clue_numbers (year, last) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last = ${schema}.clue_numbers.last + 1
     RETURNING last`,
    [year],
  );
  const last = rows[0]!.last;
  if (last > 999_999) throw new Error(`clue numbers for ${year} are exhausted`);
  return `XS-${year}-${String(last).padStart(6, '0')}`;
}
