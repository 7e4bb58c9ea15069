// Who reads the clue ledger, against the service run as `npm start` runs it (real PostgreSQL and
// NATS): 案管, 党风政风监督室 and leadership every clue (DOMAIN.md, "Need to know"); a 纪检监察室 or
// 派驻机构 only the clues assigned to it, another office's answering 404; the others are refused.
// Reading is not disposing: 党风政风监督室 proposes and approves nothing.
import { caseManagementOperations as ops, PetitionTransferredV2 } from '@jiandu/contracts';
import { startServiceHarness } from '@jiandu/runtime';
import { eventually, serviceOnOwnDatabase } from '@jiandu/testing';
import { caseManagementService } from '../src/main.js';

const actor = (office: string, zones: string[] = [], roles = ['staff']) => ({
  sub: `u-${office}`,
  name: office,
  office,
  roles,
  zones,
});
const clerk = actor('case-management');
const conduct = actor('conduct-office');
const leader = actor('leadership', [], ['leader']);
const office1 = actor('supervision-office-1', ['z1']);
const office2 = actor('supervision-office-2', ['z2']);
const agency = actor('dispatched-agency-edu', ['za']);

const { service: cm } = serviceOnOwnDatabase('cm_ledger_access', (db) =>
  startServiceHarness((env) => caseManagementService(env, { accusedNames: async () => '张三' }), { DATABASE_URL: db.url }),
);

const transfer = (petitionId: string, unitId: string) => ({
  petitionId,
  accused: { name: '张三', position: '主任', unitId },
  category: '违反中央八项规定精神',
  summary: '公款吃喝',
  channel: 'letter' as const,
  realName: false,
  transferredAt: new Date().toISOString(),
});

// One clue for each handling office: 一室 (z1), 二室 (z2), the agency (za).
const clueOf: Record<string, string> = {};
beforeAll(async () => {
  const registry: [typeof ops.registerZone | typeof ops.registerUnit, object][] = [
    [ops.registerZone, { id: 'z1', name: '第一协作区', office: 'supervision-office-1' }],
    [ops.registerZone, { id: 'z2', name: '第二协作区', office: 'supervision-office-2' }],
    [ops.registerZone, { id: 'za', name: '派驻某局纪检监察组', office: 'dispatched-agency-edu' }],
    [ops.registerUnit, { id: 'u-street', name: '某街道办事处', zoneId: 'z1', staffCount: 120 }],
    [ops.registerUnit, { id: 'u-bureau', name: '区某局', zoneId: 'z2', staffCount: 80 }],
    [ops.registerUnit, { id: 'u-school', name: '某中学', zoneId: 'za', staffCount: 90 }],
  ];
  for (const [operation, payload] of registry) expect((await cm.call(operation, clerk, payload)).ok).toBe(true);
  for (const [office, unitId] of [
    ['supervision-office-1', 'u-street'],
    ['supervision-office-2', 'u-bureau'],
    ['dispatched-agency-edu', 'u-school'],
  ] as const) {
    const petitionId = `p-${office}`;
    await cm.deliver(PetitionTransferredV2, transfer(petitionId, unitId));
    clueOf[office] = await eventually(async () => {
      const reply = await cm.call(ops.listClues, clerk, { unitId, page: 1, pageSize: 20 });
      const items = reply.ok ? (reply.value as { items: { id: string; assignedOffice: string }[] }).items : [];
      expect(items.map((c) => c.assignedOffice)).toEqual([office]);
      return items[0]!.id;
    });
  }
}, 60_000);

async function listed(who: ReturnType<typeof actor>, filter: object = {}): Promise<string[]> {
  const reply = await cm.call(ops.listClues, who, { page: 1, pageSize: 20, ...filter });
  if (!reply.ok) throw new Error(`list-clues refused: ${JSON.stringify(reply.error)}`);
  const { items, total } = reply.value as { items: { id: string }[]; total: number };
  expect(total).toBe(items.length);
  return items.map((c) => c.id).sort();
}
const status = async (who: ReturnType<typeof actor>, clueId: string) => {
  const reply = await cm.call(ops.getClue, who, { clueId });
  return reply.ok ? 200 : reply.error.status;
};

describe('The clue ledger: need to know', () => {
  it('lets 案管, 党风政风监督室 and leadership list and read every clue', async () => {
    const all = Object.values(clueOf).sort();
    for (const who of [clerk, conduct, leader]) {
      expect({ office: who.office, clues: await listed(who) }).toEqual({ office: who.office, clues: all });
      for (const clueId of all)
        expect({ office: who.office, clueId, status: await status(who, clueId) }).toMatchObject({ status: 200 });
    }
    expect(await listed(conduct, { office: 'supervision-office-2' })).toEqual([clueOf['supervision-office-2']]);
    const read = await cm.call(ops.getClue, conduct, { clueId: clueOf['dispatched-agency-edu'] });
    expect(read.ok && read.value).toMatchObject({ assignedOffice: 'dispatched-agency-edu', history: expect.any(Array) });
  });

  it('lets a 纪检监察室 or 派驻机构 reach only the clues assigned to it (another office’s answers 404)', async () => {
    for (const who of [office1, office2, agency]) {
      expect(await listed(who)).toEqual([clueOf[who.office]]);
      expect(await listed(who, { office: 'supervision-office-1' })).toEqual(who === office1 ? [clueOf[who.office]] : []);
      for (const [office, clueId] of Object.entries(clueOf))
        expect({ who: who.office, office, status: await status(who, clueId!) }).toEqual({
          who: who.office,
          office,
          status: office === who.office ? 200 : 404,
        });
    }
  });

  it('refuses the offices without read access, and 党风政风监督室 every disposition step (403)', async () => {
    for (const office of ['petition-office', 'review-office', 'general-office', 'publicity-dept']) {
      for (const reply of [
        await cm.call(ops.listClues, actor(office), { page: 1, pageSize: 20 }),
        await cm.call(ops.getClue, actor(office), { clueId: clueOf['supervision-office-1'] }),
      ])
        expect({ office, error: !reply.ok && reply.error }).toMatchObject({ office, error: { status: 403 } });
    }
    const clueId = clueOf['supervision-office-1']!;
    const steps = [
      [ops.proposeDisposition, { clueId, kind: 'inquiry', reason: '建议函询' }],
      [ops.approveDisposition, { clueId, note: '同意' }],
      [ops.rejectDisposition, { clueId, note: '退回' }],
    ] as const;
    for (const [operation, payload] of steps) {
      const reply = await cm.call(operation, actor('conduct-office', [], ['staff', 'leader']), payload);
      expect({ operation: operation.name, error: !reply.ok && reply.error }).toMatchObject({
        error: { status: 403, code: 'FORBIDDEN' },
      });
    }
  });
});
