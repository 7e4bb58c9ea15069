// Secrets from the environment, with development defaults that production refuses.

export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me';
/** base64 of the 32 ASCII bytes 'dev-only-insecure-vault-key-32b!'. */
export const DEV_VAULT_MASTER_KEY = Buffer.from('dev-only-insecure-vault-key-32b!').toString('base64');

export interface Secrets {
  jwtSecret: string;
  /** 32 bytes: wraps the per-subject keys of the reporter vault. */
  vaultMasterKey: Uint8Array;
  /** Names of the variables that fell back to a development default, for a startup warning. */
  devDefaults: Array<'JWT_SECRET' | 'VAULT_MASTER_KEY'>;
}

const MIN_JWT_SECRET_LENGTH = 32;

export function resolveSecrets(env: Record<string, string | undefined> = process.env): Secrets {
  const production = env['NODE_ENV'] === 'production';
  const devDefaults: Secrets['devDefaults'] = [];
  const jwtSecret = env['JWT_SECRET'] || DEV_JWT_SECRET;
  const vaultKey = env['VAULT_MASTER_KEY'] || DEV_VAULT_MASTER_KEY;
  if (jwtSecret === DEV_JWT_SECRET) devDefaults.push('JWT_SECRET');
  if (vaultKey === DEV_VAULT_MASTER_KEY) devDefaults.push('VAULT_MASTER_KEY');

  if (production && devDefaults.length > 0) {
    throw new Error(`refusing to start in production without real secrets: set ${devDefaults.join(' and ')}`);
  }
  if (production && jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    throw new Error(`JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters in production`);
  }
  return { jwtSecret, vaultMasterKey: decodeKey(vaultKey), devDefaults };
}

function decodeKey(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || bytes.length !== 32) {
    throw new Error('VAULT_MASTER_KEY must be 32 bytes, base64-encoded');
  }
  return new Uint8Array(bytes);
}
