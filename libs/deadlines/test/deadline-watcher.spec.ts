import { withTransaction } from '@jiandu/event-store';
import {
  clockStream,
  deadlineEventContracts,
  getClock,
  startClock,
  startDeadlineWatcher,
  stopClock,
  type DeadlineWatcher,
} from '../src/index.js';
import { chinaMorning, clockFixture, raisedTypes, replySpec, SCHEMA, type ClockFixture } from './clock-fixture.js';

let fx: ClockFixture;
beforeAll(async () => {
  fx = await clockFixture('deadlines_watch');
});
afterAll(() => fx.drop());

/** A watcher whose clock reads `today` (09:00 China time); made on first use, after beforeAll. */
function watcherAt() {
  let today = '2026-09-25';
  let watcher: DeadlineWatcher | undefined;
  return {
    tickOn: (date: string) => {
      today = date;
      watcher ??= startDeadlineWatcher({
        pool: fx.db.pool(),
        store: fx.store,
        schema: SCHEMA,
        service: 'supervision',
        now: () => chinaMorning(today),
      });
      return watcher.tick();
    },
    stop: () => watcher?.stop(),
  };
}
const none = { approaching: 0, breached: 0 };
const start = (id: string, startedOn?: string) =>
  withTransaction(fx.db.pool(), (tx) => startClock(tx, fx.store, replySpec(id, startedOn)));
const stop = (id: string, on: string) => withTransaction(fx.db.pool(), (tx) => stopClock(tx, fx.store, id, on));

describe('deadline watcher', () => {
  describe('a 15-working-day clock started 2026-09-25 (due 2026-10-22)', () => {
    const watcher = watcherAt();
    beforeAll(() => start('w-1'));
    afterAll(() => watcher.stop());

    it('raises nothing before the 3-working-day lead window', async () => {
      for (const day of ['2026-09-25', '2026-10-01', '2026-10-09', '2026-10-16', '2026-10-17', '2026-10-18']) {
        expect(await watcher.tickOn(day)).toEqual(none);
      }
      expect(await raisedTypes(fx.store, 'w-1')).toEqual([]);
    });

    it('raises DeadlineApproaching once on 2026-10-19, the first day within 3 working days', async () => {
      expect(await watcher.tickOn('2026-10-19')).toEqual({ approaching: 1, breached: 0 });
      expect(await watcher.tickOn('2026-10-19')).toEqual(none);
      expect(await watcher.tickOn('2026-10-19')).toEqual(none);
      expect(await watcher.tickOn('2026-10-20')).toEqual(none);
      expect(await watcher.tickOn('2026-10-22')).toEqual(none);
      expect(await raisedTypes(fx.store, 'w-1')).toEqual(['DeadlineApproaching']);
      expect(await getClock(fx.db.pool(), SCHEMA, 'w-1')).toMatchObject({
        state: 'running',
        approachingSince: '2026-10-19',
        streamVersion: 2, // ClockStarted, DeadlineApproaching
      });
    });

    it('raises DeadlineBreached once on 2026-10-23, and nothing after', async () => {
      expect(await watcher.tickOn('2026-10-23')).toEqual({ approaching: 0, breached: 1 });
      for (const day of ['2026-10-23', '2026-10-26', '2026-12-31']) expect(await watcher.tickOn(day)).toEqual(none);
      expect(await raisedTypes(fx.store, 'w-1')).toEqual(['DeadlineApproaching', 'DeadlineBreached']);
      const clock = await getClock(fx.db.pool(), SCHEMA, 'w-1');
      expect(clock).toMatchObject({ state: 'breached', breachedOn: '2026-10-23', streamVersion: 3 });
      expect(clock?.breachedRaisedAt).toEqual(chinaMorning('2026-10-23'));
    });

    it('raises events the public contracts accept, carrying identifiers and dates only', async () => {
      const events = (await fx.store.readStream(clockStream('w-1'))).slice(1); // after its ClockStarted
      const [approaching, breached] = deadlineEventContracts('supervision');
      expect(approaching.check(events[0].data)).toBe(true);
      expect(breached.check(events[1].data)).toBe(true);
      expect(events[1].data).toEqual({
        clockId: 'w-1',
        measures: 'inquiry-reply',
        rule: '函询回复 15 个工作日',
        subject: 'inquiry-w-1',
        office: 'office-1',
        unitId: 'unit-7',
        dueOn: '2026-10-22',
        provisional: false,
      });
      expect(events[1].metadata).toMatchObject({
        actor: { sub: 'system:supervision:deadline-watcher', office: 'supervision' },
        occurredAt: '2026-10-23T01:00:00.000Z',
      });
    });
  });

  describe('a clock stopped before its due date', () => {
    const watcher = watcherAt();
    afterAll(() => watcher.stop());

    it('is met, and raises nothing afterwards', async () => {
      await start('m-1', '2026-11-02');
      expect(await stop('m-1', '2026-11-10')).toMatchObject({ state: 'met', metOn: '2026-11-10' });
      for (const day of ['2026-11-20', '2026-11-23', '2026-11-24', '2027-01-05']) await watcher.tickOn(day);
      expect(await raisedTypes(fx.store, 'm-1')).toEqual([]);
    });

    it('stopped inside the lead window keeps its one DeadlineApproaching, and raises no breach', async () => {
      await start('m-2', '2026-11-02'); // due 2026-11-23
      await watcher.tickOn('2026-11-18');
      await stop('m-2', '2026-11-23');
      for (const day of ['2026-11-24', '2026-12-01']) await watcher.tickOn(day);
      expect(await raisedTypes(fx.store, 'm-2')).toEqual(['DeadlineApproaching']);
    });
  });

  describe('a clock stopped after its due date', () => {
    const watcher = watcherAt();
    afterAll(() => watcher.stop());

    it('is breached and recorded late; the breach already raised is not raised again', async () => {
      await start('l-1', '2026-11-02'); // due 2026-11-23
      await watcher.tickOn('2026-11-24');
      expect(await stop('l-1', '2026-11-27')).toMatchObject({
        state: 'breached',
        breachedOn: '2026-11-24',
        stoppedOn: '2026-11-27',
      });
      for (const day of ['2026-11-27', '2026-11-30']) await watcher.tickOn(day);
      expect(await raisedTypes(fx.store, 'l-1')).toEqual(['DeadlineBreached']);
    });

    it('stopped late before any tick saw it, the breach is still raised, once', async () => {
      await start('l-2', '2026-11-03'); // due 2026-11-24
      expect(await stop('l-2', '2026-11-26')).toMatchObject({ state: 'breached', breachedOn: '2026-11-26' });
      expect(await watcher.tickOn('2026-11-26')).toEqual({ approaching: 0, breached: 1 });
      expect(await watcher.tickOn('2026-11-27')).toEqual(none);
      expect(await raisedTypes(fx.store, 'l-2')).toEqual(['DeadlineBreached']);
    });
  });

  describe('a clock due in a year without official calendar data', () => {
    const watcher = watcherAt();
    afterAll(() => watcher.stop());

    it('raises its events marked provisional', async () => {
      await start('p-1', '2026-12-20'); // due 2027-01-08, weekdays assumed
      expect((await watcher.tickOn('2027-01-05')).approaching).toBe(1);
      const [, event] = await fx.store.readStream(clockStream('p-1'));
      expect(event?.data).toMatchObject({ dueOn: '2027-01-08', provisional: true });
    });
  });

  describe('when the clock stream moved under the row (a lost race)', () => {
    const watcher = watcherAt();
    afterAll(() => watcher.stop());

    it('the expected version refuses the append: no second event, the row unchanged', async () => {
      await start('r-1', '2026-11-02');
      const metadata = { actor: { sub: 'x', name: 'x', office: 'x' }, correlationId: 'c', occurredAt: new Date().toISOString() };
      await fx.store.append(clockStream('r-1'), [{ type: 'DeadlineApproaching', data: {}, metadata }], 1);
      expect(await watcher.tickOn('2026-11-19')).toEqual(none);
      expect(await raisedTypes(fx.store, 'r-1')).toEqual(['DeadlineApproaching']);
      expect(await getClock(fx.db.pool(), SCHEMA, 'r-1')).toMatchObject({ streamVersion: 1 });
      expect((await getClock(fx.db.pool(), SCHEMA, 'r-1'))?.approachingRaisedAt).toBeUndefined();
    });
  });
});
