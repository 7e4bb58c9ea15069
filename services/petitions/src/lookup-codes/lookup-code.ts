// 查询码: lets an anonymous reporter follow a petition without revealing who they are. 80 random
// bits in Crockford base32; only its hash is stored, so the table alone cannot be used to look up.
// Like the vault, a component of petitions alone: the table `lookup_codes` (migrations.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newLookupCode(): string {
  const bytes = randomBytes(16);
  let code = '';
  for (let i = 0; i < 16; i++) code += ALPHABET[bytes[i]! & 31];
  return code.match(/.{4}/g)!.join('-');
}

/** Case and dashes do not matter when a reporter types the code back. */
export function lookupHash(code: string): string {
  const normalised = code.toUpperCase().replaceAll('-', '').replaceAll('O', '0').replaceAll(/[IL]/g, '1');
  return createHash('sha256').update(normalised).digest('hex');
}

/** Stores the code's hash, in the registration's transaction: no code without its petition. */
export async function storeLookupCode(tx: PoolClient, schema: string, code: string, petitionId: string): Promise<void> {
  await tx.query(`INSERT INTO ${schema}.lookup_codes (code_hash, petition_id) VALUES ($1, $2)`, [lookupHash(code), petitionId]);
}

export async function petitionOfLookupCode(pool: Pool, schema: string, code: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ petition_id: string }>(
    `SELECT petition_id FROM ${schema}.lookup_codes WHERE code_hash = $1`,
    [lookupHash(code)],
  );
  return rows[0]?.petition_id;
}
