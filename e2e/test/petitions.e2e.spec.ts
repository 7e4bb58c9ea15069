// 信访 end to end, through the gateway and the real processes: the petition office's list and
// search, repeats proposed and linked, a petition about the commission's head forwarded up, a
// duplicate refused without an existing earlier petition, the 5-working-day clock breached once the
// services' clock is moved past it, and the public petition events on JetStream free of personal data.
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { eventually } from '@jiandu/testing';
import { petitionBody, registerZonesAndUnits, REPORTER_VALUES, tokens, type Tokens } from '../src/fixtures.js';
import { NATS_URL, startSystem, type System } from '../src/system.js';

const DAY = 86_400_000;
const ACCUSED = '被反映人丙';

describe('Petitions (信访) end to end', () => {
  let sys: System;
  let t: Tokens;
  beforeAll(async () => {
    sys = await startSystem({}, { review: true, publicity: true }); // every service answers GET /api/v1/clocks
    t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
  });
  afterAll(() => sys?.stop());

  const api = (method: string, url: string, token: string, body?: unknown) => sys.api(method, url, token, body);
  const ok = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await api(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const register = async (extra: Record<string, unknown> = {}) =>
    (await ok('POST', '/api/v1/petitions', t.petitionOffice, { ...petitionBody('u-street'), ...extra })) as {
      id: string;
      lookupCode: string;
    };

  let first: { id: string; lookupCode: string };
  let repeat: { id: string };

  it('proposes the earlier petition about the same accused and unit, and the office links the repeat', async () => {
    first = await register({ categories: ['eight-rules.hospitality'] });
    repeat = await register({ categories: ['eight-rules.hospitality'], channel: 'online' });
    const view = await ok('GET', `/api/v1/petitions/${repeat.id}`, t.petitionOffice);
    expect(view).toMatchObject({ status: 'received', repeats: { proposed: [first.id], confirmed: [] }, repeatCount: 0 });
    expect(await ok('POST', `/api/v1/petitions/${repeat.id}/repeats/${first.id}/confirm`, t.petitionOffice)).toEqual({
      id: repeat.id,
      status: 'received',
    });
    const again = await api('POST', `/api/v1/petitions/${repeat.id}/repeats/${first.id}/reject`, t.petitionOffice);
    expect([again.status, again.body.code]).toEqual([409, 'REPEAT_ALREADY_DECIDED']);
    const listed = await ok('GET', `/api/v1/petitions?unitId=u-street&channel=online`, t.petitionOffice);
    expect(listed).toMatchObject({ total: 1, items: [{ id: repeat.id, repeatCount: 1, proposedRepeats: 0 }] });
  });

  it('lists and searches for the petition office only', async () => {
    const found = await ok(
      'GET',
      `/api/v1/petitions?q=${encodeURIComponent('违规接受')}&category=eight-rules.hospitality`,
      t.petitionOffice,
    );
    expect(found.items.map((p: { id: string }) => p.id).sort()).toEqual([first.id, repeat.id].sort());
    const paged = await ok('GET', '/api/v1/petitions?page=2&pageSize=1', t.petitionOffice);
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(2);
    expect((await api('GET', '/api/v1/petitions', t.office1)).status).toBe(403);
    expect((await api('GET', '/api/v1/petitions', t.leadership)).status).toBe(403);
    const bad = await api('GET', '/api/v1/petitions?category=no-such-code', t.petitionOffice);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('category');
    for (const value of REPORTER_VALUES) expect(JSON.stringify(found)).not.toContain(value);
  });

  it('forwards a petition about the commission’s head only to the superior commission', async () => {
    const head = await register({
      concernsCommissionHead: true,
      accused: { name: '委主要负责人', position: '书记', unitId: 'u-bureau' },
    });
    const accepted = await api('POST', `/api/v1/petitions/${head.id}/accept`, t.petitionOffice);
    expect([accepted.status, accepted.body.code]).toEqual([422, 'PETITION_FOR_SUPERIOR']);
    expect(await ok('POST', `/api/v1/petitions/${head.id}/forward-up`, t.petitionOffice)).toEqual({
      id: head.id,
      status: 'forwarded-to-superior',
    });
  });

  it('files a duplicate only against an existing petition, and forwards down to a named body', async () => {
    const dup = await register({ accused: { name: '另一人', position: '科长', unitId: 'u-bureau' } });
    const unknown = await api('POST', `/api/v1/petitions/${dup.id}/duplicate`, t.petitionOffice, { duplicateOf: 'p-no-such' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'DUPLICATE_OF_UNKNOWN']);
    expect(await ok('POST', `/api/v1/petitions/${dup.id}/duplicate`, t.petitionOffice, { duplicateOf: first.id })).toEqual({
      id: dup.id,
      status: 'duplicate-filed',
    });
    const objection = await ok('POST', `/api/v1/petitions/${dup.id}/objection`, t.petitionOffice, { note: '举报人认为并非重复' });
    expect(objection.status).toBe('duplicate-filed');
    const down = await register({ accused: { name: '第三人', position: '股长', unitId: 'u-bureau' } });
    await ok('POST', `/api/v1/petitions/${down.id}/screen`, t.petitionOffice);
    expect(await ok('POST', `/api/v1/petitions/${down.id}/forward-down`, t.petitionOffice, { body: '区某局纪检监察组' })).toEqual(
      { id: down.id, status: 'forwarded-to-subordinate' },
    );
  });

  it('breaches the 5-working-day clock of a petition left unaccepted, once the services’ clock is past it', async () => {
    const clocks = await ok('GET', '/api/v1/clocks?state=running&pageSize=200', t.petitionOffice);
    const decision = clocks.items.find(
      (c: { measures: string; subject: string }) => c.measures === 'petition-decision' && c.subject === `petition-${first.id}`,
    );
    expect(decision).toMatchObject({ rule: '信访件受理或转送 5 个工作日', office: 'petition-office', unitId: 'u-street' });
    // The repeat's acceptance-notice clock stopped when it was linked: no notice is owed for a repeat.
    expect(
      clocks.items.find(
        (c: { measures: string; subject: string }) =>
          c.measures === 'petition-acceptance-notice' && c.subject === `petition-${repeat.id}`,
      ),
    ).toBeUndefined();

    const late = new Date(Date.parse(`${decision.dueOn}T10:00:00+08:00`) + 3 * DAY);
    await sys.kill('petitions');
    await sys.start('petitions', 1, { JIANDU_NOW: late.toISOString(), DEADLINE_WATCH_INTERVAL_MS: '100' });
    const breached = await eventually(
      async () => {
        const list = await ok('GET', '/api/v1/clocks?state=breached&pageSize=200', t.petitionOffice);
        const found = list.items.find((c: { id: string }) => c.id === decision.id);
        expect(found).toBeDefined();
        return found;
      },
      { timeoutMs: 15_000 },
    );
    expect(breached).toMatchObject({ measures: 'petition-decision', state: 'breached' });
    const { rows: signals } = await sys.db
      .pool()
      .query(`SELECT type, count(*)::int AS n FROM petitions.events WHERE stream_id = $1 GROUP BY type ORDER BY type`, [
        `clock-${decision.id}`,
      ]);
    expect(signals).toContainEqual({ type: 'DeadlineBreached', n: 1 });
    // Accepting late stops the clock, still breached.
    await ok('POST', `/api/v1/petitions/${first.id}/accept`, t.petitionOffice);
    await ok('POST', `/api/v1/petitions/${first.id}/acceptance-notice`, t.petitionOffice);
    expect((await ok('GET', `/api/v1/petitions/${first.id}`, t.petitionOffice)).acceptanceNotifiedOn).toBeDefined();
  });

  it('publishes every petition event for analysis without the reporter, the accused, the content or the lookup code', async () => {
    const nc = await connect({ servers: NATS_URL });
    try {
      const jsm = await jetstreamManager(nc);
      const seen = new Map<string, string[]>();
      await eventually(
        async () => {
          const info = await jsm.streams.info(sys.stream);
          seen.clear();
          for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
            const msg = await jsm.streams.getMessage(sys.stream, { seq });
            if (!msg || !msg.subject.includes('.evt.petitions.')) continue;
            const body = new TextDecoder().decode(msg.data);
            const type = msg.subject.split('.').at(-2)!;
            seen.set(type, [...(seen.get(type) ?? []), body]);
          }
          expect([...seen.keys()]).toEqual(
            expect.arrayContaining([
              'PetitionRegistered',
              'PetitionScreened',
              'PetitionAccepted',
              'PetitionForwardedToSuperior',
              'PetitionForwardedToSubordinate',
              'DuplicatePetitionFiled',
              'AcceptanceNotified',
            ]),
          );
          return true;
        },
        { timeoutMs: 15_000 },
      );
      for (const [type, bodies] of seen) {
        for (const body of bodies) {
          for (const value of [...REPORTER_VALUES, first.lookupCode, '反映某副主任多次违规接受管理服务对象宴请'])
            expect({ type, leaks: body.includes(value) }).toEqual({ type, leaks: false });
          // The transfer to 案管 carries the position and the summary, never the name (issue 12).
          for (const value of type === 'PetitionTransferred' ? [ACCUSED] : [ACCUSED, '委主要负责人', '反映其违规接受宴请'])
            expect({ type, leaks: body.includes(value) }).toEqual({ type, leaks: false });
        }
      }
      const registered = JSON.parse(seen.get('PetitionRegistered')![0]!);
      expect(registered).toMatchObject({ version: 2, data: { channel: 'letter', unitId: 'u-street', realName: true } });
      expect(Object.keys(registered.data).sort()).toEqual([
        'categories',
        'channel',
        'petitionId',
        'realName',
        'registeredOn',
        'unitId',
      ]);
    } finally {
      await nc.close();
    }
    expect(sys.violations).toEqual([]);
  });
});
