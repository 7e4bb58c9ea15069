// A database from before the registry was split (one 'registry' stream for the district) keeps
// every zone, unit and membership: the migration builds the registry tables from that stream, and
// routing, lists and later commands work on them.
import { randomUUID } from 'node:crypto';
import { openEventStore, withTransaction } from '@jiandu/event-store';
import { messagingMigrations } from '@jiandu/messaging';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { routeFor } from '../src/domain/registry.js';
import { caseManagementMigrations } from '../src/migrations.js';
import { listRegistry, registrySnapshot } from '../src/registry/registry.projection.js';

const SCHEMA = 'case_management';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('cm_registry_upgrade');
});
afterAll(() => db?.drop());

const metadata = { actor: { sub: 'u-cm', name: '案管室干部', office: 'case-management' }, correlationId: randomUUID(), occurredAt: new Date().toISOString() };

describe('The registry tables after an upgrade', () => {
  it('hold what the district-wide stream held, in its order, and route clues by it', async () => {
    const before = caseManagementMigrations.filter((m) => m.id === 'case-management-001-clue-register');
    const old = await openEventStore({ pool: db.pool(), schema: SCHEMA, migrations: [...messagingMigrations, ...before] });
    await old.append(
      'registry',
      [
        { type: 'ZoneRegistered', data: { zoneId: 'z2', name: '第二协作区', office: 'supervision-office-2' }, metadata },
        { type: 'ZoneRegistered', data: { zoneId: 'z1', name: '第一协作区', office: 'supervision-office-1' }, metadata },
        { type: 'UnitRegistered', data: { unitId: 'u-street', name: '某街道办事处', staffCount: 120 }, metadata },
        { type: 'UnitAssignedToZone', data: { unitId: 'u-street', zoneId: 'z1', effectiveFrom: '2026-01-01' }, metadata },
        { type: 'UnitAssignedToZone', data: { unitId: 'u-street', zoneId: 'z2', effectiveFrom: '2026-07-01' }, metadata },
      ],
      'no-stream',
    );

    const upgraded = await openEventStore({ pool: db.pool(), schema: SCHEMA, migrations: [...messagingMigrations, ...caseManagementMigrations] });
    expect(upgraded.applied).toEqual(['case-management-002-registry-tables']);

    expect(await listRegistry(db.pool(), SCHEMA)).toEqual({
      zones: [
        { id: 'z2', name: '第二协作区', office: 'supervision-office-2' },
        { id: 'z1', name: '第一协作区', office: 'supervision-office-1' },
      ],
      units: [{ id: 'u-street', name: '某街道办事处', zoneId: 'z2', staffCount: 120 }],
    });
    const route = await withTransaction(db.pool(), async (tx) => {
      const { registry } = await registrySnapshot(tx, SCHEMA, { unitIds: ['u-street'] });
      return { march: routeFor(registry, 'u-street', new Date('2026-03-01T04:00:00Z')), august: routeFor(registry, 'u-street', new Date('2026-08-01T04:00:00Z')) };
    });
    expect(route).toEqual({ march: { zoneId: 'z1', office: 'supervision-office-1' }, august: { zoneId: 'z2', office: 'supervision-office-2' } });
  });

  it('gives the units and zones of the old stream no stream of their own yet (version 0)', async () => {
    const { versions } = await registrySnapshot(db.pool(), SCHEMA, { zoneIds: ['z1'], unitIds: ['u-street'] });
    expect(Object.fromEntries(versions)).toEqual({ 'zone-z1': 0, 'zone-z2': 0, 'unit-u-street': 0 });
  });
});
