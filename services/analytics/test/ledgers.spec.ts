// The analytics service against a real PostgreSQL and NATS: public events published on its own
// JetStream stream (as the other services' relays publish them) reach its durable consumers, and
// the ledgers, the clock board and the statistics read back through its request/reply operations.
// Time travel: every ledger read `asOf` an instant equals a fresh fold of the events up to it.
// Privacy: the accused's and the actors' names never reach any analytics table.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { jetstream } from '@nats-io/jetstream';
import {
  analyticsOperations as ops,
  caseManagementPublicEvents as cm,
  ClueRegisteredV2,
  compileValidator,
  encodeEnvelope,
  LEDGER_NAMES,
  PetitionAcceptedV2,
  PetitionNotAcceptedV2,
  PetitionRegisteredV2,
  PetitionTransferredV3,
  publicityPublicEvents as pub,
  reviewPublicEvents as rv,
  STATISTICS_SERIES,
  Strict,
  supervisionPublicEvents as sv,
  toEnvelope,
  type ApiOperation,
  type EventContract,
} from '@jiandu/contracts';
import { clockEventContracts, deadlineEventContracts } from '@jiandu/deadlines';
import { withNamespace } from '@jiandu/messaging';
import { startServiceHarness } from '@jiandu/runtime';
import { eventually, serviceOnOwnDatabase } from '@jiandu/testing';
import { foldLedgers, type PublicEvent } from '../src/domain/ledgers.js';
import { zoneOfFrom, type ZoneAssignment } from '../src/domain/registry.js';
import { analyticsService } from '../src/main.js';
import { rebuildAnalytics } from '../src/rebuild.js';
import { seriesFigures, type Grouping } from '../src/domain/statistics.js';
import { refreshSteps } from '../src/projections/ledgers.projection.js';
import { toLedgerRow } from '../src/queries/ledgers.queries.js';

const ACCUSED_NAME = '欧阳测试泄露甲';
const PETITION_ACCUSED_NAME = '司马测试泄露乙';
const ACTOR_NAME = '上官测试干部丙';
const NOW = '2026-09-30T02:00:00.000Z';

const caseManager: Who = { sub: 'u-am', name: '案管干部', office: 'case-management', roles: ['staff'], zones: [] };
const general = { sub: 'u-go', name: '办公室干部', office: 'general-office', roles: ['staff'], zones: [] };
const office1 = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };
const petitionOffice = { sub: 'u-xf', name: '信访干部', office: 'petition-office', roles: ['staff'], zones: [] };
type Who = { sub: string; name: string; office: string; roles: string[]; zones: string[] };

const { db, service: an } = serviceOnOwnDatabase('an_ledgers', (db) =>
  startServiceHarness(analyticsService, { DATABASE_URL: db.url, JIANDU_NOW: NOW }),
);

// ── publishing as a relay does: the envelope on the stream, Nats-Msg-Id = event id
const published: PublicEvent[] = [];
const registry = analyticsService({}).registry;
const assignments: ZoneAssignment[] = [];
const [approaching, breached] = deadlineEventContracts('supervision') as [EventContract, EventContract];
/** ClockStarted, ClockExtended, ClockStopped of a service. */
const clockEvents = (service: string) => clockEventContracts(service) as [EventContract, EventContract, EventContract];

async function publish<T>(contract: EventContract<T>, data: T, occurredAt: string): Promise<void> {
  const { config, nc } = an.service.ctx;
  const envelope = toEnvelope(contract, data, {
    eventId: randomUUID(),
    occurredAt,
    actor: { sub: 'u-actor', name: ACTOR_NAME, office: 'case-management' },
    correlationId: randomUUID(),
    streamId: `${contract.type}-${randomUUID()}`,
    streamVersion: 1,
  });
  await jetstream(nc).publish(withNamespace(config.namespace, contract.subject), encodeEnvelope(envelope), {
    msgID: envelope.eventId,
    expect: { streamName: config.eventStream },
  });
  // As the consumer will see it: validated and upcast to the latest version analytics knows.
  const decoded = registry.decode(contract.subject, encodeEnvelope(envelope));
  if (!decoded.ok) throw new Error(`${decoded.reason}: ${decoded.detail}`);
  published.push({ service: contract.service, type: contract.type, data: decoded.data, occurredAt });
}

// ── every reply strictly against the operation's response schema
const validators = new Map<ApiOperation, ReturnType<typeof compileValidator>>();
async function call(operation: ApiOperation, who: Who, payload: object): Promise<Record<string, unknown>> {
  const reply = await an.call(operation, who, payload);
  if (!reply.ok) throw new Error(`${operation.name} refused: ${JSON.stringify(reply.error)}`);
  let validator = validators.get(operation);
  if (!validator) validators.set(operation, (validator = compileValidator(Strict(operation.response))));
  expect({ operation: operation.name, errors: validator.errors(reply.value) }).toEqual({ operation: operation.name, errors: [] });
  return reply.value as Record<string, unknown>;
}
async function refusal(operation: ApiOperation, who: Who, payload: object) {
  const reply = await an.call(operation, who, payload);
  if (reply.ok) throw new Error(`${operation.name} answered, a refusal was expected`);
  return reply.error;
}
type Row = { id: string; state: string; [k: string]: unknown };
const ledger = async (name: string, who: Who = caseManager, extra: object = {}) =>
  (await call(ops.readLedger, who, { ledger: name, pageSize: 200, ...extra })) as { items: Row[]; total: number; asOf: string };

const clue = (clueId: string, number: string, unitId: string, zoneId: string, name: string): ClueRegisteredV2 => ({
  clueId,
  number,
  source: 'petition',
  sourceRef: `pet-${clueId}`,
  unitId,
  zoneId,
  accused: { name, position: '科长', unitId },
  category: '违反廉洁纪律',
  summary: `${name}涉嫌收受礼金`,
  registeredAt: '2026-04-10T02:00:00.000Z',
});

beforeAll(async () => {
  // The registry first: every row finds its unit's zone.
  await publish(
    cm.ZoneRegistered,
    { zoneId: 'z1', name: '第一协作区', office: 'supervision-office-1' },
    '2026-01-05T01:00:00.000Z',
  );
  await publish(
    cm.ZoneRegistered,
    { zoneId: 'z2', name: '第二协作区', office: 'supervision-office-2' },
    '2026-01-05T01:00:00.000Z',
  );
  for (const [unitId, zoneId] of [
    ['u-1', 'z1'],
    ['u-2', 'z2'],
  ] as const) {
    await publish(cm.UnitRegistered, { unitId, name: `${unitId}街道`, staffCount: 100 }, '2026-01-05T02:00:00.000Z');
    const a = { unitId, zoneId, effectiveFrom: '2020-01-01' };
    assignments.push(a);
    await publish(cm.UnitAssignedToZone, a, '2026-01-05T02:00:00.000Z');
  }
  await eventually(
    async () => {
      const { rows } = await an.service.ctx.pool.query('SELECT count(*)::int AS n FROM analytics.unit_zones');
      return rows[0].n === 2;
    },
    { timeoutMs: 20_000 },
  );

  // A petition transferred, its clue registered, assigned, proposed, approved for an inquiry, the
  // inquiry opened and concluded; a second clue shelved; the rest of supervision's ledgers.
  const announced = { channel: 'online' as const, categories: ['eight-rules'], realName: true };
  await publish(
    PetitionRegisteredV2,
    { petitionId: 'p-1', ...announced, unitId: 'u-1', registeredOn: '2026-04-08' },
    '2026-04-08T03:00:00.000Z',
  );
  await publish(
    PetitionAcceptedV2,
    { petitionId: 'p-1', ...announced, unitId: 'u-1', acceptedOn: '2026-04-09' },
    '2026-04-09T07:00:00.000Z',
  );
  await publish(
    PetitionTransferredV3,
    {
      petitionId: 'p-1',
      accused: { name: PETITION_ACCUSED_NAME, position: '科长', unitId: 'u-1' },
      categories: ['eight-rules'],
      summary: `${PETITION_ACCUSED_NAME}收受礼金`,
      channel: 'online',
      realName: true,
      transferredAt: '2026-04-09T08:00:00.000Z',
    },
    '2026-04-09T08:00:00.000Z',
  );
  await publish(
    PetitionRegisteredV2,
    { petitionId: 'p-2', ...announced, realName: false, unitId: 'u-2', registeredOn: '2026-05-11' },
    '2026-05-11T03:00:00.000Z',
  );
  await publish(
    PetitionNotAcceptedV2,
    { petitionId: 'p-2', ...announced, realName: false, unitId: 'u-2', decidedOn: '2026-05-12', reason: 'no-substance' },
    '2026-05-12T03:00:00.000Z',
  );
  await publish(ClueRegisteredV2, clue('c-1', 'XS-2026-000001', 'u-1', 'z1', ACCUSED_NAME), '2026-04-10T02:00:00.000Z');
  await publish(
    cm.ClueAssigned,
    {
      clueId: 'c-1',
      number: 'XS-2026-000001',
      unitId: 'u-1',
      zoneId: 'z1',
      assignedOffice: 'supervision-office-1',
      dispositionDeadline: '2026-05-10',
    },
    '2026-04-10T02:00:00.000Z',
  );
  await publish(ClueRegisteredV2, clue('c-2', 'XS-2026-000002', 'u-2', 'z2', '另一测试名'), '2026-04-12T02:00:00.000Z');
  await publish(
    cm.ClueAssigned,
    {
      clueId: 'c-2',
      number: 'XS-2026-000002',
      unitId: 'u-2',
      zoneId: 'z2',
      assignedOffice: 'supervision-office-2',
      dispositionDeadline: '2026-05-12',
    },
    '2026-04-12T02:00:00.000Z',
  );
  await publish(
    cm.DispositionProposed,
    { clueId: 'c-1', number: 'XS-2026-000001', kind: 'inquiry', reason: '需要谈话函询' },
    '2026-04-20T02:00:00.000Z',
  );
  await publish(
    cm.DispositionApproved,
    {
      clueId: 'c-1',
      number: 'XS-2026-000001',
      kind: 'inquiry',
      unitId: 'u-1',
      assignedOffice: 'supervision-office-1',
      sourceRef: 'pet-c-1',
    },
    '2026-05-06T02:00:00.000Z',
  );
  await publish(
    cm.DispositionApproved,
    {
      clueId: 'c-2',
      number: 'XS-2026-000002',
      kind: 'shelve',
      unitId: 'u-2',
      assignedOffice: 'supervision-office-2',
      sourceRef: 'pet-c-2',
    },
    '2026-07-02T02:00:00.000Z',
  );
  const handled = { clueId: 'c-1', clueNumber: 'XS-2026-000001', unitId: 'u-1', office: 'supervision-office-1' };
  await publish(
    sv.InquiryOpened,
    { inquiryId: 'inq-c-1', ...handled, round: 1, openedOn: '2026-05-07' },
    '2026-05-07T02:00:00.000Z',
  );
  await publish(
    sv.InquiryConducted,
    { inquiryId: 'inq-c-1', ...handled, round: 1, mode: 'talk', conductedOn: '2026-05-20' },
    '2026-05-20T02:00:00.000Z',
  );
  await publish(
    sv.InquiryConcluded,
    { inquiryId: 'inq-c-1', ...handled, round: 1, outcome: 'light-measure', measure: 'criticism', concludedOn: '2026-07-03' },
    '2026-07-03T02:00:00.000Z',
  );
  // 案管 follows the inquiry's outcome: the clue is closed (ClueOutcomeRecorded, public from v1).
  await publish(
    cm.ClueOutcomeRecorded,
    {
      clueId: 'c-1',
      number: 'XS-2026-000001',
      ref: 'inq-c-1',
      source: 'inquiry',
      outcome: 'light-measure',
      status: 'Closed',
    },
    '2026-07-03T02:30:00.000Z',
  );
  await publish(
    sv.RecommendationIssued,
    {
      recommendationId: 'rec-1',
      kind: 'supervisory',
      unitId: 'u-2',
      office: 'supervision-office-2',
      content: `请${ACCUSED_NAME}所在单位整改`,
      issuedOn: '2026-06-01',
      responseDueOn: '2026-07-01',
    },
    '2026-06-01T02:00:00.000Z',
  );
  await publish(
    sv.RecommendationResponded,
    {
      recommendationId: 'rec-1',
      kind: 'supervisory',
      unitId: 'u-2',
      office: 'supervision-office-2',
      responseDueOn: '2026-07-01',
      respondedOn: '2026-06-25',
      late: false,
    },
    '2026-06-25T02:00:00.000Z',
  );
  await publish(
    sv.RectificationOpened,
    {
      rectificationId: 'rect-1',
      source: 'recommendation',
      unitId: 'u-1',
      office: 'supervision-office-1',
      description: '整改',
      dueOn: '2026-08-31',
      openedOn: '2026-06-02',
    },
    '2026-06-02T02:00:00.000Z',
  );
  // A verification extended once (v2: the new due day, never the reason) and a rectification reopened.
  const handled2 = { clueId: 'c-2', clueNumber: 'XS-2026-000002', unitId: 'u-2', office: 'supervision-office-2' };
  await publish(
    sv.VerificationOpened,
    { verificationId: 'ver-x', ...handled2, openedOn: '2026-07-10' },
    '2026-07-10T02:00:00.000Z',
  );
  await publish(
    sv.VerificationApproved,
    { verificationId: 'ver-x', ...handled2, approvedOn: '2026-07-12', dueOn: '2026-09-12', provisional: false, escalated: false },
    '2026-07-12T02:00:00.000Z',
  );
  await publish(
    sv.VerificationExtended,
    { verificationId: 'ver-x', ...handled2, extendedOn: '2026-08-20', dueOn: '2026-10-12', provisional: false },
    '2026-08-20T02:00:00.000Z',
  );
  await publish(
    sv.RectificationReopened,
    { rectificationId: 'rect-1', unitId: 'u-1', office: 'supervision-office-1', dueOn: '2026-09-15', reopenedOn: '2026-07-20' },
    '2026-07-20T02:00:00.000Z',
  );
  await publish(
    sv.OversightTaskAssigned,
    {
      taskId: 'task-1',
      title: '督办',
      description: '督办事项',
      assigneeOffice: 'supervision-office-1',
      dueOn: '2026-06-30',
      assignedOn: '2026-06-03',
    },
    '2026-06-03T02:00:00.000Z',
  );
  await publish(
    sv.AgencyQuarterlyReportSubmitted,
    { agency: 'dispatched-agency-edu', year: 2026, quarter: 2, submittedOn: '2026-07-08', dueOn: '2026-07-10', late: false },
    '2026-07-08T02:00:00.000Z',
  );
  await publish(
    sv.PoliticalEcologyReportSubmitted,
    { agency: 'dispatched-agency-edu', unitId: 'u-1', year: 2026, submittedOn: '2026-07-09' },
    '2026-07-09T02:00:00.000Z',
  );
  const clock = {
    clockId: 'inquiry-reply:inq-c-1',
    measures: 'inquiry-reply',
    rule: '函询回复 15 个工作日',
    subject: 'inq-c-1',
    office: 'supervision-office-1',
    unitId: 'u-1',
    dueOn: '2026-06-01',
    provisional: false,
  };
  const [svStarted] = clockEvents('supervision');
  await publish(svStarted, { ...clock, startedOn: '2026-05-08' }, '2026-05-08T02:00:00.000Z');
  await publish(approaching, clock, '2026-05-27T00:00:00.000Z');
  await publish(breached, clock, '2026-06-02T00:00:00.000Z');
  // Every service's clocks from their start: petitions' feedback clock met, a clue's disposition clock
  // extended and running, an opinion reply stopped late (breached, then stopped, then announced).
  const [ptStarted, , ptStopped] = clockEvents('petitions');
  const feedback = {
    clockId: 'petition-feedback-p-9',
    measures: 'petition-feedback',
    rule: '实名举报结果反馈 15 个工作日',
    subject: 'petition-p-9',
    office: 'petition-office',
    unitId: 'u-2',
    startedOn: '2026-07-01',
    dueOn: '2026-07-22',
    provisional: false,
  };
  await publish(ptStarted, feedback, '2026-07-01T02:00:00.000Z');
  await publish(ptStopped, { ...feedback, stoppedOn: '2026-07-20', met: true }, '2026-07-20T02:00:00.000Z');
  const [cmStarted, cmExtended] = clockEvents('case-management');
  const disposition = {
    clockId: 'clue-disposition:c-9',
    measures: 'clue-disposition',
    rule: '线索提出处置意见 30 日',
    subject: 'c-9',
    office: 'supervision-office-2',
    unitId: 'u-2',
    startedOn: '2026-09-01',
    dueOn: '2026-10-01',
    provisional: false,
  };
  await publish(cmStarted, disposition, '2026-09-01T02:00:00.000Z');
  await publish(
    cmExtended,
    { ...disposition, rule: '延长（至 2026-10-15）', dueOn: '2026-10-15', previousDueOn: '2026-10-01' },
    '2026-09-20T02:00:00.000Z',
  );
  const [pbStarted, , pbStopped] = clockEvents('publicity');
  const [pbBreached] = deadlineEventContracts('publicity').slice(1) as [EventContract];
  const reply = {
    clockId: 'opinion-reply-r-9',
    measures: 'opinion-reply',
    rule: '廉政意见回复 10 个工作日',
    subject: 'r-9',
    office: 'publicity-dept',
    startedOn: '2026-08-03',
    dueOn: '2026-08-17',
    provisional: false,
  };
  await publish(pbStarted, reply, '2026-08-03T02:00:00.000Z');
  await publish(pbStopped, { ...reply, stoppedOn: '2026-08-20', met: false }, '2026-08-20T02:00:00.000Z');
  const { startedOn: _started, ...replySignal } = reply;
  await publish(pbBreached, replySignal, '2026-08-21T01:00:00.000Z');
  // Every service's clocks: the review service's too.
  const [reviewApproaching] = deadlineEventContracts('review') as [EventContract];
  await publish(
    reviewApproaching,
    {
      clockId: 'review:rv-1',
      measures: 'review',
      rule: '审理 1 个月',
      subject: 'rv-1',
      office: 'review-office',
      unitId: 'u-2',
      dueOn: '2026-07-10',
      provisional: false,
    },
    '2026-07-06T00:00:00.000Z',
  );

  // Cases (supervision), their review (review), the 加强监督建议书, and publicity's replies and 舆情.
  const onCase = { caseId: 'case-1', clueId: 'c-1', clueNumber: 'XS-2026-000001', unitId: 'u-1', office: 'supervision-office-1' };
  const subject = { subjectRef: 'cadre-ref-1', subjectPosition: '科长' };
  await publish(
    rv.SanctionDecided,
    {
      caseId: 'case-2',
      clueId: 'c-old',
      clueNumber: 'XS-2025-000009',
      unitId: 'u-2',
      office: 'supervision-office-2',
      ...subject,
      party: { kind: 'warning', effectiveFrom: '2026-03-01', effectiveUntil: '2026-08-31', rule: '纪律处分条例第十条' },
      escalated: false,
      decidedOn: '2026-03-01',
    },
    '2026-03-01T02:00:00.000Z',
  );
  await publish(
    sv.CaseFiled,
    { ...onCase, verificationId: 'ver-1', ...subject, escalated: false, filedOn: '2026-05-15', dueOn: '2026-08-15' },
    '2026-05-15T02:00:00.000Z',
  );
  await publish(
    sv.CaseFilingRejected,
    {
      caseId: 'case-4',
      verificationId: 'ver-4',
      clueId: 'c-2',
      clueNumber: 'XS-2026-000002',
      unitId: 'u-2',
      office: 'supervision-office-2',
      ...subject,
      escalated: true,
      rejectedOn: '2026-05-20',
    },
    '2026-05-20T02:00:00.000Z',
  );
  await publish(
    pub.OpinionReplied,
    {
      requestId: 'or-1',
      cadreId: 'cadre-id-9',
      purpose: 'promotion',
      onDate: '2026-06-01',
      conclusion: 'no-issue',
      citations: [],
      repliedOn: '2026-06-05',
    },
    '2026-06-05T02:00:00.000Z',
  );
  await publish(
    pub.OpinionReplied,
    {
      requestId: 'or-1',
      cadreId: 'cadre-id-10',
      purpose: 'promotion',
      onDate: '2026-06-01',
      conclusion: 'postponed',
      citations: [{ kind: 'clue', number: 'XS-2026-000001' }],
      repliedOn: '2026-06-05',
    },
    '2026-06-05T02:00:00.000Z',
  );
  await publish(
    pub.PublicOpinionForwarded,
    {
      itemId: 'po-1',
      source: 'online',
      unitId: 'u-2',
      categories: ['eight-rules'],
      summary: `网传${ACCUSED_NAME}违规吃喝`,
      forwardedOn: '2026-06-06',
    },
    '2026-06-06T02:00:00.000Z',
  );
  await publish(
    sv.CaseTransferredToReview,
    {
      ...onCase,
      verificationId: 'ver-1',
      ...subject,
      subjectHeadsLowerCommittee: false,
      round: 1,
      findings: `${ACCUSED_NAME}收受礼金`,
      proposedSanction: { party: { kind: 'warning' } },
      transferredOn: '2026-06-10',
    },
    '2026-06-10T02:00:00.000Z',
  );
  await publish(
    rv.CaseReturnedForInvestigation,
    {
      caseId: 'case-1',
      clueId: 'c-1',
      office: 'supervision-office-1',
      round: 1,
      reason: `${ACCUSED_NAME}的事实不清`,
      returnedOn: '2026-06-15',
    },
    '2026-06-15T02:00:00.000Z',
  );
  await publish(
    rv.ReviewConcludedWithoutSanction,
    {
      caseId: 'case-3',
      clueId: 'c-3',
      clueNumber: 'XS-2026-000003',
      unitId: 'u-2',
      office: 'supervision-office-2',
      ...subject,
      outcome: 'exempted',
      escalated: false,
      concludedOn: '2026-06-20',
    },
    '2026-06-20T02:00:00.000Z',
  );
  await publish(
    rv.SanctionDecided,
    {
      ...onCase,
      ...subject,
      party: { kind: 'warning', effectiveFrom: '2026-07-04', effectiveUntil: '2027-07-03', rule: '纪律处分条例第十条' },
      governmental: { kind: 'demerit', effectiveFrom: '2026-07-04', effectiveUntil: '2028-01-03', rule: '政务处分法第九条' },
      escalated: false,
      decidedOn: '2026-07-04',
    },
    '2026-07-04T02:00:00.000Z',
  );
  await publish(
    rv.CommonIssueIdentified,
    { issueId: 'iss-1', ...onCase, issue: `${ACCUSED_NAME}所在单位财务管理混乱`, identifiedOn: '2026-07-04' },
    '2026-07-04T03:00:00.000Z',
  );
  await publish(
    sv.SupervisionAdviceIssued,
    {
      adviceId: 'adv-1',
      issueId: 'iss-1',
      ...onCase,
      content: `针对${ACCUSED_NAME}案件暴露的问题加强监督`,
      issuedOn: '2026-07-05',
      responseDueOn: '2026-08-05',
    },
    '2026-07-05T02:00:00.000Z',
  );
  await publish(
    rv.SanctionEffectEnded,
    { caseId: 'case-2', subjectRef: 'cadre-ref-1', side: 'party', effectiveUntil: '2026-08-31', endedOn: '2026-09-01' },
    '2026-09-01T00:00:00.000Z',
  );

  await eventually(
    async () => {
      const { rows } = await an.service.ctx.pool.query(
        `SELECT count(*)::int AS n FROM analytics.inbox WHERE consumer LIKE 'analytics--%'`,
      );
      return rows[0].n === published.length;
    },
    { timeoutMs: 30_000 },
  );
}, 90_000);

describe('ledgers', () => {
  it('hold one row per item with every date and state', async () => {
    const clues = await ledger('clues');
    expect(clues.total).toBe(2);
    const [c1, c2] = clues.items;
    expect(c1).toMatchObject({
      id: 'c-1',
      number: 'XS-2026-000001',
      // The disposition's kind stays; the state and the day are the outcome's (ClueOutcomeRecorded).
      state: 'closed',
      closedOn: '2026-07-03',
      kind: 'inquiry',
      unitId: 'u-1',
      zoneId: 'z1',
      office: 'supervision-office-1',
      source: 'petition',
      category: 'other',
      dueOn: '2026-05-10',
      openedAt: '2026-04-10T02:00:00.000Z',
      dates: {
        registeredAt: '2026-04-10T02:00:00.000Z',
        assignedAt: '2026-04-10T02:00:00.000Z',
        proposedAt: '2026-04-20T02:00:00.000Z',
        approvedAt: '2026-05-06T02:00:00.000Z',
        outcomeAt: '2026-07-03T02:30:00.000Z',
      },
      facts: {
        accusedPosition: '科长',
        proposedKind: 'inquiry',
        proposals: 1,
        outcome: 'light-measure',
        outcomeSource: 'inquiry',
        outcomeRef: 'inq-c-1',
        outcomes: 1,
      },
    });
    expect(c2).toMatchObject({ id: 'c-2', state: 'shelved', kind: 'shelve', closedOn: '2026-07-02', zoneId: 'z2' });

    expect((await ledger('petitions')).items).toEqual([
      expect.objectContaining({
        id: 'p-1',
        state: 'transferred',
        unitId: 'u-1',
        zoneId: 'z1',
        source: 'online',
        category: 'eight-rules',
        openedAt: '2026-04-08T03:00:00.000Z',
        closedOn: '2026-04-09',
        dates: { registeredOn: '2026-04-08', acceptedOn: '2026-04-09', transferredAt: '2026-04-09T08:00:00.000Z' },
        facts: { realName: true, channel: 'online', categories: 'eight-rules' },
      }),
      expect.objectContaining({
        id: 'p-2',
        state: 'not-accepted',
        kind: 'no-substance',
        zoneId: 'z2',
        closedOn: '2026-05-12',
        facts: { realName: false, channel: 'online', categories: 'eight-rules', notAcceptedReason: 'no-substance' },
      }),
    ]);
    expect((await ledger('inquiries')).items).toEqual([
      expect.objectContaining({
        id: 'inq-c-1',
        state: 'concluded',
        clueId: 'c-1',
        number: 'XS-2026-000001',
        zoneId: 'z1',
        kind: 'light-measure',
        closedOn: '2026-07-03',
        dates: { openedOn: '2026-05-07', conductedOn: '2026-05-20', concludedOn: '2026-07-03' },
        facts: { round: 1, mode: 'talk', outcome: 'light-measure', measure: 'criticism' },
      }),
    ]);
    expect((await ledger('recommendations')).items).toEqual([
      expect.objectContaining({
        id: 'rec-1',
        state: 'responded',
        kind: 'supervisory',
        dueOn: '2026-07-01',
        zoneId: 'z2',
        closedOn: '2026-06-25',
        dates: { issuedOn: '2026-06-01', respondedOn: '2026-06-25' },
        facts: { late: false },
      }),
    ]);
    expect((await ledger('rectifications')).items).toEqual([
      expect.objectContaining({
        id: 'rect-1',
        state: 'reopened',
        source: 'recommendation',
        dueOn: '2026-09-15',
        dates: { openedOn: '2026-06-02', reopenedOn: '2026-07-20' },
        facts: { reopenings: 1 },
      }),
    ]);
    expect((await ledger('oversight-tasks')).items).toEqual([
      expect.objectContaining({ id: 'task-1', state: 'open', office: 'supervision-office-1', dueOn: '2026-06-30' }),
    ]);
    const reports = (await ledger('agency-reports')).items;
    expect(reports).toHaveLength(2);
    expect(reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'dispatched-agency-edu:2026-Q2', state: 'submitted', closedOn: '2026-07-08' }),
        expect.objectContaining({
          id: 'dispatched-agency-edu:u-1:2026',
          state: 'submitted',
          kind: 'political-ecology',
          unitId: 'u-1',
          zoneId: 'z1',
          office: 'dispatched-agency-edu',
          closedOn: '2026-07-09',
          facts: { year: 2026 },
        }),
      ]),
    );
    expect((await ledger('verifications')).items).toEqual([
      expect.objectContaining({
        id: 'ver-x',
        state: 'approved',
        zoneId: 'z2',
        dueOn: '2026-10-12',
        dates: { openedOn: '2026-07-10', approvedOn: '2026-07-12', extendedOn: '2026-08-20' },
        facts: expect.objectContaining({ extended: true }),
      }),
    ]);
  });

  it('hold cases, reviews with their sanctions and effect periods, advice, integrity opinions and 舆情, with no subject', async () => {
    expect((await ledger('cases')).items).toEqual([
      expect.objectContaining({
        id: 'case-1',
        state: 'transferred-to-review',
        clueId: 'c-1',
        number: 'XS-2026-000001',
        unitId: 'u-1',
        zoneId: 'z1',
        office: 'supervision-office-1',
        dueOn: '2026-08-15',
        dates: { filedOn: '2026-05-15', transferredOn: '2026-06-10' },
        facts: { verificationId: 'ver-1', escalated: false, round: 1, proposedParty: 'warning' },
      }),
      expect.objectContaining({ id: 'case-4', state: 'filing-rejected', zoneId: 'z2', closedOn: '2026-05-20' }),
    ]);
    const reviews = await ledger('reviews');
    expect(reviews.items).toEqual([
      expect.objectContaining({
        id: 'case-2',
        state: 'effect-ended',
        kind: 'party',
        closedOn: '2026-03-01',
        dates: {
          decidedOn: '2026-03-01',
          partyEffectiveFrom: '2026-03-01',
          partyEffectiveUntil: '2026-08-31',
          partyEffectEndedOn: '2026-09-01',
        },
        facts: { partySanction: 'warning', partyPermanent: false, partyInEffect: false, escalated: false },
      }),
      expect.objectContaining({
        id: 'case-1',
        state: 'sanctioned',
        kind: 'party-and-governmental',
        zoneId: 'z1',
        closedOn: '2026-07-04',
        dates: {
          returnedOn: '2026-06-15',
          decidedOn: '2026-07-04',
          partyEffectiveFrom: '2026-07-04',
          partyEffectiveUntil: '2027-07-03',
          governmentalEffectiveFrom: '2026-07-04',
          governmentalEffectiveUntil: '2028-01-03',
          commonIssueIdentifiedOn: '2026-07-04',
        },
        facts: {
          round: 1,
          returns: 1,
          partySanction: 'warning',
          partyPermanent: false,
          partyInEffect: true,
          governmentalSanction: 'demerit',
          governmentalPermanent: false,
          governmentalInEffect: true,
          escalated: false,
          commonIssues: 1,
        },
      }),
      expect.objectContaining({ id: 'case-3', state: 'concluded-without-sanction', kind: 'exempted', zoneId: 'z2' }),
    ]);
    expect((await ledger('supervision-advice')).items).toEqual([
      expect.objectContaining({
        id: 'adv-1',
        state: 'issued',
        clueId: 'c-1',
        zoneId: 'z1',
        dueOn: '2026-08-05',
        dates: { issuedOn: '2026-07-05' },
        facts: { issueId: 'iss-1', caseId: 'case-1' },
      }),
    ]);
    expect((await ledger('integrity-opinions')).items).toEqual([
      {
        id: 'or-1',
        state: 'replied',
        kind: 'promotion',
        openedAt: '2026-06-05T02:00:00.000Z',
        updatedAt: '2026-06-05T02:00:00.000Z',
        closedOn: '2026-06-05',
        dates: { onDate: '2026-06-01', repliedOn: '2026-06-05' },
        facts: { purpose: 'promotion', candidates: 2, 'conclusion.no-issue': 1, 'conclusion.postponed': 1, citations: 1 },
      },
    ]);
    expect((await ledger('public-opinion')).items).toEqual([
      expect.objectContaining({
        id: 'po-1',
        state: 'forwarded',
        source: 'online',
        category: 'eight-rules',
        unitId: 'u-2',
        zoneId: 'z2',
        closedOn: '2026-06-06',
      }),
    ]);
    // A supervision office sees its zones' cases; the integrity opinions name no unit or office.
    expect((await ledger('reviews', office1)).items.map((r) => r.id)).toEqual(['case-1']);
    expect((await ledger('integrity-opinions', office1)).total).toBe(0);
  });

  it('download the new ledgers as workbooks, row for row, with dates as dates and no subject', async () => {
    const titles = {
      cases: '审查调查台账',
      reviews: '案件审理台账',
      'supervision-advice': '加强监督建议书台账',
      'integrity-opinions': '廉政意见回复台账',
      'public-opinion': '舆情台账',
    };
    for (const [name, title] of Object.entries(titles)) {
      const page = await ledger(name);
      const file = (await call(ops.exportLedger, caseManager, { ledger: name })) as { contentBase64: string; fileName: string };
      expect(file.fileName.startsWith(`${name}-`)).toBe(true);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect({ name, sheet: sheet?.name, rows: (sheet?.rowCount ?? 0) - 1 }).toEqual({ name, sheet: title, rows: page.total });
      const ids = (sheet?.getColumn(1).values as unknown[]).slice(2);
      expect(ids).toEqual(page.items.map((r) => r.id));
      const text = JSON.stringify(sheet?.getSheetValues());
      expect(text).not.toContain('cadre-');
      expect(text).not.toContain(ACCUSED_NAME);
    }
    // The review's effect period is an Excel date.
    const file = (await call(ops.exportLedger, caseManager, { ledger: 'reviews' })) as { contentBase64: string };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const headers = (sheet?.getRow(1).values as unknown[]).slice(1) as string[];
    const until = headers.indexOf('日期:partyEffectiveUntil') + 1;
    expect(until).toBeGreaterThan(0);
    const values = (sheet?.getColumn(until).values as unknown[]).slice(2);
    expect(values.some((v) => v instanceof Date)).toBe(true);
  });

  it('filter, sort and page', async () => {
    expect((await ledger('clues', caseManager, { state: 'shelved' })).items.map((r) => r.id)).toEqual(['c-2']);
    expect((await ledger('clues', caseManager, { zoneId: 'z1' })).items.map((r) => r.id)).toEqual(['c-1']);
    expect((await ledger('clues', caseManager, { openedFrom: '2026-04-11' })).items.map((r) => r.id)).toEqual(['c-2']);
    expect((await ledger('clues', caseManager, { openedTo: '2026-04-10' })).items.map((r) => r.id)).toEqual(['c-1']);
    expect((await ledger('clues', caseManager, { sort: 'openedAt', order: 'desc' })).items.map((r) => r.id)).toEqual([
      'c-2',
      'c-1',
    ]);
    const page2 = await ledger('clues', caseManager, { pageSize: 1, page: 2 });
    expect({ ids: page2.items.map((r) => r.id), total: page2.total }).toEqual({ ids: ['c-2'], total: 2 });
  });

  it('answer every reader of issue 11 with what it may see', async () => {
    const reader = (office: string, zones: string[] = []): Who => ({
      sub: `u-${office}`,
      name: '干部',
      office,
      roles: ['staff'],
      zones,
    });
    for (const office of ['case-management', 'general-office', 'leadership', 'conduct-office']) {
      expect({ office, clues: (await ledger('clues', reader(office))).total }).toEqual({ office, clues: 2 });
    }
    expect((await ledger('clues', reader('supervision-office-2', ['z2']))).items.map((r) => r.id)).toEqual(['c-2']);
    expect((await ledger('clues', reader('supervision-office-1', ['z1', 'z2']))).total).toBe(2);
    for (const name of LEDGER_NAMES.filter((n) => n !== 'petitions')) {
      expect({ name, code: (await refusal(ops.readLedger, petitionOffice, { ledger: name })).code }).toEqual({
        name,
        code: 'FORBIDDEN_LEDGER',
      });
    }
  });

  it('show each reader what it may see', async () => {
    // A supervision office: its zones' rows and its own; 办公室 every row.
    expect((await ledger('clues', office1)).items.map((r) => r.id)).toEqual(['c-1']);
    expect((await ledger('recommendations', office1)).total).toBe(0);
    expect((await ledger('clues', general)).total).toBe(2);
    // 信访室: the petitions ledger only.
    expect((await ledger('petitions', petitionOffice)).total).toBe(2);
    expect(await refusal(ops.readLedger, petitionOffice, { ledger: 'clues' })).toMatchObject({
      code: 'FORBIDDEN_LEDGER',
      status: 403,
      message: { zh: expect.any(String), en: expect.any(String) },
    });
  });

  it('refuse bad input with a 400 and a reason in both languages', async () => {
    expect(await refusal(ops.readLedger, caseManager, { ledger: 'nope' })).toMatchObject({ status: 400 });
    expect(await refusal(ops.readLedger, caseManager, { ledger: 'clues', asOf: 'yesterday' })).toMatchObject({ status: 400 });
    expect(
      await refusal(ops.readLedger, caseManager, { ledger: 'clues', openedFrom: '2026-05-01', openedTo: '2026-04-01' }),
    ).toMatchObject({ status: 400, code: 'INVALID_RANGE', message: { zh: expect.any(String), en: expect.any(String) } });
    expect(
      await refusal(ops.readStatistics, caseManager, { series: 'case-management-quarterly', period: '2026-13' }),
    ).toMatchObject({ status: 400 });
  });
});

describe('time travel', () => {
  const instants = [
    '2026-01-01T00:00:00.000Z', // before anything
    '2026-04-10T02:00:00.000Z', // the instant c-1 was registered and assigned
    '2026-04-15T00:00:00.000Z',
    '2026-05-06T02:00:00.000Z',
    '2026-05-30T00:00:00.000Z',
    '2026-06-30T16:00:00.000Z', // the end of Q2, Beijing time
    '2026-07-05T00:00:00.000Z',
    '2026-06-05T02:00:00.000Z', // both integrity-opinion replies of one request, at one instant
    '2026-06-12T00:00:00.000Z', // case-1 transferred, not yet returned
    '2026-07-04T02:30:00.000Z', // sanctioned, the common issue not yet identified
    '2026-08-31T23:00:00.000Z', // case-2's party sanction still in effect
    '2026-09-02T00:00:00.000Z',
  ];

  it('asOf equals a fresh fold of the events up to that instant, for every ledger', async () => {
    for (const asOf of instants) {
      const folded = foldLedgers(
        published.filter((e) => e.occurredAt <= asOf),
        zoneOfFrom(assignments),
      );
      for (const name of LEDGER_NAMES) {
        const expected = [...folded.values()]
          .filter((r) => r.ledger === name)
          .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id))
          .map(toLedgerRow);
        const read = await ledger(name, caseManager, { asOf });
        expect({ asOf, name, items: read.items, total: read.total }).toEqual({
          asOf,
          name,
          items: expected,
          total: expected.length,
        });
      }
    }
  });

  it('shows what the ledger said then', async () => {
    const at = async (asOf: string) => (await ledger('clues', caseManager, { asOf })).items.map((r) => `${r.id}:${r.state}`);
    expect(await at('2026-04-11T00:00:00.000Z')).toEqual(['c-1:assigned']);
    expect(await at('2026-04-25T00:00:00.000Z')).toEqual(['c-1:disposition-proposed', 'c-2:assigned']);
    expect(await at('2026-06-30T16:00:00.000Z')).toEqual(['c-1:in-inquiry', 'c-2:assigned']);
    const clocks = async (asOf: string) =>
      ((await call(ops.readClockBoard, caseManager, { asOf })) as { items: { state: string }[] }).items.map((c) => c.state);
    expect(await clocks('2026-05-01T00:00:00.000Z')).toEqual([]);
    expect(await clocks('2026-05-10T00:00:00.000Z')).toEqual(['running']);
    expect(await clocks('2026-05-28T00:00:00.000Z')).toEqual(['approaching']);
    expect(await clocks('2026-06-03T00:00:00.000Z')).toEqual(['breached']);
    // The petition's feedback clock: running on 07-10, met once stopped (in time) on 07-20.
    const feedback = async (asOf: string) =>
      (
        (await call(ops.readClockBoard, caseManager, { asOf, office: 'petition-office' })) as { items: { state: string }[] }
      ).items.map((c) => c.state);
    expect(await feedback('2026-07-10T00:00:00.000Z')).toEqual(['running']);
    expect(await feedback('2026-07-21T00:00:00.000Z')).toEqual(['met']);
  });
});

describe('the clock board', () => {
  it('lists every service’s clocks, running, approaching, breached or met, with their rule, office and unit', async () => {
    const ids = async (state: string) =>
      ((await call(ops.readClockBoard, caseManager, { state })) as { items: { id: string }[] }).items.map((c) => c.id);
    expect(await ids('running')).toEqual(['case-management:clue-disposition:c-9']);
    expect(await ids('approaching')).toEqual(['review:review:rv-1']);
    expect(await ids('met')).toEqual(['petitions:petition-feedback-p-9']);
    expect(await ids('breached')).toEqual(['supervision:inquiry-reply:inq-c-1', 'publicity:opinion-reply-r-9']);
    const all = (await call(ops.readClockBoard, caseManager, {})) as { items: Record<string, unknown>[]; total: number };
    expect(all.total).toBe(5);
    const row = (id: string) => all.items.find((c) => c.id === id);
    // Met: started, stopped on or before its due day (the petitions feedback clock).
    expect(row('petitions:petition-feedback-p-9')).toEqual({
      id: 'petitions:petition-feedback-p-9',
      service: 'petitions',
      measures: 'petition-feedback',
      rule: '实名举报结果反馈 15 个工作日',
      subject: 'petition-p-9',
      office: 'petition-office',
      unitId: 'u-2',
      zoneId: 'z2',
      startedOn: '2026-07-01',
      dueOn: '2026-07-22',
      provisional: false,
      state: 'met',
      stoppedOn: '2026-07-20',
    });
    // Running, after an extension: the new due day and rule.
    expect(row('case-management:clue-disposition:c-9')).toMatchObject({
      state: 'running',
      startedOn: '2026-09-01',
      dueOn: '2026-10-15',
      rule: '延长（至 2026-10-15）',
      extendedAt: '2026-09-20T02:00:00.000Z',
      extensions: 1,
    });
    // Stopped after its due day: breached, and stays breached when the watcher announces it after.
    expect(row('publicity:opinion-reply-r-9')).toMatchObject({
      state: 'breached',
      startedOn: '2026-08-03',
      dueOn: '2026-08-17',
      stoppedOn: '2026-08-20',
      breachedAt: '2026-08-21T01:00:00.000Z',
    });
    expect(row('publicity:opinion-reply-r-9')).not.toHaveProperty('unitId');

    const board = await call(ops.readClockBoard, caseManager, { state: 'breached', office: 'supervision-office-1' });
    expect(board).toMatchObject({
      total: 1,
      items: [
        {
          id: 'supervision:inquiry-reply:inq-c-1',
          service: 'supervision',
          measures: 'inquiry-reply',
          rule: '函询回复 15 个工作日',
          office: 'supervision-office-1',
          unitId: 'u-1',
          zoneId: 'z1',
          startedOn: '2026-05-08',
          dueOn: '2026-06-01',
          state: 'breached',
          approachingAt: '2026-05-27T00:00:00.000Z',
          breachedAt: '2026-06-02T00:00:00.000Z',
        },
      ],
    });
    expect(await call(ops.readClockBoard, caseManager, { state: 'approaching' })).toMatchObject({
      total: 1,
      items: [{ id: 'review:review:rv-1', service: 'review', rule: '审理 1 个月', zoneId: 'z2', state: 'approaching' }],
    });
    // A supervision office sees the clocks of its zones and its own.
    expect(((await call(ops.readClockBoard, office1, {})) as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([
      'supervision:inquiry-reply:inq-c-1',
    ]);
  });
});

describe('the clock board as a workbook', () => {
  it('holds the board’s rows with Chinese headers, states in Chinese and days as dates', async () => {
    const board = (await call(ops.readClockBoard, caseManager, { pageSize: 200 })) as { items: { id: string }[] };
    const file = (await call(ops.exportClockBoard, caseManager, {})) as { contentBase64: string; fileName: string };
    expect(file.fileName).toMatch(/^clocks-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('时限看板');
    const headers = (sheet?.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers.slice(0, 11)).toEqual([
      '时限编号',
      '所属系统',
      '计时事项',
      '时限规则',
      '所涉事项',
      '承办部门',
      '所涉单位',
      '协作区',
      '状态',
      '起算日',
      '期限日',
    ]);
    expect((sheet?.getColumn(1).values as unknown[]).slice(2)).toEqual(board.items.map((r) => r.id));
    const column = (header: string) => (sheet?.getColumn(headers.indexOf(header) + 1).values as unknown[]).slice(2);
    expect(new Set(column('状态'))).toEqual(new Set(['进行中', '临近期限', '已超期', '按期完成']));
    const met = board.items.findIndex((r) => r.id === 'petitions:petition-feedback-p-9');
    expect(column('状态')[met]).toBe('按期完成');
    expect(column('完成日')[met]).toEqual(new Date('2026-07-20T00:00:00Z'));
    expect(column('起算日')[met]).toBeInstanceOf(Date);
    // A filter of the board is a filter of the file.
    const breached = (await call(ops.exportClockBoard, caseManager, { state: 'breached' })) as { contentBase64: string };
    const only = new ExcelJS.Workbook();
    await only.xlsx.load(Buffer.from(breached.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect((only.worksheets[0]?.getColumn(1).values as unknown[]).slice(2)).toEqual([
      'supervision:inquiry-reply:inq-c-1',
      'publicity:opinion-reply-r-9',
    ]);
    // 信访室 reads no clock board, in any form.
    expect((await an.call(ops.exportClockBoard, petitionOffice, {})).ok).toBe(false);
  });
});

describe('statistics', () => {
  const Q2_END = '2026-06-30T16:00:00.000Z';
  const stats = (who: Who, series: string, period: string, extra: object = {}) =>
    call(ops.readStatistics, who, { series, period, ...extra }) as Promise<{
      groups: { key: string; figures: Record<string, number> }[];
      totals: { key: string; figures: Record<string, number> };
      from: string;
      to: string;
    }>;
  /** The same figures from the events folded up to `asOf` (the reference computation). */
  const reference = (series: string, range: { from: string; to: string }, by: Grouping | undefined, asOf: string) => {
    const rows = [
      ...foldLedgers(
        published.filter((e) => e.occurredAt <= asOf),
        zoneOfFrom(assignments),
      ).values(),
    ];
    const byLedger = Object.fromEntries(LEDGER_NAMES.map((name) => [name, rows.filter((r) => r.ledger === name)]));
    return seriesFigures(series, byLedger, range, by);
  };

  it('案管 quarterly: clues received by source and approved dispositions by kind, per office and zone', async () => {
    const q2 = await stats(caseManager, 'case-management-quarterly', '2026-Q2', { by: 'office' });
    expect(q2).toMatchObject({
      from: '2026-04-01',
      to: '2026-06-30',
      groups: [
        {
          key: 'supervision-office-1',
          figures: { received: 1, 'received.source.petition': 1, disposed: 1, 'disposed.inquiry': 1 },
        },
        { key: 'supervision-office-2', figures: { received: 1, 'received.source.petition': 1, disposed: 0 } },
      ],
      totals: { key: 'total', figures: { received: 2, 'received.source.petition': 2, disposed: 1, 'disposed.inquiry': 1 } },
    });
    const q3 = await stats(caseManager, 'case-management-quarterly', '2026-Q3', { by: 'zone' });
    expect(q3.groups).toEqual([{ key: 'z2', figures: { received: 0, disposed: 1, 'disposed.shelve': 1 } }]);
    // A supervision office counts its own zones only.
    expect((await stats(office1, 'case-management-quarterly', '2026-Q2')).totals.figures).toMatchObject({ received: 1 });
    expect(
      await refusal(ops.readStatistics, petitionOffice, { series: 'case-management-quarterly', period: '2026-Q2' }),
    ).toMatchObject({ status: 403, code: 'FORBIDDEN_LEDGER' });
  });

  it('信访 monthly: volume, channels, categories, real-name rate, decisions and their times', async () => {
    const april = await stats(petitionOffice, 'petitions-monthly', '2026-04');
    expect(april.totals.figures).toEqual({
      received: 1,
      'received.channel.online': 1,
      'received.category.eight-rules': 1,
      'received.realName': 1,
      'received.realNameRate': 1,
      accepted: 1,
      'accepted.meanDays': 1,
      notAccepted: 0,
      forwarded: 0,
      duplicates: 0,
      transferred: 1,
      'transferred.meanDays': 1,
    });
    const q2 = await stats(general, 'petitions-monthly', '2026-Q2', { by: 'unit' });
    expect(q2.totals.figures).toMatchObject({ received: 2, 'received.realNameRate': 0.5, notAccepted: 1 });
    expect(q2.groups.map((g) => g.key)).toEqual(['u-1', 'u-2']);
  });

  it('八项规定: petitions and clues of the family, by zone', async () => {
    const q2 = await stats(caseManager, 'eight-rules', '2026-Q2', { by: 'zone' });
    expect(q2.groups).toEqual([
      { key: 'z1', figures: { petitions: 1, clues: 0 } },
      { key: 'z2', figures: { petitions: 1, clues: 0 } },
    ]);
  });

  it('supervision: inquiries (second rounds, outcomes), verifications, recommendations, rectifications', async () => {
    const q2 = await stats(caseManager, 'supervision-quarterly', '2026-Q2', { by: 'office' });
    expect(q2.totals.figures).toEqual({
      'inquiries.opened': 1,
      'inquiries.opened.secondRound': 0,
      'inquiries.conducted': 1,
      'inquiries.conducted.talk': 1,
      'inquiries.conducted.letter': 0,
      'inquiries.concluded': 0,
      'verifications.opened': 0,
      'verifications.extended': 0,
      'verifications.decided': 0,
      'verifications.onTimeRate': 0,
      'recommendations.issued': 1,
      'recommendations.responded': 1,
      'recommendations.refused': 0,
      'recommendations.onTimeRate': 1,
      'rectifications.opened': 1,
      'rectifications.reopened': 0,
      'rectifications.verified': 0,
      'rectifications.onTimeRate': 0,
    });
    expect(q2.groups.map((g) => [g.key, g.figures['recommendations.issued']])).toEqual([
      ['supervision-office-1', 0],
      ['supervision-office-2', 1],
    ]);
    const q3 = await stats(office1, 'supervision-quarterly', '2026-Q3');
    expect(q3.totals.figures).toMatchObject({
      'inquiries.concluded': 1,
      'inquiries.outcome.light-measure': 1,
      'inquiries.concluded.mode.talk': 1,
      'inquiries.conducted': 0,
      'recommendations.issued': 0,
      'verifications.extended': 0,
      'rectifications.reopened': 1,
    });
    const all = await stats(caseManager, 'supervision-quarterly', '2026-Q3', { by: 'zone' });
    expect(all.groups.map((g) => [g.key, g.figures['verifications.opened'], g.figures['verifications.extended']])).toEqual([
      ['z1', 0, 0],
      ['z2', 1, 1],
    ]);
  });

  it('审查调查 and 审理: cases filed and not filed, sent back, sanctions by side and kind, outcomes, 建议书', async () => {
    const q2 = await stats(caseManager, 'cases-quarterly', '2026-Q2', { by: 'office' });
    expect(q2.totals.figures).toEqual({
      'cases.filed': 1,
      'cases.filingRejected': 1,
      'cases.transferredToReview': 1,
      'reviews.returned': 1,
      'reviews.sanctioned': 0,
      'sanctions.party': 0,
      'sanctions.governmental': 0,
      'reviews.concludedWithoutSanction': 1,
      'reviews.outcome.exempted': 1,
      'advice.issued': 0,
    });
    expect(q2.groups.map((g) => [g.key, g.figures['cases.filed'], g.figures['cases.filingRejected']])).toEqual([
      ['supervision-office-1', 1, 0],
      ['supervision-office-2', 0, 1],
    ]);
    const q3 = await stats(caseManager, 'cases-quarterly', '2026-Q3');
    expect(q3.totals.figures).toMatchObject({
      'cases.filed': 0,
      'reviews.sanctioned': 1,
      'sanctions.party': 1,
      'sanctions.party.warning': 1,
      'sanctions.governmental': 1,
      'sanctions.governmental.demerit': 1,
      'advice.issued': 1,
    });
    const q1 = await stats(caseManager, 'cases-quarterly', '2026-Q1', { by: 'unit' });
    expect(q1.groups).toEqual([
      { key: 'u-2', figures: expect.objectContaining({ 'reviews.sanctioned': 1, 'sanctions.party.warning': 1 }) },
    ]);
    expect((await stats(office1, 'cases-quarterly', '2026-Q2')).totals.figures).toMatchObject({
      'cases.filed': 1,
      'cases.filingRejected': 0,
    });
  });

  it('廉政意见回复 by conclusion and 舆情 forwarded', async () => {
    const q2 = await stats(general, 'integrity-opinions-quarterly', '2026-Q2');
    expect(q2.totals.figures).toEqual({
      'opinions.requests': 1,
      'opinions.candidates': 2,
      'opinions.conclusion.no-issue': 1,
      'opinions.conclusion.postponed': 1,
      'opinions.conclusion.vetoed': 0,
      'publicOpinion.forwarded': 1,
      'publicOpinion.source.online': 1,
    });
    expect((await stats(general, 'integrity-opinions-quarterly', '2026-Q3')).totals.figures).toMatchObject({
      'opinions.requests': 0,
      'publicOpinion.forwarded': 0,
    });
  });

  it('every series equals the reference computation from the folded events, now and as of the end of Q2', async () => {
    for (const series of STATISTICS_SERIES) {
      for (const by of [undefined, 'unit', 'zone', 'office', 'category'] as const) {
        for (const asOf of [Q2_END, NOW]) {
          const read = await stats(caseManager, series, '2026-Q2', { ...(by ? { by } : {}), ...(asOf === NOW ? {} : { asOf }) });
          expect({ series, by, asOf, groups: read.groups, totals: read.totals }).toEqual({
            series,
            by,
            asOf,
            ...reference(series, { from: '2026-04-01', to: '2026-06-30' }, by, asOf),
          });
        }
      }
    }
  });

  it('keeps in ledger_steps, event by event, exactly the steps of every current version (what a rebuild writes)', async () => {
    const pool = an.service.ctx.pool;
    // The consumers write each item's steps from its row in memory; a rebuild makes them from the
    // arrays each current version keeps (refreshSteps). The two must be the same multiset of rows.
    const columns = 'series, day, name, n, ledger, item_id, unit_id, zone_id, office, category';
    const { rows } = await pool.query<{ kept: string; made: string; missing: string; extra: string }>(
      `WITH made AS (
         SELECT split_part(figure, ':', 1) AS series, day, substr(figure, strpos(figure, ':') + 1) AS name, n,
                ledger, item_id, unit_id, zone_id, office, category
           FROM (SELECT unnest(step_days) AS day, unnest(step_figures) AS figure, unnest(step_counts) AS n,
                        ledger, item_id, unit_id, zone_id, office, category
                   FROM analytics.ledger_rows WHERE valid_to IS NULL) s)
       SELECT (SELECT count(*) FROM analytics.ledger_steps) AS kept, (SELECT count(*) FROM made) AS made,
              (SELECT count(*) FROM (SELECT ${columns} FROM made EXCEPT ALL SELECT ${columns} FROM analytics.ledger_steps) m) AS missing,
              (SELECT count(*) FROM (SELECT ${columns} FROM analytics.ledger_steps EXCEPT ALL SELECT ${columns} FROM made) e) AS extra`,
    );
    expect(rows[0]).toEqual({ kept: rows[0]?.made, made: rows[0]?.made, missing: '0', extra: '0' });
    expect(Number(rows[0]?.made)).toBeGreaterThan(20);
  });

  it('counts the versions written before their steps were kept (migration 005) as it counts the others', async () => {
    const pool = an.service.ctx.pool;
    // Every other item as a database migrated before the steps: no arrays, nothing in ledger_steps.
    const unstepped = `ledger <> 'clocks' AND abs(hashtext(item_id)) % 2 = 0`;
    await pool.query(`CREATE TABLE analytics.steps_saved AS SELECT ledger, item_id, valid_from, step_days, step_figures, step_counts
                        FROM analytics.ledger_rows WHERE ${unstepped}`);
    try {
      const { rowCount } = await pool.query(
        `UPDATE analytics.ledger_rows SET step_days = NULL, step_figures = NULL, step_counts = NULL WHERE ${unstepped}`,
      );
      expect(rowCount).toBeGreaterThan(5);
      await pool.query(`DELETE FROM analytics.ledger_steps WHERE ${unstepped}`);
      for (const series of STATISTICS_SERIES) {
        for (const by of [undefined, 'zone'] as const) {
          for (const asOf of [Q2_END, NOW]) {
            const read = await stats(caseManager, series, '2026-Q2', {
              ...(by ? { by } : {}),
              ...(asOf === NOW ? {} : { asOf }),
            });
            expect({ series, by, asOf, groups: read.groups, totals: read.totals }).toEqual({
              series,
              by,
              asOf,
              ...reference(series, { from: '2026-04-01', to: '2026-06-30' }, by, asOf),
            });
          }
        }
      }
    } finally {
      await pool.query(`UPDATE analytics.ledger_rows r SET step_days = s.step_days, step_figures = s.step_figures, step_counts = s.step_counts
                          FROM analytics.steps_saved s
                         WHERE (r.ledger, r.item_id, r.valid_from) = (s.ledger, s.item_id, s.valid_from)`);
      await pool.query('DROP TABLE analytics.steps_saved');
      await pool.query('DELETE FROM analytics.ledger_steps');
      await refreshSteps(pool, 'analytics');
    }
  });
});

describe('政治生态 indicators of a unit', () => {
  const ecology = (who: Who, payload: object) =>
    call(ops.readUnitEcology, who, payload) as Promise<{
      indicators: Record<string, number>;
      zoneId: string;
      staffCount: number;
    }>;

  it('counts the unit’s petitions per 100 staff, clues, dispositions, inquiry outcomes, on-time rates and breaches', async () => {
    const u1 = await ecology(caseManager, { unitId: 'u-1', year: 2026 });
    expect(u1).toMatchObject({ zoneId: 'z1', staffCount: 100 });
    expect(u1.indicators).toEqual({
      petitions: 1,
      'petitions.per100Staff': 1,
      'petitions.previousYear': 0,
      'petitions.per100Staff.previousYear': 0,
      'petitions.per100Staff.trend': 1,
      clues: 1,
      disposed: 1,
      'disposed.inquiry': 1,
      'inquiries.concluded': 1,
      'inquiries.outcome.light-measure': 1,
      'recommendations.due': 0,
      'recommendations.onTimeRate': 0,
      'rectifications.due': 1,
      'rectifications.onTimeRate': 0,
      ecologyReports: 1,
      'clocks.breached': 1,
    });
    // As of the end of Q2 the inquiry was not concluded yet.
    const then = await ecology(caseManager, { unitId: 'u-1', year: 2026, asOf: '2026-06-30T16:00:00.000Z' });
    expect(then.indicators['inquiries.concluded']).toBe(0);
    // u-2's recommendation was responded to (RecommendationResponded) before its due day.
    const u2 = await ecology(caseManager, { unitId: 'u-2', year: 2026 });
    expect(u2.indicators).toMatchObject({ 'recommendations.due': 1, 'recommendations.onTimeRate': 1 });
  });

  it('answers a supervision office for the units of its zones only', async () => {
    expect((await ecology(office1, { unitId: 'u-1', year: 2026 })).indicators['clues']).toBe(1);
    expect(await refusal(ops.readUnitEcology, office1, { unitId: 'u-2', year: 2026 })).toMatchObject({
      status: 404,
      code: 'UNIT_NOT_FOUND',
    });
    expect(await refusal(ops.readUnitEcology, caseManager, { unitId: 'u-none', year: 2026 })).toMatchObject({ status: 404 });
    expect(await refusal(ops.readUnitEcology, petitionOffice, { unitId: 'u-1', year: 2026 })).toMatchObject({ status: 403 });
  });
});

describe('privacy', () => {
  it('no analytics table holds the accused’s or an actor’s name', async () => {
    const { rows: tables } = await db
      .pool()
      .query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' AND table_type = 'BASE TABLE'`,
      );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['ledger_rows', 'inbox', 'dead_letters', 'units']));
    // The names did arrive: the ledgers hold the rows of those very events.
    expect((await ledger('clues')).total).toBe(2);
    for (const { table_name } of tables) {
      // The cadres' ids (publicity) and the subject's reference (cases, reviews) stay out too.
      for (const name of [ACCUSED_NAME, PETITION_ACCUSED_NAME, ACTOR_NAME, '另一测试名', 'cadre-id-', 'cadre-ref-1']) {
        const { rows } = await db
          .pool()
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM analytics."${table_name}" t WHERE t::text LIKE '%' || $1 || '%'`,
            [name],
          );
        expect({ table: table_name, name, rows: rows[0]?.n }).toEqual({ table: table_name, name, rows: 0 });
      }
    }
  });
});

describe('SQL for BI tools: jiandu_analyst on analytics_views', () => {
  const login = `analyst_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let analyst: pg.Client;
  beforeAll(async () => {
    await db.pool().query(`CREATE ROLE ${login} LOGIN IN ROLE jiandu_analyst`);
    const url = new URL(db.url);
    url.username = login;
    analyst = new pg.Client({ connectionString: url.toString(), statement_timeout: 5_000 });
    await analyst.connect();
  });
  afterAll(async () => {
    await analyst?.end();
    await db.pool().query(`DROP ROLE IF EXISTS ${login}`);
  });

  it('reads the documented views', async () => {
    const { rows } = await analyst.query(`SELECT id, state, number, zone_id FROM analytics_views.clues ORDER BY id`);
    expect(rows).toEqual([
      { id: 'c-1', state: 'closed', number: 'XS-2026-000001', zone_id: 'z1' },
      { id: 'c-2', state: 'shelved', number: 'XS-2026-000002', zone_id: 'z2' },
    ]);
    const asOf = await analyst.query(
      `SELECT id, state FROM analytics_views.ledger_history
        WHERE ledger = 'clues' AND valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1) ORDER BY id`,
      ['2026-04-25T00:00:00Z'],
    );
    expect(asOf.rows).toEqual([
      { id: 'c-1', state: 'disposition-proposed' },
      { id: 'c-2', state: 'assigned' },
    ]);
    for (const view of ['cases', 'reviews', 'supervision_advice', 'integrity_opinions', 'public_opinion']) {
      const { rows } = await analyst.query(`SELECT ledger, id, state FROM analytics_views.${view} ORDER BY id`);
      expect({ view, rows: rows.length > 0 }).toEqual({ view, rows: true });
    }
    expect((await analyst.query(`SELECT id, state, kind FROM analytics_views.reviews WHERE id = 'case-1'`)).rows).toEqual([
      { id: 'case-1', state: 'sanctioned', kind: 'party-and-governmental' },
    ]);
    expect((await analyst.query(`SELECT unit_id, staff_count, zone_id FROM analytics_views.units ORDER BY 1`)).rows).toEqual([
      { unit_id: 'u-1', staff_count: 100, zone_id: 'z1' },
      { unit_id: 'u-2', staff_count: 100, zone_id: 'z2' },
    ]);
  });

  // Each ledger's view names its dates and facts as typed columns, after the columns it had
  // (analytics-006): a BI tool reads them without JSON.
  const PER_LEDGER_VIEWS = [
    'petitions',
    'clues',
    'inquiries',
    'verifications',
    'recommendations',
    'rectifications',
    'oversight_tasks',
    'agency_reports',
    'cases',
    'reviews',
    'supervision_advice',
    'integrity_opinions',
    'public_opinion',
    'clocks',
  ];
  const GENERIC_COLUMNS = [
    'ledger',
    'id',
    'state',
    'number',
    'clue_id',
    'unit_id',
    'zone_id',
    'office',
    'category',
    'source',
    'kind',
    'opened_at',
    'updated_at',
    'due_on',
    'closed_on',
    'dates',
    'facts',
  ];
  /** A view's columns and their types, as the analyst sees them. */
  const columnsOf = async (view: string) =>
    (
      await analyst.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns
          WHERE table_schema = 'analytics_views' AND table_name = $1 ORDER BY ordinal_position`,
        [view],
      )
    ).rows;

  it('keeps every view’s columns and names each ledger’s dates and facts after them, typed', async () => {
    for (const view of PER_LEDGER_VIEWS) {
      const columns = await columnsOf(view);
      // The generic columns first, in their order (a BI tool's reports keep reading them), then the ledger's own.
      expect({ view, generic: columns.slice(0, GENERIC_COLUMNS.length).map((c) => c.column_name) }).toEqual({
        view,
        generic: GENERIC_COLUMNS,
      });
      expect({ view, own: columns.length > GENERIC_COLUMNS.length }).toEqual({ view, own: true });
      // Every key of its rows' dates and facts is a column of its own (`closedOn` is closed_on).
      const { rows: keys } = await analyst.query<{ key: string }>(
        `SELECT DISTINCT k AS key FROM analytics_views.${view} v, jsonb_object_keys(v.dates || v.facts) k ORDER BY 1`,
      );
      const names = new Set(columns.map((c) => c.column_name));
      const snake = (key: string) =>
        key
          .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
          .replace(/[.-]/g, '_')
          .toLowerCase();
      expect({ view, unnamed: keys.map((k) => k.key).filter((k) => !names.has(snake(k))) }).toEqual({ view, unnamed: [] });
    }
    expect((await columnsOf('ledgers')).map((c) => c.column_name)).toEqual(GENERIC_COLUMNS);
    expect((await columnsOf('ledger_history')).map((c) => c.column_name)).toEqual([...GENERIC_COLUMNS, 'valid_from', 'valid_to']);
    const typeOf = async (view: string) => Object.fromEntries((await columnsOf(view)).map((c) => [c.column_name, c.data_type]));
    expect(await typeOf('petitions')).toMatchObject({
      registered_on: 'date',
      accepted_on: 'date',
      decided_on: 'date',
      transferred_at: 'timestamp with time zone',
      real_name: 'boolean',
      channel: 'text',
      not_accepted_reason: 'text',
    });
    expect(await typeOf('clues')).toMatchObject({
      registered_at: 'timestamp with time zone',
      approved_at: 'timestamp with time zone',
      proposals: 'integer',
      outcome_source: 'text',
    });
    expect(await typeOf('verifications')).toMatchObject({
      approved_on: 'date',
      extended_on: 'date',
      extended: 'boolean',
      on_time: 'boolean',
    });
    expect(await typeOf('inquiries')).toMatchObject({ opened_on: 'date', round: 'integer', mode: 'text' });
    expect(await typeOf('oversight_tasks')).toMatchObject({ assigned_on: 'date', late: 'boolean' });
    expect(await typeOf('integrity_opinions')).toMatchObject({ on_date: 'date', conclusion_no_issue: 'integer' });
    expect(await typeOf('clocks')).toMatchObject({
      breached_at: 'timestamp with time zone',
      previous_due_on: 'date',
      extensions: 'integer',
    });
  });

  it('reads each ledger’s dates and facts as the events gave them', async () => {
    // Days as text (node-postgres makes a date a local midnight), instants as instants.
    const petitions = await analyst.query(
      `SELECT id, state, registered_on::text, accepted_on::text, decided_on::text, transferred_at, real_name, channel,
              categories, not_accepted_reason
         FROM analytics_views.petitions ORDER BY id`,
    );
    expect(petitions.rows).toEqual([
      {
        id: 'p-1',
        state: 'transferred',
        registered_on: '2026-04-08',
        accepted_on: '2026-04-09',
        decided_on: null,
        transferred_at: new Date('2026-04-09T08:00:00.000Z'),
        real_name: true,
        channel: 'online',
        categories: 'eight-rules',
        not_accepted_reason: null,
      },
      {
        id: 'p-2',
        state: 'not-accepted',
        registered_on: '2026-05-11',
        accepted_on: null,
        decided_on: '2026-05-12',
        transferred_at: null,
        real_name: false,
        channel: 'online',
        categories: 'eight-rules',
        not_accepted_reason: 'no-substance',
      },
    ]);
    const clues = await analyst.query(
      `SELECT id, registered_at, proposed_at, approved_at, outcome_at, accused_position, proposed_kind, proposals, rejections,
              outcome, outcome_source, outcome_ref, outcomes
         FROM analytics_views.clues ORDER BY id`,
    );
    expect(clues.rows).toEqual([
      {
        id: 'c-1',
        registered_at: new Date('2026-04-10T02:00:00.000Z'),
        proposed_at: new Date('2026-04-20T02:00:00.000Z'),
        approved_at: new Date('2026-05-06T02:00:00.000Z'),
        outcome_at: new Date('2026-07-03T02:30:00.000Z'),
        accused_position: '科长',
        proposed_kind: 'inquiry',
        proposals: 1,
        rejections: 0,
        outcome: 'light-measure',
        outcome_source: 'inquiry',
        outcome_ref: 'inq-c-1',
        outcomes: 1,
      },
      {
        id: 'c-2',
        // The fixture's clue() registers every clue at the same instant.
        registered_at: new Date('2026-04-10T02:00:00.000Z'),
        proposed_at: null,
        approved_at: new Date('2026-07-02T02:00:00.000Z'),
        outcome_at: null,
        accused_position: '科长',
        proposed_kind: null,
        proposals: 0,
        rejections: 0,
        outcome: null,
        outcome_source: null,
        outcome_ref: null,
        outcomes: 0,
      },
    ]);
    // The verification extended once: its new due day, its extension day and the flag.
    const verifications = await analyst.query(
      `SELECT id, state, due_on::text, opened_on::text, approved_on::text, extended_on::text, decided_on::text,
              provisional, escalated, extended, decision, on_time
         FROM analytics_views.verifications`,
    );
    expect(verifications.rows).toEqual([
      {
        id: 'ver-x',
        state: 'approved',
        due_on: '2026-10-12',
        opened_on: '2026-07-10',
        approved_on: '2026-07-12',
        extended_on: '2026-08-20',
        decided_on: null,
        provisional: false,
        escalated: false,
        extended: true,
        decision: null,
        on_time: null,
      },
    ]);
    const inquiries = await analyst.query(
      `SELECT id, opened_on::text, conducted_on::text, concluded_on::text, round, mode, outcome, measure
         FROM analytics_views.inquiries`,
    );
    expect(inquiries.rows).toEqual([
      {
        id: 'inq-c-1',
        opened_on: '2026-05-07',
        conducted_on: '2026-05-20',
        concluded_on: '2026-07-03',
        round: 1,
        mode: 'talk',
        outcome: 'light-measure',
        measure: 'criticism',
      },
    ]);
    const rectifications = await analyst.query(
      `SELECT id, opened_on::text, reopened_on::text, verified_on::text, reopenings, late FROM analytics_views.rectifications`,
    );
    expect(rectifications.rows).toEqual([
      { id: 'rect-1', opened_on: '2026-06-02', reopened_on: '2026-07-20', verified_on: null, reopenings: 1, late: null },
    ]);
    // A sanction on both sides with its effect periods; the other case's party effect ended.
    const reviews = await analyst.query(
      `SELECT id, state, returned_on::text, decided_on::text, party_effective_until::text, governmental_effective_until::text,
              party_effect_ended_on::text, round, returns, party_sanction, governmental_sanction, party_permanent,
              party_in_effect, governmental_in_effect, common_issues
         FROM analytics_views.reviews WHERE id IN ('case-1', 'case-2') ORDER BY id`,
    );
    expect(reviews.rows).toEqual([
      {
        id: 'case-1',
        state: 'sanctioned',
        returned_on: '2026-06-15',
        decided_on: '2026-07-04',
        party_effective_until: '2027-07-03',
        governmental_effective_until: '2028-01-03',
        party_effect_ended_on: null,
        round: 1,
        returns: 1,
        party_sanction: 'warning',
        governmental_sanction: 'demerit',
        party_permanent: false,
        party_in_effect: true,
        governmental_in_effect: true,
        common_issues: 1,
      },
      {
        id: 'case-2',
        state: 'effect-ended',
        returned_on: null,
        decided_on: '2026-03-01',
        party_effective_until: '2026-08-31',
        governmental_effective_until: null,
        party_effect_ended_on: '2026-09-01',
        round: null,
        returns: 0,
        party_sanction: 'warning',
        governmental_sanction: null,
        party_permanent: false,
        party_in_effect: false,
        governmental_in_effect: null,
        common_issues: 0,
      },
    ]);
    // Two replies to one request, counted by conclusion; no cadre's id in any column.
    const opinions = await analyst.query(`SELECT * FROM analytics_views.integrity_opinions`);
    expect(opinions.rows).toHaveLength(1);
    expect(opinions.rows[0]).toMatchObject({
      id: 'or-1',
      purpose: 'promotion',
      candidates: 2,
      conclusion_no_issue: 1,
      conclusion_postponed: 1,
      conclusion_vetoed: 0,
      citations: 1,
    });
    expect(JSON.stringify(opinions.rows[0])).not.toMatch(/cadre-id/);
    const reports = await analyst.query(
      `SELECT id, kind, submitted_on::text, year, quarter, late FROM analytics_views.agency_reports ORDER BY id`,
    );
    expect(reports.rows).toEqual([
      { id: 'dispatched-agency-edu:2026-Q2', kind: 'quarterly', submitted_on: '2026-07-08', year: 2026, quarter: 2, late: false },
      {
        id: 'dispatched-agency-edu:u-1:2026',
        kind: 'political-ecology',
        submitted_on: '2026-07-09',
        year: 2026,
        quarter: null,
        late: null,
      },
    ]);
    // A clock extended once, and one stopped late then breached.
    const clocks = await analyst.query(
      `SELECT id, state, started_on::text, due_on::text, previous_due_on::text, extended_at, extensions, breached_at,
              stopped_on::text, met, service, measures
         FROM analytics_views.clocks WHERE id IN ('case-management:clue-disposition:c-9', 'publicity:opinion-reply-r-9') ORDER BY id`,
    );
    expect(clocks.rows).toEqual([
      {
        id: 'case-management:clue-disposition:c-9',
        state: 'running',
        started_on: '2026-09-01',
        due_on: '2026-10-15',
        previous_due_on: '2026-10-01',
        extended_at: new Date('2026-09-20T02:00:00.000Z'),
        extensions: 1,
        breached_at: null,
        stopped_on: null,
        met: null,
        service: 'case-management',
        measures: 'clue-disposition',
      },
      {
        id: 'publicity:opinion-reply-r-9',
        state: 'breached',
        started_on: '2026-08-03',
        due_on: '2026-08-17',
        previous_due_on: null,
        extended_at: null,
        extensions: 0,
        breached_at: new Date('2026-08-21T01:00:00.000Z'),
        stopped_on: '2026-08-20',
        met: false,
        service: 'publicity',
        measures: 'opinion-reply',
      },
    ]);
  });

  it('documents every view and column in Chinese', async () => {
    const { rows } = await db.pool().query<{ object: string; comment: string | null }>(
      `SELECT c.relname AS object, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'analytics_views' AND c.relkind = 'v'
       UNION ALL
       SELECT c.relname || '.' || a.attname, col_description(c.oid, a.attnum)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE n.nspname = 'analytics_views' AND c.relname IN ('ledger_history', 'units', 'zones') AND a.attnum > 0`,
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const { object, comment } of rows)
      expect({ object, chinese: /[\u4e00-\u9fff]/.test(comment ?? '') }).toEqual({ object, chinese: true });
  });

  it('comments every column of every ledger’s view in Chinese, the typed ones too', async () => {
    const { rows } = await db.pool().query<{ view: string; column: string; comment: string | null }>(
      `SELECT c.relname AS view, a.attname AS column, col_description(c.oid, a.attnum) AS comment
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE n.nspname = 'analytics_views' AND c.relname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
      [[...PER_LEDGER_VIEWS, 'ledgers']],
    );
    expect(new Set(rows.map((r) => r.view))).toEqual(new Set([...PER_LEDGER_VIEWS, 'ledgers']));
    expect(rows.length).toBeGreaterThan((PER_LEDGER_VIEWS.length + 1) * GENERIC_COLUMNS.length);
    for (const { view, column, comment } of rows)
      expect({ view, column, chinese: /[\u4e00-\u9fff]/.test(comment ?? '') }).toEqual({ view, column, chinese: true });
  });

  it('reaches nothing else: no table of any other schema, not even analytics’ own', async () => {
    await expect(analyst.query('SELECT count(*) FROM analytics.ledger_rows')).rejects.toMatchObject({ code: '42501' });
    await expect(analyst.query('SELECT count(*) FROM analytics.inbox')).rejects.toMatchObject({ code: '42501' });
    await expect(analyst.query('SELECT count(*) FROM analytics.ledger_steps')).rejects.toMatchObject({ code: '42501' });
    const { rows } = await db.pool().query<{ relation: string }>(
      `SELECT n.nspname || '.' || c.relname AS relation
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
          AND n.nspname NOT IN ('analytics_views', 'pg_catalog', 'information_schema')
          AND (has_table_privilege($1, c.oid, 'SELECT') OR has_table_privilege($1, c.oid, 'INSERT')
               OR has_table_privilege($1, c.oid, 'UPDATE') OR has_table_privilege($1, c.oid, 'DELETE'))`,
      [login],
    );
    expect(rows).toEqual([]);
    // And it writes nothing, not even through a view.
    await expect(analyst.query(`DELETE FROM analytics_views.ledger_history`)).rejects.toMatchObject({ code: '42501' });
    await expect(analyst.query(`DELETE FROM analytics_views.petitions`)).rejects.toMatchObject({ code: '42501' });
    await expect(analyst.query(`CREATE VIEW analytics_views.mine AS SELECT 1`)).rejects.toMatchObject({ code: '42501' });
    // Every view of its schema, the typed ones too, and only by SELECT.
    const { rows: views } = await db.pool().query<{ view: string; select: boolean; write: boolean }>(
      `SELECT c.relname AS view, has_table_privilege($1, c.oid, 'SELECT') AS select,
              has_table_privilege($1, c.oid, 'INSERT') OR has_table_privilege($1, c.oid, 'UPDATE')
              OR has_table_privilege($1, c.oid, 'DELETE') OR has_table_privilege($1, c.oid, 'TRUNCATE') AS write
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'analytics_views' ORDER BY 1`,
      [login],
    );
    expect(views.map((v) => v.view).sort()).toEqual([...PER_LEDGER_VIEWS, 'ledger_history', 'ledgers', 'units', 'zones'].sort());
    for (const v of views) expect(v).toEqual({ view: v.view, select: true, write: false });
  });
});

describe('rebuild', () => {
  const snapshot = async () =>
    (
      await db.pool().query(
        `SELECT ledger, item_id, valid_from, valid_to, state, unit_id, zone_id, office, category, source, kind,
                  opened_at, updated_at, due_on, closed_on, row
             FROM analytics.ledger_rows ORDER BY ledger, item_id, valid_from`,
      )
    ).rows;

  it('rebuilds every read model from the stream, equal to the live projections, and swaps it in while serving', async () => {
    const live = await snapshot();
    expect(live.length).toBeGreaterThan(10);
    // The ledgers of cases, review and publicity are rebuilt too.
    expect([...new Set(live.map((r) => r.ledger as string))]).toEqual(
      expect.arrayContaining(['cases', 'reviews', 'supervision-advice', 'integrity-opinions', 'public-opinion']),
    );
    // A live row gone wrong (e.g. a projection bug since fixed): the rebuild puts it right.
    await db
      .pool()
      .query(`UPDATE analytics.ledger_rows SET state = 'bogus' WHERE ledger = 'clues' AND item_id = 'c-1' AND valid_to IS NULL`);
    const progress: number[] = [];
    const { config, nc, pool } = an.service.ctx;
    const result = await rebuildAnalytics({
      pool,
      nc,
      registry,
      stream: config.eventStream,
      namespace: config.namespace,
      schema: 'analytics',
      progress: (p) => progress.push(p.events),
    });
    expect(result).toMatchObject({ events: published.length, rows: live.length, skipped: 0 });
    expect(progress.at(-1)).toBe(published.length);
    expect(await snapshot()).toEqual(live);
    // The consumers' inbox knows every event: a redelivery is a duplicate, not applied twice.
    const { rows } = await db.pool().query(`SELECT count(*)::int AS n FROM analytics.inbox WHERE consumer LIKE 'analytics--%'`);
    expect(rows[0].n).toBe(published.length);
    expect((await ledger('clues')).items.map((c) => c.state)).toEqual(['closed', 'shelved']);
    // Events after the rebuild still reach the ledgers.
    await publish(
      sv.OversightTaskClosed,
      { taskId: 'task-1', assigneeOffice: 'supervision-office-1', result: '已办结', closedOn: '2026-06-29', late: false },
      '2026-06-29T02:00:00.000Z',
    );
    await eventually(async () => (await ledger('oversight-tasks')).items[0]?.state === 'closed', { timeoutMs: 20_000 });
    const { rows: shadows } = await db.pool().query(`SELECT 1 FROM pg_namespace WHERE nspname = 'analytics_shadow'`);
    expect(shadows).toEqual([]);
  });
});
