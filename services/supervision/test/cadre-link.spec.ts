// A clue linked to a cadre (case-management's public ClueLinkedToCadre, issue 12): supervision learns
// the link on its durable and its later public events for the clue (InquiryConcluded,
// VerificationDecided, and the case's CaseFiled, CaseFilingRejected, CaseTransferredToReview) carry
// the cadre id, in their latest version; a clue not linked, none. Review's SanctionDecided and
// ReviewConcludedWithoutSanction are read in every published version, each on its own durable. Real
// PostgreSQL, the service in-process as `npm start` runs it, the events read from its store.
import { randomUUID } from 'node:crypto';
import {
  caseManagementPublicEvents as cm,
  publishedVersions,
  reviewPublicEvents as rv,
  ReviewConcludedWithoutSanctionV1,
  SanctionDecidedV1,
  supervisionOperations as ops,
  supervisionPublicEvents as sp,
} from '@jiandu/contracts';
import { startServiceHarness } from '@jiandu/runtime';
import { serviceOnOwnDatabase, strictCalls } from '@jiandu/testing';
import { inquiryStream } from '../src/domain/inquiry.js';
import { verificationStream } from '../src/domain/verification.js';
import { supervisionService } from '../src/main.js';

const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };
const leader = { sub: 'u-ld', name: '委领导', office: 'leadership', roles: ['leader', 'secretary'], zones: [] };
type Who = typeof office1;

const { service: sv } = serviceOnOwnDatabase('sv_cadre_link', (db) =>
  startServiceHarness(supervisionService, { DATABASE_URL: db.url, JIANDU_NOW: '2026-09-25T02:00:00.000Z' }),
);
beforeAll(async () => {
  await sv.deliver(cm.UnitRegistered, { unitId: 'u-1', name: '某街道办事处', staffCount: 120 });
  await sv.deliver(cm.UnitAssignedToZone, { unitId: 'u-1', zoneId: 'z1', effectiveFrom: '2020-01-01' });
}, 60_000);
const { call } = strictCalls<Who>(sv);
/** The durable consumers the service runs, as `npm start` would. */
const supervisionServiceConsumers = () => supervisionService().consumers?.(sv.service.ctx) ?? [];

let seq = 0;
/** A clue registered and approved for `kind`, linked to `cadreId` first when given. */
async function opened(kind: 'inquiry' | 'verification', cadreId?: string): Promise<string> {
  seq += 1;
  const clueId = `c-${randomUUID()}`;
  const number = `XS-2026-${String(seq).padStart(6, '0')}`;
  if (cadreId !== undefined)
    await sv.deliver(cm.ClueLinkedToCadre, { clueId, cadreId, linkedOn: '2026-09-21', office: 'case-management' });
  await sv.deliver(cm.ClueRegistered, {
    clueId,
    number,
    source: 'petition',
    sourceRef: `p-${clueId}`,
    unitId: 'u-1',
    zoneId: 'z1',
    accused: { subjectRef: clueId, position: '主任', unitId: 'u-1' },
    categories: ['eight-rules'],
    category: '八项规定',
    summary: '公款吃喝',
    registeredAt: '2026-09-20T02:00:00.000Z',
  });
  await sv.deliver(cm.DispositionApproved, {
    clueId,
    number,
    kind,
    unitId: 'u-1',
    assignedOffice: 'supervision-office-1',
    sourceRef: `p-${clueId}`,
  });
  return clueId;
}

/** The stored public event of `type` on the stream: its version and data. */
async function stored(streamId: string, type: string) {
  const events = await sv.service.ctx.store.readStream(streamId);
  const event = events.find((e) => e.type === type);
  return { version: event?.schemaVersion, data: event?.data as Record<string, unknown> | undefined };
}

async function concludeInquiry(clueId: string) {
  const inquiryId = `i-${clueId}`;
  await call(ops.conductTalk, office1, { inquiryId, summary: '谈话' });
  await call(ops.assessInquiry, office1, { inquiryId, outcome: 'light-measure', measure: 'criticism', note: '批评教育' });
  await call(ops.concludeInquiry, office1, { inquiryId, conclusion: '予以批评教育' });
  return stored(inquiryStream(inquiryId), 'InquiryConcluded');
}

async function decideVerification(clueId: string, decision: 'light-measure' | 'file-case' = 'light-measure') {
  const verificationId = `v-${clueId}`;
  await call(ops.submitVerificationPlan, office1, {
    verificationId,
    plan: '调取账目',
    team: ['甲', '乙'],
    subjectHeadsLowerCommittee: false,
  });
  await call(ops.approveVerification, leader, { verificationId });
  await call(ops.submitVerificationReport, office1, { verificationId, findings: '部分属实' });
  await call(ops.decideVerification, office1, { verificationId, decision, note: '谈话提醒' });
  return stored(verificationStream(verificationId), 'VerificationDecided');
}

describe("Supervision's public events carry the cadre a clue is linked to", () => {
  it('concludes the inquiry of a linked clue with its cadre id, in the latest InquiryConcluded', async () => {
    const concluded = await concludeInquiry(await opened('inquiry', 'cadre-1'));
    expect(concluded.version).toBe(sp.InquiryConcluded.version);
    expect(concluded.data).toMatchObject({ cadreId: 'cadre-1', outcome: 'light-measure' });
    expect(sp.InquiryConcluded.errors(concluded.data)).toEqual([]);
  }, 60_000);

  it('decides the verification of a linked clue with its cadre id, in the latest VerificationDecided', async () => {
    const decided = await decideVerification(await opened('verification', 'cadre-2'));
    expect(decided.version).toBe(sp.VerificationDecided.version);
    expect(decided.data).toMatchObject({ cadreId: 'cadre-2', decision: 'light-measure' });
    expect(sp.VerificationDecided.errors(decided.data)).toEqual([]);
  }, 60_000);

  it('carries no cadre id for a clue not linked, and learns a link once (a redelivery changes nothing)', async () => {
    const concluded = await concludeInquiry(await opened('inquiry'));
    expect(concluded.data).not.toHaveProperty('cadreId');
    const clueId = await opened('inquiry', 'cadre-3');
    await sv.deliver(cm.ClueLinkedToCadre, { clueId, cadreId: 'cadre-3', linkedOn: '2026-09-21', office: 'case-management' });
    expect((await concludeInquiry(clueId)).data).toMatchObject({ cadreId: 'cadre-3' });
  }, 60_000);

  /** A case opened on a clue (linked to `cadreId` first when given), then filed, reported and transferred. */
  async function transferredCase(cadreId?: string) {
    const clueId = await opened('verification', cadreId);
    await decideVerification(clueId, 'file-case');
    const caseId = `case-${clueId}`;
    await call(ops.approveCaseFiling, leader, { caseId });
    await call(ops.submitCaseReport, office1, {
      caseId,
      findings: '违规公款吃喝',
      proposedSanction: { party: { kind: 'warning' } },
    });
    await call(ops.transferCaseToReview, office1, { caseId });
    return {
      caseId,
      clueId,
      filed: await stored(`case-${caseId}`, 'CaseFiled'),
      transferred: await stored(`case-${caseId}`, 'CaseTransferredToReview'),
    };
  }

  it('files and transfers the case of a linked clue with its cadre id, in the latest CaseFiled and CaseTransferredToReview', async () => {
    const { filed, transferred } = await transferredCase('cadre-4');
    expect(filed.version).toBe(sp.CaseFiled.version);
    expect(filed.data).toMatchObject({ cadreId: 'cadre-4', escalated: false });
    expect(sp.CaseFiled.errors(filed.data)).toEqual([]);
    expect(transferred.version).toBe(sp.CaseTransferredToReview.version);
    expect(transferred.data).toMatchObject({ cadreId: 'cadre-4', round: 1 });
    expect(sp.CaseTransferredToReview.errors(transferred.data)).toEqual([]);
  }, 60_000);

  it('refuses the filing of a linked clue with its cadre id, in the latest CaseFilingRejected; none for a clue not linked', async () => {
    const clueId = await opened('verification', 'cadre-5');
    await decideVerification(clueId, 'file-case');
    await call(ops.rejectCaseFiling, leader, { caseId: `case-${clueId}`, reason: '不予立案' });
    const rejected = await stored(`case-case-${clueId}`, 'CaseFilingRejected');
    expect(rejected.version).toBe(sp.CaseFilingRejected.version);
    expect(rejected.data).toMatchObject({ cadreId: 'cadre-5' });
    expect(sp.CaseFilingRejected.errors(rejected.data)).toEqual([]);
    const unlinked = await transferredCase();
    expect(unlinked.filed.data).not.toHaveProperty('cadreId');
    expect(unlinked.transferred.data).not.toHaveProperty('cadreId');
  }, 60_000);

  it("reads review's endings of a case in every published version, each on its own durable (v1 keeps its name)", async () => {
    const consumers = supervisionServiceConsumers();
    for (const [base, contract] of [
      ['supervision--sanction-decided', rv.SanctionDecided],
      ['supervision--review-concluded-without-sanction', rv.ReviewConcludedWithoutSanction],
    ] as const) {
      expect(consumers.filter((c) => c.durable.startsWith(base)).map((c) => [c.durable, c.filterSubjects])).toEqual(
        publishedVersions(contract).map((v) => [v.version === 1 ? base : `${base}-v${v.version}`, [v.subject]]),
      );
    }
    // A v1 still in the stream ends its case as the latest does.
    const sanctioned = await transferredCase('cadre-6');
    const ending = {
      caseId: sanctioned.caseId,
      clueId: sanctioned.clueId,
      clueNumber: String(sanctioned.transferred.data?.['clueNumber']),
      unitId: 'u-1',
      office: 'supervision-office-1',
      subjectRef: sanctioned.clueId,
      subjectPosition: '主任',
      escalated: false,
    };
    await sv.deliver(SanctionDecidedV1, {
      ...ending,
      party: { kind: 'warning', effectiveFrom: '2026-09-25', effectiveUntil: '2027-03-24', rule: '纪律处分条例' },
      decidedOn: '2026-09-25',
    });
    expect(await call(ops.getCase, office1, { caseId: sanctioned.caseId })).toMatchObject({
      status: 'concluded',
      outcome: 'sanctioned',
    });
    const exempted = await transferredCase('cadre-7');
    await sv.deliver(ReviewConcludedWithoutSanctionV1, {
      ...ending,
      caseId: exempted.caseId,
      clueId: exempted.clueId,
      clueNumber: String(exempted.transferred.data?.['clueNumber']),
      subjectRef: exempted.clueId,
      outcome: 'exempted',
      concludedOn: '2026-09-25',
    });
    expect(await call(ops.getCase, office1, { caseId: exempted.caseId })).toMatchObject({
      status: 'concluded',
      outcome: 'exempted',
    });
  }, 60_000);
});
