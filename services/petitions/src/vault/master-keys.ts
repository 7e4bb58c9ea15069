// Vault master keys from the environment, by the rules of resolveSecrets (@jiandu/access):
// base64 of exactly 32 bytes, and never the development default under NODE_ENV=production. Used for
// VAULT_PREVIOUS_MASTER_KEY by the service (reads fall back to it during a rotation) and for both
// keys by the rotation job. Errors name the variable, never its value.
import { DEV_VAULT_MASTER_KEY } from '@jiandu/access';

export type VaultKeyVariable = 'VAULT_MASTER_KEY' | 'VAULT_PREVIOUS_MASTER_KEY';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DEV_KEY = Buffer.from(DEV_VAULT_MASTER_KEY, 'base64');

export function isDevVaultKey(key: Buffer): boolean {
  return key.equals(DEV_KEY);
}

/** The key in `name`, or undefined when the variable is unset or empty. Throws on a malformed key. */
export function vaultKeyFromEnv(env: Record<string, string | undefined>, name: VaultKeyVariable): Buffer | undefined {
  const value = env[name];
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  if (!BASE64.test(value) || key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  if (env['NODE_ENV'] === 'production' && isDevVaultKey(key)) {
    throw new Error(`refusing the development default key in production: set a real ${name}`);
  }
  return key;
}
