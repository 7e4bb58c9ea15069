import { Writable } from 'node:stream';
import { pino } from 'pino';
import { withTransaction } from '@jiandu/event-store';
import { eventually } from '@jiandu/testing';
import { startClock, startDeadlineWatcher } from '../src/index.js';
import { chinaMorning, clockFixture, raisedTypes, replySpec, SCHEMA, type ClockFixture } from './clock-fixture.js';

let fx: ClockFixture;
beforeAll(async () => {
  fx = await clockFixture('deadlines_timer');
});
afterAll(() => fx.drop());

describe('deadline watcher on a timer', () => {
  it('ticks by itself, logs identifiers only, and stops', async () => {
    await withTransaction(fx.db.pool(), (tx) => startClock(tx, fx.store, replySpec('t-1')));
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino(sink);
    const watcher = startDeadlineWatcher({
      pool: fx.db.pool(),
      store: fx.store,
      schema: SCHEMA,
      service: 'supervision',
      now: () => chinaMorning('2026-10-23'),
      intervalMs: 20,
      logger,
    });
    await eventually(async () => (await raisedTypes(fx.store, 't-1')).length > 0);
    expect(await raisedTypes(fx.store, 't-1')).toEqual(['DeadlineBreached']);
    await watcher.stop();
    const raised = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'deadline raised');
    expect(raised).toEqual([expect.objectContaining({ clockId: 't-1', type: 'DeadlineBreached', dueOn: '2026-10-22' })]);
  });
});
