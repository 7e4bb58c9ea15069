import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { caseManagementPublicEvents, petitionsPublicEvents } from '@jiandu/contracts';
import { eventually } from '@jiandu/testing';
import {
  clueIdOf,
  petitionBody,
  registerZonesAndUnits,
  REPORTER,
  REPORTER_VALUES,
  tokens,
  transferPetition,
  type Tokens,
} from '../src/fixtures.js';
import { NATS_URL, startSystem, type System } from '../src/system.js';

describe('First flow: petition → clue → approved disposition, services as separate processes', () => {
  let sys: System;
  let t: Tokens;
  let petition: { id: string; lookupCode: string };

  beforeAll(async () => {
    sys = await startSystem();
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
    petition = await transferPetition(sys, t, 'u-street');
  });
  afterAll(() => sys?.stop());

  it('registers the transferred petition as a numbered clue, assigned to the office of the unit’s zone', async () => {
    const ledger = await eventually(async () => {
      const res = await sys.api('GET', '/api/v1/clues', t.caseManagement);
      expect(res.body.total).toBe(1);
      return res.body;
    });
    const clue = ledger.items[0];
    expect(clue).toMatchObject({
      id: clueIdOf(petition.id),
      status: 'assigned',
      source: 'petition',
      unitId: 'u-street',
      assignedOffice: 'supervision-office-1',
    });
    expect(clue.number).toBe(`XS-${new Date().getFullYear()}-000001`);
    const deadline =
      new Date(`${clue.dispositionDeadline}T00:00:00Z`).getTime() - new Date(clue.registeredAt.slice(0, 10)).getTime();
    expect(Math.round(deadline / 86_400_000)).toBeGreaterThanOrEqual(29);
  });

  it('shows the clue to its own office only', async () => {
    expect((await sys.api('GET', '/api/v1/clues', t.office1)).body.total).toBe(1);
    expect((await sys.api('GET', '/api/v1/clues', t.office2)).body.total).toBe(0);
    expect((await sys.api('GET', `/api/v1/clues/${clueIdOf(petition.id)}`, t.office2)).status).toBe(404);
  });

  it('lets the assigned office propose and leadership approve, and records who did what', async () => {
    const clueId = clueIdOf(petition.id);
    const proposed = await sys.api('POST', `/api/v1/clues/${clueId}/disposition`, t.office1, {
      kind: 'inquiry',
      reason: '问题具体，建议谈话函询',
    });
    expect(proposed).toMatchObject({ status: 200, body: { status: 'disposition-proposed' } });
    expect(
      (await sys.api('POST', `/api/v1/clues/${clueId}/disposition`, t.office1, { kind: 'close', reason: '再提' })).status,
    ).toBe(409);
    expect((await sys.api('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.office1, {})).status).toBe(403);
    const approved = await sys.api('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.leadership, { note: '同意' });
    expect(approved).toMatchObject({ status: 200, body: { status: 'in-inquiry' } });

    const clue = (await sys.api('GET', `/api/v1/clues/${clueId}`, t.office1)).body;
    expect(clue.disposition).toMatchObject({ kind: 'inquiry', decision: 'approved', note: '同意' });
    expect(clue.history.map((h: { type: string }) => h.type)).toEqual([
      'ClueRegistered',
      'ClueAssigned',
      'DispositionProposed',
      'DispositionApproved',
    ]);
    expect(clue.history[2].actor).toMatchObject({ office: 'supervision-office-1', name: '一室干部' });
    expect(clue.history[3].actor).toMatchObject({ office: 'leadership', name: '委领导' });
  });

  it('lets an anonymous reporter follow the petition by its lookup code, and nothing more', async () => {
    const res = await sys.api('GET', `/api/v1/lookup/${petition.lookupCode}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['status', 'updatedAt']);
    expect(res.body.status).toBe('transferred');
    expect((await sys.api('GET', '/api/v1/lookup/AAAA-BBBB-CCCC-DDDD')).status).toBe(404);
  });

  it('gives the reporter identity to the petition office only, and records the read', async () => {
    const url = `/api/v1/petitions/${petition.id}/reporter?reason=${encodeURIComponent('核实举报人身份')}`;
    expect((await sys.api('GET', url, t.caseManagement)).status).toBe(403);
    const res = await sys.api('GET', url, t.petitionOffice);
    expect(res).toMatchObject({ status: 200, body: REPORTER });
    const view = await sys.api('GET', `/api/v1/petitions/${petition.id}`, t.petitionOffice);
    expect(view.body.history.at(-1)).toMatchObject({ type: 'ReporterIdentityRead', actor: { office: 'petition-office' } });
    expect(JSON.stringify(view.body)).not.toContain(REPORTER.phone);
  });

  it('exposes /metrics on every service: the flow is counted, and no label carries its data', async () => {
    const value = (text: string, series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.split(' ')[1] ?? 0,
      );
    const petitions = await eventually(async () => {
      const text = await sys.metrics('petitions');
      expect(value(text, 'jiandu_relay_published_total{type="PetitionTransferred"}')).toBeGreaterThanOrEqual(1);
      return text;
    });
    expect(value(petitions, 'jiandu_rpc_requests_total{operation="register-petition",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value(petitions, 'jiandu_rpc_duration_seconds_count{operation="register-petition"}')).toBeGreaterThanOrEqual(1);
    expect(value(petitions, 'jiandu_events_appended_total{type="PetitionTransferred"}')).toBeGreaterThanOrEqual(1);
    expect(value(petitions, 'jiandu_relay_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    const caseManagement = await sys.metrics('case-management');
    // Petitions publishes PetitionTransferred at its latest version, taken by its own consumer (ADR 0012).
    const transferConsumer = `case-management--petition-transferred-v${petitionsPublicEvents.PetitionTransferred.version}`;
    expect(
      value(caseManagement, `jiandu_consumer_messages_total{consumer="${transferConsumer}",outcome="applied"}`),
    ).toBeGreaterThanOrEqual(1);
    const gateway = await sys.metrics('gateway');
    expect(
      value(gateway, 'jiandu_http_requests_total{route="/api/v1/petitions",method="POST",status="201"}'),
    ).toBeGreaterThanOrEqual(1);
    for (const text of [petitions, caseManagement, gateway, await sys.metrics('supervision')]) {
      for (const line of text.trimEnd().split('\n'))
        if (!line.startsWith('#')) expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? \S+$/);
      for (const secret of [...REPORTER_VALUES, petition.id, petition.lookupCode]) expect(text).not.toContain(secret);
    }
  });

  it('signs every event with its actor', async () => {
    const pool = sys.db.pool();
    for (const schema of ['petitions', 'case_management']) {
      const { rows } = await pool.query(`SELECT metadata FROM ${schema}.events`);
      expect(rows.length).toBeGreaterThan(0);
      for (const { metadata } of rows)
        expect(metadata.actor).toEqual({ sub: expect.any(String), name: expect.any(String), office: expect.any(String) });
    }
  });

  it('leaves every service’s hash chains and seals intact, as the operators’ verifier (npm run verify) reports', async () => {
    const cli = path.resolve(import.meta.dirname, '../../dist/libs/event-store/src/verify-cli.js');
    const verify = async () =>
      (await promisify(execFile)(process.execPath, [cli], { env: { ...process.env, DATABASE_URL: sys.db.url } })).stdout
        .trim()
        .split('\n')
        .sort();
    // The services seal every 200 ms here (SEAL_INTERVAL_MS): wait until everything is sealed.
    const lines = await eventually(
      async () => {
        const out = await verify();
        return out.every((line) => line.endsWith(', 0 not sealed yet')) ? out : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    const sealed = (schema: string, min: string) =>
      new RegExp(`^${schema}: intact, (\\d+) events checked; [${min}-9]\\d* seals intact over \\1 events, 0 not sealed yet$`);
    expect(lines).toEqual([
      expect.stringMatching(sealed('case_management', '1')),
      expect.stringMatching(sealed('petitions', '1')),
      expect.stringMatching(sealed('supervision', '0')),
    ]);
  });

  it('never lets the reporter identity into an event, a table other than the vault, JetStream or a log line', async () => {
    const pool = sys.db.pool();
    const { rows: tables } = await pool.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema IN ('petitions', 'case_management') AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((x) => x.name)).toEqual(
      expect.arrayContaining(['events', 'reporter_vault', 'clue_ledger', 'dead_letters']),
    );
    for (const { schema, name } of tables) {
      const { rows } = await pool.query(`SELECT t::text AS row FROM ${schema}.${name} t`);
      for (const { row } of rows) for (const value of REPORTER_VALUES) expect(`${schema}.${name}: ${row}`).not.toContain(value);
    }

    const nc = await connect({ servers: NATS_URL });
    try {
      const info = await (await jetstreamManager(nc)).streams.info(sys.stream);
      expect(info.state.messages).toBeGreaterThan(0);
      const jsm = await jetstreamManager(nc);
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const msg = await jsm.streams.getMessage(sys.stream, { seq });
        const body = new TextDecoder().decode(msg!.data);
        for (const value of REPORTER_VALUES) expect(body).not.toContain(value);
      }
    } finally {
      await nc.close();
    }

    expect(sys.logs.length).toBeGreaterThan(10);
    for (const line of sys.logs) for (const value of REPORTER_VALUES) expect(line).not.toContain(value);
  });

  // Issue 9: a category of 60 characters and a position of 150 are valid (contract 64 and 200), and
  // reach 案管 and supervision whole, in PetitionTransferred v2 and ClueRegistered v2 (ADR 0012).
  it('takes a 60-character category and a 150-character position through the transfer into the clue register', async () => {
    const category = '违反中央八项规定精神'.repeat(6);
    const position = '某街道办事处副主任'.padEnd(150, '，兼某委员会委员');
    expect([category.length, position.length]).toEqual([60, 150]);
    const body = petitionBody('u-street', false);
    const created = await sys.api('POST', '/api/v1/petitions', t.petitionOffice, {
      ...body,
      category,
      accused: { ...body.accused, position },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const step of ['accept', 'transfer'])
      expect((await sys.api('POST', `/api/v1/petitions/${id}/${step}`, t.petitionOffice)).status).toBe(200);
    expect((await sys.api('GET', `/api/v1/petitions/${id}`, t.petitionOffice)).body).toMatchObject({
      status: 'transferred',
      category,
      accused: { position },
    });

    const clueId = clueIdOf(id);
    const clue = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/clues/${clueId}`, t.caseManagement);
      expect(res.status).toBe(200);
      return res.body;
    });
    expect(clue).toMatchObject({
      id: clueId,
      status: 'assigned',
      source: 'petition',
      unitId: 'u-street',
      assignedOffice: 'supervision-office-1',
    });
    expect(
      (await sys.api('GET', '/api/v1/clues?unitId=u-street', t.caseManagement)).body.items.map((c: { id: string }) => c.id),
    ).toContain(clueId);

    // The clue's registration carries both whole, in its latest version, the accused by reference
    // (issue 12: no name); supervision learns the subject's reference and position from it.
    const pool = sys.db.pool();
    const { rows } = await pool.query(
      `SELECT schema_version, data FROM case_management.events WHERE type = 'ClueRegistered' AND data->>'clueId' = $1`,
      [clueId],
    );
    expect(rows).toEqual([
      {
        schema_version: caseManagementPublicEvents.ClueRegistered.version,
        data: expect.objectContaining({ category, accused: { subjectRef: clueId, position, unitId: 'u-street' } }),
      },
    ]);
    const { rows: transfers } = await pool.query(
      `SELECT schema_version FROM petitions.events WHERE type = 'PetitionTransferred' AND data->>'petitionId' = $1`,
      [id],
    );
    // PetitionTransferred in its latest version: the coded categories beside the text as written.
    expect(transfers).toEqual([{ schema_version: petitionsPublicEvents.PetitionTransferred.version }]);
    const subject = await eventually(
      async () =>
        (await pool.query(`SELECT subject_ref, position FROM supervision.clue_subjects WHERE clue_id = $1`, [clueId])).rows[0],
    );
    expect(subject).toEqual({ subject_ref: clueId, position });
    for (const schema of ['petitions', 'case_management', 'supervision']) {
      expect((await pool.query(`SELECT count(*)::int AS n FROM ${schema}.dead_letters`)).rows[0].n).toBe(0);
    }
  });
});
