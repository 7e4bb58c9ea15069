// The publicity service against a real PostgreSQL and NATS, in-process as `npm start` runs it, with
// its own database, stream and subject namespace. The screening outbox is driven by hand with a
// stand-in for the three offices (commands/screenings.ts `screenDue`): an office that does not
// answer is asked again, attempt after attempt, and its answer is recorded once it comes; the
// request is never lost. Then every operation of the contract is called, each reply checked strictly
// against its response schema: the signed screenings, the reply's rules, leadership's approval,
// OpinionReplied per candidate, the letter, the clocks, 舆情 collected, assessed, forwarded, closed.
import JSZip from 'jszip';
import {
  compileValidator,
  DOCX_MEDIA_TYPE,
  publicityOperations as ops,
  publicityPublicEvents,
  Strict,
  type ApiOperation,
} from '@jiandu/contracts';
import { SERVICE_UNAVAILABLE, SystemException, type RpcClient } from '@jiandu/messaging';
import { startServiceHarness } from '@jiandu/runtime';
import { serviceOnOwnDatabase } from '@jiandu/testing';
import { screenDue } from '../src/commands/screenings.js';
import { publicityConfig } from '../src/config.js';
import { publicityService } from '../src/main.js';

const NOW = '2026-09-25T02:00:00.000Z';
// the runner of the service itself never ticks here: the test drives screenDue
const ENV = { JIANDU_NOW: NOW, SCREENING_POLL_MS: '3600000', DEADLINE_WATCH_INTERVAL_MS: '3600000' };
const { db, service: pb } = serviceOnOwnDatabase('publicity_service', (db) =>
  startServiceHarness(publicityService, { DATABASE_URL: db.url, ...ENV }),
);

const staff = (office: string, name: string) => ({ sub: `u-${office}`, name, office, roles: ['staff'], zones: [] });
const publicity = staff('publicity-dept', '组宣部干部');
const petitionOffice = staff('petition-office', '信访室干部');
const caseManagement = staff('case-management', '案管室干部');
const reviewOffice = staff('review-office', '审理室干部');
const leader = { sub: 'u-ld', name: '委领导', office: 'leadership', roles: ['leader'], zones: [] };
type Who = typeof leader;

const validators = new Map<ApiOperation, ReturnType<typeof compileValidator>>();
const checked = new Set<ApiOperation>();
async function call(operation: ApiOperation, who: Who, payload: object): Promise<Record<string, any>> {
  const reply = await pb.call(operation, who, payload);
  if (!reply.ok) throw new Error(`${operation.name} refused: ${JSON.stringify(reply.error)}`);
  let validator = validators.get(operation);
  if (!validator) {
    validator = compileValidator(Strict(operation.response));
    validators.set(operation, validator);
  }
  expect({ operation: operation.name, errors: validator.errors(reply.value) }).toEqual({ operation: operation.name, errors: [] });
  checked.add(operation);
  return reply.value as Record<string, any>;
}
async function refused(operation: ApiOperation, who: Who, payload: object) {
  const reply = await pb.call(operation, who, payload);
  if (reply.ok) throw new Error(`${operation.name} was not refused`);
  return reply.error;
}

/** The three offices, as the runner asks them; 审理室 down while `reviewDown`. */
let reviewDown = true;
const asked: string[] = [];
/** What 审理室 was asked: by the cadre id (issue 12), then by each known reference. */
const sanctionQueries: { cadreId?: string; subjectRef?: string }[] = [];
const offices: RpcClient = {
  async call<T>(subject: string, _actor: unknown, payload: any): Promise<T> {
    asked.push(subject.split('.').slice(-2).join('.'));
    if (subject.endsWith('review.list-sanctions')) {
      if (reviewDown) throw new SystemException(SERVICE_UNAVAILABLE);
      sanctionQueries.push({
        ...(payload.cadreId ? { cadreId: payload.cadreId } : {}),
        ...(payload.subjectRef ? { subjectRef: payload.subjectRef } : {}),
      });
      // case-c-b's sanction carries k-b's cadre id: found by the id and by the reference, proposed once.
      const items =
        payload.subjectRef === 'c-b' || payload.cadreId === 'k-b'
          ? [{ caseId: 'case-c-b', side: 'party', effectiveFrom: '2026-03-01', effectiveUntil: '2027-02-28' }]
          : payload.subjectRef === 'c-old'
            ? [{ caseId: 'case-c-old', side: 'governmental', effectiveFrom: '2024-01-01', effectiveUntil: '2024-06-30' }]
            : [];
      return { items, total: items.length, onDate: payload.onDate, anyInEffect: items.length > 0 } as T;
    }
    if (subject.endsWith('case-management.screen-candidates'))
      return {
        candidates: payload.candidates.map((c: { cadreId: string; refs: string[] }) => ({
          cadreId: c.cadreId,
          findings: c.refs.includes('c-a') ? [{ kind: 'verification', number: 'XS-2026-000001' }] : [],
        })),
      } as T;
    return { candidates: payload.candidates.map((c: { cadreId: string }) => ({ cadreId: c.cadreId, findings: [] })) } as T;
  },
  close: async () => undefined,
};

describe('publicity service', () => {
  let requestId: string;
  const deps = () => ({ ctx: pb.service.ctx, config: publicityConfig(ENV) });
  const task = async () =>
    (
      await db
        .pool()
        .query(
          `SELECT attempts, last_error, done_at FROM publicity.screening_tasks WHERE request_id = $1 AND office = 'review-office'`,
          [requestId],
        )
    ).rows[0];
  const due = () => db.pool().query(`UPDATE publicity.screening_tasks SET next_attempt_at = now() WHERE done_at IS NULL`);

  it('registers a request; an office that does not answer is asked again until it does', async () => {
    const created = await call(ops.requestOpinion, publicity, {
      reference: '组干函〔2026〕9号',
      purpose: 'appointment',
      candidates: [
        { cadreId: 'k-a', name: '甲某', unitId: 'u-1', position: '科长', subjectRefs: ['c-a'] },
        { cadreId: 'k-b', name: '乙某', unitId: 'u-1', position: '副科长', subjectRefs: ['c-b', 'c-old'] },
        { cadreId: 'k-c', name: '丙某', unitId: 'u-2', position: '科员' },
      ],
    });
    requestId = created.id;
    expect(created).toEqual({ id: requestId, status: 'screening', dueOn: '2026-10-15' });
    expect(await screenDue(deps(), offices)).toBe(2);
    expect(await task()).toMatchObject({
      attempts: 1,
      last_error: expect.stringContaining('SERVICE_UNAVAILABLE'),
      done_at: null,
    });
    expect(await screenDue(deps(), offices)).toBe(0); // not due yet: the backoff
    await due();
    expect(await screenDue(deps(), offices)).toBe(0);
    expect(await task()).toMatchObject({ attempts: 2, done_at: null });
    const waiting = await call(ops.getOpinionRequest, publicity, { requestId });
    expect(waiting.screenings.map((s: { status: string }) => s.status)).toEqual(['proposed', 'proposed', 'pending']);
    reviewDown = false;
    await due();
    expect(await screenDue(deps(), offices)).toBe(1);
    expect(await task()).toMatchObject({ attempts: 3, last_error: null, done_at: expect.any(Date) });
    await due();
    expect(await screenDue(deps(), offices)).toBe(0); // nothing left: never asked twice once answered
    expect(asked.filter((s) => s === 'case-management.screen-candidates')).toHaveLength(1);
    expect(sanctionQueries).toEqual([
      { cadreId: 'k-a' },
      { subjectRef: 'k-a' },
      { subjectRef: 'c-a' },
      { cadreId: 'k-b' },
      { subjectRef: 'k-b' },
      { subjectRef: 'c-b' },
      { subjectRef: 'c-old' },
      { cadreId: 'k-c' },
      { subjectRef: 'k-c' },
    ]);
  });

  it('each office signs its own screening; the reply follows the rules, after leadership', async () => {
    const task = await call(ops.getScreening, reviewOffice, { requestId });
    expect(task.candidates.find((c: { cadreId: string }) => c.cadreId === 'k-b').proposed).toEqual([
      { kind: 'sanction', number: 'case-c-b:party', effectiveFrom: '2026-03-01', effectiveUntil: '2027-02-28' },
      { kind: 'sanction', number: 'case-c-old:governmental', effectiveFrom: '2024-01-01', effectiveUntil: '2024-06-30' },
    ]);
    expect((await refused(ops.getScreening, publicity, { requestId })).code).toBe('FORBIDDEN'); // the service checks the access policy again
    const propose = (conclusions: object[]) => ({ requestId, conclusions });
    const good = [
      { cadreId: 'k-a', conclusion: 'postponed', citations: [{ kind: 'verification', number: 'XS-2026-000001' }] },
      { cadreId: 'k-b', conclusion: 'vetoed', citations: [{ kind: 'sanction', number: 'case-c-b:party' }] },
      { cadreId: 'k-c', conclusion: 'no-issue', citations: [] },
    ];
    expect((await refused(ops.proposeReply, publicity, propose(good))).code).toBe('SCREENINGS_INCOMPLETE');
    for (const who of [reviewOffice, caseManagement, petitionOffice]) {
      const mine = await call(ops.getScreening, who, { requestId });
      const candidates = mine.candidates.map((c: { cadreId: string; proposed: { kind: string; number: string }[] }) => ({
        cadreId: c.cadreId,
        findings: c.proposed.map(({ kind, number }) => ({ kind, number })),
      }));
      await call(ops.submitScreening, who, { requestId, candidates });
    }
    const old = [good[0], { ...good[1], citations: [{ kind: 'sanction', number: 'case-c-old:governmental' }] }, good[2]];
    expect(await refused(ops.proposeReply, publicity, propose(old))).toMatchObject({
      code: 'SANCTION_NOT_IN_EFFECT',
      status: 422,
    });
    expect((await refused(ops.proposeReply, publicity, propose([{ ...good[0], citations: [] }, good[1], good[2]]))).code).toBe(
      'POSTPONEMENT_NEEDS_OPEN_MATTER',
    );
    expect((await call(ops.proposeReply, publicity, propose(good))).status).toBe('reply-proposed');
    expect((await call(ops.rejectReply, leader, { requestId, note: '请核实' })).status).toBe('screened');
    await call(ops.proposeReply, publicity, propose(good));
    expect((await refused(ops.sendReply, publicity, { requestId })).code).toBe('REPLY_NOT_APPROVED');
    expect((await refused(ops.getReplyLetter, publicity, { requestId })).code).toBe('OPINION_NOT_REPLIED');
    await call(ops.approveReply, leader, { requestId });
    expect((await call(ops.sendReply, publicity, { requestId })).status).toBe('replied');

    const { rows } = await db.pool().query(`SELECT data FROM publicity.events WHERE type = 'OpinionReplied' ORDER BY position`);
    expect(rows.map((r) => [r.data.cadreId, r.data.conclusion])).toEqual([
      ['k-a', 'postponed'],
      ['k-b', 'vetoed'],
      ['k-c', 'no-issue'],
    ]);
    for (const r of rows) {
      expect(publicityPublicEvents.OpinionReplied.errors(r.data)).toEqual([]);
      expect(JSON.stringify(r.data)).not.toMatch(/甲某|乙某|丙某/);
    }
    const view = await call(ops.getOpinionRequest, leader, { requestId });
    expect(view).toMatchObject({ status: 'replied', repliedOn: '2026-09-25' });
    expect(
      view.screenings.every((s: { submittedBy?: { office: string }; office: string }) => s.submittedBy?.office === s.office),
    ).toBe(true);
    expect((await call(ops.listOpinionRequests, publicity, { status: 'replied' })).total).toBe(1);
    const letter = await call(ops.getReplyLetter, publicity, { requestId });
    expect(letter).toMatchObject({ fileName: `opinion-reply-${requestId}.docx`, mediaType: DOCX_MEDIA_TYPE });
    const xml = await (
      await JSZip.loadAsync(Buffer.from(letter.contentBase64, 'base64'))
    )
      .file('word/document.xml')!
      .async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('关于组干函〔2026〕9号的廉政意见回复');
    expect(text).toContain('乙某（u-1，副科长）：处于处分影响期内，建议否决。依据：处分（编号 case-c-b:party）');
    expect(text).toContain('2026年9月25日');
    const clocks = await call(ops.listClocks, publicity, {});
    expect(clocks.items).toEqual([expect.objectContaining({ measures: 'opinion-reply', subject: requestId, state: 'met' })]);
    expect(await call(ops.listClocks, petitionOffice, {})).toEqual({ items: [], total: 0 });
  });

  it('collects, assesses, forwards and closes 舆情 items, with the assessment clock', async () => {
    const item = { source: 'hotline', reference: '12388-0001', summary: '反映某单位违规发放补贴', unitId: 'u-1' };
    const a = await call(ops.collectPublicOpinion, publicity, item);
    const b = await call(ops.collectPublicOpinion, publicity, { ...item, reference: '12388-0002' });
    expect(
      (await call(ops.listClocks, publicity, { state: 'running' })).items.map((c: { measures: string }) => c.measures),
    ).toEqual(['public-opinion-assessment', 'public-opinion-assessment']);
    for (const id of [a.id, b.id])
      await call(ops.assessPublicOpinion, publicity, { itemId: id, assessment: '需进一步了解', categories: ['integrity'] });
    expect((await call(ops.forwardPublicOpinion, publicity, { itemId: a.id })).status).toBe('forwarded');
    expect((await call(ops.closePublicOpinion, publicity, { itemId: b.id, reason: '不实' })).status).toBe('closed');
    expect((await refused(ops.forwardPublicOpinion, publicity, { itemId: b.id })).code).toBe('PUBLIC_OPINION_WRONG_STATE');
    const got = await call(ops.getPublicOpinion, leader, { itemId: a.id });
    expect(got).toMatchObject({ status: 'forwarded', forwardedOn: '2026-09-25', categories: ['integrity'] });
    expect((await call(ops.listPublicOpinion, publicity, {})).total).toBe(2);
    const { rows } = await db.pool().query(`SELECT data FROM publicity.events WHERE type = 'PublicOpinionForwarded'`);
    expect(rows.map((r) => publicityPublicEvents.PublicOpinionForwarded.errors(r.data))).toEqual([[]]);
  });

  it('has checked every operation of the contract at least once', () => {
    expect(
      Object.values(ops as Record<string, ApiOperation>)
        .filter((op) => !checked.has(op))
        .map((op) => op.name),
    ).toEqual([]);
  });
});
