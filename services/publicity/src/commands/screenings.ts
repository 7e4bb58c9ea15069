// The screenings (docs/adr/0017): request/reply over NATS with a timeout, driven by a durable
// outbox. OpinionRequested writes one `screening_tasks` row per office in its transaction; this
// runner claims the due rows (a lease: a crashed runner's claim runs out and another takes it),
// asks the office — 信访室's and 案管室's `screen-candidates`, 审理室's `list-sanctions` (by the
// cadre id, then by each known reference) — with a timeout, and records what it proposes
// (ScreeningProposed, as the system) and the row's end in one transaction. An office that does not answer is asked again with a doubling backoff, for as
// long as it takes: it delays the reply, it never loses the request. The three are asked in parallel.
// Each call carries publicity's service token (ADR 0019): signed with its key, scoped to what it may ask.
import type { Pool } from 'pg';
import { DomainException, reviewOperations, screeningOperations, type Finding, type ScreeningOffice } from '@jiandu/contracts';
import { withTransaction } from '@jiandu/event-store';
import { createRpcClient, natsClientProxy, withNamespace, type RpcClient } from '@jiandu/messaging';
import type { ServiceTokens } from '@jiandu/access';
import type { ResponseOf } from '@jiandu/runtime';
import {
  evolve,
  initialState,
  opinionRequestStream,
  type CandidateFindings,
  type OpinionEvent,
} from '../domain/opinion-request.js';
import { SYSTEM_ACTOR, runOpinionCommand, systemCaller, type CommandDeps } from './opinion-request.commands.js';

interface Task {
  request_id: string;
  office: ScreeningOffice;
  attempts: number;
}

interface Asked {
  requestId: string;
  onDate: string;
  candidates: { cadreId: string; refs: string[]; name: string; unitId: string }[];
}

/** What each office is asked, and its answer as findings per candidate. */
export async function askOffice(
  rpc: RpcClient,
  namespace: string,
  office: ScreeningOffice,
  asked: Asked,
  timeoutMs: number,
  tokens?: ServiceTokens,
): Promise<CandidateFindings> {
  const actor = SYSTEM_ACTOR;
  const correlationId = `screening-${asked.requestId}-${office}`;
  const optionsFor = async (service: string) => ({ timeoutMs, correlationId, token: await tokens?.tokenFor(service, actor) });
  if (office === 'review-office') {
    const op = reviewOperations.listSanctions;
    const options = await optionsFor(op.service);
    const result: CandidateFindings = [];
    for (const c of asked.candidates) {
      const findings: Finding[] = [];
      const found = new Set<string>();
      // By the cadre id first (the sanctions whose case carried it, issue 12), then by each known
      // reference (a sanction stored before, or of a clue not linked at its transfer); each once.
      const queries = [{ cadreId: c.cadreId }, ...c.refs.map((subjectRef) => ({ subjectRef }))];
      for (const query of queries) {
        const answer = await rpc.call<ResponseOf<typeof op>>(
          withNamespace(namespace || undefined, op.subject),
          actor,
          { ...query, onDate: asked.onDate, pageSize: 200 },
          options,
        );
        for (const s of answer.items) {
          const number = `${s.caseId}:${s.side}`;
          if (found.has(number)) continue;
          found.add(number);
          findings.push({
            kind: 'sanction',
            number,
            effectiveFrom: s.effectiveFrom,
            ...(s.effectiveUntil === undefined ? {} : { effectiveUntil: s.effectiveUntil }),
          });
        }
      }
      result.push({ cadreId: c.cadreId, findings });
    }
    return result;
  }
  const op =
    office === 'petition-office'
      ? screeningOperations.petitions.screenCandidates
      : screeningOperations.caseManagement.screenCandidates;
  const answer = await rpc.call<ResponseOf<typeof op>>(
    withNamespace(namespace || undefined, op.subject),
    actor,
    asked,
    await optionsFor(op.service),
  );
  return answer.candidates;
}

/** The request as the offices are asked about it: the cadre id and the known references, the name and unit. */
async function askedOf(deps: CommandDeps, requestId: string): Promise<Asked | undefined> {
  const events = await deps.ctx.store.readStream(opinionRequestStream(requestId));
  const state = events.map((e) => ({ type: e.type, data: e.data }) as OpinionEvent).reduce(evolve, initialState());
  if (state.status === 'Initial') return undefined;
  return {
    requestId,
    onDate: state.onDate,
    candidates: state.candidates.map((c) => ({
      cadreId: c.cadreId,
      refs: [c.cadreId, ...c.subjectRefs.filter((r) => r !== c.cadreId)],
      name: c.name,
      unitId: c.unitId,
    })),
  };
}

/** Claims the due screening tasks for a lease (commits at once: no transaction is held across a call). */
async function claimDue(pool: Pool, schema: string, leaseMs: number): Promise<Task[]> {
  const { rows } = await pool.query<Task>(
    `UPDATE ${schema}.screening_tasks t SET attempts = t.attempts + 1, next_attempt_at = now() + make_interval(secs => $1::double precision / 1000)
      WHERE (t.request_id, t.office) IN (
              SELECT request_id, office FROM ${schema}.screening_tasks
               WHERE done_at IS NULL AND next_attempt_at <= now()
               ORDER BY next_attempt_at LIMIT 12 FOR UPDATE SKIP LOCKED)
      RETURNING t.request_id, t.office, t.attempts`,
    [leaseMs],
  );
  return rows;
}

/** One round: every due screening asked in parallel, the answers recorded. Answers how many were recorded. */
export async function screenDue(deps: CommandDeps, rpc: RpcClient): Promise<number> {
  const { ctx, config } = deps;
  const schema = ctx.store.schema;
  const { timeoutMs, maxBackoffMs } = config.screening;
  const tasks = await claimDue(ctx.pool, schema, timeoutMs * 4 + 5_000);
  // Asked in parallel; recorded one after the other (the proposals of one request share its stream).
  const answers = await Promise.all(
    tasks.map(async (task) => {
      try {
        const asked = await askedOf(deps, task.request_id);
        if (!asked) throw new Error('no such request');
        return { task, candidates: await askOffice(rpc, ctx.config.namespace, task.office, asked, timeoutMs, ctx.serviceTokens) };
      } catch (err) {
        return { task, err };
      }
    }),
  );
  const done: number[] = [];
  for (const answer of answers) {
    const { task } = answer;
    try {
      if ('err' in answer) throw answer.err;
      const { candidates } = answer;
      await withTransaction(ctx.pool, async (tx) => {
        try {
          await runOpinionCommand(
            deps,
            task.request_id,
            { type: 'RecordScreeningProposal', data: { requestId: task.request_id, office: task.office, candidates } },
            systemCaller(`screening-${task.request_id}-${task.office}`),
            tx,
          );
        } catch (err) {
          // recorded already (another runner's lease ran out while it answered): nothing to add
          if (!(err instanceof DomainException && err.error.code === 'SCREENING_ALREADY_PROPOSED')) throw err;
        }
        await tx.query(
          `UPDATE ${schema}.screening_tasks SET done_at = now(), last_error = NULL WHERE request_id = $1 AND office = $2`,
          [task.request_id, task.office],
        );
      });
      done.push(1);
    } catch (err) {
      const backoff = Math.min(maxBackoffMs, 500 * 2 ** Math.min(task.attempts, 16));
      const reason = err instanceof Error ? err.message.slice(0, 200) : String(err);
      ctx.logger.warn(
        { requestId: task.request_id, office: task.office, attempts: task.attempts, err: reason },
        'screening: office not answered; retried',
      );
      await ctx.pool
        .query(
          `UPDATE ${schema}.screening_tasks SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4
            WHERE request_id = $1 AND office = $2 AND done_at IS NULL`,
          [task.request_id, task.office, backoff, reason],
        )
        .catch(() => undefined); // the lease runs out by itself
      done.push(0);
    }
  }
  return done.reduce((a: number, b: number) => a + b, 0);
}

/** The runner: a bounded round every `pollMs`, never two at once. */
export function screeningRunner(deps: CommandDeps): { stop(): Promise<void> } {
  const proxy = natsClientProxy(deps.ctx.config.natsUrl, { waitOnFirstConnect: true });
  const rpc = createRpcClient(proxy, { logger: deps.ctx.logger });
  void proxy.connect().catch((err: unknown) => deps.ctx.logger.warn({ err: String(err) }, 'screening: nats connect'));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await screenDue(deps, rpc);
    } catch (err) {
      deps.ctx.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'screening round');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), deps.config.screening.pollMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await rpc.close();
    },
  };
}
