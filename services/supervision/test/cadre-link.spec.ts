// A clue linked to a cadre (case-management's public ClueLinkedToCadre, issue 12): supervision learns
// the link on its durable and its later public events for the clue (InquiryConcluded,
// VerificationDecided) carry the cadre id, in their latest version; a clue not linked, none. Real
// PostgreSQL, the service in-process as `npm start` runs it, the events read from its store.
import { randomUUID } from 'node:crypto';
import { caseManagementPublicEvents as cm, supervisionOperations as ops, supervisionPublicEvents as sp } from '@jiandu/contracts';
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

async function decideVerification(clueId: string) {
  const verificationId = `v-${clueId}`;
  await call(ops.submitVerificationPlan, office1, {
    verificationId,
    plan: '调取账目',
    team: ['甲', '乙'],
    subjectHeadsLowerCommittee: false,
  });
  await call(ops.approveVerification, leader, { verificationId });
  await call(ops.submitVerificationReport, office1, { verificationId, findings: '部分属实' });
  await call(ops.decideVerification, office1, { verificationId, decision: 'light-measure', note: '谈话提醒' });
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
});
