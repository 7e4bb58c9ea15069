// XS-<year>-<6 digits>: unique and gap-free per year, even under concurrent registrations.
import type { PoolClient } from 'pg';

export async function nextClueNumber(tx: PoolClient, schema: string, year: number): Promise<string> {
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
