// Issue 8: the registry was one stream, so concurrent registrations all raced on one version and
// POST /api/v1/zones collapsed at 50/s. Now each zone and unit has its own stream: commands on
// different ids never contend, and commands on one id race on that stream alone and end in one
// success and clean refusals. Served through serveRpc with the service's transaction settings.
import { caseManagementOperations as ops } from '@jiandu/contracts';
import { fromStored, tally } from '@jiandu/runtime';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import type { UnitEvent } from '../src/domain/registry-unit.js';
import type { ZoneEvent } from '../src/domain/registry-zone.js';
import { unitDecider, unitStream } from '../src/domain/registry-unit.js';
import { zoneDecider, zoneStream } from '../src/domain/registry-zone.js';
import { unitRoute, unitSnapshot, zoneSnapshot } from '../src/projections/registry.projection.js';
import { clerk, officeStaff, openRegistry, SCHEMA, type RegistryUnderTest } from './registry.harness.js';

let db: TestDatabase;
let registry: RegistryUnderTest;

beforeAll(async () => {
  db = await createTestDatabase('cm_registry_streams');
  registry = await openRegistry(db);
});
afterAll(() => db?.drop());

const at = (n: number, call: (i: number) => ReturnType<RegistryUnderTest['call']>) =>
  Promise.all(Array.from({ length: n }, (_, i) => call(i)));
const zone = (id: string, office = 'supervision-office-1') => ({ id, name: `协作区${id}`, office });
const unit = (id: string, zoneId: string) => ({ id, name: `单位${id}`, zoneId, staffCount: 10 });

async function streamVersion(streamId: string): Promise<number> {
  const { rows } = await db
    .pool()
    .query<{ v: number }>(`SELECT coalesce(max(version), 0)::int AS v FROM ${SCHEMA}.events WHERE stream_id = $1`, [streamId]);
  return rows[0]!.v;
}

describe('The registry under concurrent commands (a stream per zone and per unit)', () => {
  it('registers 50 zones at once: every one succeeds, none contends', async () => {
    const before = registry.lostRaces();
    const replies = await at(50, (i) =>
      registry.call(ops.registerZone, clerk, zone(`z-${i}`, `supervision-office-${(i % 9) + 1}`)),
    );
    expect(tally(replies)).toEqual({ ok: 50, refused: {}, failed: {} });
    expect(replies[7]).toEqual({ ok: true, value: { id: 'z-7', name: '协作区z-7', office: 'supervision-office-8' } });
    expect(registry.lostRaces() - before).toBe(0);
    for (const i of [0, 25, 49]) expect(await streamVersion(zoneStream(`z-${i}`))).toBe(1);
    const listed = await registry.call(ops.listZones, clerk, {});
    expect(listed.ok && (listed.value as { items: Array<{ id: string }> }).items.map((z) => z.id).sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `z-${i}`).sort(),
    );
  });

  it('registers 50 units at once into those zones: every one succeeds, none contends', async () => {
    const before = registry.lostRaces();
    const replies = await at(50, (i) => registry.call(ops.registerUnit, clerk, unit(`u-${i}`, `z-${i % 5}`)));
    expect(tally(replies)).toEqual({ ok: 50, refused: {}, failed: {} });
    expect(replies[12]).toEqual({ ok: true, value: { id: 'u-12', name: '单位u-12', zoneId: 'z-2', staffCount: 10 } });
    expect(registry.lostRaces() - before).toBe(0);
    expect(await streamVersion(unitStream('u-12'))).toBe(2);
    const listed = await registry.call(ops.listUnits, clerk, {});
    const items = listed.ok ? (listed.value as { items: Array<{ id: string; zoneId: string }> }).items : [];
    expect(items).toHaveLength(50);
    expect(items.find((u) => u.id === 'u-12')).toEqual({ id: 'u-12', name: '单位u-12', zoneId: 'z-2', staffCount: 10 });
  });

  it('registers 25 zones and 25 units at once, interleaved: every one succeeds, none contends', async () => {
    const before = registry.lostRaces();
    const replies = await at(50, (i) =>
      i % 2 === 0
        ? registry.call(ops.registerZone, clerk, zone(`mz-${i}`))
        : registry.call(ops.registerUnit, clerk, unit(`mu-${i}`, `z-${i % 50}`)),
    );
    expect(tally(replies)).toEqual({ ok: 50, refused: {}, failed: {} });
    expect(registry.lostRaces() - before).toBe(0);
  });

  it('registers one zone once when 20 registrations of it arrive at once; the other 19 are clean 409s', async () => {
    const replies = await at(20, (i) =>
      registry.call(ops.registerZone, clerk, { id: 'z-same', name: `同一协作区${i}`, office: 'supervision-office-3' }),
    );
    expect(tally(replies)).toEqual({ ok: 1, refused: { ZONE_ALREADY_REGISTERED: 19 }, failed: {} });
    for (const reply of replies.filter((r) => !r.ok)) {
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'ZONE_ALREADY_REGISTERED',
          status: 409,
          message: { zh: '该协作区已登记', en: 'this zone is already registered' },
        },
      });
    }
    expect(await streamVersion(zoneStream('z-same'))).toBe(1);
    const winner = replies.find((r) => r.ok)!;
    const { rows } = await db.pool().query(`SELECT name, office, version FROM ${SCHEMA}.registry_zones WHERE zone_id = 'z-same'`);
    expect(rows).toEqual([
      { name: (winner as { value: { name: string } }).value.name, office: 'supervision-office-3', version: 1 },
    ]);
    // Losers ran again on fresh rows: at most one lost race each.
    expect(registry.lostRaces()).toBeLessThanOrEqual(19);
  });

  it('registers one unit once when 20 registrations of it arrive at once; the other 19 are clean 409s', async () => {
    const replies = await at(20, (i) => registry.call(ops.registerUnit, clerk, unit('u-same', `z-${i}`)));
    expect(tally(replies)).toEqual({ ok: 1, refused: { UNIT_ALREADY_REGISTERED: 19 }, failed: {} });
    expect(replies.find((r) => !r.ok)).toEqual({
      ok: false,
      error: {
        code: 'UNIT_ALREADY_REGISTERED',
        status: 409,
        message: { zh: '该单位已登记', en: 'this unit is already registered' },
      },
    });
    expect(await streamVersion(unitStream('u-same'))).toBe(2);
    const { rows } = await db
      .pool()
      .query(`SELECT count(*)::int AS n FROM ${SCHEMA}.registry_memberships WHERE unit_id = 'u-same'`);
    expect(rows[0].n).toBe(1);
  });

  it('moves a unit under 20 concurrent moves: successes or clean refusals, its memberships only moving forward', async () => {
    expect((await registry.call(ops.registerUnit, clerk, { ...unit('u-moving', 'z-0') })).ok).toBe(true);
    const replies = await at(20, (i) =>
      registry.call(ops.moveUnit, clerk, {
        unitId: 'u-moving',
        zoneId: `z-${(i % 3) + 1}`,
        effectiveFrom: `2027-${String((i % 12) + 1).padStart(2, '0')}-01`,
      }),
    );
    const counted = tally(replies);
    expect(counted.failed).toEqual({});
    expect(counted.ok).toBeGreaterThan(0);
    expect(
      Object.keys(counted.refused).every((code) => ['UNIT_ALREADY_IN_ZONE', 'EFFECTIVE_DATE_NOT_AFTER_CURRENT'].includes(code)),
    ).toBe(true);
    const { state, version } = await unitSnapshot(db.pool(), SCHEMA, 'u-moving', '');
    expect(version).toBe(2 + counted.ok);
    expect(version).toBe(await streamVersion(unitStream('u-moving')));
    state!.memberships.forEach((m, i) => {
      const previous = state!.memberships[i - 1];
      if (previous) {
        expect(m.effectiveFrom > previous.effectiveFrom).toBe(true);
        expect(m.zoneId).not.toBe(previous.zoneId);
      }
    });
  });

  it('routes a clue by the zone the unit was in on the day', async () => {
    expect((await registry.call(ops.registerZone, clerk, zone('z-agency', 'dispatched-agency-edu'))).ok).toBe(true);
    expect((await registry.call(ops.registerUnit, clerk, unit('u-routed', 'z-1'))).ok).toBe(true);
    expect(
      (await registry.call(ops.moveUnit, clerk, { unitId: 'u-routed', zoneId: 'z-agency', effectiveFrom: '2099-07-01' })).ok,
    ).toBe(true);
    expect(await unitRoute(db.pool(), SCHEMA, 'u-routed', new Date())).toEqual({ zoneId: 'z-1', office: 'supervision-office-2' });
    // 2099-07-01 begins at Beijing midnight, 16:00 UTC the day before.
    expect(await unitRoute(db.pool(), SCHEMA, 'u-routed', new Date('2099-06-30T15:59:59Z'))).toEqual({
      zoneId: 'z-1',
      office: 'supervision-office-2',
    });
    expect(await unitRoute(db.pool(), SCHEMA, 'u-routed', new Date('2099-06-30T16:00:00Z'))).toEqual({
      zoneId: 'z-agency',
      office: 'dispatched-agency-edu',
    });
    expect(await unitRoute(db.pool(), SCHEMA, 'u-nobody', new Date())).toBeUndefined();
  });

  it('refuses a unit in an unknown zone, a move of an unknown unit, and commands from other offices, with their codes', async () => {
    expect(await registry.call(ops.registerUnit, clerk, unit('u-lost', 'z-nowhere'))).toEqual({
      ok: false,
      error: { code: 'ZONE_NOT_FOUND', status: 404, message: { zh: '未找到协作区', en: 'cooperation zone not found' } },
    });
    expect(
      await registry.call(ops.moveUnit, clerk, { unitId: 'u-lost', zoneId: 'z-1', effectiveFrom: '2027-01-01' }),
    ).toMatchObject({ ok: false, error: { code: 'UNIT_NOT_FOUND', status: 404 } });
    expect(
      await registry.call(ops.moveUnit, clerk, { unitId: 'u-1', zoneId: 'z-nowhere', effectiveFrom: '2027-01-01' }),
    ).toMatchObject({ ok: false, error: { code: 'ZONE_NOT_FOUND', status: 404 } });
    // The access policy answers first (libs/access ACCESS_POLICY), in the service as in the gateway.
    expect(await registry.call(ops.registerZone, officeStaff, zone('z-mine'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', status: 403 },
    });
    expect(await registry.call(ops.registerUnit, officeStaff, unit('u-mine', 'z-1'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', status: 403 },
    });
    // A refusal leaves nothing behind.
    expect(await streamVersion(unitStream('u-lost'))).toBe(0);
    expect(await streamVersion(zoneStream('z-mine'))).toBe(0);
    expect((await zoneSnapshot(db.pool(), SCHEMA, 'z-mine')).state).toBeNull();
  });

  it('keeps the tables exactly what the zone and unit streams fold to, at their versions', async () => {
    const { rows } = await db
      .pool()
      .query<{ stream_id: string }>(
        `SELECT DISTINCT stream_id FROM ${SCHEMA}.events WHERE stream_id LIKE 'zone-%' OR stream_id LIKE 'unit-%'`,
      );
    expect(rows.length).toBeGreaterThan(100);
    for (const { stream_id: streamId } of rows) {
      const events = await registry.store.readStream(streamId);
      const version = events.at(-1)!.version;
      if (streamId.startsWith('zone-')) {
        const folded = events.map((e) => fromStored<ZoneEvent>(e)).reduce(zoneDecider.evolve, zoneDecider.initialState);
        expect(await zoneSnapshot(db.pool(), SCHEMA, streamId.slice('zone-'.length))).toEqual({ state: folded, version });
      } else {
        const folded = events.map((e) => fromStored<UnitEvent>(e)).reduce(unitDecider.evolve, unitDecider.initialState);
        expect(await unitSnapshot(db.pool(), SCHEMA, streamId.slice('unit-'.length), '')).toEqual({
          state: folded,
          version,
          zones: {},
        });
      }
    }
    const counts = await db
      .pool()
      .query(
        `SELECT (SELECT count(*) FROM ${SCHEMA}.registry_zones)::int + (SELECT count(*) FROM ${SCHEMA}.registry_units)::int AS n`,
      );
    expect(counts.rows[0].n).toBe(rows.length);
  });

  it('never touches the former district-wide stream', async () => {
    expect(await streamVersion('registry')).toBe(0);
  });
});
