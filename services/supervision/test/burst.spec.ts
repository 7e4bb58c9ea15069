// A burst never wedges the service: with two pooled connections, 200 concurrent calls of each kind
// of transactional operation end in a success or a clean domain refusal, and the service still answers.
import { randomUUID } from 'node:crypto';
import { caseManagementPublicEvents as cm, supervisionOperations as ops } from '@jiandu/contracts';
import { burst as burstOf, outcomes, startServiceHarness, type ServiceHarness } from '@jiandu/runtime';
import { eventually, serviceOnOwnDatabase } from '@jiandu/testing';
import { supervisionService } from '../src/main.js';

// Every call must end answered, and this burst must not fail for want of time on a loaded CI machine:
// the waits a caller would cut short (queue, contention) are generous here (their 503s: libs/runtime's specs).
const GENEROUS_BUDGETS = { RPC_QUEUE_TIMEOUT_MS: '60000', CONTENTION_BUDGET_MS: '60000' };

const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };
const agency = { sub: 'u-pz', name: '派驻机构干部', office: 'dispatched-agency-edu', roles: ['staff'], zones: [] };
const BURST = 200;

const { service: sv } = serviceOnOwnDatabase('sv_burst', (db) =>
  startServiceHarness(supervisionService, { DATABASE_URL: db.url, PG_POOL_SIZE: '2', ...GENEROUS_BUDGETS }),
);

let seq = 0;
/** An inquiry opened by the service's own reactor, as an approved disposition opens it. */
async function inquiry(): Promise<string> {
  seq += 1;
  const clueId = `c-${randomUUID()}`;
  const number = `XS-2026-${String(seq).padStart(6, '0')}`;
  await sv.deliver(cm.ClueRegistered, {
    clueId,
    number,
    source: 'petition' as const,
    sourceRef: `p-${clueId}`,
    unitId: 'u-xx',
    zoneId: 'z1',
    accused: { subjectRef: clueId, position: '主任', unitId: 'u-xx' },
    categories: ['eight-rules'],
    category: '八项规定',
    summary: '公款吃喝',
    registeredAt: new Date().toISOString(),
  });
  await sv.deliver(cm.DispositionApproved, {
    clueId,
    number,
    kind: 'inquiry' as const,
    unitId: 'u-xx',
    assignedOffice: 'supervision-office-1',
    sourceRef: `p-${clueId}`,
  });
  return eventually(async () => {
    const reply = await sv.call(ops.getInquiry, office1, { inquiryId: `i-${clueId}` });
    if (!reply.ok) throw new Error('not opened yet');
    return `i-${clueId}`;
  });
}

const burst = (call: (i: number) => ReturnType<ServiceHarness['call']>) => burstOf(BURST, call);

async function stillAnswers(): Promise<void> {
  expect((await sv.health()).status).toBe(200);
  expect((await sv.call(ops.listInquiries, office1, {})).ok).toBe(true);
}

describe('The supervision service under a burst (PG_POOL_SIZE=2)', () => {
  it('sends one letter when 200 letters for one inquiry arrive at once; the rest are clean refusals', async () => {
    const inquiryId = await inquiry();
    expect(
      outcomes(await burst(() => sv.call(ops.sendInquiryLetter, office1, { inquiryId, issueSummary: '请书面说明' }))),
    ).toEqual({ ok: 1, refused: BURST - 1, failed: {} });
    await stillAnswers();
  }, 60_000);

  it('concludes once, with its follow-up, when 200 conclusions arrive at once', async () => {
    const inquiryId = await inquiry();
    expect((await sv.call(ops.sendInquiryLetter, office1, { inquiryId, issueSummary: '请书面说明' })).ok).toBe(true);
    expect((await sv.call(ops.receiveInquiryReply, office1, { inquiryId, summary: '本人书面说明' })).ok).toBe(true);
    expect(
      (await sv.call(ops.assessInquiry, office1, { inquiryId, outcome: 'convert-to-verification', note: '转初核' })).ok,
    ).toBe(true);
    const counted = outcomes(await burst(() => sv.call(ops.concludeInquiry, office1, { inquiryId, conclusion: '转初步核实' })));
    expect(counted.ok).toBe(1);
    expect(counted.failed).toEqual({});
    const verifications = await sv.call(ops.listVerifications, office1, {});
    expect(verifications.ok && (verifications.value as { items: { clueId?: string }[] }).items.length).toBeGreaterThanOrEqual(1);
    await stillAnswers();
  }, 60_000);

  it('issues 200 recommendations at once, none failing', async () => {
    for (let i = 0; i < BURST; i++) {
      await sv.deliver(cm.UnitRegistered, { unitId: `u-${i}`, name: `单位${i}`, staffCount: 10 });
      await sv.deliver(cm.UnitAssignedToZone, { unitId: `u-${i}`, zoneId: 'z1', effectiveFrom: '2020-01-01' });
    }
    expect(
      outcomes(
        await burst((i) =>
          sv.call(ops.issueRecommendation, office1, { kind: 'discipline', unitId: `u-${i}`, content: '建议加强管理' }),
        ),
      ),
    ).toEqual({ ok: BURST, refused: 0, failed: {} });
    await stillAnswers();
  }, 60_000);

  it('records one quarterly report when an agency submits it 200 times at once; the rest are clean refusals', async () => {
    expect(
      outcomes(
        await burst(() =>
          sv.call(ops.submitAgencyReport, agency, { kind: 'quarterly', year: 2026, quarter: 3, summary: '第三季度报告' }),
        ),
      ),
    ).toEqual({ ok: 1, refused: BURST - 1, failed: {} });
    await stillAnswers();
  }, 60_000);

  it('takes 200 different quarterly reports of one agency at once, all on its one stream, none failing', async () => {
    const counted = outcomes(
      await burst((i) =>
        sv.call(
          ops.submitAgencyReport,
          { ...agency, office: 'dispatched-agency-health' },
          { kind: 'quarterly', year: 2000 + (i % 25), quarter: (Math.floor(i / 25) % 4) + 1, summary: `报告${i}` },
        ),
      ),
    );
    expect(counted.failed).toEqual({});
    expect(counted.ok + counted.refused).toBe(BURST);
    expect(counted.ok).toBe(100); // 25 years x 4 quarters, each submitted twice: the second of each pair is refused
    await stillAnswers();
  }, 60_000);
});
