// Upgrading a database whose registry is still the one district-wide 'registry' stream: the
// migrations build the registry tables from that stream, and then lists, clue routing (the
// PetitionTransferred consumer) and new commands on the old zones and units all work on the
// tables, while the old stream stays as it was, in the audit trail.
import { randomUUID } from 'node:crypto';
import {
  caseManagementOperations as ops,
  caseManagementPublicEvents,
  ContractRegistry,
  PetitionTransferredV2,
  petitionsPublicEvents,
  withEarlierVersions,
  type EventContract,
} from '@jiandu/contracts';
import { openEventStore } from '@jiandu/event-store';
import { deliverEvent, messagingMigrations } from '@jiandu/messaging';
import { idempotencyMigrations } from '@jiandu/runtime';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { UnitNotRoutableError } from '../src/commands/clue.commands.js';
import { unitStream } from '../src/domain/registry-unit.js';
import { caseManagementMigrations } from '../src/migrations.js';
import { onPetitionTransferred } from '../src/reactors/on-petition-transferred.reactor.js';
import { clerk, openRegistry, SCHEMA, type RegistryUnderTest } from './registry.harness.js';

let db: TestDatabase;
let registry: RegistryUnderTest;
let applied: string[];

const metadata = {
  actor: { sub: 'u-cm', name: '案管室干部', office: 'case-management' },
  correlationId: randomUUID(),
  occurredAt: '2026-01-05T02:00:00.000Z',
};
const legacy = [
  { type: 'ZoneRegistered', data: { zoneId: 'z2', name: '第二协作区', office: 'supervision-office-2' } },
  { type: 'ZoneRegistered', data: { zoneId: 'z1', name: '第一协作区', office: 'supervision-office-1' } },
  { type: 'ZoneRegistered', data: { zoneId: 'z-edu', name: '教育系统', office: 'dispatched-agency-edu' } },
  { type: 'UnitRegistered', data: { unitId: 'u-street', name: '某街道办事处', staffCount: 120 } },
  { type: 'UnitAssignedToZone', data: { unitId: 'u-street', zoneId: 'z1', effectiveFrom: '2026-01-01' } },
  { type: 'UnitRegistered', data: { unitId: 'u-school', name: '某中学', staffCount: 80 } },
  { type: 'UnitAssignedToZone', data: { unitId: 'u-school', zoneId: 'z-edu', effectiveFrom: '2026-01-01' } },
  { type: 'UnitAssignedToZone', data: { unitId: 'u-street', zoneId: 'z2', effectiveFrom: '2026-07-01' } },
];

beforeAll(async () => {
  db = await createTestDatabase('cm_registry_upgrade_path');
  // The database as the service left it before the registry was split: one 'registry' stream.
  const before = caseManagementMigrations.filter((m) => m.id === 'case-management-001-clue-register');
  const old = await openEventStore({
    pool: db.pool(),
    schema: SCHEMA,
    migrations: [...messagingMigrations, ...idempotencyMigrations, ...before],
  });
  await old.append(
    'registry',
    legacy.map((e) => ({ ...e, metadata })),
    'no-stream',
  );
  registry = await openRegistry(db);
  applied = registry.store.applied;
});
afterAll(() => db?.drop());

/** A PetitionTransferred about `unitId`, handled by the consumer as if it arrived at `at`. */
async function transfer(unitId: string, at: Date): Promise<{ zone_id: string; assigned_office: string } | undefined> {
  const petitionId = `p-${randomUUID()}`;
  const consumers = onPetitionTransferred(
    registry.store,
    { dispositionDays: 30 },
    async () => '张三',
    () => at,
  );
  const contracts = withEarlierVersions(new ContractRegistry().register(...Object.values(petitionsPublicEvents)));
  await deliverEvent({ registry: contracts, pool: db.pool(), consumers }, PetitionTransferredV2, {
    petitionId,
    accused: { name: '张三', position: '主任', unitId },
    category: '违反中央八项规定精神',
    summary: '公款吃喝',
    channel: 'letter',
    realName: true,
    transferredAt: at.toISOString(),
  });
  const { rows } = await db
    .pool()
    .query(`SELECT zone_id, assigned_office FROM ${SCHEMA}.clue_ledger WHERE source_ref = $1`, [petitionId]);
  return rows[0];
}

const items = async (operation: typeof ops.listZones | typeof ops.listUnits) => {
  const reply = await registry.call(operation, clerk, {});
  if (!reply.ok) throw new Error(reply.error.code);
  return (reply.value as { items: unknown[] }).items;
};

describe('A database with the former district-wide registry stream, upgraded', () => {
  it('gets its registry tables from the migration', () => {
    // Then the later ones: clues from every source and their submissions (issue 10), the integrity
    // files (issue 12) and whatever follows them in the service's list, and the clocks.
    const later = caseManagementMigrations.map((m) => m.id).filter((id) => id > 'case-management-004-clue-submissions');
    expect(applied).toEqual([
      'case-management-002-registry-tables',
      'case-management-003-clue-sources-categories-clearance',
      'case-management-004-clue-submissions',
      ...later,
      'deadlines-001-clocks',
    ]);
    expect(later).toEqual(expect.arrayContaining(['case-management-005-integrity-files']));
  });

  it('lists the old zones and units in their order, each unit with its latest zone', async () => {
    expect(await items(ops.listZones)).toEqual([
      { id: 'z2', name: '第二协作区', office: 'supervision-office-2' },
      { id: 'z1', name: '第一协作区', office: 'supervision-office-1' },
      { id: 'z-edu', name: '教育系统', office: 'dispatched-agency-edu' },
    ]);
    expect(await items(ops.listUnits)).toEqual([
      { id: 'u-street', name: '某街道办事处', zoneId: 'z2', staffCount: 120 },
      { id: 'u-school', name: '某中学', zoneId: 'z-edu', staffCount: 80 },
    ]);
  });

  it('routes transferred petitions by the old memberships at the day of the transfer', async () => {
    expect(await transfer('u-street', new Date('2026-03-01T04:00:00Z'))).toEqual({
      zone_id: 'z1',
      assigned_office: 'supervision-office-1',
    });
    expect(await transfer('u-street', new Date('2026-08-01T04:00:00Z'))).toEqual({
      zone_id: 'z2',
      assigned_office: 'supervision-office-2',
    });
    expect(await transfer('u-school', new Date('2026-08-01T04:00:00Z'))).toEqual({
      zone_id: 'z-edu',
      assigned_office: 'dispatched-agency-edu',
    });
    await expect(transfer('u-nobody', new Date('2026-08-01T04:00:00Z'))).rejects.toBeInstanceOf(UnitNotRoutableError);
  });

  it('refuses to register an old zone or unit again, with the same codes', async () => {
    expect(
      await registry.call(ops.registerZone, clerk, { id: 'z1', name: '又一个', office: 'supervision-office-3' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'ZONE_ALREADY_REGISTERED', status: 409 },
    });
    expect(
      await registry.call(ops.registerUnit, clerk, { id: 'u-street', name: '某街道办事处', zoneId: 'z1', staffCount: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNIT_ALREADY_REGISTERED', status: 409 },
    });
    expect(
      await registry.call(ops.moveUnit, clerk, { unitId: 'u-street', zoneId: 'z2', effectiveFrom: '2027-01-01' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNIT_ALREADY_IN_ZONE', status: 409 },
    });
    expect(
      await registry.call(ops.moveUnit, clerk, { unitId: 'u-street', zoneId: 'z1', effectiveFrom: '2026-07-01' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'EFFECTIVE_DATE_NOT_AFTER_CURRENT', status: 422 },
    });
  });

  it('moves an old unit on its own new stream, and routes by the move', async () => {
    expect(await registry.call(ops.moveUnit, clerk, { unitId: 'u-street', zoneId: 'z1', effectiveFrom: '2027-01-01' })).toEqual({
      ok: true,
      value: { unitId: 'u-street', zoneId: 'z1', effectiveFrom: '2027-01-01' },
    });
    // Twenty more moves at once: the first on the new stream races on 'no-stream' like any other.
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registry.call(ops.moveUnit, clerk, { unitId: 'u-school', zoneId: i % 2 ? 'z1' : 'z2', effectiveFrom: '2027-02-01' }),
      ),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.every((r) => r.ok || r.error.status < 500)).toBe(true);

    const street = await registry.store.readStream(unitStream('u-street'));
    expect(street.map((e) => [e.version, e.type, e.data])).toEqual([
      [1, 'UnitAssignedToZone', { unitId: 'u-street', zoneId: 'z1', effectiveFrom: '2027-01-01' }],
    ]);
    // The event is the public one, unchanged.
    const contract = (caseManagementPublicEvents as Record<string, EventContract>)['UnitAssignedToZone']!;
    expect(contract.errors(street[0]!.data)).toEqual([]);
    expect(await transfer('u-street', new Date('2026-12-31T15:59:59Z'))).toEqual({
      zone_id: 'z2',
      assigned_office: 'supervision-office-2',
    });
    expect(await transfer('u-street', new Date('2026-12-31T16:00:00Z'))).toEqual({
      zone_id: 'z1',
      assigned_office: 'supervision-office-1',
    });
    expect(await items(ops.listUnits)).toContainEqual({ id: 'u-street', name: '某街道办事处', zoneId: 'z1', staffCount: 120 });
  });

  it('registers new units into old zones', async () => {
    expect(
      (await registry.call(ops.registerUnit, clerk, { id: 'u-new', name: '新单位', zoneId: 'z-edu', staffCount: 5 })).ok,
    ).toBe(true);
    expect(await transfer('u-new', new Date())).toEqual({ zone_id: 'z-edu', assigned_office: 'dispatched-agency-edu' });
  });

  it('leaves the former stream as it was', async () => {
    const events = await registry.store.readStream('registry');
    expect(events.map((e) => ({ type: e.type, data: e.data }))).toEqual(legacy);
  });
});
