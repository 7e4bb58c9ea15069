// Every petition path through the service's request handlers, against a real PostgreSQL: each
// command's events, the office's list (projections/petition-list.projection.ts), the repeat links
// and the clocks commit in its one transaction; the list and the clocks read what it wrote.
import { randomUUID } from 'node:crypto';
import type { Actor } from '@jiandu/access';
import { accusedOperations, petitionOperations, petitionsPublicEvents } from '@jiandu/contracts';
import { deadlinesMigrations, dueIn, getClock } from '@jiandu/deadlines';
import { openEventStore, withTransaction, type PostgresEventStore } from '@jiandu/event-store';
import { messagingMigrations } from '@jiandu/messaging';
import { createLogger, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import { petitionStream } from '../src/domain/petition.js';
import { petitionsMigrations } from '../src/migrations.js';
import { petitionsRpc } from '../src/petitions.rpc.js';
import { decisionClockId, noticeClockId } from '../src/projections/clocks.projection.js';
import { ReporterVault } from '../src/vault/reporter-vault.js';

const SCHEMA = 'petitions';
const clerk: Actor = { sub: 'u-xfs', name: '信访室干部', office: 'petition-office', roles: [], zones: [] };
const office1: Actor = { ...clerk, sub: 'u-1', office: 'supervision-office-1' as Actor['office'] };
const reporter = { name: '王秘密', phone: '13912345678', idNumber: '610111199001011234', address: '灞桥区某路1号' };

let db: TestDatabase;
let store: PostgresEventStore;
let routes: RpcRoute[];
let now = new Date('2026-09-25T02:00:00.000Z'); // Friday 2026-09-25 in Beijing

beforeAll(async () => {
  db = await createTestDatabase('pet_paths');
  // A petition registered before the list existed: its v1 PetitionRegistered carried the particulars.
  const before = await openEventStore({
    pool: db.pool(),
    schema: SCHEMA,
    migrations: [...messagingMigrations, petitionsMigrations[0]!, ...deadlinesMigrations],
  });
  await before.append(
    petitionStream('p-legacy'),
    [
      {
        type: 'PetitionRegistered',
        data: {
          petitionId: 'p-legacy',
          channel: 'visit',
          realName: false,
          accused: { name: '赵六', position: '站长', unitId: 'u-old' },
          category: '旧的自由文本类别',
          summary: '旧摘要',
          content: '旧内容',
        },
        metadata: { actor: clerk, correlationId: randomUUID(), occurredAt: '2026-03-02T02:00:00.000Z' },
      },
      {
        type: 'PetitionAccepted',
        data: { petitionId: 'p-legacy' },
        metadata: { actor: clerk, correlationId: randomUUID(), occurredAt: '2026-03-03T02:00:00.000Z' },
      },
    ],
    'no-stream',
  );
  store = await openEventStore({
    pool: db.pool(),
    schema: SCHEMA,
    migrations: [...messagingMigrations, ...petitionsMigrations, ...deadlinesMigrations],
  });
  const ctx = {
    store,
    pool: db.pool(),
    logger: createLogger('petitions', 'silent'),
    now: () => now,
  } as unknown as ServiceContext;
  routes = petitionsRpc(ctx, new ReporterVault(SCHEMA, Buffer.alloc(32, 7)));
});
afterAll(() => db?.drop());

const handle = <T = Record<string, unknown>>(name: keyof typeof petitionOperations, payload: unknown, actor = clerk) =>
  withTransaction(db.pool(), (tx) =>
    routes.find((r) => r.operation === petitionOperations[name])!.handle({ actor, correlationId: randomUUID(), payload }, tx),
  ) as Promise<T>;
/** 案管's service identity, as case-management asks (services/case-management/src/reactors/petition-accused.ts). */
const caseManagementService: Actor = {
  sub: 'system:case-management',
  name: '案管室自动登记',
  office: 'case-management',
  roles: [],
  zones: [],
};
const readAccused = (payload: unknown, actor = caseManagementService) =>
  withTransaction(db.pool(), (tx) =>
    routes
      .find((r) => r.operation === accusedOperations.readAccused)!
      .handle({ actor, correlationId: randomUUID(), payload }, tx),
  );
const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return (error as { error: { code: string; status: number } }).error;
  }
  throw new Error('not refused');
};

type Registered = { id: string; lookupCode: string; status: string };
const register = (extra: Record<string, unknown> = {}, realName = true) =>
  handle<Registered>('registerPetition', {
    channel: 'letter',
    realName,
    ...(realName ? { reporter } : {}),
    accused: { name: '张三', position: '街道办主任', unitId: 'u-street' },
    categories: ['eight-rules.banqueting'],
    summary: '街道办主任公款吃喝',
    content: '2026年9月多次在某酒店公款宴请，金额较大',
    ...extra,
  });
type Listed = { items: Record<string, unknown>[]; total: number };
const list = (query: Record<string, unknown> = {}) => handle<Listed>('listPetitions', query);
const eventTypes = async (id: string) => (await store.readStream(petitionStream(id))).map((e) => e.type);

describe('Petition paths', () => {
  it('registers: the particulars privately, the public registration, the list row and both clocks', async () => {
    const { id } = await register();
    expect(await eventTypes(id)).toEqual(['PetitionRecorded', 'PetitionRegistered']);
    const [, registered] = await store.readStream(petitionStream(id));
    expect(registered!.data).toEqual({
      petitionId: id,
      channel: 'letter',
      categories: ['eight-rules.banqueting'],
      unitId: 'u-street',
      realName: true,
      registeredOn: '2026-09-25',
    });
    expect(registered!.schemaVersion).toBe(1); // the in-process store writes what it is given; the host writes v2
    expect(await getClock(db.pool(), SCHEMA, decisionClockId(id))).toMatchObject({
      measures: 'petition-decision',
      rule: '信访件受理或转送 5 个工作日',
      startedOn: '2026-09-25',
      dueOn: dueIn('2026-09-25', { workingDays: 5 }).dueOn,
      state: 'running',
      office: 'petition-office',
      unitId: 'u-street',
    });
    expect(await getClock(db.pool(), SCHEMA, noticeClockId(id))).toMatchObject({
      measures: 'petition-acceptance-notice',
      rule: '实名举报受理告知 15 个工作日',
      state: 'running',
    });
    const view = await handle('getPetition', { petitionId: id });
    expect(view).toMatchObject({ status: 'received', categories: ['eight-rules.banqueting'], repeatCount: 0, objections: 0 });
    expect(JSON.stringify(view)).not.toMatch(/王秘密|13912345678|610111199001011234|灞桥区某路/);
  });

  it('starts no acceptance-notice clock for an anonymous reporter', async () => {
    const { id } = await register({ accused: { name: '孙七', position: '科员', unitId: 'u-anon' } }, false);
    expect(await getClock(db.pool(), SCHEMA, noticeClockId(id))).toBeUndefined();
  });

  it('screens, accepts (stopping the 5-day clock), notifies (stopping the 15-day clock) and transfers', async () => {
    const { id } = await register({ accused: { name: '李四', position: '所长', unitId: 'u-path' } });
    expect(await handle('screenPetition', { petitionId: id })).toEqual({ id, status: 'screened' });
    now = new Date('2026-09-28T02:00:00.000Z');
    expect(await handle('acceptPetition', { petitionId: id })).toEqual({ id, status: 'accepted' });
    expect(await getClock(db.pool(), SCHEMA, decisionClockId(id))).toMatchObject({ state: 'met', stoppedOn: '2026-09-28' });
    expect(await handle('notifyAcceptance', { petitionId: id })).toEqual({ id, status: 'accepted' });
    expect(await getClock(db.pool(), SCHEMA, noticeClockId(id))).toMatchObject({ state: 'met' });
    expect(await refusal(handle('notifyAcceptance', { petitionId: id }))).toMatchObject({ code: 'PETITION_ALREADY_NOTIFIED' });
    expect(await handle('transferPetition', { petitionId: id })).toEqual({ id, status: 'transferred' });
    const transferred = (await store.readStream(petitionStream(id))).at(-1)!;
    expect(transferred.data).toMatchObject({ categories: ['eight-rules.banqueting'] });
    expect(transferred.data).not.toHaveProperty('category');
    // The public hand-over names no one (issue 12): the accused's position and unit only.
    expect(transferred.data).toMatchObject({ accused: { position: '所长', unitId: 'u-path' } });
    expect(JSON.stringify(transferred.data)).not.toContain('李四');
    expect(petitionsPublicEvents.PetitionTransferred.errors(transferred.data)).toEqual([]);
    expect((await list({ unitId: 'u-path' })).items).toEqual([expect.objectContaining({ id, status: 'transferred' })]);
    // 案管's service asks for the name when it registers the clue; no one else may, and only of a transferred petition.
    expect(await readAccused({ petitionId: id })).toEqual({ petitionId: id, name: '李四' });
    expect(await refusal(readAccused({ petitionId: id }, clerk))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await refusal(readAccused({ petitionId: id }, office1))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    const { id: untransferred } = await register();
    expect(await refusal(readAccused({ petitionId: untransferred }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    now = new Date('2026-09-25T02:00:00.000Z');
  });

  it('forwards a petition about the commission’s head only upwards', async () => {
    const { id } = await register({
      accused: { name: '钱八', position: '书记', unitId: 'u-head' },
      concernsCommissionHead: true,
    });
    for (const [name, payload] of [
      ['acceptPetition', { petitionId: id }],
      ['rejectPetition', { petitionId: id, reason: 'no-substance' }],
      ['forwardToSubordinate', { petitionId: id, body: '区教育局纪检监察组' }],
    ] as const)
      expect(await refusal(handle(name, payload))).toMatchObject({ code: 'PETITION_FOR_SUPERIOR', status: 422 });
    expect(await handle('forwardToSuperior', { petitionId: id })).toEqual({ id, status: 'forwarded-to-superior' });
    expect(await getClock(db.pool(), SCHEMA, decisionClockId(id))).toMatchObject({ state: 'met' });
    expect(await handle('getPetition', { petitionId: id })).toMatchObject({ concernsCommissionHead: true });
  });

  it('forwards to a subordinate body, and records an objection only against a decision', async () => {
    const { id } = await register({ accused: { name: '周九', position: '校长', unitId: 'u-school' } });
    expect(await refusal(handle('raiseObjection', { petitionId: id, note: '异议' }))).toMatchObject({
      code: 'PETITION_WRONG_STATE',
    });
    expect(await handle('forwardToSubordinate', { petitionId: id, body: '区教育局纪检监察组' })).toEqual({
      id,
      status: 'forwarded-to-subordinate',
    });
    expect(await handle('getPetition', { petitionId: id })).toMatchObject({ forwardedTo: '区教育局纪检监察组' });
    const other = await register({ accused: { name: '吴十', position: '主任', unitId: 'u-school' } });
    await handle('rejectPetition', { petitionId: other.id, reason: 'litigation', note: '属诉讼事项' });
    expect(await handle('raiseObjection', { petitionId: other.id, note: '举报人认为不属诉讼事项' })).toEqual({
      id: other.id,
      status: 'not-accepted',
    });
    expect(await handle('getPetition', { petitionId: other.id })).toMatchObject({ objections: 1 });
    expect(await eventTypes(other.id)).toEqual([
      'PetitionRecorded',
      'PetitionRegistered',
      'PetitionNotAccepted',
      'NotAcceptanceNoted',
      'ObjectionRaised',
    ]);
  });

  it('proposes earlier petitions about the same accused and unit; the office confirms or rejects each link', async () => {
    const accused = { name: '郑一', position: '局长', unitId: 'u-repeat' };
    const first = await register({ accused });
    const second = await register({ accused });
    const elsewhere = await register({ accused: { ...accused, unitId: 'u-elsewhere' } });
    const third = await register({ accused });
    expect(await handle('getPetition', { petitionId: second.id })).toMatchObject({
      repeats: { proposed: [first.id], confirmed: [], rejected: [] },
    });
    expect(await handle('getPetition', { petitionId: elsewhere.id })).toMatchObject({ repeats: { proposed: [] } });
    // Earliest first; these three were registered at the same instant (the test's clock), so in any order.
    const { repeats } = await handle<{ repeats: { proposed: string[] } }>('getPetition', { petitionId: third.id });
    expect([...repeats.proposed].sort()).toEqual([first.id, second.id].sort());
    expect(await handle('confirmRepeat', { petitionId: third.id, earlierId: first.id })).toEqual({
      id: third.id,
      status: 'received',
    });
    await handle('rejectRepeat', { petitionId: third.id, earlierId: second.id });
    expect(await refusal(handle('confirmRepeat', { petitionId: third.id, earlierId: second.id }))).toMatchObject({
      code: 'REPEAT_ALREADY_DECIDED',
    });
    expect(await refusal(handle('confirmRepeat', { petitionId: third.id, earlierId: elsewhere.id }))).toMatchObject({
      code: 'REPEAT_NOT_PROPOSED',
      status: 404,
    });
    // No acceptance notice is owed for a confirmed repeat: its clock stops.
    expect(await getClock(db.pool(), SCHEMA, noticeClockId(third.id))).toMatchObject({ state: 'met' });
    const listed = await list({ unitId: 'u-repeat' });
    expect(listed.items.find((i) => i['id'] === third.id)).toMatchObject({ repeatCount: 1, proposedRepeats: 0 });
    expect(listed.items.find((i) => i['id'] === second.id)).toMatchObject({ repeatCount: 0, proposedRepeats: 1 });
    expect(await handle('getPetition', { petitionId: third.id })).toMatchObject({
      repeats: { confirmed: [first.id], rejected: [second.id] },
      repeatCount: 1,
    });
  });

  it('files a duplicate only of an existing petition, and stops both clocks', async () => {
    const earlier = await register({ accused: { name: '冯二', position: '经理', unitId: 'u-dup' } });
    const { id } = await register({ accused: { name: '冯二', position: '经理', unitId: 'u-dup' } });
    expect(await refusal(handle('markDuplicate', { petitionId: id, duplicateOf: 'p-no-such' }))).toMatchObject({
      code: 'DUPLICATE_OF_UNKNOWN',
      status: 422,
    });
    expect(await refusal(handle('markDuplicate', { petitionId: id, duplicateOf: id }))).toMatchObject({
      code: 'DUPLICATE_OF_ITSELF',
    });
    expect(await handle('markDuplicate', { petitionId: id, duplicateOf: earlier.id })).toEqual({
      id,
      status: 'duplicate-filed',
    });
    expect(await handle('getPetition', { petitionId: id })).toMatchObject({ duplicateOf: earlier.id });
    expect(await getClock(db.pool(), SCHEMA, decisionClockId(id))).toMatchObject({ state: 'met' });
    expect(await getClock(db.pool(), SCHEMA, noticeClockId(id))).toMatchObject({ state: 'met' });
    expect(await refusal(handle('notifyAcceptance', { petitionId: id }))).toMatchObject({ code: 'PETITION_WRONG_STATE' });
  });

  describe('the office’s list', () => {
    let a: string, b: string, c: string;
    beforeAll(async () => {
      now = new Date('2026-10-12T02:00:00.000Z');
      a = (
        await register({
          channel: 'online',
          accused: { name: '陈三', position: '站长', unitId: 'u-list' },
          summary: '违规发放补贴',
          content: '某站违规发放津贴补贴',
        })
      ).id;
      now = new Date('2026-10-13T02:00:00.000Z');
      b = (
        await register({
          channel: 'phone',
          categories: ['mass-corruption.subsidies', 'integrity'],
          accused: { name: '陈四', position: '会计', unitId: 'u-list' },
          summary: '截留惠农补贴',
          content: '村会计截留惠民惠农资金',
        })
      ).id;
      now = new Date('2026-10-14T02:00:00.000Z');
      c = (
        await register({
          channel: 'phone',
          accused: { name: '陈五', position: '主任', unitId: 'u-list' },
          summary: '公车私用',
          content: '周末使用公务用车接送家属%_',
        })
      ).id;
      await handle('acceptPetition', { petitionId: c });
      now = new Date('2026-09-25T02:00:00.000Z');
    });
    const ids = async (query: Record<string, unknown>) => (await list({ unitId: 'u-list', ...query })).items.map((i) => i['id']);

    it('lists newest first with totals and pages', async () => {
      expect(await ids({})).toEqual([c, b, a]);
      expect(await list({ unitId: 'u-list', page: 2, pageSize: 2 })).toMatchObject({
        total: 3,
        items: [expect.objectContaining({ id: a })],
      });
    });

    it('filters by status, channel, category code (and those beneath it), unit and registration days (Beijing)', async () => {
      expect(await ids({ status: 'accepted' })).toEqual([c]);
      expect(await ids({ channel: 'phone' })).toEqual([c, b]);
      expect(await ids({ category: 'mass' })).toEqual([b]); // mass-corruption.subsidies, beneath mass-corruption
      expect(await ids({ category: 'integrity' })).toEqual([c, b, a]); // eight-rules.banqueting lies beneath integrity
      expect(await ids({ category: 'eight-rules.banqueting' })).toEqual([c, a]);
      expect(await ids({ from: '2026-10-13', to: '2026-10-13' })).toEqual([b]);
      expect(await ids({ from: '2026-10-14' })).toEqual([c]);
      expect(await ids({ to: '2026-10-12' })).toEqual([a]);
    });

    it('searches words in the summary and the content (Chinese, no spaces), taking % and _ literally', async () => {
      expect(await ids({ q: '补贴' })).toEqual([b, a]);
      expect(await ids({ q: '惠民惠农' })).toEqual([b]);
      expect(await ids({ q: '家属%_' })).toEqual([c]);
      expect(await ids({ q: '%' })).toEqual([c]);
    });

    it('shows the petitions registered before the list, coded other with their text and status', async () => {
      expect((await list({ unitId: 'u-old' })).items).toEqual([
        expect.objectContaining({
          id: 'p-legacy',
          status: 'accepted',
          categories: ['other'],
          category: '旧的自由文本类别',
          channel: 'visit',
        }),
      ]);
      expect(await handle('getPetition', { petitionId: 'p-legacy' })).toMatchObject({
        categories: ['other'],
        status: 'accepted',
      });
    });

    it('is the petition office’s only, and carries nothing from the vault', async () => {
      expect(await refusal(handle('listPetitions', {}, office1))).toMatchObject({ code: 'FORBIDDEN_OFFICE', status: 403 });
      const all = await list({ pageSize: 200 });
      expect(JSON.stringify(all)).not.toMatch(/王秘密|13912345678|610111199001011234|灞桥区某路|lookup/i);
    });
  });

  describe('the clocks', () => {
    it('are the petition office’s to see (and 案管’s, 党风政风监督室’s, leadership’s); other offices have none here', async () => {
      const mine = await handle<Listed>('listClocks', { pageSize: 200 });
      expect(mine.total).toBeGreaterThan(0);
      expect(new Set(mine.items.map((c) => c['measures']))).toEqual(new Set(['petition-decision', 'petition-acceptance-notice']));
      const running = await handle<Listed>('listClocks', { state: 'running', pageSize: 200 });
      expect(running.items.every((c) => c['state'] === 'running')).toBe(true);
      expect(await handle('listClocks', {}, office1)).toEqual({ items: [], total: 0 });
      expect((await handle<Listed>('listClocks', {}, { ...clerk, office: 'leadership' as Actor['office'] })).total).toBe(
        mine.total,
      );
    });
  });
});
