// The service's sense of "now". Deadlines are tested by moving it (JIANDU_NOW, an ISO instant),
// never by sleeping; production refuses a pinned clock.
import { ConfigError } from './config.js';

export function clockFrom(env: NodeJS.ProcessEnv = process.env): () => Date {
  const pinned = env.JIANDU_NOW;
  if (!pinned) return () => new Date();
  if (env.NODE_ENV === 'production')
    throw new ConfigError('JIANDU_NOW pins the clock for tests and drills; it is refused in production');
  const at = Date.parse(pinned);
  if (Number.isNaN(at)) throw new ConfigError(`JIANDU_NOW must be an ISO-8601 instant, got "${pinned}"`);
  return () => new Date(at);
}
