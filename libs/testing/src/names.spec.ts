import { createServer } from 'node:net';
import { freePort, testStreamName, uniqueName } from './names.js';

describe('names', () => {
  it('are unique and safe as database, stream and durable names', () => {
    const names = Array.from({ length: 1000 }, () => uniqueName('My-Test.x'));
    expect(new Set(names).size).toBe(1000);
    for (const name of names) expect(name).toMatch(/^my_test_x_[a-z0-9_]+$/);
    expect(testStreamName()).toMatch(/^TEST_[A-Z0-9_]+$/);
  });
});

describe('freePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
