// Issue 10, 案管: clues from every source, their 30-day disposition clock and 定期清理, over real
// NATS and PostgreSQL with the services as separate processes, case-management's clock moved by a
// restart with JIANDU_NOW. Every answer is checked against the OpenAPI document (sys.api).
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { caseManagementPublicEvents, petitionsPublicEvents } from '@jiandu/contracts';
import { eventually } from '@jiandu/testing';
import { clueIdOf, petitionBody, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { NATS_URL, startSystem, type System } from '../src/system.js';

const DAY = 86_400_000;
const chinaDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);

describe('Clues from every source: numbered with the petitions, clocked, cleared', () => {
  let sys: System;
  let t: Tokens;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sys = await startSystem({ DEADLINE_WATCH_INTERVAL_MS: '200' }, { review: true, publicity: true }); // every service answers GET /api/v1/clocks
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
  });
  afterAll(() => sys?.stop());

  const ok = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await sys.api(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const clueOf = (petitionId: string) =>
    eventually(async () => {
      const res = await sys.api('GET', `/api/v1/clues/${clueIdOf(petitionId)}`, t.caseManagement);
      expect(res.status).toBe(200);
      return res.body;
    });
  const tourClue = (name: string) => ({
    source: 'inspection-tour',
    reference: '灞巡反馈〔2026〕3号',
    categories: ['eight-rules.banqueting'],
    summary: '巡察反馈：违规接受管理服务对象宴请',
    accused: { name, position: '副主任', unitId: 'u-street' },
  });

  it('lists the problem category codes, with the 八项规定 and 群众身边腐败 series under the six disciplines', async () => {
    const { items } = (await ok('GET', '/api/v1/categories', t.office1)) as {
      items: { code: string; label: string; parent?: string; series?: string }[];
    };
    const codes = items.map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['political', 'organizational', 'integrity', 'mass', 'work', 'life', 'other']));
    expect(new Set(codes).size).toBe(codes.length);
    expect(items.find((c) => c.code === 'eight-rules.banqueting')).toMatchObject({
      series: 'eight-rules',
      label: expect.stringMatching(/吃喝/),
    });
    expect(items.filter((c) => c.series === 'mass-corruption').length).toBeGreaterThan(3);
    for (const c of items) if (c.parent) expect(codes).toContain(c.parent);
  });

  it('registers a clue from a 巡察 report, routed and numbered in sequence with the petition clues', async () => {
    const first = await clueOf((await transferPetition(sys, t, 'u-street')).id);
    const year = first.number.slice(3, 7);
    ids.year = year;
    expect(first.number).toBe(`XS-${year}-000001`);

    const refused = await sys.api('POST', '/api/v1/clues', t.office1, tourClue('王五'));
    expect(refused.status).toBe(403);
    const bad = await sys.api('POST', '/api/v1/clues', t.caseManagement, { ...tourClue('王五'), categories: ['no-such-code'] });
    expect(bad.status).toBe(400);

    const tour = await sys.api('POST', '/api/v1/clues', t.caseManagement, tourClue('王五'));
    expect(tour.status).toBe(201);
    expect(tour.body).toMatchObject({
      number: `XS-${year}-000002`,
      status: 'assigned',
      zoneId: 'z1',
      assignedOffice: 'supervision-office-1',
    });
    ids.tour = tour.body.id;
    const third = await clueOf((await transferPetition(sys, t, 'u-street')).id);
    expect(third.number).toBe(`XS-${year}-000003`);
    ids.petition = first.id;
    ids.later = third.id;

    // The handling office reads it with its source, reference and codes; the other office does not see it.
    expect(await ok('GET', `/api/v1/clues/${ids.tour}`, t.office1)).toMatchObject({
      source: 'inspection-tour',
      reference: '灞巡反馈〔2026〕3号',
      categories: ['eight-rules.banqueting'],
    });
    expect((await sys.api('GET', `/api/v1/clues/${ids.tour}`, t.office2)).status).toBe(404);
    // The ledger's filters: by source, by zone, by a category above the code.
    expect(
      (await ok('GET', '/api/v1/clues?source=inspection-tour', t.caseManagement)).items.map((c: { id: string }) => c.id),
    ).toEqual([ids.tour]);
    expect((await ok('GET', '/api/v1/clues?category=integrity&zoneId=z1', t.caseManagement)).total).toBe(1);
    expect((await ok('GET', '/api/v1/clues?zoneId=z2', t.caseManagement)).total).toBe(0);
  });

  it('breaches the 30-day disposition clock of a clue nobody disposed of', async () => {
    // One clue is shelved in time (its clock met); the others wait.
    const shelved = await sys.api('POST', '/api/v1/clues', t.caseManagement, { ...tourClue('赵六'), source: 'audit' });
    ids.shelved = shelved.body.id;
    await ok('POST', `/api/v1/clues/${ids.shelved}/disposition`, t.office1, { kind: 'shelve', reason: '暂不具备核查条件' });
    await ok('POST', `/api/v1/clues/${ids.shelved}/disposition/approve`, t.leadership, { note: '同意暂存' });

    const { dispositionDeadline } = await ok('GET', `/api/v1/clues/${ids.tour}`, t.caseManagement);
    const later = new Date(Date.parse(`${dispositionDeadline}T10:00:00+08:00`) + 5 * DAY);
    ids.later_at = later.toISOString();
    await sys.kill('case-management');
    await sys.start('case-management', 1, { JIANDU_NOW: later.toISOString(), DEADLINE_WATCH_INTERVAL_MS: '100' });

    const clockStates = async () =>
      (
        await sys.db
          .pool()
          .query<{ subject: string; state: string }>(
            `SELECT subject, state FROM case_management.clocks WHERE measures = 'clue-disposition' ORDER BY subject`,
          )
      ).rows;
    await eventually(async () => (await clockStates()).filter((c) => c.state === 'breached').length === 3, {
      timeoutMs: 20_000,
    });
    expect(Object.fromEntries((await clockStates()).map((c) => [c.subject, c.state]))).toEqual({
      [ids.petition!]: 'breached',
      [ids.tour!]: 'breached',
      [ids.later!]: 'breached',
      [ids.shelved!]: 'met',
    });
    const { rows } = await sys.db
      .pool()
      .query(`SELECT count(*)::int AS n FROM case_management.events WHERE type = 'DeadlineBreached' AND stream_id = $1`, [
        `clock-clue-disposition:${ids.tour}`,
      ]);
    expect(rows[0].n).toBe(1);
    // On the merged clock list too (every service's list-clocks), for the handling office.
    const clocks = await sys.api('GET', '/api/v1/clocks?state=breached', t.office1);
    expect(clocks.status).toBe(200);
    expect(clocks.body.items.filter((c: { measures: string }) => c.measures === 'clue-disposition')).toHaveLength(3);
  });

  it('runs a clearance round: reactivates the shelved clue, takes every review, then closes', async () => {
    const day = chinaDate(new Date(ids.later_at!));
    const year = Number(day.slice(0, 4));
    const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
    const opened = await sys.api('POST', '/api/v1/clearance-rounds', t.caseManagement, { year, quarter });
    expect(opened.status).toBe(201);
    const roundId = opened.body.id as string;
    expect(opened.body).toMatchObject({ status: 'open', unreviewed: 4 });
    const reasons = Object.fromEntries(opened.body.items.map((i: { clueId: string; reason: string }) => [i.clueId, i.reason]));
    expect(reasons).toEqual({
      [ids.petition!]: 'overdue',
      [ids.tour!]: 'overdue',
      [ids.later!]: 'overdue',
      [ids.shelved!]: 'shelved',
    });
    // Need to know: 二室 has no clue in it.
    expect((await ok('GET', `/api/v1/clearance-rounds/${roundId}`, t.office2)).items).toEqual([]);

    const review = (clueId: string, decision: string, note: string, token = t.office1) =>
      sys.api('POST', `/api/v1/clearance-rounds/${roundId}/clues/${clueId}/review`, token, { decision, note });
    expect((await review(ids.shelved!, 'reactivate', '出现新的线索材料')).status).toBe(200);
    expect(await ok('GET', `/api/v1/clues/${ids.shelved}`, t.office1)).toMatchObject({ status: 'reactivated' });
    expect((await review(ids.tour!, 'propose-close', '经了解问题不属实')).status).toBe(200);
    const notYet = await sys.api('POST', `/api/v1/clearance-rounds/${roundId}/close`, t.caseManagement);
    expect({ status: notYet.status, code: notYet.body.code }).toEqual({ status: 409, code: 'CLEARANCE_ITEMS_UNREVIEWED' });
    expect((await review(ids.petition!, 'keep', '正在核查')).status).toBe(200);
    expect((await review(ids.later!, 'keep', '正在核查')).status).toBe(200);
    const again = await review(ids.later!, 'keep', '再次');
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CLEARANCE_ITEM_ALREADY_REVIEWED' });

    expect(await ok('POST', `/api/v1/clearance-rounds/${roundId}/close`, t.caseManagement)).toEqual({
      id: roundId,
      status: 'closed',
    });
    const round = await ok('GET', `/api/v1/clearance-rounds/${roundId}`, t.leadership);
    expect(round).toMatchObject({ status: 'closed', unreviewed: 0 });
    expect(round.items.map((i: { review?: { decision: string } }) => i.review?.decision).sort()).toEqual([
      'keep',
      'keep',
      'propose-close',
      'reactivate',
    ]);
    // The reactivated clue has a new disposition clock, running.
    const { rows } = await sys.db
      .pool()
      .query(`SELECT state FROM case_management.clocks WHERE id = $1`, [`clue-disposition:${ids.shelved}:${roundId}`]);
    expect(rows).toEqual([{ state: 'running' }]);
    expect(sys.violations).toEqual([]);
  });

  it('registers a clue a 纪检监察室 submitted, once, in the register’s sequence', async () => {
    const submitted = await sys.api('POST', '/api/v1/clue-submissions', t.office2, {
      reference: '二室日常监督发现',
      categories: ['mass-corruption.subsidies'],
      summary: '违规发放惠民补贴',
      accused: { name: '孙七', position: '科长', unitId: 'u-bureau' },
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ status: 'submitted', office: 'supervision-office-2', source: 'self-found' });
    expect((await ok('GET', '/api/v1/clue-submissions', t.office1)).total).toBe(0);
    const registered = await sys.api('POST', `/api/v1/clue-submissions/${submitted.body.id}/register`, t.caseManagement);
    expect(registered.status).toBe(201);
    // Case-management's clock was moved on: in the same year the fifth number, in the next the first.
    const year = registered.body.number.slice(3, 7);
    const expected = year === ids.year ? `XS-${year}-000005` : `XS-${year}-000001`;
    expect(registered.body).toMatchObject({ number: expected, assignedOffice: 'supervision-office-2' });
    expect(await ok('GET', `/api/v1/clues/${registered.body.id}`, t.office2)).toMatchObject({ source: 'self-found' });
    const again = await sys.api('POST', `/api/v1/clue-submissions/${submitted.body.id}/register`, t.caseManagement);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'SUBMISSION_ALREADY_DECIDED' });
    expect((await ok('GET', '/api/v1/clue-submissions', t.office2)).items).toMatchObject([
      { status: 'registered', clueId: registered.body.id, clueNumber: expected },
    ]);
    expect(sys.violations).toEqual([]);
  });
  // Issue 12: public events carry the subject's reference and position, never a person's name; the
  // name stays with its owner (信访室's petition; case-management's ClueSubjectRecorded, need to know).
  it('puts no accused name on JetStream: the clues by reference, 定期清理 published without personal data', async () => {
    const SECRET = '线索秘名甲乙';
    const created = await ok('POST', '/api/v1/petitions', t.petitionOffice, {
      ...petitionBody('u-street'),
      accused: { name: SECRET, position: '科长', unitId: 'u-street' },
    });
    for (const step of ['accept', 'transfer']) await ok('POST', `/api/v1/petitions/${created.id}/${step}`, t.petitionOffice);
    const clue = await clueOf(created.id);
    const latest = caseManagementPublicEvents.ClueRegistered;

    const nc = await connect({ servers: NATS_URL });
    try {
      const jsm = await jetstreamManager(nc);
      const bodies: { subject: string; body: string }[] = [];
      await eventually(
        async () => {
          bodies.length = 0;
          const info = await jsm.streams.info(sys.stream);
          for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
            const msg = await jsm.streams.getMessage(sys.stream, { seq });
            if (msg) bodies.push({ subject: msg.subject, body: new TextDecoder().decode(msg.data) });
          }
          // The new clue's registration, and the round's reactivation, are on the stream.
          expect(bodies.some((m) => m.subject.endsWith(latest.subject) && m.body.includes(clue.id))).toBe(true);
          expect(bodies.some((m) => m.subject.endsWith(caseManagementPublicEvents.ClueReactivated.subject))).toBe(true);
          return true;
        },
        { timeoutMs: 15_000 },
      );
      const registration = JSON.parse(bodies.find((m) => m.subject.endsWith(latest.subject) && m.body.includes(clue.id))!.body);
      expect(registration).toMatchObject({
        version: latest.version,
        data: { clueId: clue.id, accused: { subjectRef: clue.id, position: '科长', unitId: 'u-street' } },
      });
      // Names given to 案管 directly (巡察, a submission) appear in no message at all.
      for (const name of ['王五', '孙七']) expect(bodies.filter((m) => m.body.includes(name)).map((m) => m.subject)).toEqual([]);
      // The petition's accused: in no message at all, not even 信访室's hand-over to 案管
      // (PetitionTransferred v4): 案管 asked 信访室 for the name (read-accused, request/reply).
      const transfer = petitionsPublicEvents.PetitionTransferred;
      expect(bodies.some((m) => m.subject.endsWith(transfer.subject) && m.body.includes(created.id))).toBe(true);
      expect(bodies.filter((m) => m.body.includes(SECRET)).map((m) => m.subject)).toEqual([]);
      const reactivated = JSON.parse(
        bodies.find((m) => m.subject.endsWith(caseManagementPublicEvents.ClueReactivated.subject))!.body,
      );
      expect(Object.keys(reactivated.data).sort()).toEqual(['clueId', 'dispositionDeadline', 'number', 'roundId']);
      // The name is case-management's private record, beside the public registration.
      const { rows } = await sys.db
        .pool()
        .query(
          `SELECT data->>'name' AS name FROM case_management.events WHERE type = 'ClueSubjectRecorded' AND data->>'clueId' = $1`,
          [clue.id],
        );
      expect(rows).toEqual([{ name: SECRET }]);
    } finally {
      await nc.close();
    }
    expect(sys.violations).toEqual([]);
  });
});
