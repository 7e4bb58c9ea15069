// Issue 13 over real NATS and PostgreSQL, services as separate processes. One integrity opinion
// request (廉政意见回复) for three candidates: one with an open verification (→ postponed), one with a
// sanction in effect (→ vetoed), one clean (→ no issue). 审理室's service is stopped while the
// request is screened: the other two offices answer, the review screening waits in the outbox and
// is asked again until the service is back. Each office signs its own screening; 组宣部 sees the
// kinds and numbers found; the seed's rules are refused over HTTP; leadership approves; the reply
// goes out (OpinionReplied per candidate, no names) and the letter (.docx) is reopened and read.
// The candidates are registered cadres: 案管室 finds candidate A's clue by its link to the cadre (no
// subject reference listed), and each reply lands in the candidate's integrity file (廉政档案).
// Then a 舆情 item is assessed and forwarded, and becomes a numbered clue in the unit's office.
import JSZip from 'jszip';
import { publicityPublicEvents } from '@jiandu/contracts';
import { eventually } from '@jiandu/testing';
import { clueIdOf, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { startSystem, type System } from '../src/system.js';

const chinaDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);

describe('Publicity: an integrity opinion request for three candidates, and a 舆情 item forwarded as a clue', () => {
  let sys: System;
  let t: Tokens;
  let publicity: string;
  let reviewOffice: string;
  let secretary: string;
  let conduct: string;

  beforeAll(async () => {
    sys = await startSystem(
      {
        DEADLINE_WATCH_INTERVAL_MS: '200',
        SCREENING_POLL_MS: '200',
        SCREENING_TIMEOUT_MS: '1500',
        SCREENING_MAX_BACKOFF_MS: '1000',
      },
      { review: true, publicity: true },
    );
    t = await tokens(sys);
    publicity = await sys.token({ office: 'publicity-dept', name: '组宣部干部' });
    reviewOffice = await sys.token({ office: 'review-office', name: '审理室干部' });
    secretary = await sys.token({ office: 'leadership', name: '书记', roles: ['leader', 'secretary'] });
    conduct = await sys.token({ office: 'conduct-office', name: '党风室干部', sub: 'staff-conduct' });
    await registerZonesAndUnits(sys, t);
  });
  afterAll(() => sys?.stop());

  const pool = () => sys.db.pool();
  const api = (method: string, url: string, token: string, body?: unknown) => sys.api(method, url, token, body);
  const ok = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await api(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const refused = async (method: string, url: string, token: string, body: unknown, status: number, code: string) => {
    const res = await api(method, url, token, body);
    expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status, code });
    expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
  };

  /** A transferred petition's clue, put in verification (approved disposition → supervision opens it). */
  async function clueInVerification(unitId: string, office: string): Promise<{ clueId: string; verificationId: string }> {
    const clueId = clueIdOf((await transferPetition(sys, t, unitId)).id);
    await eventually(async () => (await api('GET', `/api/v1/clues/${clueId}`, office)).status === 200);
    await ok('POST', `/api/v1/clues/${clueId}/disposition`, office, { kind: 'verification', reason: '建议初核' });
    await ok('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.leadership, { note: '同意初核' });
    const verificationId = await eventually(async () => {
      const list = await ok('GET', '/api/v1/verifications', office);
      const mine = (list.items as { id: string; clueId: string }[]).find((v) => v.clueId === clueId);
      expect(mine).toBeDefined();
      return mine!.id;
    });
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/clues/${clueId}`, t.caseManagement)).status).toBe('in-verification');
      return true;
    });
    return { clueId, verificationId };
  }

  it('screens in parallel, waits for the office that was down, replies by the rules, and writes the letter', async () => {
    const today = chinaDate(new Date());
    // ── the three candidates, registered cadres with their integrity files (廉政档案)
    const cadres = [
      { id: 'k-a', name: '被反映人丙', unitId: 'u-street', position: '副主任', level: 'deputy-section-chief' },
      { id: 'k-b', name: '被反映人丙', unitId: 'u-bureau', position: '副主任', level: 'deputy-section-chief' },
      { id: 'k-c', name: '清白干部丁', unitId: 'u-street', position: '科长', level: 'section-chief' },
    ];
    for (const cadre of cadres)
      expect(await ok('POST', '/api/v1/cadres', t.caseManagement, cadre)).toMatchObject({ id: cadre.id, entryCount: 0 });
    // ── candidate A: an open verification (第一协作区), its clue linked by 案管 to the cadre
    const a = await clueInVerification('u-street', t.office1);
    const clueA = await ok('GET', `/api/v1/clues/${a.clueId}`, t.caseManagement);
    expect(await ok('POST', `/api/v1/clues/${a.clueId}/cadre`, t.caseManagement, { cadreId: 'k-a' })).toMatchObject({
      clueId: a.clueId,
      cadreId: 'k-a',
    });
    // ── candidate B: a case sanctioned, in effect today (第二协作区)
    const b = await clueInVerification('u-bureau', t.office2);
    const caseB = `case-${b.clueId}`;
    await ok('POST', `/api/v1/verifications/${b.verificationId}/plan`, t.office2, {
      plan: '调取账目，询问相关人员',
      team: ['核查人甲', '核查人乙'],
      subjectHeadsLowerCommittee: false,
    });
    await ok('POST', `/api/v1/verifications/${b.verificationId}/approve`, t.leadership, { note: '同意初核' });
    await ok('POST', `/api/v1/verifications/${b.verificationId}/report`, t.office2, { findings: '问题属实' });
    await ok('POST', `/api/v1/verifications/${b.verificationId}/decide`, t.office2, { decision: 'file-case', note: '建议立案' });
    await ok('POST', `/api/v1/cases/${caseB}/approve`, t.leadership, {});
    await ok('POST', `/api/v1/cases/${caseB}/report`, t.office2, {
      findings: '违规接受管理服务对象宴请',
      proposedSanction: { party: { kind: 'warning' } },
    });
    await ok('POST', `/api/v1/cases/${caseB}/transfer`, t.office2, {});
    await eventually(async () => (await api('GET', `/api/v1/reviews/${caseB}`, reviewOffice)).status === 200);
    await ok('POST', `/api/v1/reviews/${caseB}/sanction`, reviewOffice, {
      sanction: { party: { kind: 'warning' } },
      note: '事实清楚',
    });
    await ok('POST', `/api/v1/reviews/${caseB}/sanction/approve`, t.leadership, {});
    const sanctions = await ok('GET', `/api/v1/sanctions?subjectRef=${b.clueId}`, reviewOffice);
    expect(sanctions).toMatchObject({ anyInEffect: true, total: 1 });

    // ── 审理室's service is down when the request arrives
    await sys.kill('review');
    const request = {
      reference: '区委组干函〔2026〕31号',
      purpose: 'promotion',
      candidates: [
        // no subject reference: 案管室 matches the clue linked to the cadre
        { cadreId: 'k-a', name: '被反映人丙', unitId: 'u-street', position: '副主任' },
        { cadreId: 'k-b', name: '被反映人丙', unitId: 'u-bureau', position: '副主任', subjectRefs: [b.clueId] },
        { cadreId: 'k-c', name: '清白干部丁', unitId: 'u-street', position: '科长' },
      ],
    };
    await refused('POST', '/api/v1/opinion-requests', t.petitionOffice, request, 403, 'FORBIDDEN');
    const created = await api('POST', '/api/v1/opinion-requests', publicity, request);
    expect(created.status).toBe(201);
    const requestId = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'screening', dueOn: expect.any(String) });
    // Before every screening is in, no reply.
    await refused(
      'POST',
      `/api/v1/opinion-requests/${requestId}/reply`,
      publicity,
      { conclusions: request.candidates.map((c) => ({ cadreId: c.cadreId, conclusion: 'no-issue', citations: [] })) },
      409,
      'SCREENINGS_INCOMPLETE',
    );

    // 信访室 and 案管室 answer; the review screening waits, asked again and again.
    await eventually(
      async () => {
        const view = await ok('GET', `/api/v1/opinion-requests/${requestId}`, publicity);
        const status = Object.fromEntries(
          (view.screenings as { office: string; status: string }[]).map((s) => [s.office, s.status]),
        );
        expect(status).toEqual({ 'petition-office': 'proposed', 'case-management': 'proposed', 'review-office': 'pending' });
        return true;
      },
      { timeoutMs: 20_000 },
    );
    await eventually(
      async () => {
        const { rows } = await pool().query(
          `SELECT attempts, last_error FROM publicity.screening_tasks WHERE request_id = $1 AND office = 'review-office' AND done_at IS NULL`,
          [requestId],
        );
        expect(rows[0].attempts).toBeGreaterThanOrEqual(2);
        expect(rows[0].last_error).toEqual(expect.any(String));
        return true;
      },
      { timeoutMs: 20_000 },
    );
    // A screening office cannot sign what the system has not proposed yet.
    await refused(
      'POST',
      `/api/v1/opinion-requests/${requestId}/screening`,
      reviewOffice,
      { candidates: [] },
      409,
      'SCREENING_NOT_PROPOSED',
    );

    // 审理室's service is back: the request was not lost.
    await sys.start('review');
    await eventually(
      async () => {
        const view = await ok('GET', `/api/v1/opinion-requests/${requestId}/screening`, reviewOffice);
        expect(view.status).toBe('proposed');
        return true;
      },
      { timeoutMs: 30_000 },
    );

    // Each office reads only its own screening, and signs the matches it confirms.
    const sign = async (token: string) => {
      const task = await ok('GET', `/api/v1/opinion-requests/${requestId}/screening`, token);
      const candidates = (task.candidates as { cadreId: string; proposed: { kind: string; number: string }[] }[]).map((c) => ({
        cadreId: c.cadreId,
        findings: c.proposed.map(({ kind, number }) => ({ kind, number })),
      }));
      return { task, result: await ok('POST', `/api/v1/opinion-requests/${requestId}/screening`, token, { candidates }) };
    };
    await refused('GET', `/api/v1/opinion-requests/${requestId}/screening`, publicity, undefined, 403, 'FORBIDDEN');
    const review = await sign(reviewOffice);
    const sanctionNumber = `${caseB}:party`;
    expect(review.task.candidates).toEqual([
      expect.objectContaining({ cadreId: 'k-a', proposed: [] }),
      expect.objectContaining({
        cadreId: 'k-b',
        proposed: [{ kind: 'sanction', number: sanctionNumber, effectiveFrom: today, effectiveUntil: expect.any(String) }],
      }),
      expect.objectContaining({ cadreId: 'k-c', proposed: [] }),
    ]);
    const cm = await sign(t.caseManagement);
    const byCadre = (task: any, id: string) => task.candidates.find((c: { cadreId: string }) => c.cadreId === id).proposed;
    expect(byCadre(cm.task, 'k-a')).toEqual([{ kind: 'verification', number: clueA.number }]);
    expect(byCadre(cm.task, 'k-c')).toEqual([]);
    const petitions = await sign(t.petitionOffice);
    expect(byCadre(petitions.task, 'k-c')).toEqual([]);
    expect(petitions.result.status).toBe('screened');
    await refused(
      'POST',
      `/api/v1/opinion-requests/${requestId}/screening`,
      t.petitionOffice,
      { candidates: [] },
      409,
      'OPINION_WRONG_STATE',
    );

    // 组宣部 sees every screening's signer and what it found: kinds and numbers, nothing else.
    const screened = await ok('GET', `/api/v1/opinion-requests/${requestId}`, publicity);
    expect(screened.status).toBe('screened');
    for (const s of screened.screenings) {
      expect(s).toMatchObject({ status: 'submitted', submittedBy: { office: s.office } });
      for (const c of s.candidates)
        for (const f of c.confirmed) expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['kind', 'number']));
    }
    expect(JSON.stringify(screened.screenings)).not.toContain('被反映人丙');

    // The rules, refused over HTTP: a postponement without a citation, a veto citing no sanction.
    const conclusions = [
      { cadreId: 'k-a', conclusion: 'postponed', citations: [{ kind: 'verification', number: clueA.number }] },
      { cadreId: 'k-b', conclusion: 'vetoed', citations: [{ kind: 'sanction', number: sanctionNumber }] },
      { cadreId: 'k-c', conclusion: 'no-issue', citations: [] },
    ];
    const reply = `/api/v1/opinion-requests/${requestId}/reply`;
    await refused(
      'POST',
      reply,
      publicity,
      { conclusions: [{ ...conclusions[0], citations: [] }, conclusions[1], conclusions[2]] },
      422,
      'POSTPONEMENT_NEEDS_OPEN_MATTER',
    );
    await refused(
      'POST',
      reply,
      publicity,
      { conclusions: [conclusions[0], { ...conclusions[1], citations: conclusions[0]!.citations }, conclusions[2]] },
      422,
      'CITATION_NOT_FOUND',
    );
    await refused('POST', reply, publicity, { conclusions: conclusions.slice(0, 2) }, 422, 'CONCLUSION_PER_CANDIDATE');
    expect((await ok('POST', reply, publicity, { conclusions })).status).toBe('reply-proposed');
    await refused('POST', `${reply}/send`, publicity, {}, 409, 'REPLY_NOT_APPROVED');
    await refused('POST', `${reply}/approve`, publicity, {}, 403, 'FORBIDDEN');
    expect((await ok('POST', `${reply}/approve`, secretary, { note: '同意' })).status).toBe('approved');
    expect((await ok('POST', `${reply}/send`, publicity, {})).status).toBe('replied');

    const replied = await ok('GET', `/api/v1/opinion-requests/${requestId}`, t.leadership);
    expect(replied).toMatchObject({ status: 'replied', repliedOn: today });
    expect(replied.candidates.map((c: { cadreId: string; conclusion: string }) => [c.cadreId, c.conclusion])).toEqual([
      ['k-a', 'postponed'],
      ['k-b', 'vetoed'],
      ['k-c', 'no-issue'],
    ]);
    // OpinionReplied, one per candidate, public, to its contract, with no name.
    const { rows: events } = await pool().query(
      `SELECT data, schema_version FROM publicity.events WHERE type = 'OpinionReplied' ORDER BY position`,
    );
    expect(events.map((e) => [e.data.cadreId, e.data.conclusion])).toEqual([
      ['k-a', 'postponed'],
      ['k-b', 'vetoed'],
      ['k-c', 'no-issue'],
    ]);
    for (const e of events) {
      expect(e.schema_version).toBe(publicityPublicEvents.OpinionReplied.version);
      expect(publicityPublicEvents.OpinionReplied.errors(e.data)).toEqual([]);
      expect(JSON.stringify(e.data)).not.toMatch(/被反映人丙|清白干部丁/);
    }
    // Each candidate's integrity file holds its reply, once: the conclusion and the citations (kinds
    // and numbers), read through an access request leadership approved.
    for (const c of conclusions) {
      const access = await ok('POST', `/api/v1/cadres/${c.cadreId}/integrity-file/access-requests`, conduct, {
        reason: '廉政意见回复后核对档案',
      });
      await ok('POST', `/api/v1/integrity-file-access-requests/${access.id}/approve`, t.leadership, { note: '同意调阅' });
      const file = await eventually(async () => {
        const read = await ok('GET', `/api/v1/cadres/${c.cadreId}/integrity-file?accessRequest=${access.id}`, conduct);
        expect(read.entries).toHaveLength(1);
        return read;
      });
      expect(file.entries[0]).toEqual({
        id: `${c.cadreId}:1`,
        kind: 'opinion-reply',
        sourceType: 'OpinionReplied',
        sourceRef: requestId,
        occurredOn: today,
        recordedAt: expect.any(String),
        outcome: c.conclusion,
        citations: c.citations,
      });
    }
    // The reply's clock is met.
    const clocks = (await ok('GET', '/api/v1/clocks?pageSize=200', publicity)).items as {
      measures: string;
      subject: string;
      state: string;
    }[];
    expect(clocks.find((c) => c.subject === requestId)).toMatchObject({ measures: 'opinion-reply', state: 'met' });

    // The letter, reopened: an official reply naming each candidate with its conclusion and what it cites.
    const download = await fetch(`${sys.baseUrl}/api/v1/opinion-requests/${requestId}/letter.docx`, {
      headers: { authorization: `Bearer ${publicity}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('wordprocessingml.document');
    expect(download.headers.get('content-disposition')).toContain(`opinion-reply-${requestId}.docx`);
    const zip = await JSZip.loadAsync(Buffer.from(await download.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('区委组织部：');
    expect(text).toContain(`关于${request.reference}的廉政意见回复`);
    expect(text).toContain(
      `被反映人丙（u-street，副主任）：存在尚未办结的问题线索，建议暂缓。依据：初步核实（编号 ${clueA.number}）`,
    );
    expect(text).toContain(`被反映人丙（u-bureau，副主任）：处于处分影响期内，建议否决。依据：处分（编号 ${sanctionNumber}）`);
    expect(text).toContain('清白干部丁（u-street，科长）：未发现影响其提拔使用、评优评先的问题。');
  });

  it('forwards a 舆情 item: case-management registers a numbered clue, routed to the unit’s office', async () => {
    const item = {
      source: 'online',
      reference: '网帖 2026-1206-07',
      summary: '网民反映某街道违规发放津贴补贴',
      unitId: 'u-street',
    };
    const created = await api('POST', '/api/v1/public-opinion', publicity, item);
    expect(created.status).toBe(201);
    const itemId = created.body.id as string;
    // Not yet assessed: its assessment clock is on the clock list.
    const running = (await ok('GET', '/api/v1/clocks?state=running&pageSize=200', publicity)).items as {
      measures: string;
      subject: string;
    }[];
    expect(running).toEqual(
      expect.arrayContaining([expect.objectContaining({ measures: 'public-opinion-assessment', subject: itemId })]),
    );
    await refused('POST', `/api/v1/public-opinion/${itemId}/forward`, publicity, {}, 409, 'PUBLIC_OPINION_WRONG_STATE');
    await ok('POST', `/api/v1/public-opinion/${itemId}/assess`, publicity, {
      assessment: '反映问题具体，建议移送',
      categories: ['integrity'],
    });
    expect((await ok('POST', `/api/v1/public-opinion/${itemId}/forward`, publicity, {})).status).toBe('forwarded');
    const clue = await eventually(async () => {
      const list = await ok('GET', '/api/v1/clues?source=public-opinion', t.caseManagement);
      expect(list.total).toBe(1);
      return list.items[0];
    });
    expect(clue).toMatchObject({
      source: 'public-opinion',
      reference: itemId,
      unitId: 'u-street',
      assignedOffice: 'supervision-office-1',
      categories: ['integrity'],
      number: expect.stringMatching(/\d/),
    });
    // The office of the unit's zone has it; the other office does not.
    expect((await ok('GET', `/api/v1/clues/${clue.id}`, t.office1)).number).toBe(clue.number);
    await refused('GET', `/api/v1/clues/${clue.id}`, t.office2, undefined, 404, 'CLUE_NOT_FOUND');
    // A second item closed with a reason.
    const other = (await ok('POST', '/api/v1/public-opinion', publicity, { ...item, reference: '热线 12388-0099' })).id;
    await ok('POST', `/api/v1/public-opinion/${other}/assess`, publicity, { assessment: '内容不实', categories: ['other'] });
    expect((await ok('POST', `/api/v1/public-opinion/${other}/close`, publicity, { reason: '经核实系不实信息' })).status).toBe(
      'closed',
    );
    const listed = await ok('GET', '/api/v1/public-opinion', t.leadership);
    expect(listed.total).toBe(2);
  });
});
