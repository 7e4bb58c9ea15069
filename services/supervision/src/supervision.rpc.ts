// The supervision service's request/reply operations. Every command runs its decider on its own
// stream and, in the same transaction, updates the office list and the clocks its events call for.
import { chinaDate } from '@jiandu/calendar';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Actor } from '@jiandu/access';
import { DomainException, notFound, supervisionOperations as ops, type ApiOperation } from '@jiandu/contracts';
import { listClocks, startClock, stopClock } from '@jiandu/deadlines';
import { callMetadata, executeCommand, type DomainEvent, type RpcCall, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import * as agencyReport from './domain/agency-report.js';
import { followUp, type Inquiry } from './domain/inquiry.js';
import { agencyReports, inquiries, KINDS, verifications, type KindName } from './records/kinds.js';
import { applyClocks, getRecord, listRecords, scopeOf, upsertRecord } from './records/records.js';

type Payload = Record<string, any>;
type Call = RpcCall<Payload>;

const ids = { next: () => randomUUID() };
const today = (now: Date) => chinaDate(now);

/** A command on one aggregate, with its list row and clocks, in the caller's transaction. */
export async function runCommand(
  ctx: ServiceContext,
  kindName: KindName,
  id: string,
  command: { type: string; data: object },
  call: { actor: Actor; metadata: ReturnType<typeof callMetadata> & { causationId?: string } },
  client: PoolClient,
): Promise<{ id: string; status: string; events: DomainEvent[]; state: unknown }> {
  const kind = KINDS[kindName];
  const now = ctx.now();
  const result = await executeCommand(ctx.store, kind.decider as never, kind.stream(id), command as never, {
    context: { now, actor: call.actor, ids } as never,
    metadata: { ...call.metadata, occurredAt: now.toISOString() },
    tx: client,
  });
  const row = kind.row(result.state as never);
  if (row) {
    await upsertRecord(client, ctx.store.schema, kindName, id, row, now.toISOString());
    await applyClocks(client, ctx.store.schema, kind, result.events as DomainEvent[], row);
  }
  return { id, status: row?.status ?? 'unknown', events: result.events as DomainEvent[], state: result.state };
}

/** What the service does on its own (opening what a decision started) is signed by the system, for the handling office. */
export function systemCaller(office: string, correlationId: string, causationId?: string) {
  const actor = { sub: 'system:supervision', name: '监督系统', office } as Actor;
  return {
    actor: { ...actor, roles: [], zones: [] } as Actor,
    metadata: { actor: { sub: actor.sub, name: actor.name, office: actor.office }, correlationId, ...(causationId ? { causationId } : {}) },
  };
}

export function supervisionRpc(ctx: ServiceContext): RpcRoute[] {
  const { store, pool } = ctx;
  const schema = store.schema;
  const route = (operation: ApiOperation, handle: (call: Call, tx: PoolClient) => Promise<unknown>): RpcRoute => ({ operation, handle: handle as RpcRoute['handle'] });
  const by = (call: Call) => ({ actor: call.actor, metadata: callMetadata(call) });

  /** A command whose payload names the aggregate by `idField`; the rest is the command's data. */
  const command = (operation: ApiOperation, kind: KindName, idField: string, type: string, data: (p: Payload, call: Call) => object = (p) => p) =>
    route(operation, async (call, tx) => {
      const id = call.payload[idField] as string;
      const { status } = await runCommand(ctx, kind, id, { type, data: data(call.payload, call) }, by(call), tx);
      return { id, status };
    });

  const create = (operation: ApiOperation, kind: KindName, prefix: string, idField: string, type: string, data: (p: Payload, call: Call) => object) =>
    route(operation, async (call, tx) => {
      const id = `${prefix}-${randomUUID()}`;
      const { status } = await runCommand(ctx, kind, id, { type, data: { [idField]: id, ...data(call.payload, call) } }, by(call), tx);
      return { id, status };
    });

  const list = (operation: ApiOperation, kind: KindName, facts: string[] = []) =>
    route(operation, async (call) => {
      const { page, pageSize, status, office, unitId, ...rest } = call.payload;
      return listRecords(pool, schema, kind, { page, pageSize, status, office, unitId, facts: Object.fromEntries(facts.map((f) => [f, rest[f]])) }, scopeOf(call.actor, kind));
    });

  const get = (operation: ApiOperation, kind: KindName, idField: string) =>
    route(operation, async (call) => {
      const id = call.payload[idField] as string;
      const record = await getRecord(pool, schema, kind, id);
      const scope = scopeOf(call.actor, kind);
      // Another office's item answers "not found": its existence is need-to-know too.
      if (!record || ('office' in scope && record.office !== scope.office)) throw new DomainException(notFound({ zh: '记录', en: 'record' }, 'NOT_FOUND'));
      const events = await store.readStream(KINDS[kind].stream(id));
      const history = events.map((e) => ({ type: e.type, at: e.metadata.occurredAt, actor: e.metadata.actor }));
      return { ...record, history };
    });

  /** Concluding an inquiry may start the next round or a verification: same transaction, as the system. */
  const concludeInquiry = route(ops.concludeInquiry, async (call, tx) => {
    const id = call.payload.inquiryId as string;
    const result = await runCommand(ctx, 'inquiry', id, { type: 'ConcludeInquiry', data: call.payload }, by(call), tx);
    const next = followUp(result.state as Inquiry);
    if (next) {
      const system = systemCaller((result.state as { office: string }).office, call.correlationId, `${id}:concluded`);
      if (next.type === 'OpenInquiry') await runCommand(ctx, 'inquiry', next.data.inquiryId, next, system, tx);
      else await runCommand(ctx, 'verification', next.data.verificationId, next, system, tx);
    }
    return { id, status: result.status };
  });

  const submitAgencyReport = route(ops.submitAgencyReport, async (call, tx) => {
    const agency = call.actor.office;
    const p = call.payload;
    const cmd: agencyReport.AgencyReportCommand =
      p.kind === 'quarterly'
        ? { type: 'SubmitQuarterlyReport', data: { year: p.year, quarter: p.quarter, summary: p.summary } }
        : { type: 'SubmitPoliticalEcologyReport', data: { unitId: p.unitId, year: p.year, summary: p.summary } };
    const now = ctx.now();
    const result = await executeCommand(ctx.store, agencyReports.decider, agencyReports.stream(agency), cmd, {
      context: { now, actor: call.actor },
      metadata: { ...callMetadata(call), occurredAt: now.toISOString() },
      tx,
    });
    const reportId = p.kind === 'quarterly' ? `${agency}:${p.year}-Q${p.quarter}` : `${agency}:${p.unitId}@${p.year}`;
    for (const event of result.events) {
      if (event.type === 'AgencyQuarterlyReportSubmitted') {
        const d = event.data;
        const clockId = agencyReports.quarterlyClockId(agency, d.year, d.quarter);
        await ensureQuarterlyClock(tx, schema, agency, d.year, d.quarter);
        await stopClock(tx, schema, clockId, d.submittedOn);
        await upsertAgencyRecord(tx, reportId, agency, { kind: 'quarterly', year: d.year, quarter: d.quarter, late: d.late, submittedOn: d.submittedOn }, now);
      } else if (event.type === 'PoliticalEcologyReportSubmitted') {
        const d = event.data;
        await upsertAgencyRecord(tx, reportId, agency, { kind: 'political-ecology', year: d.year, submittedOn: d.submittedOn }, now, d.unitId);
      }
    }
    return { id: reportId, status: 'submitted' };
  });

  async function upsertAgencyRecord(tx: PoolClient, id: string, agency: string, facts: Record<string, unknown>, now: Date, unitId?: string) {
    await tx.query(
      `INSERT INTO ${schema}.records (kind, id, status, office, unit_id, facts, created_at, updated_at)
       VALUES ('agency-report', $1, 'submitted', $2, $3, $4, $5, $5) ON CONFLICT (kind, id) DO NOTHING`,
      [id, agency, unitId ?? null, facts, now.toISOString()],
    );
  }

  return [
    list(ops.listInquiries, 'inquiry'),
    get(ops.getInquiry, 'inquiry', 'inquiryId'),
    command(ops.conductTalk, 'inquiry', 'inquiryId', 'ConductTalk', (p) => ({ ...p, conductedOn: p.conductedOn ?? today(ctx.now()) })),
    command(ops.sendInquiryLetter, 'inquiry', 'inquiryId', 'SendLetter'),
    command(ops.receiveInquiryReply, 'inquiry', 'inquiryId', 'ReceiveReply', (p) => ({ ...p, receivedOn: p.receivedOn ?? today(ctx.now()) })),
    command(ops.assessInquiry, 'inquiry', 'inquiryId', 'AssessInquiry'),
    concludeInquiry,

    list(ops.listVerifications, 'verification'),
    get(ops.getVerification, 'verification', 'verificationId'),
    command(ops.submitVerificationPlan, 'verification', 'verificationId', 'SubmitVerificationPlan'),
    command(ops.approveVerification, 'verification', 'verificationId', 'ApproveVerification'),
    command(ops.rejectVerificationPlan, 'verification', 'verificationId', 'RejectVerificationPlan'),
    command(ops.extendVerification, 'verification', 'verificationId', 'ExtendVerification'),
    command(ops.submitVerificationReport, 'verification', 'verificationId', 'SubmitVerificationReport'),
    command(ops.decideVerification, 'verification', 'verificationId', 'DecideVerification'),

    create(ops.issueRecommendation, 'recommendation', 'rec', 'recommendationId', 'IssueRecommendation', (p, call) => ({ ...p, office: call.actor.office })),
    list(ops.listRecommendations, 'recommendation', ['kind']),
    get(ops.getRecommendation, 'recommendation', 'recommendationId'),
    command(ops.recordRecommendationResponse, 'recommendation', 'recommendationId', 'RecordResponse'),
    command(ops.verifyRecommendation, 'recommendation', 'recommendationId', 'VerifyRecommendation'),
    command(ops.closeRecommendation, 'recommendation', 'recommendationId', 'CloseRecommendation'),
    command(ops.recordRecommendationRefusal, 'recommendation', 'recommendationId', 'RecordRefusal'),

    create(ops.openRectification, 'rectification', 'rect', 'rectificationId', 'OpenRectification', (p, call) => ({ ...p, office: call.actor.office })),
    list(ops.listRectifications, 'rectification', ['source']),
    get(ops.getRectification, 'rectification', 'rectificationId'),
    command(ops.reportRectificationProgress, 'rectification', 'rectificationId', 'ReportProgress'),
    command(ops.completeRectification, 'rectification', 'rectificationId', 'CompleteRectification'),
    command(ops.verifyRectification, 'rectification', 'rectificationId', 'VerifyRectification'),
    command(ops.reopenRectification, 'rectification', 'rectificationId', 'ReopenRectification'),

    create(ops.assignOversightTask, 'oversight-task', 'task', 'taskId', 'AssignOversightTask', (p) => p),
    list(ops.listOversightTasks, 'oversight-task'),
    get(ops.getOversightTask, 'oversight-task', 'taskId'),
    command(ops.recordOversightProgress, 'oversight-task', 'taskId', 'RecordTaskProgress'),
    command(ops.closeOversightTask, 'oversight-task', 'taskId', 'CloseOversightTask'),

    submitAgencyReport,
    route(ops.listAgencyReports, async (call) => {
      const { page, pageSize, agency, year } = call.payload;
      const scope = scopeOf(call.actor, 'agency-report');
      return listRecords(pool, schema, 'agency-report', { page, pageSize, office: agency, facts: { year: year === undefined ? undefined : String(year) } }, scope);
    }),
    route(ops.listClocks, async (call) => {
      const { state, office, page = 1, pageSize = 20 } = call.payload;
      const scope = scopeOf(call.actor, 'clock');
      const result = await listClocks(pool, schema, { state, office: 'office' in scope ? scope.office : office, page, pageSize });
      return { items: result.items.map(clockItem), total: result.total };
    }),
  ];
}

function clockItem(c: { id: string; measures: string; rule: string; subject: string; office?: string; unitId?: string; startedOn: string; dueOn: string; provisional: boolean; state: string }) {
  const { id, measures, rule, subject, office, unitId, startedOn, dueOn, provisional, state } = c;
  return { id, measures, rule, subject, ...(office ? { office } : {}), ...(unitId ? { unitId } : {}), startedOn, dueOn, provisional, state };
}

/** The clock of an agency's quarterly report: started at the quarter's start, due 10 working days after its end. */
export async function ensureQuarterlyClock(tx: PoolClient, schema: string, agency: string, year: number, quarter: number): Promise<void> {
  const q = quarter as agencyReport.Quarter;
  const startedOn = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  await startClock(tx, schema, {
    id: agencyReports.quarterlyClockId(agency, year, q),
    measures: 'agency-quarterly-report',
    rule: `派驻机构季度报告（季度结束后 ${agencyReport.DEFAULT_QUARTERLY_REPORT_WORKING_DAYS} 个工作日内）`,
    limit: { days: Math.round((Date.parse(agencyReport.quarterlyReportDueOn(year, q).date) - Date.parse(startedOn)) / 86_400_000) },
    startedOn,
    subject: `${agency}:${year}-Q${q}`,
    office: agency,
  });
}

export { inquiries, verifications };
