// Structured JSON logs (pino). Personal data must never reach a log line: we log identifiers and
// outcomes, never payloads, and redact the known personal fields as a second line of defence.
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

const PERSONAL_FIELDS = ['reporter', 'name', 'phone', 'idNumber', 'address', 'content'];

export const REDACT_PATHS = PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: NodeJS.WritableStream,
): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
