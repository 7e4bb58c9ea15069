// Envelope encryption for the reporter vault: each petition's identity is sealed with its own
// data key (AES-256-GCM), and that key is wrapped by the master key from configuration. Erasing a
// wrapped key erases the identity everywhere, backups included (crypto-shredding).
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

export interface Sealed {
  wrappedKey: Buffer; // iv(12) | tag(16) | encrypted data key(32)
  payload: Buffer; // iv(12) | tag(16) | ciphertext
}

const IV = 12;
const TAG = 16;

function encrypt(key: Buffer | KeyObject, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer | KeyObject, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < IV + TAG) throw new Error('sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV), { authTagLength: TAG });
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(IV, IV + TAG));
  return Buffer.concat([decipher.update(sealed.subarray(IV + TAG)), decipher.final()]);
}

function assertKey(masterKey: Buffer): void {
  if (masterKey.length !== 32) throw new Error('vault master key must be 32 bytes');
}

// A master key is imported once, not on every cipher (a profile of registrations showed the import).
const imported = new WeakMap<Buffer, KeyObject>();
function master(masterKey: Buffer): KeyObject {
  assertKey(masterKey);
  let key = imported.get(masterKey);
  if (!key) imported.set(masterKey, (key = createSecretKey(masterKey)));
  return key;
}

/** The subject id is bound as additional data, so a sealed row copied onto another petition fails to open. */
export function seal(masterKey: Buffer, subjectId: string, plaintext: string): Sealed {
  assertKey(masterKey);
  const dataKey = randomBytes(32);
  try {
    return {
      wrappedKey: encrypt(master(masterKey), dataKey, `key:${subjectId}`),
      payload: encrypt(dataKey, Buffer.from(plaintext, 'utf8'), `data:${subjectId}`),
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The data key under a wrapped key; throws when this master key did not wrap it (or it was altered). */
export function unwrapKey(masterKey: Buffer, subjectId: string, wrappedKey: Buffer): Buffer {
  assertKey(masterKey);
  return decrypt(master(masterKey), wrappedKey, `key:${subjectId}`);
}

/** Wraps a data key under a master key (key rotation: rotate-key.ts). */
export function wrapKey(masterKey: Buffer, subjectId: string, dataKey: Buffer): Buffer {
  assertKey(masterKey);
  return encrypt(master(masterKey), dataKey, `key:${subjectId}`);
}

/**
 * With several master keys (during a rotation: the current one, then the previous one), the first
 * that unwraps the data key opens the payload.
 */
export function open(masterKeys: Buffer | readonly Buffer[], subjectId: string, sealed: Sealed): string {
  const keys = Buffer.isBuffer(masterKeys) ? [masterKeys] : masterKeys;
  keys.forEach(assertKey);
  let dataKey: Buffer | undefined;
  let failure: unknown;
  for (const key of keys) {
    try {
      dataKey = decrypt(master(key), sealed.wrappedKey, `key:${subjectId}`);
      break;
    } catch (error) {
      failure ??= error;
    }
  }
  if (!dataKey) throw failure ?? new Error('no vault master key given');
  try {
    return decrypt(dataKey, sealed.payload, `data:${subjectId}`).toString('utf8');
  } finally {
    dataKey.fill(0);
  }
}
