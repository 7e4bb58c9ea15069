import { withTransaction } from '@jiandu/event-store';
import { ContractRegistry } from '@jiandu/contracts';
import {
  CLOCK_EVENT_TYPES,
  clockEventContracts,
  clockStream,
  ClockNotFoundError,
  ClockNotRunningError,
  dueIn,
  extendClock,
  getClock,
  listClocks,
  startClock,
  stopClock,
} from '../src/index.js';
import { clockEvents, clockFixture, replySpec, SCHEMA, type ClockFixture } from './clock-fixture.js';

let fx: ClockFixture;
beforeAll(async () => {
  fx = await clockFixture('deadlines_store');
});
afterAll(() => fx.drop());

const inTx = <T>(fn: Parameters<typeof withTransaction<T>>[1]) => withTransaction(fx.db.pool(), fn);

describe('clock store', () => {
  describe('when a clock is started', () => {
    it('records the rule, the subject and the due date of the official calendar', async () => {
      const clock = await inTx((tx) => startClock(tx, fx.store, replySpec('s-1')));
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
        streamVersion: 1, // its ClockStarted
      });
    });

    it('is idempotent on id: a second start changes nothing', async () => {
      await inTx((tx) => startClock(tx, fx.store, replySpec('s-2')));
      const again = await inTx((tx) => startClock(tx, fx.store, { ...replySpec('s-2', '2026-11-02'), rule: 'other' }));
      expect(again).toMatchObject({ startedOn: '2026-09-25', dueOn: '2026-10-22', rule: '函询回复 15 个工作日' });
    });

    it('is provisional, with the warning, when its due date lands in a year without official data', async () => {
      const clock = await inTx((tx) => startClock(tx, fx.store, replySpec('s-3', '2026-12-20')));
      expect(clock).toMatchObject({ dueOn: '2027-01-08', provisional: true, warnings: ['no official calendar for 2027'] });
      expect(await getClock(fx.db.pool(), SCHEMA, 's-3')).toMatchObject({
        provisional: true,
        warnings: ['no official calendar for 2027'],
      });
    });

    it('ends a limit in days on a working day, and keeps a due date someone chose as chosen (民法典 Art. 203)', async () => {
      const days = { ...replySpec('s-5'), rule: '函询了结 30 日', limit: { days: 30 } };
      expect(await inTx((tx) => startClock(tx, fx.store, days))).toMatchObject({ dueOn: '2026-10-26' }); // Sunday 10-25
      const chosen = { ...replySpec('s-6'), rule: '整改（期限 2026-10-24）', limit: { days: 29 }, dueOn: '2026-10-24' };
      expect(await inTx((tx) => startClock(tx, fx.store, chosen))).toMatchObject({
        limit: { amount: 29, unit: 'calendar-days' },
        dueOn: '2026-10-24', // a Saturday, as chosen
        provisional: false,
      });
    });

    it('rolls back with the caller transaction', async () => {
      await expect(
        inTx(async (tx) => {
          await startClock(tx, fx.store, replySpec('s-4'));
          throw new Error('the command failed');
        }),
      ).rejects.toThrow('the command failed');
      expect(await getClock(fx.db.pool(), SCHEMA, 's-4')).toBeUndefined();
    });
  });

  describe('when a clock is stopped', () => {
    it('is met when the act happened on or before the due date', async () => {
      await inTx((tx) => startClock(tx, fx.store, replySpec('m-1')));
      const clock = await inTx((tx) => stopClock(tx, fx.store, 'm-1', '2026-10-22'));
      expect(clock).toMatchObject({ state: 'met', metOn: '2026-10-22', stoppedOn: '2026-10-22' });
      expect(clock.breachedOn).toBeUndefined();
    });

    it('is breached, recorded late, when the act happened after the due date', async () => {
      await inTx((tx) => startClock(tx, fx.store, replySpec('m-2')));
      const clock = await inTx((tx) => stopClock(tx, fx.store, 'm-2', '2026-10-26'));
      expect(clock).toMatchObject({ state: 'breached', breachedOn: '2026-10-26', stoppedOn: '2026-10-26' });
      expect(clock.metOn).toBeUndefined();
    });

    it('stays as first stopped', async () => {
      const clock = await inTx((tx) => stopClock(tx, fx.store, 'm-1', '2026-11-30'));
      expect(clock).toMatchObject({ state: 'met', stoppedOn: '2026-10-22' });
    });

    it('cannot stop a clock that does not exist', async () => {
      await expect(inTx((tx) => stopClock(tx, fx.store, 'nope', '2026-10-01'))).rejects.toBeInstanceOf(ClockNotFoundError);
    });
  });

  describe('when a clock is extended', () => {
    it('takes the new due date and the rule behind it', async () => {
      await inTx((tx) => startClock(tx, fx.store, replySpec('e-1')));
      const clock = await inTx((tx) =>
        extendClock(tx, fx.store, 'e-1', dueIn('2026-10-22', { workingDays: 10 }), '延期 10 个工作日'),
      );
      expect(clock).toMatchObject({ dueOn: '2026-11-05', rule: '延期 10 个工作日', state: 'running', provisional: false });
    });

    it('cannot extend a stopped clock', async () => {
      await expect(inTx((tx) => extendClock(tx, fx.store, 'm-1', '2026-12-01', 'x'))).rejects.toBeInstanceOf(
        ClockNotRunningError,
      );
    });
  });

  describe("the clock's public events (appended in the transaction that changes the row)", () => {
    const registry = new ContractRegistry().register(...clockEventContracts('supervision'));
    const metadata = (occurredAt: string) => ({
      actor: { sub: 'u-1', name: '某干部', office: 'office-1' },
      correlationId: 'corr-1',
      occurredAt,
    });
    const causing = (tx: Parameters<Parameters<typeof inTx>[0]>[0], id: string, occurredAt: string) =>
      fx.store.append(`inquiry-${id}`, [{ type: 'InquiryLetterSent', data: {}, metadata: metadata(occurredAt) }], 'any', tx);

    it('ClockStarted, ClockExtended and ClockStopped, each with the clock as it then stands, dated like their cause', async () => {
      await inTx(async (tx) => {
        await causing(tx, 'ev-1', '2026-09-25T02:00:00.000Z');
        await startClock(tx, fx.store, replySpec('ev-1'));
      });
      await inTx(async (tx) => {
        await causing(tx, 'ev-1', '2026-10-20T02:00:00.000Z');
        await extendClock(tx, fx.store, 'ev-1', '2026-11-05', '延期（至 2026-11-05）');
      });
      await inTx(async (tx) => {
        await causing(tx, 'ev-1', '2026-11-04T02:00:00.000Z');
        await stopClock(tx, fx.store, 'ev-1', '2026-11-04');
      });
      const events = await fx.store.readStream(clockStream('ev-1'));
      expect(events.map((e) => e.type)).toEqual(['ClockStarted', 'ClockExtended', 'ClockStopped']);
      const common = {
        clockId: 'ev-1',
        measures: 'inquiry-reply',
        subject: 'inquiry-ev-1',
        office: 'office-1',
        unitId: 'unit-7',
      };
      expect(events.map((e) => e.data)).toEqual([
        { ...common, rule: '函询回复 15 个工作日', startedOn: '2026-09-25', dueOn: '2026-10-22', provisional: false },
        {
          ...common,
          rule: '延期（至 2026-11-05）',
          startedOn: '2026-09-25',
          dueOn: '2026-11-05',
          previousDueOn: '2026-10-22',
          provisional: false,
        },
        {
          ...common,
          rule: '延期（至 2026-11-05）',
          startedOn: '2026-09-25',
          dueOn: '2026-11-05',
          provisional: false,
          stoppedOn: '2026-11-04',
          met: true,
        },
      ]);
      for (const e of events) expect(registry.contract('supervision', e.type, 1)?.check(e.data)).toBe(true);
      expect(events.map((e) => e.metadata.occurredAt)).toEqual([
        '2026-09-25T02:00:00.000Z',
        '2026-10-20T02:00:00.000Z',
        '2026-11-04T02:00:00.000Z',
      ]);
      expect(events[0].metadata).toMatchObject({ correlationId: 'corr-1', causationId: expect.any(String) });
      expect(await getClock(fx.db.pool(), SCHEMA, 'ev-1')).toMatchObject({ state: 'met', streamVersion: 3 });
      expect(CLOCK_EVENT_TYPES).toEqual(['ClockStarted', 'ClockExtended', 'ClockStopped']);
    });

    it('a clock stopped after its due day says so: met false (breached, then stopped)', async () => {
      await inTx((tx) => startClock(tx, fx.store, replySpec('ev-2')));
      await inTx((tx) => stopClock(tx, fx.store, 'ev-2', '2026-10-23'));
      const [, stopped] = await fx.store.readStream(clockStream('ev-2'));
      expect(stopped?.data).toMatchObject({ stoppedOn: '2026-10-23', dueOn: '2026-10-22', met: false });
      // No causing event in the transaction: signed by the service's clocks.
      expect(stopped?.metadata.actor.sub).toBe(`system:${SCHEMA}:clocks`);
    });

    it('a redelivered start and a second stop append nothing', async () => {
      await inTx((tx) => startClock(tx, fx.store, replySpec('ev-2')));
      await inTx((tx) => stopClock(tx, fx.store, 'ev-2', '2026-10-24'));
      expect(await clockEvents(fx.store, 'ev-2')).toEqual(['ClockStarted', 'ClockStopped']);
    });

    it('rolls back with the row: no clock, no event', async () => {
      await expect(
        inTx(async (tx) => {
          await startClock(tx, fx.store, replySpec('ev-3'));
          throw new Error('the command failed');
        }),
      ).rejects.toThrow('the command failed');
      expect(await getClock(fx.db.pool(), SCHEMA, 'ev-3')).toBeUndefined();
      expect(await clockEvents(fx.store, 'ev-3')).toEqual([]);
    });

    it('a row change whose event cannot be appended is refused with it (a stream moved under the row)', async () => {
      await inTx((tx) => startClock(tx, fx.store, replySpec('ev-4')));
      const foreign = { type: 'DeadlineApproaching', data: {}, metadata: metadata('2026-10-19T01:00:00.000Z') };
      await fx.store.append(clockStream('ev-4'), [foreign], 1);
      await expect(inTx((tx) => stopClock(tx, fx.store, 'ev-4', '2026-10-20'))).rejects.toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
      });
      expect(await getClock(fx.db.pool(), SCHEMA, 'ev-4')).toMatchObject({ state: 'running', streamVersion: 1 });
    });
  });

  describe('when clocks are listed', () => {
    beforeAll(async () => {
      await inTx(async (tx) => {
        for (let i = 0; i < 5; i++)
          await startClock(tx, fx.store, { ...replySpec(`l-a${i}`, `2026-0${i + 3}-02`), office: 'office-a' });
        for (let i = 0; i < 3; i++)
          await startClock(tx, fx.store, { ...replySpec(`l-b${i}`, `2026-0${i + 3}-03`), office: 'office-b' });
        await stopClock(tx, fx.store, 'l-a0', '2026-03-04');
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
