// Unique names keep parallel tests apart on the shared PostgreSQL and NATS servers.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/** Lowercase letters, digits and underscores: valid as a database, stream or durable name. */
export function uniqueName(prefix = 'test'): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export function testStreamName(): string {
  return uniqueName('test').toUpperCase();
}

/** A loopback TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
