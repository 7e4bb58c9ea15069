// The supervision service's records (projections), clocks and reactors against a real PostgreSQL
// and NATS: the service runs in-process as `npm start` runs it, with its own database, stream and
// subject namespace. Every reply, query or command, is checked strictly against its operation's
// response schema: an undeclared, renamed or missing field fails.
import { randomUUID } from 'node:crypto';
import {
  caseManagementPublicEvents as cm,
  caseOperations,
  supervisionOperations as ops,
  type ApiOperation,
  type EventContract,
} from '@jiandu/contracts';
import { startServiceHarness } from '@jiandu/runtime';
import { eventually, serviceOnOwnDatabase, strictCalls } from '@jiandu/testing';
import { supervisionService } from '../src/main.js';

const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };
const office2 = { sub: 'u-s2', name: '二室干部', office: 'supervision-office-2', roles: ['staff'], zones: ['z2'] };
const leader = { sub: 'u-ld', name: '委领导', office: 'leadership', roles: ['leader', 'secretary'], zones: [] };
const general = { sub: 'u-go', name: '办公室干部', office: 'general-office', roles: ['staff'], zones: [] };
const agency = { sub: 'u-pz', name: '派驻组干部', office: 'dispatched-agency-edu', roles: ['staff'], zones: ['za'] };
type Who = typeof office1;

// The service's clock is pinned (JIANDU_NOW) so that due dates are known; its limits are configured.
const { service: sv } = serviceOnOwnDatabase('sv_records', (db) =>
  startServiceHarness(supervisionService, {
    DATABASE_URL: db.url,
    JIANDU_NOW: '2026-09-25T02:00:00.000Z',
    INQUIRY_REPLY_WORKING_DAYS: '5',
    DEADLINE_WATCH_INTERVAL_MS: '200',
  }),
);
beforeAll(async () => {
  await deliver(cm.UnitRegistered, { unitId: 'u-1', name: '某街道办事处', staffCount: 120 });
  await deliver(cm.UnitAssignedToZone, { unitId: 'u-1', zoneId: 'z1', effectiveFrom: '2020-01-01' });
  await deliver(cm.UnitRegistered, { unitId: 'u-a', name: '某局', staffCount: 80 });
  await deliver(cm.UnitAssignedToZone, { unitId: 'u-a', zoneId: 'za', effectiveFrom: '2020-01-01' });
}, 60_000);

// ── delivery as the consumer runner does it: decode with the registry, the reactor's handle in a transaction
const deliver = <T>(contract: EventContract<T>, data: T): Promise<void> => sv.deliver(contract, data);

// ── every reply strictly against the operation's response schema (and every operation called at least once)
const { call, refused, unchecked } = strictCalls<Who>(sv);

let seq = 0;
async function openedBy(kind: 'inquiry' | 'verification'): Promise<string> {
  seq += 1;
  const clueId = `c-${randomUUID()}`;
  const number = `XS-2026-${String(seq).padStart(6, '0')}`;
  const accused = { subjectRef: clueId, position: '主任', unitId: 'u-1' };
  const registered = {
    clueId,
    number,
    source: 'petition' as const,
    sourceRef: `p-${clueId}`,
    unitId: 'u-1',
    zoneId: 'z1',
    accused,
    categories: ['eight-rules'],
    category: '八项规定',
    summary: '公款吃喝',
    registeredAt: '2026-09-20T02:00:00.000Z',
  };
  await deliver(cm.ClueRegistered, registered);
  await deliver(cm.DispositionApproved, {
    clueId,
    number,
    kind,
    unitId: 'u-1',
    assignedOffice: 'supervision-office-1',
    sourceRef: `p-${clueId}`,
  });
  return clueId;
}
const clocks = async (who: Who, state?: 'running' | 'met' | 'breached') =>
  (await call(ops.listClocks, who, state ? { state } : {})).items as {
    id: string;
    rule: string;
    dueOn: string;
    state: string;
    subject: string;
  }[];

describe('Supervision records, clocks and reactors', () => {
  it('opens an inquiry on an approved disposition and keeps its record through every step, true to the contract', async () => {
    const clueId = await openedBy('inquiry');
    const inquiryId = `i-${clueId}`;
    expect(await call(ops.getInquiry, office1, { inquiryId })).toMatchObject({
      id: inquiryId,
      status: 'approved',
      office: 'supervision-office-1',
      unitId: 'u-1',
      clueId,
      round: 1,
    });
    // The same disposition delivered again opens nothing more.
    expect((await call(ops.listInquiries, office1, {})).total).toBeGreaterThanOrEqual(1);

    expect(await call(ops.sendInquiryLetter, office1, { inquiryId, issueSummary: '问'.repeat(1000) })).toEqual({
      id: inquiryId,
      status: 'letter-sent',
    });
    // INQUIRY_REPLY_WORKING_DAYS=5: the reply is due 5 working days after 2026-09-25, across National Day
    // (09-28 and 10-09 are working days, 10-01 to 10-08 the holiday).
    const letter = await call(ops.getInquiry, office1, { inquiryId });
    expect(letter).toMatchObject({ mode: 'letter', replyDueOn: '2026-10-09' });
    const replyClock = (await clocks(office1, 'running')).find((c) => c.subject === inquiryId);
    expect(replyClock).toMatchObject({ rule: '函询回复 5 个工作日', dueOn: '2026-10-09' });

    await call(ops.receiveInquiryReply, office1, { inquiryId, summary: '答'.repeat(5000) });
    expect((await clocks(office1, 'met')).map((c) => c.id)).toContain(`inquiry-reply-${inquiryId}`);
    await call(ops.assessInquiry, office1, { inquiryId, outcome: 'light-measure', measure: 'criticism', note: '批评教育' });
    expect(await call(ops.getInquiry, office1, { inquiryId })).toMatchObject({
      status: 'assessed',
      outcome: 'light-measure',
      measure: 'criticism',
      concludeDueOn: '2026-10-26', // 30 days reach Sunday 10-25 (民法典 Art. 203)
    });
    expect(await call(ops.concludeInquiry, office1, { inquiryId, conclusion: '结'.repeat(5000) })).toEqual({
      id: inquiryId,
      status: 'concluded',
    });
    const done = await call(ops.getInquiry, office1, { inquiryId });
    expect((done.history as { type: string }[]).map((h) => h.type)).toContain('InquiryConcluded');
    // Another office does not see it.
    expect((await refused(ops.getInquiry, office2, { inquiryId })).status).toBe(404);
  }, 60_000);

  it('converts an inquiry into a verification of the same id form as one opened on a disposition', async () => {
    const clueId = await openedBy('inquiry');
    const inquiryId = `i-${clueId}`;
    await call(ops.conductTalk, office1, { inquiryId, summary: '谈话' });
    expect(await call(ops.getInquiry, office1, { inquiryId })).toMatchObject({ mode: 'talk' });
    await call(ops.assessInquiry, office1, { inquiryId, outcome: 'convert-to-verification', note: '转初核' });
    await call(ops.concludeInquiry, office1, { inquiryId, conclusion: '转初步核实' });
    const converted = await call(ops.getVerification, office1, { verificationId: `v-${clueId}` });
    expect(converted).toMatchObject({ status: 'awaiting-plan', clueId, fromInquiryId: inquiryId });

    const other = await openedBy('verification');
    const verificationId = `v-${other}`;
    await call(ops.submitVerificationPlan, office1, {
      verificationId,
      plan: '调取账目',
      team: ['甲', '乙'],
      subjectHeadsLowerCommittee: false,
    });
    await call(ops.approveVerification, leader, { verificationId });
    expect((await clocks(office1, 'running')).find((c) => c.subject === verificationId)).toMatchObject({
      rule: '初步核实 2 个月',
    });
    await call(ops.extendVerification, office1, { verificationId, reason: '情况复杂' });
    await call(ops.submitVerificationReport, office1, { verificationId, findings: '部分属实' });
    await call(ops.decideVerification, office1, { verificationId, decision: 'close', note: '予以了结' });
    const decided = await call(ops.getVerification, office1, { verificationId });
    expect(decided).toMatchObject({
      status: 'decided',
      team: ['甲', '乙'],
      escalated: false,
      extended: true,
      plan: '调取账目',
      findings: '部分属实',
      decision: 'close',
    });
  }, 60_000);

  it('sends a rejected plan back for another, and lists verifications', async () => {
    const verificationId = `v-${await openedBy('verification')}`;
    await call(ops.submitVerificationPlan, office1, {
      verificationId,
      plan: '初稿',
      team: ['甲', '乙'],
      subjectHeadsLowerCommittee: true,
    });
    expect(await call(ops.rejectVerificationPlan, leader, { verificationId, note: '方案不完整' })).toEqual({
      id: verificationId,
      status: 'plan-rejected',
    });
    expect(await call(ops.getVerification, office1, { verificationId })).toMatchObject({ status: 'plan-rejected' });
    await call(ops.submitVerificationPlan, office1, {
      verificationId,
      plan: '修改稿',
      team: ['甲', '乙', '丙'],
      subjectHeadsLowerCommittee: true,
    });
    const listed = (await call(ops.listVerifications, office1, { status: 'plan-submitted' })).items as { id: string }[];
    expect(listed.map((v) => v.id)).toContain(verificationId);
    expect((await call(ops.listVerifications, office2, {})).items).toEqual([]);
  }, 60_000);

  it('issues recommendations and opens rectifications only for a registered unit in the caller’s zones', async () => {
    expect(
      await refused(ops.issueRecommendation, office1, { kind: 'discipline', unitId: 'u-none', content: '建议' }),
    ).toMatchObject({ code: 'UNIT_NOT_FOUND', status: 404 });
    expect(await refused(ops.issueRecommendation, office2, { kind: 'discipline', unitId: 'u-1', content: '建议' })).toMatchObject(
      { code: 'FORBIDDEN_ZONE', status: 403 },
    );
    expect(
      await refused(ops.openRectification, office2, { source: 'case', unitId: 'u-1', description: '整改', dueOn: '2026-12-31' }),
    ).toMatchObject({ code: 'FORBIDDEN_ZONE', status: 403 });

    const { id: recommendationId } = (await call(ops.issueRecommendation, office1, {
      kind: 'supervisory',
      unitId: 'u-1',
      content: '建议加强管理',
    })) as { id: string };
    expect(await call(ops.getRecommendation, office1, { recommendationId })).toMatchObject({
      kind: 'supervisory',
      status: 'issued',
      issuedOn: '2026-09-25',
      responseDueOn: '2026-10-26', // 30 days reach Sunday 10-25 (民法典 Art. 203)
      content: '建议加强管理',
    });
    await call(ops.listRecommendations, office1, { kind: 'supervisory' });

    const { id: rectificationId } = (await call(ops.openRectification, office1, {
      source: 'case',
      unitId: 'u-1',
      description: '以案促改',
      dueOn: '2026-12-31',
    })) as { id: string };
    await call(ops.completeRectification, office1, { rectificationId, note: '已完成' });
    expect(await call(ops.reopenRectification, office1, { rectificationId, reason: '不彻底', dueOn: '2027-01-29' })).toEqual({
      id: rectificationId,
      status: 'reopened',
    });
    expect(await call(ops.getRectification, office1, { rectificationId })).toMatchObject({
      source: 'case',
      status: 'reopened',
      dueOn: '2027-01-29',
      description: '以案促改',
    });
    await call(ops.listRectifications, office1, { source: 'case' });
  }, 60_000);

  it('follows a recommendation to its close, records a refusal, and verifies a rectification', async () => {
    const issue = async () =>
      ((await call(ops.issueRecommendation, office1, { kind: 'discipline', unitId: 'u-1', content: '建议' })) as { id: string })
        .id;
    const recommendationId = await issue();
    expect(await call(ops.recordRecommendationResponse, office1, { recommendationId, response: '已整改' })).toEqual({
      id: recommendationId,
      status: 'responded',
    });
    expect(await call(ops.verifyRecommendation, office1, { recommendationId, finding: '回头看属实' })).toEqual({
      id: recommendationId,
      status: 'verified',
    });
    expect(await call(ops.closeRecommendation, office1, { recommendationId })).toEqual({
      id: recommendationId,
      status: 'closed',
    });
    expect(await call(ops.getRecommendation, office1, { recommendationId })).toMatchObject({ status: 'closed' });
    const refusedId = await issue();
    expect(await call(ops.recordRecommendationRefusal, office1, { recommendationId: refusedId, note: '拒不整改' })).toEqual({
      id: refusedId,
      status: 'escalated',
    });

    const { id: rectificationId } = (await call(ops.openRectification, office1, {
      source: 'recommendation',
      sourceRef: recommendationId,
      unitId: 'u-1',
      description: '整改',
      dueOn: '2026-12-31',
    })) as { id: string };
    expect(await call(ops.reportRectificationProgress, office1, { rectificationId, note: '进行中' })).toEqual({
      id: rectificationId,
      status: 'in-progress',
    });
    await call(ops.completeRectification, office1, { rectificationId, note: '已完成' });
    expect(await call(ops.verifyRectification, office1, { rectificationId, note: '验收合格' })).toEqual({
      id: rectificationId,
      status: 'verified',
    });
    expect(await call(ops.getRectification, office1, { rectificationId })).toMatchObject({
      status: 'verified',
      sourceRef: recommendationId,
    });
  }, 60_000);

  it('answers oversight tasks and agency reports under the contract’s names', async () => {
    const { id: taskId } = (await call(ops.assignOversightTask, general, {
      title: '督办事项',
      description: '限期办理',
      assigneeOffice: 'supervision-office-1',
      dueOn: '2026-10-30',
    })) as { id: string };
    expect(await call(ops.recordOversightProgress, office1, { taskId, note: '正在办理' })).toEqual({
      id: taskId,
      status: 'in-progress',
    });
    await call(ops.closeOversightTask, general, { taskId, result: '已办结' });
    expect(await call(ops.getOversightTask, general, { taskId })).toMatchObject({
      title: '督办事项',
      assigneeOffice: 'supervision-office-1',
      status: 'closed',
      description: '限期办理',
      result: '已办结',
    });
    expect((await call(ops.listOversightTasks, office1, {})).total).toBe(1);

    const quarterly = await call(ops.submitAgencyReport, agency, {
      kind: 'quarterly',
      year: 2026,
      quarter: 3,
      summary: '第三季度',
    });
    const ecology = await call(ops.submitAgencyReport, agency, {
      kind: 'political-ecology',
      year: 2026,
      unitId: 'u-a',
      summary: '政治生态',
    });
    expect(
      await refused(ops.submitAgencyReport, agency, {
        kind: 'political-ecology',
        year: 2026,
        unitId: 'u-1',
        summary: '政治生态',
      }),
    ).toMatchObject({ code: 'FORBIDDEN_ZONE' });
    const reports = (await call(ops.listAgencyReports, agency, { year: 2026 })).items as { id: string }[];
    expect(reports.map((r) => r.id).sort()).toEqual([quarterly.id, ecology.id].sort());
    expect(reports).toContainEqual(
      expect.objectContaining({ agency: 'dispatched-agency-edu', kind: 'quarterly', quarter: 3, summary: '第三季度' }),
    );
    expect((await clocks(agency, 'met')).map((c) => c.id)).toContain('agency-quarterly-dispatched-agency-edu-2026-Q3');
  }, 60_000);

  it('learns an agency from its zone and runs its quarterly clock', async () => {
    await deliver(cm.ZoneRegistered, { zoneId: 'zh', name: '派驻某局纪检监察组', office: 'dispatched-agency-health' });
    const health = { ...agency, sub: 'u-h', office: 'dispatched-agency-health', zones: ['zh'] };
    await eventually(
      async () => {
        const items = await clocks(health, 'running');
        return items.some((c) => c.id === 'agency-quarterly-dispatched-agency-health-2026-Q3');
      },
      { timeoutMs: 10_000 },
    );
  }, 20_000);

  it('lets a 纪检监察室 read the reports of the agencies in its zones, and no other office’s; 案管, 党风政风监督室 and leadership all', async () => {
    // Two agencies, each registered with its own zone (ZoneRegistered → supervision's `agencies`).
    await deliver(cm.ZoneRegistered, { zoneId: 'zw', name: '派驻区水务局纪检监察组', office: 'dispatched-agency-water' });
    await deliver(cm.ZoneRegistered, { zoneId: 'zf', name: '派驻区财政局纪检监察组', office: 'dispatched-agency-finance' });
    await deliver(cm.UnitRegistered, { unitId: 'u-w', name: '区水务局', staffCount: 60 });
    await deliver(cm.UnitAssignedToZone, { unitId: 'u-w', zoneId: 'zw', effectiveFrom: '2020-01-01' });
    const water = { ...agency, sub: 'u-w', office: 'dispatched-agency-water', zones: ['zw'] };
    const finance = { ...agency, sub: 'u-f', office: 'dispatched-agency-finance', zones: ['zf'] };
    const year = 2025;
    const waterIds = [
      (await call(ops.submitAgencyReport, water, { kind: 'quarterly', year, quarter: 4, summary: '第四季度' })).id,
      (await call(ops.submitAgencyReport, water, { kind: 'political-ecology', year, unitId: 'u-w', summary: '政治生态' })).id,
    ].sort();
    const financeIds = [
      (await call(ops.submitAgencyReport, finance, { kind: 'quarterly', year, quarter: 4, summary: '第四季度' })).id,
    ];
    const seen = async (who: Who, filter: object = {}) => {
      const { items, total } = (await call(ops.listAgencyReports, who, { year, ...filter })) as {
        items: { id: string }[];
        total: number;
      };
      expect(total).toBe(items.length);
      return items.map((r) => r.id).sort();
    };

    // 一室's 协作区 includes the water agency's zone, 二室's the finance agency's.
    const office1WithAgency = { ...office1, zones: ['z1', 'zw'] };
    const office2WithAgency = { ...office2, zones: ['z2', 'zf'] };
    expect(await seen(office1WithAgency)).toEqual(waterIds);
    expect(await seen(office2WithAgency)).toEqual(financeIds);
    // need to know: an office whose claim names neither agency's zone sees none, whatever it asks for
    expect(await seen(office1)).toEqual([]);
    expect(await seen(office1WithAgency, { agency: 'dispatched-agency-finance' })).toEqual([]);
    const firstPage = (await call(ops.listAgencyReports, office1WithAgency, {
      year,
      agency: 'dispatched-agency-water',
      pageSize: 1,
    })) as {
      items: unknown[];
      total: number;
    };
    expect({ items: firstPage.items.length, total: firstPage.total }).toEqual({ items: 1, total: 2 });
    // an agency its own
    expect(await seen(water)).toEqual(waterIds);
    expect(await seen(finance)).toEqual(financeIds);
    // 案管, 党风政风监督室 and leadership every one
    const all = [...waterIds, ...financeIds].sort();
    const conduct = { ...general, sub: 'u-df', name: '党风室干部', office: 'conduct-office' };
    const clerk = { ...general, sub: 'u-cm', name: '案管室干部', office: 'case-management' };
    for (const who of [leader, conduct, clerk]) expect(await seen(who)).toEqual(all);
    // the others are refused by the service itself (ACCESS_POLICY), as by the gateway
    for (const office of ['petition-office', 'review-office', 'general-office', 'publicity-dept'])
      expect(await refused(ops.listAgencyReports, { ...general, office }, { year })).toMatchObject({
        code: 'FORBIDDEN',
        status: 403,
      });
  }, 30_000);

  it('has checked every operation of the contract, command and query, at least once', () => {
    // The cases' operations are checked end to end (e2e/test/review.e2e.spec.ts), the 加强监督建议书's
    // strictly in test/supervision-advice.spec.ts.
    const cases = new Set<ApiOperation>(Object.values(caseOperations));
    const advice = new Set<ApiOperation>([ops.listSupervisionAdvice, ops.getSupervisionAdvice, ops.respondToSupervisionAdvice]);
    expect(unchecked(ops, [...cases, ...advice])).toEqual([]);
  });
});
