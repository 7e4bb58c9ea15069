import { randomBytes } from 'node:crypto';
import { DEV_JWT_SECRET, DEV_VAULT_MASTER_KEY, resolveSecrets } from './secrets.js';

const realKey = randomBytes(32).toString('base64');
const realJwt = 'a-real-production-secret-of-enough-length';

describe('resolveSecrets', () => {
  it('uses the environment when set', () => {
    const secrets = resolveSecrets({ NODE_ENV: 'production', JWT_SECRET: realJwt, VAULT_MASTER_KEY: realKey });
    expect(secrets.jwtSecret).toBe(realJwt);
    expect(Buffer.from(secrets.vaultMasterKey).toString('base64')).toBe(realKey);
    expect(secrets.devDefaults).toEqual([]);
  });

  it('falls back to marked development defaults outside production, and says so', () => {
    const secrets = resolveSecrets({});
    expect(secrets.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(secrets.vaultMasterKey).toHaveLength(32);
    expect(secrets.devDefaults).toEqual(['JWT_SECRET', 'VAULT_MASTER_KEY']);
  });

  describe('in production', () => {
    it('refuses to start without the secrets', () => {
      expect(() => resolveSecrets({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET and VAULT_MASTER_KEY/);
      expect(() => resolveSecrets({ NODE_ENV: 'production', JWT_SECRET: realJwt })).toThrow(/VAULT_MASTER_KEY/);
    });

    it('refuses the development defaults even when set explicitly', () => {
      expect(() => resolveSecrets({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET, VAULT_MASTER_KEY: realKey })).toThrow(
        /JWT_SECRET/,
      );
      expect(() =>
        resolveSecrets({ NODE_ENV: 'production', JWT_SECRET: realJwt, VAULT_MASTER_KEY: DEV_VAULT_MASTER_KEY }),
      ).toThrow(/VAULT_MASTER_KEY/);
    });

    it('refuses a short JWT secret', () => {
      expect(() => resolveSecrets({ NODE_ENV: 'production', JWT_SECRET: 'short', VAULT_MASTER_KEY: realKey })).toThrow(
        /at least 32/,
      );
    });
  });

  it('refuses a vault key that is not 32 bytes of base64', () => {
    expect(() => resolveSecrets({ VAULT_MASTER_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
    expect(() => resolveSecrets({ VAULT_MASTER_KEY: 'not base64 at all!!' })).toThrow(/32 bytes/);
  });
});
