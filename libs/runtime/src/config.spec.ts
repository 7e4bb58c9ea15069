import { clockFrom } from './clock.js';
import { ConfigError, loadServiceConfig, positiveInteger } from './config.js';

describe('Service configuration', () => {
  it('reads positive integers and refuses empty, zero, negative or fractional values', () => {
    expect(positiveInteger({}, 'X', 30)).toBe(30);
    expect(positiveInteger({ X: '45' }, 'X', 30)).toBe(45);
    for (const bad of ['', ' ', '0', '-1', '1.5', 'ten']) expect(() => positiveInteger({ X: bad }, 'X', 30)).toThrow(ConfigError);
  });

  it('refuses a health port that is not a port', () => {
    expect(() => loadServiceConfig('petitions', { HEALTH_PORT: '70000' })).toThrow(/HEALTH_PORT/);
    expect(loadServiceConfig('petitions', { HEALTH_PORT: '3001' }).healthPort).toBe(3001);
  });

  it('pins the clock for tests, and refuses a pinned clock in production', () => {
    expect(clockFrom({ JIANDU_NOW: '2026-10-23T02:00:00Z' })().toISOString()).toBe('2026-10-23T02:00:00.000Z');
    expect(() => clockFrom({ JIANDU_NOW: 'soon' })).toThrow(ConfigError);
    expect(() => clockFrom({ JIANDU_NOW: '2026-10-23T02:00:00Z', NODE_ENV: 'production' })).toThrow(/production/);
    expect(Math.abs(clockFrom({})().getTime() - Date.now())).toBeLessThan(1000);
  });
});
