import fc from 'fast-check';
import { compareDates, workingDaysBetween } from '@jiandu/calendar';
import { withTransaction } from '@jiandu/event-store';
import { getClock, startClock, startDeadlineWatcher } from '../src/index.js';
import { chinaMorning, clockFixture, raisedTypes, replySpec, SCHEMA, type ClockFixture } from './clock-fixture.js';

let fx: ClockFixture;
beforeAll(async () => {
  fx = await clockFixture('deadlines_prop');
});
afterAll(() => fx.drop());

const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const nextDay = (date: string) => dateOf(Date.parse(date) + DAY_MS);
const dateIn2026 = fc.integer({ min: 0, max: 364 }).map((offset) => dateOf(Date.UTC(2026, 0, 1) + offset * DAY_MS));

describe('deadline watcher, ticking daily over random clocks', () => {
  let run = 0;

  it('raises DeadlineApproaching on or before the due date, on the first day within the lead, never twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        dateIn2026,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        async (startedOn, workingDays, ticksPerDay) => {
          const id = `prop-${run++}`;
          const clock = await withTransaction(fx.db.pool(), (tx) =>
            startClock(tx, fx.store, replySpec(id, startedOn, workingDays)),
          );
          let today = startedOn;
          const watcher = startDeadlineWatcher({
            pool: fx.db.pool(),
            store: fx.store,
            schema: SCHEMA,
            service: 'supervision',
            now: () => chinaMorning(today),
          });
          const end = nextDay(nextDay(clock.dueOn));
          for (; today <= end; today = nextDay(today)) for (let i = 0; i < ticksPerDay; i++) await watcher.tick();
          await watcher.stop();

          expect(await raisedTypes(fx.store, id)).toEqual(['DeadlineApproaching', 'DeadlineBreached']);
          const after = await getClock(fx.db.pool(), SCHEMA, id);
          expect(compareDates(after?.approachingSince ?? '9999-12-31', clock.dueOn)).toBeLessThanOrEqual(0);
          // The first day from the start on which at most 3 working days remain.
          let expected = startedOn;
          while (workingDaysBetween(expected, clock.dueOn).days > 3) expected = nextDay(expected);
          expect(after?.approachingSince).toBe(expected);
          expect(after).toMatchObject({ state: 'breached', breachedOn: nextDay(clock.dueOn) });
        },
      ),
      { numRuns: 30 },
    );
  });
});
