import { uuidv7 } from '../src/event-id.js';

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant uuid', () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by the millisecond it was made in', () => {
    const earlier = uuidv7(Date.UTC(2025, 0, 1));
    const later = uuidv7(Date.UTC(2025, 0, 1) + 1);
    expect(earlier < later).toBe(true);
  });

  it('encodes the timestamp in the first 48 bits', () => {
    const id = uuidv7(0x0123456789ab);
    expect(id.slice(0, 13)).toBe('01234567-89ab');
  });

  it('draws fresh random bits for every id, also within one millisecond and across buffer refills', () => {
    const now = Date.UTC(2025, 0, 1);
    const ids = Array.from({ length: 5_000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
