// A burst never wedges the service: with two pooled connections, 200 concurrent calls of each
// transactional operation end in a success or a clean domain refusal, and the service still answers.
import { randomUUID } from 'node:crypto';
import { caseManagementOperations as ops, PetitionTransferredV2 } from '@jiandu/contracts';
import { burst as burstOf, outcomes, startServiceHarness, type ServiceHarness } from '@jiandu/runtime';
import { uniqueName, serviceOnOwnDatabase } from '@jiandu/testing';
import { caseManagementService } from '../src/main.js';

// Every call must end answered, and this burst must not fail for want of time on a loaded CI machine:
// the waits a caller would cut short (queue, contention) are generous here (their 503s: libs/runtime's specs).
const GENEROUS_BUDGETS = { RPC_QUEUE_TIMEOUT_MS: '60000', CONTENTION_BUDGET_MS: '60000' };

const clerk = { sub: 'u-cm', name: '案管室干部', office: 'case-management', roles: ['staff'], zones: [] };
const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };
const leader = { sub: 'u-ld', name: '委领导', office: 'leadership', roles: ['leader'], zones: [] };
const BURST = 200;

const { service: cm } = serviceOnOwnDatabase('cm_burst', (db) =>
  startServiceHarness((env) => caseManagementService(env, { accusedNames: async () => '张三' }), {
    DATABASE_URL: db.url,
    PG_POOL_SIZE: '2',
    ...GENEROUS_BUDGETS,
  }),
);
beforeAll(async () => {
  expect((await cm.call(ops.registerZone, clerk, { id: 'z1', name: '第一协作区', office: 'supervision-office-1' })).ok).toBe(
    true,
  );
  expect((await cm.call(ops.registerUnit, clerk, { id: 'u-xx', name: '某街道办事处', zoneId: 'z1', staffCount: 120 })).ok).toBe(
    true,
  );
}, 60_000);

/** A clue registered by the service's own consumer, as a transferred petition registers it. */
async function clue(): Promise<string> {
  const petitionId = `p-${randomUUID()}`;
  await cm.deliver(PetitionTransferredV2, {
    petitionId,
    accused: { name: '张三', position: '主任', unitId: 'u-xx' },
    category: '违反中央八项规定精神',
    summary: '公款吃喝',
    channel: 'letter',
    realName: true,
    transferredAt: new Date().toISOString(),
  });
  return `c-${petitionId}`;
}

const burst = (call: (i: number) => ReturnType<ServiceHarness['call']>) => burstOf(BURST, call);

async function stillAnswers(): Promise<void> {
  expect((await cm.health()).status).toBe(200);
  expect((await cm.call(ops.listClues, clerk, {})).ok).toBe(true);
}

describe('The case-management service under a burst (PG_POOL_SIZE=2)', () => {
  it('proposes once when 200 proposals for one clue arrive at once', async () => {
    const clueId = await clue();
    expect(
      outcomes(await burst(() => cm.call(ops.proposeDisposition, office1, { clueId, kind: 'inquiry', reason: '问题具体' }))),
    ).toEqual({ ok: 1, refused: BURST - 1, failed: {} });
    await stillAnswers();
  }, 60_000);

  it.each([
    ['approve', ops.approveDisposition, { note: '同意' }],
    ['reject', ops.rejectDisposition, { note: '不同意' }],
  ] as const)(
    '%s clicked 200 times at once: one success, 199 clean refusals',
    async (_name, operation, extra) => {
      const clueId = await clue();
      expect((await cm.call(ops.proposeDisposition, office1, { clueId, kind: 'inquiry', reason: '问题具体' })).ok).toBe(true);
      expect(outcomes(await burst(() => cm.call(operation, leader, { clueId, ...extra })))).toEqual({
        ok: 1,
        refused: BURST - 1,
        failed: {},
      });
      await stillAnswers();
    },
    60_000,
  );

  it('registers 200 units at once, none failing', async () => {
    const run = uniqueName('u');
    expect(
      outcomes(
        await burst((i) =>
          cm.call(ops.registerUnit, clerk, { id: `${run}-${i}`, name: `单位${i}`, zoneId: 'z1', staffCount: 10 }),
        ),
      ),
    ).toEqual({ ok: BURST, refused: 0, failed: {} });
    await stillAnswers();
  }, 60_000);

  it('registers one zone once when 200 registrations of it arrive at once, the rest cleanly refused', async () => {
    const id = uniqueName('z');
    expect(
      outcomes(await burst(() => cm.call(ops.registerZone, clerk, { id, name: '协作区', office: 'supervision-office-2' }))),
    ).toEqual({ ok: 1, refused: BURST - 1, failed: {} });
    await stillAnswers();
  }, 60_000);

  it('moves a unit under 200 concurrent moves without a failure', async () => {
    const counted = outcomes(
      await burst((i) =>
        cm.call(ops.moveUnit, clerk, {
          unitId: 'u-xx',
          zoneId: 'z1',
          effectiveFrom: `2026-${String((i % 12) + 1).padStart(2, '0')}-01`,
        }),
      ),
    );
    expect(counted.failed).toEqual({});
    expect(counted.ok + counted.refused).toBe(BURST);
    await stillAnswers();
  }, 60_000);
});
