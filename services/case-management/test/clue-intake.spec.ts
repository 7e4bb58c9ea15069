// Clues from every source, their 30-day disposition clock and 定期清理, against the service run as
// `npm start` runs it (real PostgreSQL and NATS), its clock moved by a restart with JIANDU_NOW:
// a 巡察 clue is numbered in sequence with a petition's and routed the same way; its clock runs,
// breaches when nobody proposes a disposition, and is met by a proposal; a clearance round lists
// the shelved and the overdue clues for their office, reactivates, proposes to close, and closes
// only once every clue is reviewed.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  caseManagementOperations as ops,
  caseManagementPublicEvents,
  PetitionTransferredV2,
  type ApiOperation,
} from '@jiandu/contracts';
import { startServiceHarness, type ServiceHarness } from '@jiandu/runtime';
import { createTestDatabase, eventually, uniqueName, type TestDatabase } from '@jiandu/testing';
import { caseManagementService } from '../src/main.js';

const actor = (office: string, zones: string[] = [], roles = ['staff']) => ({
  sub: `u-${office}`,
  name: office,
  office,
  roles,
  zones,
});
const clerk = actor('case-management');
const leader = actor('leadership', [], ['leader']);
const office1 = actor('supervision-office-1', ['z1']);
const office2 = actor('supervision-office-2', ['z2']);
const conduct = actor('conduct-office');

/** Friday 2026-09-25, 10:00 in Beijing; 30 days reach Sunday 10-25, so the clue falls due on Monday 10-26. */
const REGISTERED_AT = '2026-09-25T02:00:00.000Z';
/** Past every first deadline, in the fourth quarter. */
const LATER = '2026-11-10T02:00:00.000Z';

let db: TestDatabase;
let nc: NatsConnection;
let env: Record<string, string>;
let cm: ServiceHarness;

async function ok<T = Record<string, unknown>>(
  operation: ApiOperation,
  who: ReturnType<typeof actor>,
  payload: object,
): Promise<T> {
  const reply = await cm.call(operation, who, payload);
  if (!reply.ok) throw new Error(`${operation.name} refused: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}
async function refused(operation: ApiOperation, who: ReturnType<typeof actor>, payload: object) {
  const reply = await cm.call(operation, who, payload);
  if (reply.ok) throw new Error(`${operation.name} was not refused`);
  return { status: reply.error.status, code: reply.error.code };
}

const tourClue = (unitId = 'u-street', name = '王五') => ({
  source: 'inspection-tour',
  reference: '灞巡反馈〔2026〕3号',
  categories: ['eight-rules.banqueting', 'focus.accountability'],
  category: '违规吃喝',
  summary: '巡察反馈：接受管理服务对象宴请',
  accused: { name, position: '副主任', unitId },
});

interface Registration {
  id: string;
  number: string;
  status: string;
  zoneId: string;
  assignedOffice: string;
  dispositionDeadline: string;
}
interface ClockRow {
  id: string;
  measures: string;
  subject: string;
  office?: string;
  dueOn: string;
  state: string;
}
const clocksOf = async (who: ReturnType<typeof actor>, filter: object = {}) =>
  (await ok<{ items: ClockRow[]; total: number }>(ops.listClocks, who, { page: 1, pageSize: 100, ...filter })).items;
const listed = async (filter: object) =>
  (await ok<{ items: { id: string }[] }>(ops.listClues, clerk, { page: 1, pageSize: 100, ...filter })).items
    .map((c) => c.id)
    .sort();

/** 信访室's answer for the accused of a transferred petition (PetitionTransferred v4 names no one). */
const accusedNames = async (petitionId: string) => {
  if (petitionId !== 'p-1') throw new Error(`no petition ${petitionId}`);
  return '张三';
};
const start = (now: string) =>
  startServiceHarness((e) => caseManagementService(e, { accusedNames }), {
    ...env,
    JIANDU_NOW: now,
    DEADLINE_WATCH_INTERVAL_MS: '100',
  });

let petitionClue: string;
let tour: Registration;
let shelved: Registration;
let other: Registration;

beforeAll(async () => {
  db = await createTestDatabase('cm_clue_intake');
  const namespace = uniqueName('cm_intake');
  env = { DATABASE_URL: db.url, JIANDU_NAMESPACE: namespace, JIANDU_EVENT_STREAM: namespace.toUpperCase() };
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  cm = await start(REGISTERED_AT);
  await ok(ops.registerZone, clerk, { id: 'z1', name: '第一协作区', office: 'supervision-office-1' });
  await ok(ops.registerZone, clerk, { id: 'z2', name: '第二协作区', office: 'supervision-office-2' });
  await ok(ops.registerUnit, clerk, { id: 'u-street', name: '某街道办事处', zoneId: 'z1', staffCount: 120 });
  await ok(ops.registerUnit, clerk, { id: 'u-bureau', name: '区某局', zoneId: 'z2', staffCount: 80 });
  await cm.deliver(PetitionTransferredV2, {
    petitionId: 'p-1',
    accused: { name: '张三', position: '主任', unitId: 'u-street' },
    category: '违反中央八项规定精神',
    summary: '公款吃喝',
    channel: 'letter',
    realName: false,
    transferredAt: REGISTERED_AT,
  });
  petitionClue = 'c-p-1';
}, 60_000);

afterAll(async () => {
  await cm?.stop();
  await (await jetstreamManager(nc)).streams.delete(env.JIANDU_EVENT_STREAM!).catch(() => undefined);
  await nc?.close();
  await db?.drop();
});

describe('A clue from a source other than a petition', () => {
  it('is numbered in sequence with the petition clues and routed by the unit’s zone', async () => {
    tour = await ok<Registration>(ops.registerClue, clerk, tourClue());
    expect(tour).toMatchObject({
      number: 'XS-2026-000002',
      status: 'assigned',
      zoneId: 'z1',
      assignedOffice: 'supervision-office-1',
      dispositionDeadline: '2026-10-26',
    });
    const clue = await ok(ops.getClue, office1, { clueId: tour.id });
    expect(clue).toMatchObject({
      source: 'inspection-tour',
      reference: '灞巡反馈〔2026〕3号',
      categories: ['eight-rules.banqueting', 'focus.accountability'],
      category: '违规吃喝',
      zoneId: 'z1',
    });
    // The petition's clue reads its free text as coded `other`, the text kept.
    expect(await ok(ops.getClue, clerk, { clueId: petitionClue })).toMatchObject({
      number: 'XS-2026-000001',
      source: 'petition',
      categories: ['other'],
      category: '违反中央八项规定精神',
    });
    const { rows } = await db
      .pool()
      .query(`SELECT schema_version, data FROM case_management.events WHERE type = 'ClueRegistered' AND data->>'clueId' = $1`, [
        tour.id,
      ]);
    expect(rows).toEqual([
      {
        schema_version: caseManagementPublicEvents.ClueRegistered.version,
        data: expect.objectContaining({ source: 'inspection-tour', accused: expect.objectContaining({ subjectRef: tour.id }) }),
      },
    ]);
    // The name (王五) stays in the clue's private record, out of the public registration (issue 12).
    expect(JSON.stringify(rows)).not.toContain('王五');
  });

  it('is registered by 案管 only; an unknown unit takes no number (nothing half-written)', async () => {
    // The access policy, checked again by the service, before the decider's own rule.
    expect((await refused(ops.registerClue, office1, tourClue())).status).toBe(403);
    expect(await refused(ops.registerClue, clerk, tourClue('u-nowhere'))).toEqual({ status: 404, code: 'UNIT_NOT_FOUND' });
    shelved = await ok<Registration>(ops.registerClue, clerk, {
      ...tourClue('u-street', '赵六'),
      source: 'audit',
      categories: ['work'],
    });
    expect(shelved.number).toBe('XS-2026-000003');
    other = await ok<Registration>(ops.registerClue, clerk, {
      ...tourClue('u-bureau'),
      source: 'public-opinion',
      categories: ['mass-corruption.subsidies'],
    });
    expect(other).toMatchObject({ number: 'XS-2026-000004', zoneId: 'z2', assignedOffice: 'supervision-office-2' });
  });

  it('is found in the ledger by zone, by category (a code or one above it) and by source', async () => {
    expect(await listed({ zoneId: 'z2' })).toHaveLength(1);
    expect(await listed({ zoneId: 'z1' })).toEqual([petitionClue, shelved.id, tour.id].sort());
    expect(await listed({ category: 'eight-rules.banqueting' })).toEqual([tour.id]);
    // 违规吃喝 lies under 八项规定 under 廉洁纪律.
    expect(await listed({ category: 'integrity' })).toEqual([tour.id]);
    expect(await listed({ category: 'work' })).toEqual([shelved.id, tour.id].sort());
    expect(await listed({ source: 'audit' })).toEqual([shelved.id]);
    expect(await listed({ category: 'mass' })).toEqual([other.id]);
    expect(await listed({ source: 'inspection-tour', zoneId: 'z2' })).toEqual([]);
  });
});

describe('The 30-day disposition clock', () => {
  it('runs for every clue, seen by its office and by 案管, 党风政风监督室 and leadership', async () => {
    const all = await clocksOf(clerk, { state: 'running' });
    expect(all.filter((c) => c.measures === 'clue-disposition')).toHaveLength(4);
    expect(all.find((c) => c.subject === tour.id)).toMatchObject({ office: 'supervision-office-1', dueOn: '2026-10-26' });
    expect((await clocksOf(conduct)).length).toBe(4);
    expect((await clocksOf(office1)).map((c) => c.subject).sort()).toEqual([petitionClue, shelved.id, tour.id].sort());
    expect((await clocksOf(office2)).map((c) => c.office)).toEqual(['supervision-office-2']);
  });

  it('is met by a proposal in time', async () => {
    await ok(ops.proposeDisposition, office1, { clueId: shelved.id, kind: 'shelve', reason: '暂不具备核查条件' });
    await ok(ops.approveDisposition, leader, { clueId: shelved.id, note: '同意暂存' });
    const clock = (await clocksOf(clerk)).find((c) => c.subject === shelved.id);
    expect(clock?.state).toBe('met');
  });

  it('breaches when nobody proposes a disposition by its due date (the watcher, once)', async () => {
    await cm.stop();
    cm = await start(LATER);
    await eventually(async () => (await clocksOf(clerk, { state: 'breached' })).length === 3, { timeoutMs: 15_000 });
    const { rows } = await db
      .pool()
      .query(`SELECT count(*)::int AS n FROM case_management.events WHERE type = 'DeadlineBreached' AND stream_id = $1`, [
        `clock-clue-disposition:${tour.id}`,
      ]);
    expect(rows[0].n).toBe(1);
  });
});

describe('定期清理: a clearance round', () => {
  const roundId = 'cr-2026-q4';
  interface Round {
    id: string;
    status: string;
    unreviewed: number;
    items: { clueId: string; office: string; reason: string; review?: { decision: string } }[];
  }

  it('lists every shelved and every overdue clue for its office', async () => {
    const round = await ok<Round>(ops.openClearanceRound, clerk, { year: 2026, quarter: 4 });
    expect(round).toMatchObject({ id: roundId, status: 'open', unreviewed: 4 });
    expect(Object.fromEntries(round.items.map((i) => [i.clueId, [i.office, i.reason]]))).toEqual({
      [petitionClue]: ['supervision-office-1', 'overdue'],
      [tour.id]: ['supervision-office-1', 'overdue'],
      [shelved.id]: ['supervision-office-1', 'shelved'],
      [other.id]: ['supervision-office-2', 'overdue'],
    });
    expect(await refused(ops.openClearanceRound, clerk, { year: 2026, quarter: 4 })).toEqual({
      status: 409,
      code: 'CLEARANCE_ROUND_EXISTS',
    });
    expect(await refused(ops.openClearanceRound, clerk, { year: 2027, quarter: 1 })).toEqual({
      status: 422,
      code: 'CLEARANCE_QUARTER_NOT_STARTED',
    });
    // Need to know: an office sees its own clues of the round.
    const seen = await ok<Round>(ops.getClearanceRound, office2, { roundId });
    expect(seen.items.map((i) => i.office)).toEqual(['supervision-office-2']);
    // Each item has its review clock, on the office's list.
    expect((await clocksOf(office1, { state: 'running' })).filter((c) => c.measures === 'clearance-review')).toHaveLength(3);
  });

  it('takes each office’s review of its own clues: reactivate a shelved clue, propose to close, keep', async () => {
    expect(await refused(ops.reviewClearanceItem, office2, { roundId, clueId: tour.id, decision: 'keep', note: '继续' })).toEqual(
      {
        status: 404,
        code: 'CLEARANCE_ITEM_NOT_FOUND',
      },
    );
    expect(
      await refused(ops.reviewClearanceItem, office1, { roundId, clueId: tour.id, decision: 'reactivate', note: '启用' }),
    ).toEqual({ status: 422, code: 'CLEARANCE_DECISION_NOT_APPLICABLE' });

    await ok(ops.reviewClearanceItem, office1, { roundId, clueId: shelved.id, decision: 'reactivate', note: '出现新的线索材料' });
    expect(await ok(ops.getClue, office1, { clueId: shelved.id })).toMatchObject({
      status: 'reactivated',
      dispositionDeadline: '2026-12-10',
    });
    const renewed = (await clocksOf(office1, { state: 'running' })).filter(
      (c) => c.measures === 'clue-disposition' && c.subject === shelved.id,
    );
    expect(renewed).toMatchObject([{ id: `clue-disposition:${shelved.id}:${roundId}`, dueOn: '2026-12-10' }]);

    await ok(ops.reviewClearanceItem, office1, { roundId, clueId: tour.id, decision: 'propose-close', note: '经了解问题不属实' });
    expect(await ok(ops.getClue, office1, { clueId: tour.id })).toMatchObject({
      status: 'disposition-proposed',
      disposition: { kind: 'close', decision: 'pending' },
    });
    expect(await refused(ops.reviewClearanceItem, office1, { roundId, clueId: tour.id, decision: 'keep', note: '再次' })).toEqual(
      {
        status: 409,
        code: 'CLEARANCE_ITEM_ALREADY_REVIEWED',
      },
    );
  });

  it('closes only once every clue is reviewed', async () => {
    expect(await refused(ops.closeClearanceRound, clerk, { roundId })).toEqual({
      status: 409,
      code: 'CLEARANCE_ITEMS_UNREVIEWED',
    });
    await ok(ops.reviewClearanceItem, office1, { roundId, clueId: petitionClue, decision: 'keep', note: '正在核查' });
    const round = await ok<Round>(ops.getClearanceRound, clerk, { roundId });
    const left = round.items.find((i) => i.review === undefined)!;
    await ok(ops.reviewClearanceItem, office2, { roundId, clueId: left.clueId, decision: 'keep', note: '继续办理' });
    expect((await refused(ops.closeClearanceRound, office1, { roundId })).status).toBe(403);
    expect(await ok(ops.closeClearanceRound, clerk, { roundId })).toEqual({ id: roundId, status: 'closed' });
    expect(await ok(ops.getClearanceRound, leader, { roundId })).toMatchObject({ status: 'closed', unreviewed: 0 });
    // Every review met its clock.
    expect((await clocksOf(clerk)).filter((c) => c.measures === 'clearance-review').map((c) => c.state)).toEqual([
      'met',
      'met',
      'met',
      'met',
    ]);
  });
});

describe('A clue a 派驻机构 or a 纪检监察室 found', () => {
  const agency = actor('dispatched-agency-edu', ['za']);
  const found = {
    reference: '派驻组日常监督〔2026〕7号',
    categories: ['mass-corruption.subsidies'],
    summary: '发现违规发放惠民补贴',
    accused: { name: '孙七', position: '科长', unitId: 'u-bureau' },
  };
  interface Submission {
    id: string;
    status: string;
    office: string;
    source: string;
    clueId?: string;
    clueNumber?: string;
  }
  const submissions = async (who: ReturnType<typeof actor>) =>
    (await ok<{ items: Submission[] }>(ops.listClueSubmissions, who, { page: 1, pageSize: 50 })).items;

  it('is submitted by the office, seen by it and by 案管, and registered once in one step', async () => {
    const submitted = await ok<Submission>(ops.submitClue, agency, found);
    expect(submitted).toMatchObject({ status: 'submitted', office: 'dispatched-agency-edu', source: 'dispatched-agency' });
    const own = await ok<Submission>(ops.submitClue, office2, { ...found, reference: '二室自查' });
    expect(own.source).toBe('self-found');
    expect((await refused(ops.submitClue, clerk, found)).status).toBe(403);
    expect((await submissions(agency)).map((s) => s.id)).toEqual([submitted.id]);
    expect((await submissions(office1)).map((s) => s.id)).toEqual([]);
    expect((await submissions(clerk)).map((s) => s.id).sort()).toEqual([submitted.id, own.id].sort());

    const registration = await ok<Registration>(ops.registerClueSubmission, clerk, { submissionId: submitted.id });
    expect(registration).toMatchObject({ number: 'XS-2026-000005', assignedOffice: 'supervision-office-2', status: 'assigned' });
    expect(await ok(ops.getClue, office2, { clueId: registration.id })).toMatchObject({
      source: 'dispatched-agency',
      reference: '派驻组日常监督〔2026〕7号',
      categories: ['mass-corruption.subsidies'],
    });
    expect((await submissions(agency))[0]).toMatchObject({
      status: 'registered',
      clueId: registration.id,
      clueNumber: 'XS-2026-000005',
    });
    // Once: a second registration is refused and takes no number.
    expect(await refused(ops.registerClueSubmission, clerk, { submissionId: submitted.id })).toEqual({
      status: 409,
      code: 'SUBMISSION_ALREADY_DECIDED',
    });
    expect(await refused(ops.declineClueSubmission, clerk, { submissionId: submitted.id, reason: '重复' })).toEqual({
      status: 409,
      code: 'SUBMISSION_ALREADY_DECIDED',
    });
    expect(await ok(ops.declineClueSubmission, clerk, { submissionId: own.id, reason: '不属于问题线索' })).toEqual({
      id: own.id,
      status: 'declined',
    });
    const next = await ok<Registration>(ops.registerClue, clerk, tourClue());
    expect(next.number).toBe('XS-2026-000006');
  });
});
