import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { open, seal } from './envelope-crypto.js';

const master = randomBytes(32);

describe('Reporter vault encryption', () => {
  it('opens what it sealed, for any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (text) => open(master, 'p-1', seal(master, 'p-1', text)) === text));
  });

  it('never stores the plaintext in either column', () => {
    const sealed = seal(master, 'p-1', '张三 13800138000');
    expect(sealed.payload.includes(Buffer.from('13800138000'))).toBe(false);
    expect(sealed.wrappedKey.length).toBe(12 + 16 + 32);
  });

  it('refuses to open with another master key', () => {
    const sealed = seal(master, 'p-1', 'secret');
    expect(() => open(randomBytes(32), 'p-1', sealed)).toThrow();
  });

  it('refuses to open a sealed identity moved onto another petition', () => {
    const sealed = seal(master, 'p-1', 'secret');
    expect(() => open(master, 'p-2', sealed)).toThrow();
  });

  it('detects a tampered ciphertext', () => {
    const sealed = seal(master, 'p-1', 'secret');
    sealed.payload[sealed.payload.length - 1] ^= 1;
    expect(() => open(master, 'p-1', sealed)).toThrow();
  });

  it('rejects a master key that is not 32 bytes', () => {
    expect(() => seal(randomBytes(16), 'p-1', 'x')).toThrow(/32 bytes/);
  });
});
