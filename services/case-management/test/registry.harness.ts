// The service's operations (the registry's, here) served as the service serves them (serveRpc, each command in the
// transaction the server opens, lost races re-run within the contention budget), on a per-test
// database, without NATS. Counts the races lost on appends, so a test can say nobody contended.
import { randomUUID } from 'node:crypto';
import type { Actor } from '@jiandu/access';
import type { ApiOperation } from '@jiandu/contracts';
import { openEventStore, WrongExpectedVersionError, type PostgresEventStore } from '@jiandu/event-store';
import { deadlinesMigrations } from '@jiandu/deadlines';
import { messagingMigrations } from '@jiandu/messaging';
import { createLogger, idempotencyMigrations, serveRpc, type RpcReply, type RpcServer } from '@jiandu/runtime';
import type { TestDatabase } from '@jiandu/testing';
import { caseManagementRpc } from '../src/case-management.rpc.js';
import { caseManagementMigrations } from '../src/migrations.js';

export const SCHEMA = 'case_management';
export const clerk: Actor = { sub: 'u-cm', name: '案管室干部', office: 'case-management', roles: ['staff'], zones: [] };
export const officeStaff: Actor = {
  sub: 'u-s1',
  name: '一室干部',
  office: 'supervision-office-1',
  roles: ['staff'],
  zones: ['z1'],
};

/** The migrations a service applies, as startService applies them (role limits aside). */
export const serviceMigrations = [
  ...messagingMigrations,
  ...idempotencyMigrations,
  ...caseManagementMigrations,
  ...deadlinesMigrations,
];

export interface RegistryUnderTest {
  store: PostgresEventStore;
  server: RpcServer;
  call(operation: ApiOperation, actor: Actor, payload: unknown): Promise<RpcReply>;
  /** Appends refused because another writer got to the stream first (each one re-ran its transaction). */
  lostRaces(): number;
}

export async function openRegistry(db: TestDatabase, now: () => Date = () => new Date()): Promise<RegistryUnderTest> {
  const store = await openEventStore({ pool: db.pool(), schema: SCHEMA, migrations: serviceMigrations });
  let lost = 0;
  const counting = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'append') {
        return async (...args: Parameters<PostgresEventStore['append']>) => {
          try {
            return await target.append(...args);
          } catch (error) {
            if (error instanceof WrongExpectedVersionError) lost++;
            throw error;
          }
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const routes = caseManagementRpc({ store: counting, pool: db.pool(), now });
  const server: RpcServer = {
    logger: createLogger('case-management-test', 'silent'),
    transactions: { pool: db.pool(), schema: SCHEMA, idempotencyTtlSeconds: 3600, contentionBudgetMs: 3000 },
  };
  return {
    store,
    server,
    call(operation, actor, payload) {
      const route = routes.find((r) => r.operation === operation);
      if (!route) throw new Error(`no case-management route for ${operation.name}`);
      return serveRpc(route, { actor, correlationId: randomUUID(), payload }, server);
    },
    lostRaces: () => lost,
  };
}
