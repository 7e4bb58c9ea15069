// Canonical JSON: sorted keys, no whitespace, undefined dropped. The hash chain depends on it,
// so the writer and the verifier must agree byte for byte. It runs on every append and every
// verified event, so it is written for speed: keys are sorted only when they are not in order
// already, plain keys are written without JSON.stringify, and strings and numbers go straight to
// the native JSON.stringify. test/hash-chain.spec.ts checks it against a plain reference
// implementation on generated values.

/** Keys that need no escaping inside JSON quotes (the usual identifier-like keys). */
function isPlainKey(key: string): boolean {
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    // 0-9, A-Z, a-z, '_', '-', '.', '$'
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 36))
      return false;
  }
  return true;
}

/** JSON already in canonical form (e.g. an event's data, encoded once for storage and hash alike): written as is. */
export class CanonicalText {
  constructor(readonly json: string) {}
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`cannot encode ${typeof value} as JSON`);
    return text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  if (value instanceof CanonicalText) return value.json;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i += 1) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    const item = record[key];
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += isPlainKey(key) ? `"${key}":` : `${JSON.stringify(key)}:`;
    out += typeof item === 'string' ? JSON.stringify(item) : canonicalJson(item);
  }
  return `${out}}`;
}
