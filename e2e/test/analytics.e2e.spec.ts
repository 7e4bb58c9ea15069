// Issue 11 over real NATS and PostgreSQL, every service its own process, analytics included:
// petitions transferred, clues registered, dispositions proposed and approved, an inquiry opened by
// the approval — all driven through the gateway — and then the ledgers, the clock board and the
// 案管 statistics read back through the gateway equal what was done, now and as of an earlier
// instant, each reader seeing what it may, and no analytics table holding a name.
import JSZip from 'jszip';
import { eventually } from '@jiandu/testing';
import { clueIdOf, REPORTER_VALUES, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

interface Row {
  id: string;
  state: string;
  number?: string;
  unitId?: string;
  zoneId?: string;
  office?: string;
  kind?: string;
  clueId?: string;
  dates: Record<string, string>;
}
type Page = { ledger: string; items: Row[]; total: number; asOf: string };

const quarterOf = (at: Date) => {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at).split('-').map(Number) as [
    number,
    number,
  ];
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
};

describe('Analytics: the ledgers read back through the gateway equal what was done', () => {
  let sys: System;
  let t: Tokens;
  let general: string;
  let petitions: { id: string }[];
  let beforeApprovals: string;

  const ok = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await sys.api(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const clueAt = (i: number) => clueIdOf(petitions[i]?.id ?? '');
  const ledger = (name: string, token: string, query = ''): Promise<Page> =>
    ok('GET', `/api/v1/analytics/ledgers/${name}?pageSize=200${query}`, token);

  beforeAll(async () => {
    // Review and publicity too: every service answers its clocks (GET /api/v1/clocks asks them all).
    sys = await startSystem({ DEADLINE_WATCH_INTERVAL_MS: '200' }, { analytics: true, review: true, publicity: true });
    t = await tokens(sys);
    general = await sys.token({ office: 'general-office', name: '办公室干部' });
    await registerZonesAndUnits(sys, t);
    petitions = [await transferPetition(sys, t, 'u-street'), await transferPetition(sys, t, 'u-bureau')];
    for (const p of petitions) {
      await eventually(async () => (await sys.api('GET', `/api/v1/clues/${clueIdOf(p.id)}`, t.caseManagement)).status === 200);
    }
    // Both clues are on the analytics ledger, assigned, before anything is decided.
    await eventually(
      async () => {
        const clues = await ledger('clues', t.caseManagement);
        return clues.total === 2 && clues.items.every((c) => c.state === 'assigned');
      },
      { timeoutMs: 20_000 },
    );
    beforeApprovals = new Date().toISOString();
    const [street, bureau] = petitions.map((p) => clueIdOf(p.id)) as [string, string];
    await ok('POST', `/api/v1/clues/${street}/disposition`, t.office1, { kind: 'inquiry', reason: '建议函询' });
    await ok('POST', `/api/v1/clues/${street}/disposition/approve`, t.leadership, { note: '同意函询' });
    await ok('POST', `/api/v1/clues/${bureau}/disposition`, t.office2, { kind: 'shelve', reason: '暂无可查内容' });
    await ok('POST', `/api/v1/clues/${bureau}/disposition/approve`, t.leadership, { note: '同意暂存' });
  }, 180_000);
  afterAll(() => sys?.stop());

  it('the clue ledger equals the clue register, with the dispositions approved', async () => {
    const clues = await eventually(
      async () => {
        const page = await ledger('clues', t.caseManagement);
        expect(page.items.map((c) => c.state).sort()).toEqual(['in-inquiry', 'shelved']);
        return page;
      },
      { timeoutMs: 20_000 },
    );
    const register = await ok('GET', '/api/v1/clues?pageSize=200', t.caseManagement);
    expect(register.total).toBe(2);
    for (const clue of register.items as { id: string; number: string; unitId: string; assignedOffice?: string }[]) {
      const row = clues.items.find((r) => r.id === clue.id);
      expect(row).toMatchObject({ number: clue.number, unitId: clue.unitId });
    }
    const street = clues.items.find((r) => r.id === clueAt(0));
    expect(street).toMatchObject({ state: 'in-inquiry', kind: 'inquiry', office: 'supervision-office-1', zoneId: 'z1' });
    expect(Object.keys(street?.dates ?? {}).sort()).toEqual(['approvedAt', 'assignedAt', 'proposedAt', 'registeredAt']);
    expect(clues.items.find((r) => r.id === clueAt(1))).toMatchObject({
      state: 'shelved',
      kind: 'shelve',
      office: 'supervision-office-2',
      zoneId: 'z2',
    });
  });

  it('the inquiry the approval opened is on the inquiries ledger as supervision lists it', async () => {
    const inquiries = await eventually(
      async () => {
        const page = await ledger('inquiries', t.caseManagement);
        expect(page.total).toBe(1);
        return page;
      },
      { timeoutMs: 20_000 },
    );
    const listed = (await ok('GET', '/api/v1/inquiries', t.office1)).items as {
      id: string;
      clueId: string;
      clueNumber: string;
    }[];
    expect(listed).toHaveLength(1);
    const [inquiry] = listed as [(typeof listed)[number]];
    expect(inquiries.items[0]).toMatchObject({
      id: inquiry.id,
      clueId: inquiry.clueId,
      number: inquiry.clueNumber,
      state: 'open',
      unitId: 'u-street',
      zoneId: 'z1',
      office: 'supervision-office-1',
    });
  });

  it('reads a ledger as of an earlier instant', async () => {
    const then = await ledger('clues', t.caseManagement, `&asOf=${encodeURIComponent(beforeApprovals)}`);
    expect(then.asOf).toBe(beforeApprovals);
    expect(then.items.map((c) => c.state)).toEqual(['assigned', 'assigned']);
    expect((await ledger('inquiries', t.caseManagement, `&asOf=${encodeURIComponent(beforeApprovals)}`)).total).toBe(0);
  });

  it('counts the quarter’s clues and dispositions', async () => {
    const period = quarterOf(new Date());
    const stats = await ok('GET', `/api/v1/analytics/statistics/case-management-quarterly?period=${period}&by=office`, general);
    expect(stats.totals).toEqual({
      key: 'total',
      figures: { received: 2, 'received.source.petition': 2, disposed: 2, 'disposed.inquiry': 1, 'disposed.shelve': 1 },
    });
    expect(stats.groups.map((g: { key: string }) => g.key)).toEqual(['supervision-office-1', 'supervision-office-2']);
    // 信访 monthly, for the petition office: both petitions of this quarter, both with a name, both transferred.
    const petitions = await ok('GET', `/api/v1/analytics/statistics/petitions-monthly?period=${period}`, t.petitionOffice);
    expect(petitions.totals.figures).toMatchObject({ received: 2, 'received.realNameRate': 1, accepted: 2, transferred: 2 });
    // The unit's indicators: one petition among 120 staff, one clue, one inquiry disposition.
    const year = Number(period.slice(0, 4));
    const ecology = await ok('GET', `/api/v1/analytics/units/u-street/ecology?year=${year}`, t.office1);
    expect(ecology).toMatchObject({ unitId: 'u-street', zoneId: 'z1', staffCount: 120 });
    expect(ecology.indicators).toMatchObject({ petitions: 1, 'petitions.per100Staff': 0.83, clues: 1, 'disposed.inquiry': 1 });
    expect((await sys.api('GET', `/api/v1/analytics/units/u-bureau/ecology?year=${year}`, t.office1)).status).toBe(404);
  });

  it('shows each reader what it may see, and refuses the others', async () => {
    expect((await ledger('clues', t.office1)).items.map((c) => c.id)).toEqual([clueAt(0)]);
    expect((await ledger('clues', general)).total).toBe(2);
    for (const office of ['leadership', 'conduct-office'] as const) {
      expect((await ledger('clues', await sys.token({ office, name: '干部' }))).total).toBe(2);
    }
    expect((await ledger('petitions', t.petitionOffice)).total).toBe(2);
    const refused = await sys.api('GET', '/api/v1/analytics/ledgers/clues', t.petitionOffice);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN_LEDGER');
    const review = await sys.token({ office: 'review-office', name: '审理室干部' });
    expect((await sys.api('GET', '/api/v1/analytics/ledgers/clues', review)).status).toBe(403);
    expect((await sys.api('GET', '/api/v1/analytics/clocks', t.petitionOffice)).status).toBe(403);
    expect((await sys.api('GET', '/api/v1/analytics/ledgers/nope', general)).status).toBe(400);
    expect((await sys.api('GET', '/api/v1/analytics/statistics/case-management-quarterly?period=2026-Q5', general)).status).toBe(
      400,
    );
    expect((await ok('GET', '/api/v1/analytics/clocks?state=breached', general)).total).toBe(0);
  });

  it('puts every service’s clocks on the board from their start: running, and met once stopped in time', async () => {
    type BoardClock = {
      id: string;
      service: string;
      measures: string;
      rule: string;
      state: string;
      office?: string;
      unitId?: string;
      zoneId?: string;
      startedOn?: string;
      dueOn: string;
      stoppedOn?: string;
    };
    const board = (query: string): Promise<{ items: BoardClock[]; total: number }> =>
      ok('GET', `/api/v1/analytics/clocks?pageSize=200${query}`, general);
    // The petitions' decision clocks (stopped by the acceptance) and the clues' disposition clocks
    // (stopped by the proposal) are met; the real-name reporters' notice clocks still run.
    const met = await eventually(
      async () => {
        const page = await board('&state=met');
        expect(page.items.filter((c) => c.service === 'case-management' && c.measures === 'clue-disposition')).toHaveLength(2);
        expect(page.items.filter((c) => c.service === 'petitions' && c.measures === 'petition-decision')).toHaveLength(2);
        return page;
      },
      { timeoutMs: 20_000 },
    );
    const street = met.items.find((c) => c.measures === 'clue-disposition' && c.id.endsWith(clueAt(0)));
    expect(street).toMatchObject({
      state: 'met',
      office: 'supervision-office-1',
      unitId: 'u-street',
      zoneId: 'z1',
      rule: expect.stringContaining('线索提出处置意见'),
      startedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      stoppedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect((street?.stoppedOn ?? '') <= (street?.dueOn ?? '')).toBe(true);
    const running = await board('&state=running');
    const notices = running.items.filter((c) => c.service === 'petitions' && c.measures === 'petition-acceptance-notice');
    expect(notices.map((c) => c.unitId).sort()).toEqual(['u-bureau', 'u-street']);
    expect(notices.every((c) => c.startedOn !== undefined && c.stoppedOn === undefined)).toBe(true);
    // The board shows every clock the services list, in the state they list it (approaching is running).
    const listed = (await ok('GET', '/api/v1/clocks?pageSize=200', t.caseManagement)) as {
      items: { id: string; state: string }[];
    };
    const all = await board('');
    expect(listed.items.length).toBeGreaterThanOrEqual(6);
    for (const clock of listed.items) {
      const row = all.items.find((c) => c.id.endsWith(`:${clock.id}`));
      expect({ id: clock.id, state: row?.state === 'approaching' ? 'running' : row?.state }).toEqual({
        id: clock.id,
        state: clock.state,
      });
    }
    // The same board as a workbook.
    const file = await sys.api('GET', '/api/v1/analytics/clocks?format=xlsx&state=met', general);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('answers the ledgers of cases, reviews, advice, integrity opinions and 舆情 through the gateway', async () => {
    for (const name of ['cases', 'reviews', 'supervision-advice', 'integrity-opinions', 'public-opinion']) {
      const page = await ledger(name, general);
      expect({ name, ledger: page.ledger, total: page.total }).toEqual({ name, ledger: name, total: 0 });
    }
  });

  it('takes an inquiry’s mode from supervision’s public InquiryConducted, without what was said', async () => {
    const period = quarterOf(new Date());
    const [inquiry] = (await ok('GET', '/api/v1/inquiries', t.office1)).items as { id: string }[];
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await ok('POST', `/api/v1/inquiries/${inquiry?.id}/talk`, t.office1, {
      conductedOn: today,
      summary: '当面谈话，本人作出说明',
    });
    const row = await eventually(
      async () => (await ledger('inquiries', general)).items.find((r) => r.id === inquiry?.id && r.state === 'talk-conducted'),
      { timeoutMs: 20_000 },
    );
    expect(row?.dates['conductedOn']).toBe(today);
    expect(JSON.stringify(row)).not.toContain('当面谈话');
    const stats = await ok('GET', `/api/v1/analytics/statistics/supervision-quarterly?period=${period}`, general);
    expect(stats.totals.figures).toMatchObject({
      'inquiries.conducted': 1,
      'inquiries.conducted.talk': 1,
      'inquiries.conducted.letter': 0,
    });
  });

  it('takes a recommendation’s response from supervision’s public RecommendationResponded, without its text', async () => {
    const period = quarterOf(new Date());
    const { id } = (await ok('POST', '/api/v1/recommendations', t.office1, {
      kind: 'supervisory',
      unitId: 'u-street',
      content: '建议健全食堂采购制度',
    })) as { id: string };
    await ok('POST', `/api/v1/recommendations/${id}/respond`, t.office1, { response: '已修订采购制度并公示' });
    const row = await eventually(
      async () => (await ledger('recommendations', general)).items.find((r) => r.id === id && r.state === 'responded'),
      { timeoutMs: 20_000 },
    );
    expect(row).toMatchObject({ unitId: 'u-street', office: 'supervision-office-1', kind: 'supervisory' });
    expect(row?.dates['respondedOn']).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    expect(JSON.stringify(row)).not.toContain('已修订采购制度');
    const stats = await ok('GET', `/api/v1/analytics/statistics/supervision-quarterly?period=${period}`, general);
    expect(stats.totals.figures).toMatchObject({ 'recommendations.responded': 1, 'recommendations.onTimeRate': 1 });
    // The series over the new ledgers answer through the gateway, as the contract names them.
    const cases = await ok('GET', `/api/v1/analytics/statistics/cases-quarterly?period=${period}`, general);
    expect(cases.totals.figures).toMatchObject({ 'cases.filed': 0, 'reviews.sanctioned': 0, 'sanctions.party': 0 });
    const opinions = await ok('GET', `/api/v1/analytics/statistics/integrity-opinions-quarterly?period=${period}`, general);
    expect(opinions.totals.figures).toMatchObject({ 'opinions.conclusion.no-issue': 0, 'opinions.conclusion.vetoed': 0 });
  });

  it('draws the 通报’s two charts as PNG images whose figures are the statistics’', async () => {
    const period = quarterOf(new Date());
    const download = await fetch(`${sys.baseUrl}/api/v1/analytics/bulletins/${period}.docx`, {
      headers: { authorization: `Bearer ${general}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('wordprocessingml.document');
    const zip = await JSZip.loadAsync(Buffer.from(await download.arrayBuffer()));
    const images = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(images).toHaveLength(2);
    for (const path of images) {
      const png = (await zip.file(path)?.async('nodebuffer')) ?? Buffer.alloc(0);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 640]);
    }
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    const quarter = period.slice(5);
    const clues = await ok('GET', `/api/v1/analytics/statistics/case-management-quarterly?period=${period}`, general);
    const f = (k: string) => clues.totals.figures[`disposed.${k}`] ?? 0;
    expect(text).toContain(
      `${quarter} 谈话函询${f('inquiry')}件、初步核实${f('verification')}件、暂存待查${f('shelve')}件、予以了结${f('close')}件`,
    );
    const byZone = await ok('GET', `/api/v1/analytics/statistics/petitions-monthly?period=${period}&by=zone`, general);
    expect(text).toContain(
      '横轴自左至右为协作区' +
        byZone.groups
          .map((g: { key: string; figures: Record<string, number> }) => `${g.key}（${g.figures['received']}件）`)
          .join('、') +
        '。',
    );
    expect(text).not.toContain('被反映人丙');
  });

  it('holds no name: neither the accused’s nor the reporter’s, in any analytics table', async () => {
    const pool = sys.db.pool();
    const { rows: tables } = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(3);
    for (const { table_name } of tables) {
      for (const value of ['被反映人丙', ...REPORTER_VALUES]) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM analytics."${table_name}" t WHERE t::text LIKE '%' || $1 || '%'`,
          [value],
        );
        expect({ table: table_name, value, n: rows[0]?.n }).toEqual({ table: table_name, value, n: 0 });
      }
    }
  });
});
