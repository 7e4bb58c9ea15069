// One test file's service on a database of its own: created and started before all the file's
// tests, stopped and dropped after them all, in that order. Declared at the top of the file:
//
//     const { db, service: cm } = serviceOnOwnDatabase('cm_burst', (db) =>
//       startServiceHarness(caseManagementService, { DATABASE_URL: db.url, PG_POOL_SIZE: '2' }));
//
// `db` and `service` stand for what beforeAll makes; using them before it has run throws.
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface Stoppable {
  stop(): Promise<void>;
}

export function serviceOnOwnDatabase<S extends Stoppable>(
  name: string,
  start: (db: TestDatabase) => Promise<S>,
  timeoutMs = 60_000,
): { db: TestDatabase; service: S } {
  let db: TestDatabase | undefined;
  let service: S | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(name);
    service = await start(db);
  }, timeoutMs);
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  }, timeoutMs);
  return { db: startedLater(name, 'db', () => db), service: startedLater(name, 'service', () => service) };
}

/** Stands for the value `current()` will give once beforeAll has run; its methods keep their `this`. */
function startedLater<T extends object>(name: string, what: string, current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (value === undefined) throw new Error(`${name}: the ${what} is used before beforeAll started it`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, property) {
      const value = target();
      const member = Reflect.get(value, property, value) as unknown;
      return typeof member === 'function' ? member.bind(value) : member;
    },
    has: (_, property) => Reflect.has(target(), property),
  });
}
