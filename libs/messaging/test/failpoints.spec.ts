// The failpoints' settings from the environment: FAILPOINT_AFTER arms a failpoint after n hits,
// FAILPOINT_NAK_RATE is off unless set and bounded to 0..1.
import { envFailpoints, envNakRate, failpointArmed } from '../src/failpoints.js';

describe('failpoints from the environment', () => {
  const exit = process.exit;
  let exits: number[];
  beforeEach(() => {
    exits = [];
    process.exit = ((code?: number) => {
      exits.push(code ?? 0);
      throw new Error('exited');
    }) as typeof process.exit;
  });
  afterEach(() => {
    process.exit = exit;
  });

  it('FAILPOINT_AFTER=n lets n hits pass and exits (86) at hit n + 1; other points never', () => {
    const hit = envFailpoints({ FAILPOINT: 'after-append-before-reply', FAILPOINT_AFTER: '2' });
    hit('consumer-after-commit-before-ack');
    hit('after-append-before-reply');
    hit('after-append-before-reply');
    expect(exits).toEqual([]);
    expect(() => hit('after-append-before-reply')).toThrow('exited');
    expect(exits).toEqual([86]);
  });

  it('without FAILPOINT_AFTER, the first hit exits', () => {
    const hit = envFailpoints({ FAILPOINT: 'relay-after-publish-before-checkpoint' });
    expect(() => hit('relay-after-publish-before-checkpoint')).toThrow('exited');
    expect(exits).toEqual([86]);
  });

  it('failpointArmed names the armed point only', () => {
    expect(failpointArmed('after-append-before-reply', { FAILPOINT: 'after-append-before-reply' })).toBe(true);
    expect(failpointArmed('after-append-before-reply', {})).toBe(false);
  });

  it('FAILPOINT_NAK_RATE: off by default, bounded to 1, with its delay', () => {
    expect(envNakRate({})).toEqual({ rate: 0, maxDelayMs: 500 });
    expect(envNakRate({ FAILPOINT_NAK_RATE: '0.2', FAILPOINT_NAK_DELAY_MS: '100' })).toEqual({ rate: 0.2, maxDelayMs: 100 });
    expect(envNakRate({ FAILPOINT_NAK_RATE: '7' }).rate).toBe(1);
    expect(envNakRate({ FAILPOINT_NAK_RATE: 'x' }).rate).toBe(0);
  });
});
