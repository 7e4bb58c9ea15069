// 查询码: lets an anonymous reporter follow a petition without revealing who they are. 80 random
// bits in Crockford base32; only its hash is stored, so the table alone cannot be used to look up.
import { createHash, randomBytes } from 'node:crypto';

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
