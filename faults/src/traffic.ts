// Steady mixed traffic through the gateway (the bench:load mix: registrations, accept and
// transfer, dispositions and their approval, the inquiry's and the verification's commands, list
// and item queries), with every request and every answer kept in the client log. A command carries
// an Idempotency-Key and an X-Correlation-Id of its own; an answer that is no answer (a timeout, a
// dropped connection, 502/503/504, a 500) is retried with the same key and id until a definite one
// (2xx or 4xx) or until it has been tried for RETRY_FOR_MS. What the client was told is all the
// checker takes from this side.
import { randomUUID } from 'node:crypto';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e harness: the system as processes
import type { System } from '../../e2e/src/system.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the bench:load mix, written once
import { pickOp, QUERIES, type Op } from '../../bench/load/mix.js';

export type { Op };

/** The service whose event store a command's own events go to. */
export const OWNER: Record<Op, string> = {
  register: 'petitions',
  accept: 'petitions',
  transfer: 'petitions',
  propose: 'case_management',
  approveDisposition: 'case_management',
  letter: 'supervision',
  reply: 'supervision',
  assess: 'supervision',
  conclude: 'supervision',
  plan: 'supervision',
  approveVerification: 'supervision',
  listClues: '',
  getPetition: '',
  getClue: '',
  listClocks: '',
};

const REQUEST_TIMEOUT_MS = 10_000;
const RETRY_FOR_MS = 45_000;
const RETRY_PAUSE_MS = 400;
const MAX_IN_FLIGHT = 48;

export interface Answer {
  status: number; // 0: no answer (timeout, connection refused or dropped)
  ms: number;
  replayed: boolean;
  code?: string;
}

export interface Entry {
  n: number;
  phase: string;
  op: Op;
  kind: 'cmd' | 'qry';
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  key?: string;
  correlationId: string;
  sentAt: number;
  endedAt?: number;
  answers: Answer[];
  /** acked: 2xx; refused: 4xx; unresolved: no definite answer within RETRY_FOR_MS. */
  outcome?: 'acked' | 'refused' | 'unresolved';
  /** The petition, clue, inquiry or verification the request is about (the new petition's id for a registration). */
  item?: string;
}

interface Item {
  id: string;
  office: 1 | 2;
}

export interface Tokens {
  petitionOffice: string;
  caseManagement: string;
  office: Record<1 | 2, string>;
  leadership: string;
}

/** The names the callers' tokens carry (the actors of the events): personal data. */
const CALLER_NAMES = {
  petitionOffice: '信访室干部',
  caseManagement: '案管室干部',
  office1: '一室干部',
  office2: '二室干部',
  leadership: '委领导',
};

export async function trafficTokens(sys: System): Promise<Tokens> {
  return {
    petitionOffice: await sys.token({ sub: 'faults-po', office: 'petition-office', name: CALLER_NAMES.petitionOffice }),
    caseManagement: await sys.token({ sub: 'faults-cm', office: 'case-management', name: CALLER_NAMES.caseManagement }),
    office: {
      1: await sys.token({ sub: 'faults-s1', office: 'supervision-office-1', name: CALLER_NAMES.office1, zones: ['z1'] }),
      2: await sys.token({ sub: 'faults-s2', office: 'supervision-office-2', name: CALLER_NAMES.office2, zones: ['z2'] }),
    },
    leadership: await sys.token({ sub: 'faults-ld', office: 'leadership', name: CALLER_NAMES.leadership, roles: ['leader'] }),
  };
}

export const UNITS = [
  { id: 'u-1', zoneId: 'z1', office: 1 },
  { id: 'u-2', zoneId: 'z1', office: 1 },
  { id: 'u-3', zoneId: 'z2', office: 2 },
  { id: 'u-4', zoneId: 'z2', office: 2 },
] as const;

export async function registerRegistry(sys: System, t: Tokens): Promise<void> {
  const calls: [string, unknown][] = [
    ['/api/v1/zones', { id: 'z1', name: '第一协作区', office: 'supervision-office-1' }],
    ['/api/v1/zones', { id: 'z2', name: '第二协作区', office: 'supervision-office-2' }],
    ...UNITS.map((u, i): [string, unknown] => [
      '/api/v1/units',
      { id: u.id, name: ['某街道办事处', '区教育局', '区住建局', '某镇政府'][i], zoneId: u.zoneId, staffCount: 100 + i },
    ]),
  ];
  for (const [url, body] of calls) {
    const res = await sys.api('POST', url, t.caseManagement, body);
    if (res.status !== 201) throw new Error(`${url} → ${res.status} ${JSON.stringify(res.body)}`);
  }
}

const REPORTER = { name: '举报人甲', phone: '13912345678', idNumber: '610111199001019876', address: '西安市某区某巷17号' };
const ACCUSED_NAME = '被反映人丙';
/** A verification team's members. */
const TEAM = ['核查组成员甲', '核查组成员乙'];
/**
 * Every personal text the traffic sends: the reporter's particulars, the accused's name, the
 * verification team's and the callers' names. None may reach a place that must hold no personal
 * data (the checker searches analytics' tables for them).
 */
export const PERSONAL_TEXTS: readonly string[] = [
  ...Object.values(REPORTER),
  ACCUSED_NAME,
  ...TEAM,
  ...Object.values(CALLER_NAMES),
];
const CHANNELS = ['letter', 'visit', 'phone', 'online', 'referred'] as const;
const pickOne = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function petitionBody(unitId: string) {
  const realName = Math.random() < 0.7;
  return {
    channel: pickOne(CHANNELS),
    realName,
    ...(realName ? { reporter: REPORTER } : {}),
    accused: { name: ACCUSED_NAME, position: '副主任', unitId },
    category: '违反中央八项规定精神',
    summary: '反映其违规接受宴请',
    content: '反映某副主任多次违规接受管理服务对象宴请，时间地点见附件。',
  };
}

export interface Traffic {
  log: Entry[];
  /** Labels the requests sent from now on (the fault they were sent under). */
  phase(name: string): void;
  /** Stops sending and waits for every request (and its retries) to end. */
  stop(): Promise<void>;
  /** The entries sent since `since` (ms) that were acknowledged. */
  ackedSince(since: number): Entry[];
  /** Transfers and approvals acknowledged whose clue or record has not appeared in the read models yet. */
  awaiting(): number;
  /** Ticks of the schedule not sent because MAX_IN_FLIGHT requests were in flight. */
  skipped(): number;
  /** When the traffic started and stopped sending (ms). */
  span(): { from: number; to: number };
  /** Each phase's name and when it began (ms), the warm-up first. */
  phases(): { name: string; at: number }[];
}

/**
 * Starts `rate` requests a second (commands and queries in the mix's proportions). The clue a
 * transfer leads to, and the inquiry or verification an approval opens, are handed on once they
 * appear in the read models (read straight from the database: the traffic's own bookkeeping, not
 * the checker's evidence).
 */
export function startTraffic(sys: System, t: Tokens, rate: number): Traffic {
  const log: Entry[] = [];
  let phase = 'warm-up';
  let running = true;
  let inFlight = 0;
  let n = 0;
  let skipped = 0;
  const from = Date.now();
  let to = 0;
  const phases = [{ name: phase, at: from }];
  const pending = new Set<Promise<void>>();

  const received: Item[] = [];
  const accepted: Item[] = [];
  const clues: Item[] = [];
  const proposed: (Item & { kind: 'inquiry' | 'verification' })[] = [];
  const inquiries: Item[] = [];
  const lettered: Item[] = [];
  const replied: Item[] = [];
  const assessed: Item[] = [];
  const verifications: Item[] = [];
  const planned: Item[] = [];
  const recentPetitions: string[] = [];
  const recentClues: Item[] = [];
  const awaitingClue = new Map<string, Item>();
  const awaitingRecord = new Map<string, Item & { kind: 'inquiry' | 'verification' }>();

  async function send(entry: Entry, token: string): Promise<void> {
    const started = Date.now();
    for (;;) {
      const at = Date.now();
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'x-correlation-id': entry.correlationId };
      if (entry.key) headers['idempotency-key'] = entry.key;
      if (entry.body !== undefined) headers['content-type'] = 'application/json';
      let answer: Answer;
      let body: unknown;
      try {
        const res = await fetch(`${sys.baseUrl}${entry.url}`, {
          method: entry.method,
          headers,
          body: entry.body === undefined ? undefined : JSON.stringify(entry.body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        answer = {
          status: res.status,
          ms: Date.now() - at,
          replayed: res.headers.get('idempotent-replayed') === 'true',
          ...(res.status >= 400 ? { code: (body as { code?: string })?.code } : {}),
        };
        if (res.status < 300 && entry.op === 'register') entry.item = (body as { id?: string })?.id;
      } catch {
        answer = { status: 0, ms: Date.now() - at, replayed: false };
      }
      entry.answers.push(answer);
      const definite = answer.status >= 200 && answer.status < 500;
      if (definite) {
        entry.outcome = answer.status < 300 ? 'acked' : 'refused';
        break;
      }
      // A query is not retried: nothing hangs on its answer.
      if (entry.kind === 'qry' || Date.now() - started > RETRY_FOR_MS) {
        entry.outcome = 'unresolved';
        break;
      }
      await sleep(RETRY_PAUSE_MS);
    }
    entry.endedAt = Date.now();
  }

  /** Builds and sends one request of the mix (a registration when nothing is in the state `wanted` needs). */
  async function perform(wanted: Op): Promise<void> {
    let op = wanted;
    let item: Item | undefined;
    let url = '';
    let token = '';
    let body: unknown;
    let after: (e: Entry) => void = () => undefined;
    const take = <T extends Item>(q: T[]): T | undefined => q.shift();
    const step = <T extends Item>(q: T[], path: (it: T) => string, tok: (it: T) => string, b: unknown, next?: Item[]) => {
      const it = take(q);
      if (!it) return false;
      item = it;
      url = path(it);
      token = tok(it);
      body = b;
      after = (e) => void (e.outcome === 'acked' && next?.push(it));
      return true;
    };
    let ready = true;
    switch (op) {
      case 'accept':
        ready = step(
          received,
          (it) => `/api/v1/petitions/${it.id}/accept`,
          () => t.petitionOffice,
          undefined,
          accepted,
        );
        break;
      case 'transfer':
        ready = step(
          accepted,
          (it) => `/api/v1/petitions/${it.id}/transfer`,
          () => t.petitionOffice,
          undefined,
        );
        after = (e) => {
          if (e.outcome !== 'acked') return;
          const clue = { id: `c-${item!.id}`, office: item!.office };
          awaitingClue.set(clue.id, clue);
        };
        break;
      case 'propose': {
        const kind = Math.random() < 0.75 ? 'inquiry' : 'verification';
        const reason = kind === 'inquiry' ? '问题较具体，建议函询' : '问题线索具体，建议初步核实';
        ready = step(
          clues,
          (it) => `/api/v1/clues/${it.id}/disposition`,
          (it) => t.office[it.office],
          { kind, reason },
        );
        after = (e) => void (e.outcome === 'acked' && proposed.push({ ...item!, kind }));
        break;
      }
      case 'approveDisposition': {
        const p = take(proposed);
        if (!(ready = !!p)) break;
        item = p;
        url = `/api/v1/clues/${p!.id}/disposition/approve`;
        token = t.leadership;
        body = { note: '同意' };
        after = (e) => {
          if (e.outcome !== 'acked') return;
          const id = p!.kind === 'inquiry' ? `i-${p!.id}` : `v-${p!.id}`;
          awaitingRecord.set(id, { id, office: p!.office, kind: p!.kind });
        };
        break;
      }
      case 'letter':
        ready = step(
          inquiries,
          (it) => `/api/v1/inquiries/${it.id}/letter`,
          (it) => t.office[it.office],
          { issueSummary: '反映违规接受宴请问题，请书面说明' },
          lettered,
        );
        break;
      case 'reply':
        ready = step(
          lettered,
          (it) => `/api/v1/inquiries/${it.id}/reply`,
          (it) => t.office[it.office],
          { summary: '本人书面说明情况' },
          replied,
        );
        break;
      case 'assess':
        ready = step(
          replied,
          (it) => `/api/v1/inquiries/${it.id}/assess`,
          (it) => t.office[it.office],
          Math.random() < 0.8
            ? { outcome: 'accepted', note: '说明属实，予以采信' }
            : { outcome: 'light-measure', measure: 'criticism', note: '予以批评教育' },
          assessed,
        );
        break;
      case 'conclude':
        ready = step(
          assessed,
          (it) => `/api/v1/inquiries/${it.id}/conclude`,
          (it) => t.office[it.office],
          {
            conclusion: '函询办结',
          },
        );
        break;
      case 'plan':
        ready = step(
          verifications,
          (it) => `/api/v1/verifications/${it.id}/plan`,
          (it) => t.office[it.office],
          { plan: '调取账目，约谈相关人员', team: TEAM, subjectHeadsLowerCommittee: false },
          planned,
        );
        break;
      case 'approveVerification':
        ready = step(
          planned,
          (it) => `/api/v1/verifications/${it.id}/approve`,
          () => t.leadership,
          { note: '同意' },
        );
        break;
      case 'listClues':
        url = '/api/v1/clues?pageSize=20';
        token = pickOne([t.caseManagement, t.office[1], t.office[2]]);
        break;
      case 'getPetition': {
        const id = recentPetitions.length ? pickOne(recentPetitions) : undefined;
        if (!(ready = !!id)) break;
        url = `/api/v1/petitions/${id}`;
        token = t.petitionOffice;
        break;
      }
      case 'getClue': {
        const c = recentClues.length ? pickOne(recentClues) : undefined;
        if (!(ready = !!c)) break;
        url = `/api/v1/clues/${c!.id}`;
        token = t.office[c!.office];
        break;
      }
      case 'listClocks':
        url = '/api/v1/clocks?state=running';
        token = t.office[Math.random() < 0.5 ? 1 : 2];
        break;
      case 'register':
        ready = false;
        break;
    }
    if (!ready) {
      op = 'register';
      const unit = pickOne(UNITS);
      url = '/api/v1/petitions';
      token = t.petitionOffice;
      body = petitionBody(unit.id);
      after = (e) => {
        if (e.outcome !== 'acked' || !e.item) return;
        received.push({ id: e.item, office: unit.office });
        recentPetitions.push(e.item);
        if (recentPetitions.length > 500) recentPetitions.shift();
      };
    }
    const kind = QUERIES.has(op) ? 'qry' : 'cmd';
    const entry: Entry = {
      n: n++,
      phase,
      op,
      kind,
      method: kind === 'qry' ? 'GET' : 'POST',
      url,
      ...(body !== undefined ? { body } : {}),
      ...(kind === 'cmd' ? { key: randomUUID() } : {}),
      correlationId: randomUUID(),
      sentAt: Date.now(),
      answers: [],
      ...(item ? { item: item.id } : {}),
    };
    log.push(entry);
    await send(entry, token);
    after(entry);
  }

  const pick = pickOp;

  // What other services make true later, handed on once it is in their read models.
  const sweeper = (async () => {
    while (running || awaitingClue.size || awaitingRecord.size) {
      await sleep(250);
      if (!running) return;
      const pool = sys.db.pool();
      const wantClues = [...awaitingClue.keys()];
      if (wantClues.length) {
        const { rows } = await pool
          .query<{ id: string }>(`SELECT clue_id AS id FROM case_management.clue_ledger WHERE clue_id = ANY($1)`, [wantClues])
          .catch(() => ({ rows: [] as { id: string }[] }));
        for (const { id } of rows) {
          const it = awaitingClue.get(id)!;
          awaitingClue.delete(id);
          clues.push(it);
          recentClues.push(it);
          if (recentClues.length > 500) recentClues.shift();
        }
      }
      const wantRecords = [...awaitingRecord.keys()];
      if (wantRecords.length) {
        const { rows } = await pool
          .query<{ id: string }>(`SELECT id FROM supervision.records WHERE id = ANY($1)`, [wantRecords])
          .catch(() => ({ rows: [] as { id: string }[] }));
        for (const { id } of rows) {
          const it = awaitingRecord.get(id)!;
          awaitingRecord.delete(id);
          (it.kind === 'inquiry' ? inquiries : verifications).push({ id, office: it.office });
        }
      }
    }
  })();

  // An open schedule: one request every 1/rate s, whether or not earlier ones have answered (at
  // most MAX_IN_FLIGHT at once: beyond that the tick is skipped, not queued).
  const interval = 1000 / rate;
  const ticker = (async () => {
    const start = performance.now();
    for (let i = 0; running; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      if (!running) break;
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      inFlight++;
      const p = perform(pick()).finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
    }
  })();

  return {
    log,
    phase: (name) => {
      phase = name;
      phases.push({ name, at: Date.now() });
    },
    async stop() {
      running = false;
      to ||= Date.now();
      await ticker;
      await Promise.all([...pending]);
      await sweeper;
    },
    ackedSince: (since) => log.filter((e) => e.sentAt >= since && e.outcome === 'acked'),
    awaiting: () => awaitingClue.size + awaitingRecord.size,
    skipped: () => skipped,
    span: () => ({ from, to: to || Date.now() }),
    phases: () => [...phases],
  };
}
