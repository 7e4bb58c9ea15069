// The checker: trusts nothing but the event stores (each service's events table), the JetStream
// stream, the inbox tables, and what the clients were told (the client log). Never the read models.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { Pool } from 'pg';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the clue decider folds each clue's stream from scratch
import { clueDecider, type ProblemClue } from '../../services/case-management/src/domain/problem-clue.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the ledger's word for each state of a clue
import { ledgerStatus } from '../../services/case-management/src/projections/clue-ledger.projection.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the inquiry decider folds each inquiry's stream from scratch
import { inquiryDecider, type Inquiry } from '../../services/supervision/src/domain/inquiry.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the verification decider folds each verification's stream
import { verificationDecider, type Verification } from '../../services/supervision/src/domain/verification.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the petition decider folds each petition's stream (its clocks' owner)
import { PETITION_OFFICE, petitionDecider, type Petition } from '../../services/petitions/src/domain/petition.js';
import {
  chinaDate,
  startClock as startPureClock,
  stopClock as stopPureClock,
  type ClockLimit,
  type ClockState,
} from '@jiandu/calendar';
import { OWNER, type Entry } from './traffic.js';

const run = promisify(execFile);
export const STORES = ['petitions', 'case_management', 'supervision'] as const;
/** Every schema a service of the system keeps: the three stores, review's, publicity's and analytics'. */
export const SCHEMAS = [...STORES, 'review', 'publicity', 'analytics'] as const;

export interface CommandVerdict {
  entry: Entry;
  /** Transactions of the command's own events (metadata correlationId = its id, no causationId). */
  transactions: number;
  types: string[];
}

export interface PhaseFigures {
  phase: string;
  sent: number;
  acknowledged: number;
  refused: number;
  unresolved: number;
  /** Commands that needed more than one attempt (no answer, or a 5xx, first). */
  retried: number;
  /** Commands whose acknowledgement was the stored outcome of an earlier attempt (Idempotent-Replayed). */
  replayed: number;
  lost: number;
  duplicated: number;
  /** Unresolved commands with a part of their effects (never: the effects are one transaction). */
  partial: number;
  recoveryS: number;
}

/** Each command's own events, by its correlation id, in the store of the service that owns it. */
export async function commandVerdicts(pool: Pool, log: Entry[]): Promise<CommandVerdict[]> {
  const commands = log.filter((e) => e.kind === 'cmd');
  const found = new Map<string, { txids: Set<string>; types: string[] }>();
  for (const schema of STORES) {
    const ids = commands.filter((e) => OWNER[e.op] === schema).map((e) => e.correlationId);
    const { rows } = await pool.query<{ cid: string; txid: string; type: string }>(
      `SELECT metadata->>'correlationId' AS cid, txid::text AS txid, type FROM ${schema}.events
        WHERE metadata->>'correlationId' = ANY($1) AND metadata->>'causationId' IS NULL ORDER BY position`,
      [ids],
    );
    for (const r of rows) {
      const f = found.get(r.cid) ?? { txids: new Set<string>(), types: [] };
      f.txids.add(r.txid);
      f.types.push(r.type);
      found.set(r.cid, f);
    }
  }
  return commands.map((entry) => {
    const f = found.get(entry.correlationId);
    return { entry, transactions: f?.txids.size ?? 0, types: f?.types ?? [] };
  });
}

/** Per phase: sent, acknowledged, refused, lost (acknowledged without its events, or refused with some), duplicated (more than one transaction). */
export function figuresByPhase(verdicts: CommandVerdict[], recovery: Map<string, number>): PhaseFigures[] {
  // The event types an acknowledged command of each operation appends (learnt from the log).
  const typesOf = new Map<string, string>();
  for (const v of verdicts)
    if (v.entry.outcome === 'acked' && v.transactions === 1) typesOf.set(v.entry.op, [...v.types].sort().join(','));
  const phases = [...new Set(verdicts.map((v) => v.entry.phase))];
  return phases.map((phase) => {
    const of = verdicts.filter((v) => v.entry.phase === phase);
    const acked = of.filter((v) => v.entry.outcome === 'acked');
    const refused = of.filter((v) => v.entry.outcome === 'refused');
    const unresolved = of.filter((v) => v.entry.outcome === 'unresolved');
    return {
      phase,
      sent: of.length,
      acknowledged: acked.length,
      refused: refused.length,
      unresolved: unresolved.length,
      retried: of.filter((v) => v.entry.answers.length > 1).length,
      replayed: acked.filter((v) => v.entry.answers.at(-1)?.replayed).length,
      lost: acked.filter((v) => v.transactions === 0).length + refused.filter((v) => v.transactions > 0).length,
      duplicated: of.filter((v) => v.transactions > 1).length,
      partial: unresolved.filter((v) => v.transactions === 1 && typesOf.get(v.entry.op) !== [...v.types].sort().join(',')).length,
      recoveryS: recovery.get(phase) ?? 0,
    };
  });
}

/** Problems found in the stores as a whole (each a line naming what is wrong); empty when all hold. */
export async function storeInvariants(pool: Pool): Promise<string[]> {
  const problems: string[] = [];
  const q = async <T extends Record<string, unknown>>(sql: string): Promise<T[]> => (await pool.query<T>(sql)).rows;

  // Clue numbers: no duplicates, no gaps (per prefix and year: 000001 … N).
  const numbers = await q<{ number: string; n: number }>(
    `SELECT data->>'number' AS number, count(*)::int AS n FROM case_management.events
      WHERE type = 'ClueRegistered' GROUP BY 1`,
  );
  const dupNumbers = numbers.filter((r) => r.n > 1);
  if (dupNumbers.length) problems.push(`clue numbers registered twice: ${dupNumbers.map((r) => r.number).join(', ')}`);
  const series = new Map<string, number[]>();
  for (const { number } of numbers) {
    const m = /^(.*?)(\d+)$/.exec(number ?? '');
    if (!m) {
      problems.push(`a clue number of no known form: ${number}`);
      continue;
    }
    series.set(m[1]!, [...(series.get(m[1]!) ?? []), Number(m[2])]);
  }
  for (const [prefix, ns] of series) {
    ns.sort((a, b) => a - b);
    const gaps = ns.filter((v, i) => v !== i + 1);
    if (gaps.length)
      problems.push(`clue numbers ${prefix}…: a gap or a repeat (expected 1…${ns.length}, got up to ${ns.at(-1)})`);
  }
  const perClue = await q<{ stream_id: string; n: number }>(
    `SELECT stream_id, count(*)::int AS n FROM case_management.events WHERE type = 'ClueRegistered' GROUP BY 1 HAVING count(*) > 1`,
  );
  if (perClue.length) problems.push(`clues registered twice: ${perClue.map((r) => r.stream_id).join(', ')}`);

  // Each transferred petition: exactly one clue, registered from it.
  const transfers = await q<{ petition: string; transfers: number; clues: number }>(
    `SELECT t.petition, t.n AS transfers,
            (SELECT count(*)::int FROM case_management.events c
              WHERE c.type = 'ClueRegistered' AND c.data->>'clueId' = 'c-' || t.petition) AS clues
       FROM (SELECT data->>'petitionId' AS petition, count(*)::int AS n FROM petitions.events
              WHERE type = 'PetitionTransferred' GROUP BY 1) t`,
  );
  const badTransfers = transfers.filter((r) => r.transfers !== 1 || r.clues !== 1);
  if (badTransfers.length)
    problems.push(
      `transferred petitions without exactly one transfer and one clue: ${badTransfers
        .slice(0, 10)
        .map((r) => `${r.petition} (${r.transfers} transfers, ${r.clues} clues)`)
        .join(', ')}`,
    );

  // Each approved disposition: exactly one inquiry or verification opened for it.
  const approvals = await q<{ clue: string; kind: string; approvals: number; records: number }>(
    `SELECT a.clue, a.kind, a.n AS approvals,
            (SELECT count(*)::int FROM supervision.events r
              WHERE (a.kind = 'inquiry' AND r.type = 'InquiryOpened' AND r.stream_id = 'inquiry-i-' || a.clue)
                 OR (a.kind = 'verification' AND r.type = 'VerificationOpened' AND r.stream_id = 'verification-v-' || a.clue)) AS records
       FROM (SELECT data->>'clueId' AS clue, data->>'kind' AS kind, count(*)::int AS n FROM case_management.events
              WHERE type = 'DispositionApproved' AND data->>'kind' IN ('inquiry', 'verification') GROUP BY 1, 2) a`,
  );
  const badApprovals = approvals.filter((r) => r.approvals !== 1 || r.records !== 1);
  if (badApprovals.length)
    problems.push(
      `approved dispositions without exactly one approval and one inquiry or verification: ${badApprovals
        .slice(0, 10)
        .map((r) => `${r.clue} ${r.kind} (${r.approvals} approvals, ${r.records} opened)`)
        .join(', ')}`,
    );

  // The read models agree with the events they were written with: one ledger row per registered
  // clue (same number), one record per inquiry and verification opened, and nothing besides.
  const ledger = await q<{ clue: string; event_number: string | null; row_number: string | null }>(
    `SELECT coalesce(e.clue, l.clue_id) AS clue, e.number AS event_number, l.number AS row_number
       FROM (SELECT data->>'clueId' AS clue, data->>'number' AS number FROM case_management.events WHERE type = 'ClueRegistered') e
       FULL JOIN case_management.clue_ledger l ON l.clue_id = e.clue
      WHERE e.clue IS NULL OR l.clue_id IS NULL OR e.number IS DISTINCT FROM l.number`,
  );
  if (ledger.length)
    problems.push(
      `the clue ledger and the ClueRegistered events disagree: ${ledger
        .slice(0, 10)
        .map((r) => `${r.clue} (event ${r.event_number ?? 'none'}, row ${r.row_number ?? 'none'})`)
        .join(', ')}`,
    );
  const records = await q<{ kind: string; id: string; opened: boolean; row: boolean }>(
    `SELECT coalesce(e.kind, r.kind) AS kind, coalesce(e.id, r.id) AS id, e.id IS NOT NULL AS opened, r.id IS NOT NULL AS row
       FROM (SELECT CASE type WHEN 'InquiryOpened' THEN 'inquiry' ELSE 'verification' END AS kind,
                    regexp_replace(stream_id, '^(inquiry|verification)-', '') AS id
               FROM supervision.events WHERE type IN ('InquiryOpened', 'VerificationOpened')) e
       FULL JOIN (SELECT kind, id FROM supervision.records WHERE kind IN ('inquiry', 'verification')) r
         ON r.kind = e.kind AND r.id = e.id
      WHERE e.id IS NULL OR r.id IS NULL`,
  );
  if (records.length)
    problems.push(
      `supervision's records and the opening events disagree: ${records
        .slice(0, 10)
        .map((r) => `${r.kind} ${r.id} (${r.opened ? 'opened' : 'no opening event'}, ${r.row ? 'a row' : 'no row'})`)
        .join(', ')}`,
    );
  // The vault and the lookup codes, written in the registration's transaction: one each per
  // registered petition (the vault for a real-name one only), none without its event.
  const [vault] = await q<Record<string, number>>(
    `SELECT (SELECT count(*) FROM petitions.reporter_vault v WHERE NOT EXISTS (SELECT 1 FROM petitions.events e WHERE e.stream_id = 'petition-' || v.petition_id AND e.type = 'PetitionRecorded'))::int AS vault_without_event,
            (SELECT count(*) FROM petitions.events e WHERE e.type = 'PetitionRecorded' AND (e.data->>'realName')::boolean AND NOT EXISTS (SELECT 1 FROM petitions.reporter_vault v WHERE v.reporter_ref = e.data->>'reporterRef'))::int AS event_without_vault,
            (SELECT count(*) FROM petitions.lookup_codes l WHERE NOT EXISTS (SELECT 1 FROM petitions.events e WHERE e.stream_id = 'petition-' || l.petition_id AND e.type = 'PetitionRecorded'))::int AS code_without_event,
            (SELECT count(*) FROM petitions.events e WHERE e.type = 'PetitionRecorded' AND NOT EXISTS (SELECT 1 FROM petitions.lookup_codes l WHERE 'petition-' || l.petition_id = e.stream_id))::int AS event_without_code`,
  );
  for (const [what, n] of Object.entries(vault ?? {})) if (n > 0) problems.push(`petitions: ${n} ${what.replaceAll('_', ' ')}`);
  return problems;
}

/**
 * Folds every clue's stream from scratch with the clue decider and compares the state with the
 * clue ledger (status and assigned office): the read model must be exactly what the events say.
 */
export async function foldedClues(pool: Pool): Promise<{ clues: number; problems: string[] }> {
  const { rows } = await pool.query<{ stream_id: string; type: string; data: Record<string, unknown> }>(
    `SELECT stream_id, type, data FROM case_management.events WHERE stream_id LIKE 'clue-%' ORDER BY stream_id, version`,
  );
  const states = new Map<string, ProblemClue>();
  for (const e of rows) {
    const state = states.get(e.stream_id) ?? clueDecider.initialState;
    states.set(e.stream_id, clueDecider.evolve(state, { type: e.type, data: e.data } as never));
  }
  const ledger = new Map(
    (
      await pool.query<{ clue_id: string; status: string; assigned_office: string | null }>(
        `SELECT clue_id, status, assigned_office FROM case_management.clue_ledger`,
      )
    ).rows.map((r) => [`clue-${r.clue_id}`, r]),
  );
  const problems: string[] = [];
  for (const [stream, state] of states) {
    if (state.status === 'Initial') continue;
    const row = ledger.get(stream);
    const status = ledgerStatus(state);
    const office = 'assignedOffice' in state ? (state.assignedOffice ?? null) : null;
    if (!row) problems.push(`${stream}: folded to ${status}, no ledger row`);
    else if (row.status !== status || (row.assigned_office ?? null) !== office)
      problems.push(`${stream}: folded to ${status} (${office}), the ledger says ${row.status} (${row.assigned_office})`);
  }
  return { clues: states.size, problems: problems.slice(0, 20) };
}

/** The records list's word for each state of an inquiry or a verification (the projections'). */
function recordStatus(state: Inquiry | Verification): string {
  if (state.status === 'Planning')
    return 'rejection' in state && state.rejection !== undefined ? 'plan-rejected' : 'awaiting-plan';
  return state.status.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`));
}

/**
 * Folds every inquiry's and verification's stream from scratch with supervision's deciders and
 * compares the state with supervision's records (status, office, unit, clue): the records must be
 * exactly what the events say.
 */
export async function foldedRecords(pool: Pool): Promise<{ records: number; problems: string[] }> {
  const { rows } = await pool.query<{ stream_id: string; type: string; data: Record<string, unknown> }>(
    `SELECT stream_id, type, data FROM supervision.events
      WHERE stream_id LIKE 'inquiry-%' OR stream_id LIKE 'verification-%' ORDER BY stream_id, version`,
  );
  const states = new Map<string, Inquiry | Verification>();
  for (const e of rows) {
    const event = { type: e.type, data: e.data } as never;
    if (e.stream_id.startsWith('inquiry-'))
      states.set(e.stream_id, inquiryDecider.evolve((states.get(e.stream_id) as Inquiry) ?? inquiryDecider.initialState, event));
    else
      states.set(
        e.stream_id,
        verificationDecider.evolve((states.get(e.stream_id) as Verification) ?? verificationDecider.initialState, event),
      );
  }
  const records = new Map(
    (
      await pool.query<{ kind: string; id: string; status: string; office: string; unit_id: string; clue_id: string }>(
        `SELECT kind, id, status, office, unit_id, clue_id FROM supervision.records WHERE kind IN ('inquiry', 'verification')`,
      )
    ).rows.map((r) => [`${r.kind}-${r.id}`, r]),
  );
  const problems: string[] = [];
  for (const [stream, state] of states) {
    if (state.status === 'Initial') continue;
    const row = records.get(stream);
    const expected = { status: recordStatus(state), office: state.office, unit_id: state.unitId, clue_id: state.clueId };
    if (!row) problems.push(`${stream}: folded to ${expected.status}, no record`);
    else
      for (const [field, value] of Object.entries(expected))
        if (row[field as keyof typeof row] !== value)
          problems.push(`${stream}: folded ${field} ${String(value)}, the record says ${String(row[field as keyof typeof row])}`);
  }
  return { records: states.size, problems: problems.slice(0, 20) };
}

export interface StreamAudit {
  messages: number;
  publicEvents: number;
  consumers: number;
  inboxRows: number;
  problems: string[];
}

/** A NATS subject pattern (`*`, `>`) against a subject. */
export function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/**
 * JetStream against the stores: every message of the stream is a stored event, published once by
 * id; every stored event of a public type (a type the stream carries) is in the stream; every
 * durable consumer has nothing pending, and applied each message of its subjects once: an inbox
 * row per message (none parked), no inbox row for an event the stream never carried.
 */
export async function streamAudit(pool: Pool, natsUrl: string, stream: string): Promise<StreamAudit> {
  const problems: string[] = [];
  const nc = await connect({ servers: natsUrl, timeout: 5_000 });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const bySeq: { id: string; subject: string }[] = [];
    const seen = new Map<string, number>();
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (!m) continue;
      const id = m.header?.get('Nats-Msg-Id') ?? (m.json<{ eventId?: string }>().eventId as string);
      bySeq.push({ id, subject: m.subject });
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    const twice = [...seen].filter(([, n]) => n > 1);
    if (twice.length) problems.push(`published more than once: ${twice.slice(0, 10).map(([id, n]) => `${id} ×${n}`)}`);

    const stored = new Map<string, { type: string; schema: string }>();
    const tables = new Map<string, Set<string>>();
    for (const schema of SCHEMAS) tables.set(schema, await tablesOf(pool, schema));
    for (const schema of SCHEMAS) {
      if (!tables.get(schema)!.has('events')) continue;
      const { rows } = await pool.query<{ id: string; type: string }>(`SELECT event_id::text AS id, type FROM ${schema}.events`);
      for (const r of rows) stored.set(r.id, { type: r.type, schema });
    }
    const notStored = bySeq.filter((m) => !stored.has(m.id));
    if (notStored.length) problems.push(`in the stream but in no store: ${notStored.slice(0, 10).map((m) => m.id)}`);
    const publicTypes = new Set(bySeq.map((m) => stored.get(m.id)?.type).filter(Boolean));
    const unpublished = [...stored].filter(([id, e]) => publicTypes.has(e.type) && !seen.has(id));
    if (unpublished.length)
      problems.push(`stored public events never published: ${unpublished.slice(0, 10).map(([id, e]) => `${e.type} ${id}`)}`);

    // Consumers: drained, and one inbox row per message of their subjects.
    const inbox = new Map<string, Set<string>>();
    let inboxRows = 0;
    for (const schema of SCHEMAS) {
      if (!tables.get(schema)!.has('inbox')) continue;
      const { rows } = await pool.query<{ consumer: string; id: string }>(`SELECT consumer, event_id AS id FROM ${schema}.inbox`);
      // A message parked under a fault is an effect never applied: none may be.
      const parked = await pool.query<{ consumer: string; reason: string; n: number }>(
        `SELECT consumer, reason, count(*)::int AS n FROM ${schema}.dead_letters GROUP BY 1, 2`,
      );
      for (const p of parked.rows) problems.push(`${schema}: ${p.n} messages parked by ${p.consumer} (${p.reason})`);
      for (const r of rows) {
        inbox.set(r.consumer, (inbox.get(r.consumer) ?? new Set()).add(r.id));
        inboxRows++;
      }
    }
    let consumers = 0;
    for await (const ci of jsm.consumers.list(stream)) {
      consumers++;
      const name = ci.name;
      if (ci.num_pending > 0 || ci.num_ack_pending > 0)
        problems.push(`consumer ${name}: ${ci.num_pending} pending, ${ci.num_ack_pending} unacknowledged`);
      const filters = ci.config.filter_subjects ?? (ci.config.filter_subject ? [ci.config.filter_subject] : ['>']);
      const mine = bySeq.filter((m) => filters.some((f) => matches(f, m.subject)));
      const applied = inbox.get(name) ?? new Set<string>();
      const missing = mine.filter((m) => !applied.has(m.id));
      if (missing.length)
        problems.push(`consumer ${name}: ${missing.length} messages never applied (${missing.slice(0, 5).map((m) => m.id)})`);
      const unknown = [...applied].filter((id) => !seen.has(id));
      if (unknown.length)
        problems.push(`consumer ${name}: inbox rows for events the stream never carried: ${unknown.slice(0, 5)}`);
    }
    return { messages: bySeq.length, publicEvents: seen.size, consumers, inboxRows, problems };
  } finally {
    await nc.close();
  }
}

/** The durable consumers with messages pending or unacknowledged: name and count. */
export async function lagging(natsUrl: string, stream: string): Promise<{ name: string; behind: number }[]> {
  const nc = await connect({ servers: natsUrl, timeout: 5_000 });
  try {
    const jsm = await jetstreamManager(nc);
    const behind: { name: string; behind: number }[] = [];
    for await (const ci of jsm.consumers.list(stream))
      if (ci.num_pending > 0 || ci.num_ack_pending > 0)
        behind.push({ name: ci.name, behind: ci.num_pending + ci.num_ack_pending });
    return behind;
  } finally {
    await nc.close();
  }
}

/** Whether every consumer has nothing pending (see lagging). */
export async function drained(natsUrl: string, stream: string): Promise<boolean> {
  return (await lagging(natsUrl, stream)).length === 0;
}

/** `npm run verify` (libs/event-store/src/verify-cli.ts), run from the suite's build on the test database. */
export async function verifyChains(distDir: string, databaseUrl: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(distDir, 'libs/event-store/src/verify-cli.js')], {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
    });
    return { ok: true, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { ok: false, output: `exit ${e.code}: ${e.stdout ?? ''}${e.stderr ?? ''}`.trim() };
  }
}

export interface FoldedClocks {
  /** Clocks the events start, of the kinds folded. */
  clocks: number;
  /** Of which stopped by an event. */
  stopped: number;
  byMeasure: Record<string, number>;
  /** Rows of kinds the fold does not cover, by kind (only counted). */
  unfolded: Record<string, number>;
  problems: string[];
}

/** A clock as the events imply it: what started it, and the stops and extensions applied since. */
interface FoldedClock {
  id: string;
  measures: string;
  subject: string;
  office: string | null;
  unitId: string | null;
  startedOn: string;
  /** A due date the event chose (a clue's disposition deadline, a round's due day); else the limit's. */
  chosenDueOn?: string;
  /** The row's due date once extended (the event's new date). */
  extendedDueOn?: string;
  /** Calls of stopClock in order (the first that finds the clock running decides). */
  stops: string[];
  cause: string;
  /** The stream of the event that started it. */
  stream: string;
}

/** The measures the fold covers: every clock the traffic's events start, and the clearance round's. */
export const FOLDED_MEASURES = new Set([
  'petition-decision',
  'petition-acceptance-notice',
  'petition-feedback',
  'clue-disposition',
  'clearance-review',
  'inquiry-reply',
  'inquiry-conclusion',
  'verification',
]);

/** What the checker reads of a clock row (libs/deadlines' clocks table). */
interface ClockRow {
  id: string;
  measures: string;
  subject: string;
  office: string | null;
  unit_id: string | null;
  limit_amount: number;
  limit_unit: ClockLimit['unit'];
  started_on: string;
  due_on: string;
  state: ClockState;
  stopped_on: string | null;
  met_on: string | null;
}

interface StoredEvent {
  txid: string;
  stream_id: string;
  type: string;
  data: Record<string, unknown>;
  at: string;
}

/**
 * The commands of a store in order: runs of events of one transaction and one stream (a command's
 * result, as its handler projects it), of the streams `like` matches.
 */
async function commandsOf(pool: Pool, schema: string, like: string[], history: Map<string, string[]>): Promise<StoredEvent[][]> {
  const { rows } = await pool.query<StoredEvent>(
    `SELECT txid::text AS txid, stream_id, type, data, metadata->>'occurredAt' AS at
       FROM ${schema}.events WHERE stream_id LIKE ANY($1) ORDER BY position`,
    [like],
  );
  const groups: StoredEvent[][] = [];
  for (const e of rows) {
    history.set(`${schema}:${e.stream_id}`, [...(history.get(`${schema}:${e.stream_id}`) ?? []), e.type]);
    const last = groups.at(-1)?.[0];
    if (last && last.txid === e.txid && last.stream_id === e.stream_id) groups.at(-1)!.push(e);
    else groups.push([e]);
  }
  return groups;
}

/**
 * The clock tables folded from scratch: every clock the events of the petitions, the clues (and
 * clearance rounds) and the inquiries and verifications start, stop or extend, written here once
 * more from the rules (DOMAIN.md, the services' clock projections) without their code, then
 * computed with the calendar's pure clock functions (due date from the start and the row's limit,
 * met or breached from the stop), and compared with each service's `clocks` table, field by field:
 * measures, subject, office, unit, start, due date, state, stop, met day. Every clock the events
 * imply has its row, and every row of those kinds has the events that started it. Clocks no event
 * starts (the agency's quarterly report, started on a timer) are only counted.
 */
export async function foldedClocks(pool: Pool): Promise<FoldedClocks> {
  const expected = new Map<string, FoldedClock & { schema: string }>();
  const problems: string[] = [];
  const day = (e: StoredEvent) => chinaDate(new Date(e.at));
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const history = new Map<string, string[]>(); // each stream's event types, for the problems' lines
  const start = (schema: string, e: StoredEvent, clock: Omit<FoldedClock, 'stops' | 'cause' | 'stream'>) => {
    const key = `${schema}:${clock.id}`;
    // startClock is idempotent on the id: a second start leaves the clock as it was.
    if (!expected.has(key))
      expected.set(key, { ...clock, schema, stops: [], cause: `${e.type} ${e.stream_id}`, stream: `${schema}:${e.stream_id}` });
  };
  const stop = (schema: string, id: string, on: string) => expected.get(`${schema}:${id}`)?.stops.push(on);

  // Petitions: 受理或转送 and 实名举报受理告知 from registration; 实名举报结果反馈 from the conclusion.
  const petitions = new Map<string, Petition>();
  for (const group of await commandsOf(pool, 'petitions', ['petition-%'], history)) {
    const stream = group[0]!.stream_id;
    let state = petitions.get(stream) ?? petitionDecider.initialState;
    for (const e of group) state = petitionDecider.evolve(state, { type: e.type, data: e.data } as never);
    petitions.set(stream, state);
    if (state.status === 'Initial') continue;
    const petitionId = state.petitionId;
    const owner = { subject: stream, office: PETITION_OFFICE, unitId: state.accused.unitId };
    for (const e of group) {
      const today = day(e);
      switch (e.type) {
        case 'PetitionRecorded':
          start('petitions', e, {
            id: `petition-decision-${petitionId}`,
            measures: 'petition-decision',
            startedOn: today,
            ...owner,
          });
          if (e.data['realName'] === true)
            start('petitions', e, {
              id: `petition-notice-${petitionId}`,
              measures: 'petition-acceptance-notice',
              startedOn: today,
              ...owner,
            });
          break;
        case 'PetitionAccepted':
        case 'PetitionNotAccepted':
        case 'PetitionForwardedToSuperior':
        case 'PetitionForwardedToSubordinate':
          stop('petitions', `petition-decision-${petitionId}`, today);
          break;
        case 'DuplicatePetitionFiled':
          stop('petitions', `petition-decision-${petitionId}`, today);
          stop('petitions', `petition-notice-${petitionId}`, today);
          break;
        case 'RepeatConfirmed':
        case 'AcceptanceNotified':
          stop('petitions', `petition-notice-${petitionId}`, today);
          break;
        case 'PetitionConcluded':
          if (state.realName)
            start('petitions', e, {
              id: `petition-feedback-${petitionId}`,
              measures: 'petition-feedback',
              startedOn: String(e.data['concludedOn']),
              ...owner,
            });
          break;
        case 'FeedbackDelivered':
          stop('petitions', `petition-feedback-${petitionId}`, String(e.data['deliveredOn']));
          break;
        default:
          break;
      }
    }
  }

  // Clues: the disposition clock from assignment (and each reactivation) to the proposal; a
  // clearance round's review clock per item.
  const clues = new Map<string, ProblemClue>();
  for (const group of await commandsOf(pool, 'case_management', ['clue-%', 'clearance-%'], history)) {
    const stream = group[0]!.stream_id;
    let state: ProblemClue | undefined;
    if (stream.startsWith('clue-')) {
      state = clues.get(stream) ?? clueDecider.initialState;
      for (const e of group) state = clueDecider.evolve(state, { type: e.type, data: e.data } as never);
      clues.set(stream, state);
    }
    for (const e of group) {
      const today = day(e);
      const d = e.data;
      switch (e.type) {
        case 'ClueAssigned':
          start('case_management', e, {
            id: `clue-disposition:${String(d['clueId'])}`,
            measures: 'clue-disposition',
            subject: String(d['clueId']),
            office: String(d['assignedOffice']),
            unitId: String(d['unitId']),
            startedOn: today,
            chosenDueOn: String(d['dispositionDeadline']),
          });
          break;
        case 'ClueReactivated':
          if (state?.status === 'Reactivated')
            start('case_management', e, {
              id: `clue-disposition:${String(d['clueId'])}:${String(d['roundId'])}`,
              measures: 'clue-disposition',
              subject: String(d['clueId']),
              office: str((state as { assignedOffice?: unknown }).assignedOffice) ?? null,
              unitId: str((state as { unitId?: unknown }).unitId) ?? null,
              startedOn: today,
              chosenDueOn: String(d['dispositionDeadline']),
            });
          break;
        case 'DispositionProposed':
          // Every disposition clock of the clue not stopped yet.
          for (const clock of expected.values())
            if (clock.schema === 'case_management' && clock.measures === 'clue-disposition' && clock.subject === d['clueId'])
              clock.stops.push(today);
          break;
        case 'ClearanceRoundOpened':
          for (const item of d['items'] as { clueId: string; office: string }[])
            start('case_management', e, {
              id: `clearance-review:${String(d['roundId'])}:${item.clueId}`,
              measures: 'clearance-review',
              subject: item.clueId,
              office: item.office,
              unitId: null,
              startedOn: today,
              chosenDueOn: String(d['dueOn']),
            });
          break;
        case 'ClueSweepReviewed':
          stop('case_management', `clearance-review:${String(d['roundId'])}:${String(d['clueId'])}`, today);
          break;
        default:
          break;
      }
    }
  }

  // Inquiries and verifications: the reply, the conclusion, the verification's months; owned by
  // the office and unit of the record after the command.
  const records = new Map<string, Inquiry | Verification>();
  for (const group of await commandsOf(pool, 'supervision', ['inquiry-%', 'verification-%'], history)) {
    const stream = group[0]!.stream_id;
    let state: Inquiry | Verification;
    if (stream.startsWith('inquiry-')) {
      let s = (records.get(stream) as Inquiry | undefined) ?? inquiryDecider.initialState;
      for (const e of group) s = inquiryDecider.evolve(s, { type: e.type, data: e.data } as never);
      state = s;
    } else {
      let s = (records.get(stream) as Verification | undefined) ?? verificationDecider.initialState;
      for (const e of group) s = verificationDecider.evolve(s, { type: e.type, data: e.data } as never);
      state = s;
    }
    records.set(stream, state);
    if (state.status === 'Initial') continue;
    const owner = { office: state.office, unitId: state.unitId ?? null };
    for (const e of group) {
      const d = e.data;
      switch (e.type) {
        case 'InquiryLetterSent':
          start('supervision', e, {
            id: `inquiry-reply-${String(d['inquiryId'])}`,
            measures: 'inquiry-reply',
            subject: String(d['inquiryId']),
            startedOn: String(d['sentOn']),
            ...owner,
          });
          break;
        case 'InquiryReplyReceived':
          stop('supervision', `inquiry-reply-${String(d['inquiryId'])}`, String(d['receivedOn']));
          break;
        case 'InquiryAssessed':
          start('supervision', e, {
            id: `inquiry-conclusion-${String(d['inquiryId'])}`,
            measures: 'inquiry-conclusion',
            subject: String(d['inquiryId']),
            startedOn: String(d['assessedOn']),
            ...owner,
          });
          break;
        case 'InquiryConcluded':
          stop('supervision', `inquiry-conclusion-${String(d['inquiryId'])}`, String(d['concludedOn']));
          break;
        case 'VerificationApproved':
          start('supervision', e, {
            id: `verification-${String(d['verificationId'])}`,
            measures: 'verification',
            subject: String(d['verificationId']),
            startedOn: String(d['approvedOn']),
            ...owner,
          });
          break;
        case 'VerificationExtended': {
          const clock = expected.get(`supervision:verification-${String(d['verificationId'])}`);
          if (clock && clock.stops.length === 0) clock.extendedDueOn = String(d['dueOn']);
          break;
        }
        case 'VerificationReportSubmitted':
          stop('supervision', `verification-${String(d['verificationId'])}`, String(d['submittedOn']));
          break;
        default:
          break;
      }
    }
  }

  // The tables, against the fold.
  const unfolded: Record<string, number> = {};
  const rows = new Map<string, ClockRow & { schema: string }>();
  for (const schema of STORES) {
    const { rows: table } = await pool.query<ClockRow>(
      `SELECT id, measures, subject, office, unit_id, limit_amount, limit_unit, started_on::text AS started_on,
              due_on::text AS due_on, state, stopped_on::text AS stopped_on, met_on::text AS met_on FROM ${schema}.clocks`,
    );
    for (const row of table) {
      if (!FOLDED_MEASURES.has(row.measures)) unfolded[row.measures] = (unfolded[row.measures] ?? 0) + 1;
      else rows.set(`${schema}:${row.id}`, { ...row, schema });
    }
  }
  for (const [key, clock] of expected) {
    const row = rows.get(key);
    if (!row) {
      problems.push(`${key}: started by ${clock.cause}, no clock row`);
      continue;
    }
    const limit = { amount: row.limit_amount, unit: row.limit_unit };
    let folded = startPureClock({ id: clock.id, measures: clock.measures, rule: '', limit, startedOn: clock.startedOn });
    const dueOn = clock.extendedDueOn ?? clock.chosenDueOn;
    if (dueOn) folded = { ...folded, dueOn };
    for (const on of clock.stops) folded = stopPureClock(folded, on);
    const want: Record<string, unknown> = {
      measures: clock.measures,
      subject: clock.subject,
      office: clock.office,
      unit_id: clock.unitId,
      started_on: clock.startedOn,
      due_on: folded.dueOn,
      state: folded.state,
      stopped_on: folded.stoppedOn ?? null,
      met_on: folded.state === 'met' ? (folded.stoppedOn ?? null) : null,
    };
    const differ = Object.entries(want).filter(([field, value]) => (row as unknown as Record<string, unknown>)[field] !== value);
    if (differ.length)
      problems.push(
        `${key}: ${differ
          .map(
            ([field, value]) =>
              `folded ${field} ${String(value)}, the row says ${String((row as unknown as Record<string, unknown>)[field])}`,
          )
          .join('; ')} (${clock.stream}: ${(history.get(clock.stream) ?? []).join(', ')})`,
      );
  }
  for (const [key, row] of rows)
    if (!expected.has(key)) problems.push(`${key}: a ${row.measures} clock row (${row.state}) that no event started`);
  const byMeasure: Record<string, number> = {};
  for (const clock of expected.values()) byMeasure[clock.measures] = (byMeasure[clock.measures] ?? 0) + 1;
  const stopped = [...expected.values()].filter((c) => c.stops.length > 0).length;
  return { clocks: expected.size, stopped, byMeasure, unfolded, problems: problems.slice(0, 20) };
}

/** The tables of `schema` that exist (a service may keep no events, clocks or inbox of its own). */
async function tablesOf(pool: Pool, schema: string): Promise<Set<string>> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
    [schema],
  );
  return new Set(rows.map((r) => r.name));
}

/** A stored event as the analytics audit reads it: its store, type, data and occurredAt. */
export interface SourceEvent {
  schema: string;
  type: string;
  data: Record<string, unknown>;
  at: string;
}

/** A current row of analytics' ledger_rows (valid_to IS NULL). */
export interface AnalyticsRow {
  ledger: string;
  item_id: string;
  state: string;
  row: { number?: string; dates?: Record<string, unknown>; facts?: Record<string, unknown> };
}

/** A clock row of a service (its `clocks` table), by the service's name as the events give it. */
export interface ServiceClock {
  service: string;
  id: string;
  state: string;
  stopped_on: string | null;
}

export interface AnalyticsAudit {
  /** Current rows per ledger checked. */
  rows: Record<string, number>;
  problems: string[];
}

/**
 * Each petition event analytics reads, and the date it leaves in the petition's row (`dates`, merged:
 * a key is there whatever order the events came in). Written here from the rules (docs/analytics.md),
 * not from analytics' code.
 */
const PETITION_DATES: Record<string, string> = {
  PetitionRegistered: 'registeredOn',
  PetitionScreened: 'screenedOn',
  PetitionAccepted: 'acceptedOn',
  PetitionNotAccepted: 'decidedOn',
  PetitionForwardedToSuperior: 'forwardedOn',
  PetitionForwardedToSubordinate: 'forwardedOn',
  DuplicatePetitionFiled: 'filedOn',
  AcceptanceNotified: 'notifiedOn',
  PetitionTransferred: 'transferredAt',
};
/** Each clue event analytics reads: the date key it sets (the event's own date, else its occurredAt). */
const CLUE_DATES: Record<string, { key: string; field?: string }> = {
  ClueRegistered: { key: 'registeredAt', field: 'registeredAt' },
  ClueAssigned: { key: 'assignedAt' },
  DispositionProposed: { key: 'proposedAt' },
  DispositionRejected: { key: 'rejectedAt' },
  DispositionApproved: { key: 'approvedAt' },
  ClueOutcomeRecorded: { key: 'outcomeAt' },
};
/** The counters of a clue's row: one per event of the type, so an event applied twice counts twice. */
const CLUE_COUNTERS: Record<string, string> = {
  DispositionProposed: 'proposals',
  DispositionRejected: 'rejections',
  ClueOutcomeRecorded: 'outcomes',
};
/** The types the audit reads from each store. */
export const ANALYTICS_SOURCE_TYPES: Record<string, string[]> = {
  petitions: Object.keys(PETITION_DATES),
  case_management: Object.keys(CLUE_DATES),
  supervision: ['InquiryOpened', 'VerificationOpened'],
};

const sameInstant = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' && (a === b || Date.parse(a) === Date.parse(b));

/**
 * Analytics' ledgers against the source stores, without trusting its fold: every ledger-changing
 * event is there once, whatever order the consumers applied them in.
 * - petitions: one current row per registered petition (same ids, same count); each step's date
 *   (`dates`) there exactly when the store holds the step's event, with the event's value;
 * - clues: one current row per ClueRegistered (same ids, count and number); each step's date there
 *   exactly when the store holds its event; the counters (proposals, rejections, outcomes) equal to
 *   the number of events of their type, so a lost event and an event applied twice both show;
 * - inquiries and verifications: one current row per opening event;
 * - the clock board: one current row per clock row of every service (`<service>:<id>`); a stopped
 *   clock's row stopped on the same day, met or breached as the service says; a running one not met.
 */
export function analyticsProblems(events: SourceEvent[], rows: AnalyticsRow[], clocks: ServiceClock[]): AnalyticsAudit {
  const problems: string[] = [];
  const byLedger = new Map<string, Map<string, AnalyticsRow>>();
  for (const r of rows) {
    const ledger = byLedger.get(r.ledger) ?? new Map<string, AnalyticsRow>();
    if (ledger.has(r.item_id)) problems.push(`analytics ${r.ledger} ${r.item_id}: more than one current row`);
    ledger.set(r.item_id, r);
    byLedger.set(r.ledger, ledger);
  }
  const ledger = (name: string) => byLedger.get(name) ?? new Map<string, AnalyticsRow>();

  /** Items of a ledger by the events that name them (the item's id field), grouped by type. */
  const itemsOf = (schema: string, idField: string) => {
    const items = new Map<string, Map<string, SourceEvent[]>>();
    for (const e of events) {
      if (e.schema !== schema) continue;
      const id = e.data[idField];
      if (typeof id !== 'string') continue;
      const byType = items.get(id) ?? new Map<string, SourceEvent[]>();
      byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
      items.set(id, byType);
    }
    return items;
  };
  /** Same ids both ways: the opened items (those with an `opening` event) and the ledger's current rows. */
  const sameIds = (name: string, opened: Set<string>, what: string) => {
    const held = ledger(name);
    const missing = [...opened].filter((id) => !held.has(id));
    const extra = [...held.keys()].filter((id) => !opened.has(id));
    if (missing.length || extra.length || held.size !== opened.size)
      problems.push(
        `analytics ${name}: ${held.size} current rows for ${opened.size} ${what}; missing ${missing.length} (${missing.slice(0, 5)}), without an event ${extra.length} (${extra.slice(0, 5)})`,
      );
  };
  const datesAgree = (
    name: string,
    id: string,
    row: AnalyticsRow | undefined,
    key: string,
    found: SourceEvent[],
    value?: (e: SourceEvent) => unknown,
  ) => {
    if (!row) return;
    const held = row.row.dates?.[key];
    if (found.length === 0) {
      if (held !== undefined) problems.push(`analytics ${name} ${id}: dates.${key} ${String(held)} without its event`);
      return;
    }
    if (held === undefined) problems.push(`analytics ${name} ${id}: no dates.${key}, the store has ${found.map((e) => e.type)}`);
    else if (found.length === 1 && value && !sameInstant(held, value(found[0]!)))
      problems.push(`analytics ${name} ${id}: dates.${key} ${String(held)}, the event says ${String(value(found[0]!))}`);
  };

  // Petitions.
  const petitions = itemsOf('petitions', 'petitionId');
  const registered = new Set([...petitions].filter(([, t]) => t.has('PetitionRegistered')).map(([id]) => id));
  sameIds('petitions', registered, 'registered petitions');
  const keys = new Map<string, string[]>();
  for (const [type, key] of Object.entries(PETITION_DATES)) keys.set(key, [...(keys.get(key) ?? []), type]);
  for (const [id, byType] of petitions)
    for (const [key, types] of keys) {
      const found = types.flatMap((t) => byType.get(t) ?? []);
      datesAgree('petitions', id, ledger('petitions').get(id), key, found, (e) => e.data[key]);
    }

  // Clues.
  const clues = itemsOf('case_management', 'clueId');
  const clueIds = new Set([...clues].filter(([, t]) => t.has('ClueRegistered')).map(([id]) => id));
  sameIds('clues', clueIds, 'registered clues');
  for (const [id, byType] of clues) {
    const row = ledger('clues').get(id);
    if (!row) continue;
    const number = byType.get('ClueRegistered')?.[0]?.data['number'];
    if (number !== undefined && row.row.number !== number)
      problems.push(`analytics clues ${id}: number ${row.row.number}, ClueRegistered says ${String(number)}`);
    for (const [type, { key, field }] of Object.entries(CLUE_DATES))
      datesAgree('clues', id, row, key, byType.get(type) ?? [], (e) => (field ? e.data[field] : e.at));
    for (const [type, counter] of Object.entries(CLUE_COUNTERS)) {
      const want = byType.get(type)?.length ?? 0;
      const held = Number(row.row.facts?.[counter] ?? 0);
      if (held !== want) problems.push(`analytics clues ${id}: facts.${counter} ${held}, the store has ${want} ${type}`);
    }
  }

  // Inquiries and verifications: one row per opening.
  for (const [name, type, idField] of [
    ['inquiries', 'InquiryOpened', 'inquiryId'],
    ['verifications', 'VerificationOpened', 'verificationId'],
  ] as const)
    sameIds(
      name,
      new Set(events.filter((e) => e.schema === 'supervision' && e.type === type).map((e) => String(e.data[idField]))),
      `${type} events`,
    );

  // The clock board.
  const board = ledger('clocks');
  const clockIds = new Set(clocks.map((c) => `${c.service}:${c.id}`));
  sameIds('clocks', clockIds, "clock rows of the services' tables");
  for (const c of clocks) {
    const row = board.get(`${c.service}:${c.id}`);
    if (!row) continue;
    const stoppedOn = row.row.dates?.['stoppedOn'] ?? null;
    if (c.stopped_on !== null) {
      if (stoppedOn !== c.stopped_on || row.state !== c.state)
        problems.push(
          `analytics clocks ${c.service}:${c.id}: ${row.state} stopped on ${String(stoppedOn)}, the clock is ${c.state} stopped on ${c.stopped_on}`,
        );
    } else if (stoppedOn !== null || row.state === 'met')
      problems.push(`analytics clocks ${c.service}:${c.id}: ${row.state} stopped on ${String(stoppedOn)}, the clock runs`);
  }

  const counts: Record<string, number> = {};
  for (const [name, held] of byLedger) counts[name] = held.size;
  return { rows: counts, problems: problems.slice(0, 30) };
}

/** The service a schema belongs to (the name its events carry). */
const serviceOf = (schema: string) => schema.replaceAll('_', '-');

/** Reads the stores, analytics' current ledger rows and every clocks table, then analyticsProblems. */
export async function analyticsAudit(pool: Pool): Promise<AnalyticsAudit> {
  const events: SourceEvent[] = [];
  for (const [schema, types] of Object.entries(ANALYTICS_SOURCE_TYPES)) {
    const { rows } = await pool.query<{ type: string; data: Record<string, unknown>; at: string }>(
      `SELECT type, data, metadata->>'occurredAt' AS at FROM ${schema}.events WHERE type = ANY($1) ORDER BY position`,
      [types],
    );
    for (const r of rows) events.push({ schema, ...r });
  }
  const { rows } = await pool.query<AnalyticsRow>(
    `SELECT ledger, item_id, state, row FROM analytics.ledger_rows WHERE valid_to IS NULL`,
  );
  const clocks: ServiceClock[] = [];
  for (const schema of SCHEMAS) {
    if (!(await tablesOf(pool, schema)).has('clocks')) continue;
    const { rows: table } = await pool.query<Omit<ServiceClock, 'service'>>(
      `SELECT id, state, stopped_on::text AS stopped_on FROM ${schema}.clocks`,
    );
    for (const c of table) clocks.push({ service: serviceOf(schema), ...c });
  }
  return analyticsProblems(events, rows, clocks);
}

/**
 * Every row of every table of the analytics schema (and its views' schema), as text, searched for
 * the personal texts the traffic sent (names, a phone number, an id number, an address): none may
 * be there. Returns the tables searched and the problems.
 */
export async function personalDataIn(
  pool: Pool,
  schemas: string[],
  texts: readonly string[],
): Promise<{ tables: number; rows: number; problems: string[] }> {
  const problems: string[] = [];
  let tables = 0;
  let rows = 0;
  for (const schema of schemas) {
    const { rows: names } = await pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1`,
      [schema],
    );
    for (const { name } of names) {
      tables++;
      const { rows: found } = await pool.query<{ n: number; hits: string[] }>(
        `SELECT count(*)::int AS n,
                array_remove(array_agg(DISTINCT (SELECT string_agg(x, ',') FROM unnest($1::text[]) x WHERE strpos(t::text, x) > 0)), NULL) AS hits
           FROM ${schema}."${name}" t`,
        [texts],
      );
      rows += found[0]?.n ?? 0;
      const hits = found[0]?.hits ?? [];
      if (hits.length) problems.push(`${schema}.${name} holds personal data the traffic sent: ${hits.join('; ')}`);
    }
  }
  return { tables, rows, problems };
}
