import { withTransaction } from '@jiandu/event-store';
import {
  ClockNotFoundError,
  ClockNotRunningError,
  dueIn,
  extendClock,
  getClock,
  listClocks,
  startClock,
  stopClock,
} from '../src/index.js';
import { clockFixture, replySpec, SCHEMA, type ClockFixture } from './clock-fixture.js';

let fx: ClockFixture;
beforeAll(async () => {
  fx = await clockFixture('deadlines_store');
});
afterAll(() => fx.drop());

const inTx = <T>(fn: Parameters<typeof withTransaction<T>>[1]) => withTransaction(fx.db.pool(), fn);

describe('clock store', () => {
  describe('when a clock is started', () => {
    it('records the rule, the subject and the due date of the official calendar', async () => {
      const clock = await inTx((tx) => startClock(tx, SCHEMA, replySpec('s-1')));
      expect(clock).toEqual({
        id: 's-1',
        measures: 'inquiry-reply',
        rule: '函询回复 15 个工作日',
        limit: { amount: 15, unit: 'working-days' },
        subject: 'inquiry-s-1',
        office: 'office-1',
        unitId: 'unit-7',
        startedOn: '2026-09-25',
        dueOn: '2026-10-22',
        provisional: false,
        warnings: [],
        state: 'running',
        streamVersion: 0,
      });
    });

    it('is idempotent on id: a second start changes nothing', async () => {
      await inTx((tx) => startClock(tx, SCHEMA, replySpec('s-2')));
      const again = await inTx((tx) => startClock(tx, SCHEMA, { ...replySpec('s-2', '2026-11-02'), rule: 'other' }));
      expect(again).toMatchObject({ startedOn: '2026-09-25', dueOn: '2026-10-22', rule: '函询回复 15 个工作日' });
    });

    it('is provisional, with the warning, when its due date lands in a year without official data', async () => {
      const clock = await inTx((tx) => startClock(tx, SCHEMA, replySpec('s-3', '2026-12-20')));
      expect(clock).toMatchObject({ dueOn: '2027-01-08', provisional: true, warnings: ['no official calendar for 2027'] });
      expect(await getClock(fx.db.pool(), SCHEMA, 's-3')).toMatchObject({
        provisional: true,
        warnings: ['no official calendar for 2027'],
      });
    });

    it('ends a limit in days on a working day, and keeps a due date someone chose as chosen (民法典 Art. 203)', async () => {
      const days = { ...replySpec('s-5'), rule: '函询了结 30 日', limit: { days: 30 } };
      expect(await inTx((tx) => startClock(tx, SCHEMA, days))).toMatchObject({ dueOn: '2026-10-26' }); // Sunday 10-25
      const chosen = { ...replySpec('s-6'), rule: '整改（期限 2026-10-24）', limit: { days: 29 }, dueOn: '2026-10-24' };
      expect(await inTx((tx) => startClock(tx, SCHEMA, chosen))).toMatchObject({
        limit: { amount: 29, unit: 'calendar-days' },
        dueOn: '2026-10-24', // a Saturday, as chosen
        provisional: false,
      });
    });

    it('rolls back with the caller transaction', async () => {
      await expect(
        inTx(async (tx) => {
          await startClock(tx, SCHEMA, replySpec('s-4'));
          throw new Error('the command failed');
        }),
      ).rejects.toThrow('the command failed');
      expect(await getClock(fx.db.pool(), SCHEMA, 's-4')).toBeUndefined();
    });
  });

  describe('when a clock is stopped', () => {
    it('is met when the act happened on or before the due date', async () => {
      await inTx((tx) => startClock(tx, SCHEMA, replySpec('m-1')));
      const clock = await inTx((tx) => stopClock(tx, SCHEMA, 'm-1', '2026-10-22'));
      expect(clock).toMatchObject({ state: 'met', metOn: '2026-10-22', stoppedOn: '2026-10-22' });
      expect(clock.breachedOn).toBeUndefined();
    });

    it('is breached, recorded late, when the act happened after the due date', async () => {
      await inTx((tx) => startClock(tx, SCHEMA, replySpec('m-2')));
      const clock = await inTx((tx) => stopClock(tx, SCHEMA, 'm-2', '2026-10-26'));
      expect(clock).toMatchObject({ state: 'breached', breachedOn: '2026-10-26', stoppedOn: '2026-10-26' });
      expect(clock.metOn).toBeUndefined();
    });

    it('stays as first stopped', async () => {
      const clock = await inTx((tx) => stopClock(tx, SCHEMA, 'm-1', '2026-11-30'));
      expect(clock).toMatchObject({ state: 'met', stoppedOn: '2026-10-22' });
    });

    it('cannot stop a clock that does not exist', async () => {
      await expect(inTx((tx) => stopClock(tx, SCHEMA, 'nope', '2026-10-01'))).rejects.toBeInstanceOf(ClockNotFoundError);
    });
  });

  describe('when a clock is extended', () => {
    it('takes the new due date and the rule behind it', async () => {
      await inTx((tx) => startClock(tx, SCHEMA, replySpec('e-1')));
      const clock = await inTx((tx) =>
        extendClock(tx, SCHEMA, 'e-1', dueIn('2026-10-22', { workingDays: 10 }), '延期 10 个工作日'),
      );
      expect(clock).toMatchObject({ dueOn: '2026-11-05', rule: '延期 10 个工作日', state: 'running', provisional: false });
    });

    it('cannot extend a stopped clock', async () => {
      await expect(inTx((tx) => extendClock(tx, SCHEMA, 'm-1', '2026-12-01', 'x'))).rejects.toBeInstanceOf(ClockNotRunningError);
    });
  });

  describe('when clocks are listed', () => {
    beforeAll(async () => {
      await inTx(async (tx) => {
        for (let i = 0; i < 5; i++)
          await startClock(tx, SCHEMA, { ...replySpec(`l-a${i}`, `2026-0${i + 3}-02`), office: 'office-a' });
        for (let i = 0; i < 3; i++)
          await startClock(tx, SCHEMA, { ...replySpec(`l-b${i}`, `2026-0${i + 3}-03`), office: 'office-b' });
        await stopClock(tx, SCHEMA, 'l-a0', '2026-03-04');
      });
    });

    it('shows one office only what it needs to know, soonest due first, a page at a time', async () => {
      const page = await listClocks(fx.db.pool(), SCHEMA, { offices: ['office-a'], page: 1, pageSize: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map((c) => c.id)).toEqual(['l-a0', 'l-a1']);
      const next = await listClocks(fx.db.pool(), SCHEMA, { offices: ['office-a'], page: 2, pageSize: 2 });
      expect(next.items.map((c) => c.id)).toEqual(['l-a2', 'l-a3']);
    });

    it('filters by state and office', async () => {
      const running = await listClocks(fx.db.pool(), SCHEMA, { office: 'office-a', state: 'running', page: 1, pageSize: 50 });
      expect(running.items.map((c) => c.id)).toEqual(['l-a1', 'l-a2', 'l-a3', 'l-a4']);
      const both = await listClocks(fx.db.pool(), SCHEMA, {
        offices: ['office-a', 'office-b'],
        state: 'met',
        page: 1,
        pageSize: 50,
      });
      expect(both.items.map((c) => c.id)).toEqual(['l-a0']);
    });

    it('shows nothing to a reader with no offices', async () => {
      expect(await listClocks(fx.db.pool(), SCHEMA, { offices: [], page: 1, pageSize: 50 })).toMatchObject({
        items: [],
        total: 0,
      });
    });
  });
});
