// Integrity files (廉政档案, issue 12) over real NATS and PostgreSQL, services as processes: 案管
// registers a cadre (the file opens, its one-month clock on the clock board) and links the clue
// that names the cadre; the clue runs verification → case → review → sanction, and the sanction
// lands in the file as an entry with its effect period, and the clue is sanctioned. A read needs an
// approved request and is recorded; a declared relative holding an approval is refused (回避, 403,
// the rule in the message), and the refusal is recorded too.
import { caseManagementPublicEvents, reviewPublicEvents, supervisionPublicEvents } from '@jiandu/contracts';
import { eventually } from '@jiandu/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { clueIdOf, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import { NATS_URL, startSystem, type System } from '../src/system.js';

const chinaDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
const CADRE = 'cadre-e2e-1';
const CADRE_NAME = '被反映人丙';

/** Every message on the system's stream: its subject and body. */
async function streamBodies(stream: string): Promise<{ subject: string; body: string }[]> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const bodies: { subject: string; body: string }[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (msg) bodies.push({ subject: msg.subject, body: new TextDecoder().decode(msg.data) });
    }
    return bodies;
  } finally {
    await nc.close();
  }
}

describe('Integrity files: a sanction lands in the cadre’s file; reads are approved, recorded, and refused to relatives', () => {
  let sys: System;
  let t: Tokens;
  let reviewOffice: string;
  let conduct: string;
  let relative: string;
  let petitionId: string;

  beforeAll(async () => {
    sys = await startSystem({ DEADLINE_WATCH_INTERVAL_MS: '200' }, { review: true, publicity: true });
    t = await tokens(sys);
    reviewOffice = await sys.token({ office: 'review-office', name: '审理室干部' });
    conduct = await sys.token({ office: 'conduct-office', name: '党风室干部', sub: 'staff-conduct' });
    // A relative of the cadre who works in 案管室: declared at registration by the token's sub.
    relative = await sys.token({ office: 'case-management', name: '案管室干部乙', sub: 'staff-relative-1' });
    await registerZonesAndUnits(sys, t);
    petitionId = (await transferPetition(sys, t, 'u-street')).id;
  });
  afterAll(() => sys?.stop());

  const api = (method: string, url: string, token: string, body?: unknown) => sys.api(method, url, token, body);
  const ok = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await api(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it('runs from registration to an approved read, and refuses the relative', async () => {
    const clueId = clueIdOf(petitionId);
    const caseId = `case-${clueId}`;
    const today = chinaDate(new Date());
    await eventually(async () => (await api('GET', `/api/v1/clues/${clueId}`, t.office1)).status === 200);

    // 案管 registers the cadre: the file opens, due complete in a month, its clock on the board.
    const cadre = await ok('POST', '/api/v1/cadres', t.caseManagement, {
      id: CADRE,
      name: CADRE_NAME,
      unitId: 'u-street',
      position: '副主任',
      level: 'deputy-section-chief',
      relativeSubs: ['staff-relative-1'],
    });
    expect(cadre).toMatchObject({ id: CADRE, fileStatus: 'open', openedOn: today, entryCount: 0 });
    expect(
      (
        await api('POST', '/api/v1/cadres', t.office1, {
          name: '某',
          unitId: 'u-street',
          position: '科员',
          level: 'section-chief',
        })
      ).status,
    ).toBe(403);
    // On case-management's list-clocks, through the gathered GET /api/v1/clocks (services verify the
    // caller's signed token, so the test asks as a person through the gateway, not on the bus).
    const board = (await ok('GET', '/api/v1/clocks?state=running&pageSize=200', t.caseManagement)) as {
      items: { measures: string; subject: string; dueOn: string; rule: string }[];
    };
    expect(board.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          measures: 'integrity-file',
          subject: CADRE,
          dueOn: cadre.dueOn,
          rule: '廉政档案建立 1 个月',
        }),
      ]),
    );
    // The petition named the person without an id: 案管 links the clue to the cadre, once.
    expect(await ok('POST', `/api/v1/clues/${clueId}/cadre`, t.caseManagement, { cadreId: CADRE })).toEqual({
      clueId,
      cadreId: CADRE,
      entriesAppended: 0,
    });
    const again = await api('POST', `/api/v1/clues/${clueId}/cadre`, t.caseManagement, { cadreId: CADRE });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CLUE_ALREADY_LINKED' });

    // The clue: verification → file-case → 立案 → report → transfer → review → sanction decided.
    await ok('POST', `/api/v1/clues/${clueId}/disposition`, t.office1, { kind: 'verification', reason: '建议初核' });
    await ok('POST', `/api/v1/clues/${clueId}/disposition/approve`, t.leadership, { note: '同意初核' });
    const verificationId = await eventually(async () => {
      const list = await ok('GET', '/api/v1/verifications', t.office1);
      expect(list.total).toBe(1);
      return list.items[0].id as string;
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/plan`, t.office1, {
      plan: '调取账目，询问相关人员',
      team: ['核查人甲', '核查人乙'],
      subjectHeadsLowerCommittee: false,
    });
    await ok('POST', `/api/v1/verifications/${verificationId}/approve`, t.leadership, { note: '同意初核' });
    await ok('POST', `/api/v1/verifications/${verificationId}/report`, t.office1, { findings: '问题属实' });
    await ok('POST', `/api/v1/verifications/${verificationId}/decide`, t.office1, { decision: 'file-case', note: '建议立案' });
    await ok('POST', `/api/v1/cases/${caseId}/approve`, t.leadership, {});
    const report = { findings: '违规接受管理服务对象宴请十余次', proposedSanction: { party: { kind: 'serious-warning' } } };
    await ok('POST', `/api/v1/cases/${caseId}/report`, t.office1, report);
    await ok('POST', `/api/v1/cases/${caseId}/transfer`, t.office1, {});
    await eventually(async () => (await api('GET', `/api/v1/reviews/${caseId}`, reviewOffice)).status === 200);
    await ok('POST', `/api/v1/reviews/${caseId}/sanction`, reviewOffice, {
      sanction: { party: { kind: 'serious-warning' } },
      note: '事实清楚，证据确凿',
    });
    await ok('POST', `/api/v1/reviews/${caseId}/sanction/approve`, t.leadership, {});

    // The clue follows: to-investigation → sanctioned.
    await eventually(async () => {
      expect((await ok('GET', `/api/v1/clues/${clueId}`, t.caseManagement)).status).toBe('sanctioned');
      return true;
    });

    // The link is public, without the name (ClueLinkedToCadre), and supervision's later public
    // events for the clue carry the cadre id (VerificationDecided, CaseFiled, CaseTransferredToReview,
    // latest versions), and so does review's SanctionDecided, from the transfer.
    const linkSubject = caseManagementPublicEvents.ClueLinkedToCadre.subject;
    const decidedSubject = supervisionPublicEvents.VerificationDecided.subject;
    const chain = [
      supervisionPublicEvents.CaseFiled,
      supervisionPublicEvents.CaseTransferredToReview,
      reviewPublicEvents.SanctionDecided,
    ];
    const bodies = await eventually(
      async () => {
        const found = (await streamBodies(sys.stream)).filter((m) => m.body.includes(clueId));
        expect(found.some((m) => m.subject.endsWith(linkSubject))).toBe(true);
        expect(found.some((m) => m.subject.endsWith(decidedSubject))).toBe(true);
        for (const contract of chain) expect(found.some((m) => m.subject.endsWith(contract.subject))).toBe(true);
        return found;
      },
      { timeoutMs: 15_000 },
    );
    const link = JSON.parse(bodies.find((m) => m.subject.endsWith(linkSubject))?.body ?? '{}');
    expect(link.data).toEqual({ clueId, cadreId: CADRE, linkedOn: today, office: 'case-management' });
    const decided = JSON.parse(bodies.find((m) => m.subject.endsWith(decidedSubject))?.body ?? '{}');
    expect(decided).toMatchObject({
      version: supervisionPublicEvents.VerificationDecided.version,
      data: { clueId, cadreId: CADRE },
    });
    for (const contract of chain) {
      const message = JSON.parse(bodies.find((m) => m.subject.endsWith(contract.subject))?.body ?? '{}');
      expect(message).toMatchObject({
        type: contract.type,
        version: contract.version,
        data: { clueId, caseId, cadreId: CADRE },
      });
    }
    expect(bodies.filter((m) => m.body.includes(CADRE_NAME)).map((m) => m.subject)).toEqual([]);

    // Reading needs an approved request: 党风政风监督室 asks, with the reason; leadership approves.
    const request = await ok('POST', `/api/v1/cadres/${CADRE}/integrity-file/access-requests`, conduct, {
      reason: '廉政意见回复前核查',
    });
    expect(request).toMatchObject({ cadreId: CADRE, status: 'requested', requestedBy: { office: 'conduct-office' } });
    const early = await api('GET', `/api/v1/cadres/${CADRE}/integrity-file?accessRequest=${request.id}`, conduct);
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 403, code: 'ACCESS_NOT_APPROVED' });
    const pending = await ok('GET', `/api/v1/integrity-file-access-requests?status=requested&cadreId=${CADRE}`, t.leadership);
    expect(pending).toEqual({ items: [expect.objectContaining({ id: request.id, reason: '廉政意见回复前核查' })], total: 1 });
    const byStaff = await api('POST', `/api/v1/integrity-file-access-requests/${request.id}/approve`, t.caseManagement, {});
    expect(byStaff.status).toBe(403);
    await ok('POST', `/api/v1/integrity-file-access-requests/${request.id}/approve`, t.leadership, { note: '同意调阅' });

    // The sanction's entry arrives from SanctionDecided (the clue's subject, linked to the cadre).
    const file = await eventually(async () => {
      const read = await ok('GET', `/api/v1/cadres/${CADRE}/integrity-file?accessRequest=${request.id}`, conduct);
      expect(read.entries).toHaveLength(1);
      return read;
    });
    expect(file).toMatchObject({
      cadre: { id: CADRE, name: CADRE_NAME, unitId: 'u-street', position: '副主任', level: 'deputy-section-chief' },
      status: 'open',
      accessRequest: request.id,
    });
    expect(file.entries[0]).toMatchObject({
      kind: 'sanction',
      sourceType: 'SanctionDecided',
      sourceRef: caseId,
      clueId,
      occurredOn: today,
      party: {
        kind: 'serious-warning',
        effectiveFrom: today,
        effectiveUntil: expect.any(String),
        rule: expect.stringContaining('纪律处分条例'),
      },
    });

    // 回避: the declared relative, holding an approved request, is refused with the rule in the message.
    const own = await ok('POST', `/api/v1/cadres/${CADRE}/integrity-file/access-requests`, relative, { reason: '工作需要' });
    await ok('POST', `/api/v1/integrity-file-access-requests/${own.id}/approve`, t.leadership, {});
    const refused = await api('GET', `/api/v1/cadres/${CADRE}/integrity-file?accessRequest=${own.id}`, relative);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('INTEGRITY_FILE_RECUSAL');
    expect(refused.body.message.zh).toContain('回避');
    expect(refused.body.message.en).toContain('recusal');

    // Every read is recorded, granted or refused, with who read.
    const { rows } = await sys.db.pool().query<{ type: string; sub: string; code: string | null }>(
      `SELECT type, data->'by'->>'sub' AS sub, data->>'code' AS code FROM case_management.events
          WHERE type IN ('IntegrityFileAccessed', 'IntegrityFileAccessRefused') ORDER BY position`,
    );
    expect(rows.map((r) => [r.type, r.sub, r.code])).toEqual([
      ['IntegrityFileAccessRefused', 'staff-conduct', 'ACCESS_NOT_APPROVED'],
      ...rows.filter((r) => r.type === 'IntegrityFileAccessed').map(() => ['IntegrityFileAccessed', 'staff-conduct', null]),
      ['IntegrityFileAccessRefused', 'staff-relative-1', 'INTEGRITY_FILE_RECUSAL'],
    ]);
    expect(rows.filter((r) => r.type === 'IntegrityFileAccessed').length).toBeGreaterThanOrEqual(1);

    // Complete: the clock stops; the public integrity events carry no name and no staff account.
    expect(await ok('POST', `/api/v1/cadres/${CADRE}/integrity-file/complete`, t.caseManagement)).toEqual({
      id: CADRE,
      status: 'complete',
    });
    const { rows: clock } = await sys.db
      .pool()
      .query(`SELECT state FROM case_management.clocks WHERE measures = 'integrity-file' AND subject = $1`, [CADRE]);
    expect(clock).toEqual([{ state: 'met' }]);
    const { rows: published } = await sys.db.pool().query<{ type: string; data: string }>(
      `SELECT type, data::text AS data FROM case_management.events
          WHERE type IN ('IntegrityFileOpened', 'IntegrityEntryAppended', 'IntegrityFileCompleted')`,
    );
    expect(published.map((r) => r.type).sort()).toEqual([
      'IntegrityEntryAppended',
      'IntegrityFileCompleted',
      'IntegrityFileOpened',
    ]);
    for (const row of published) {
      expect(row.data).not.toContain(CADRE_NAME);
      expect(row.data).not.toContain('staff-relative-1');
    }
  });

  // After the chain above: "in effect on a date" asked by the cadre id (the publicity screening's
  // question, issue 12); the effect period ends on review's clock, and SanctionEffectEnded (latest
  // version) carries the cadre id too.
  it('answers "in effect on a date" by the cadre id; the period ends on the clock, the end carries the cadre', async () => {
    const sanctions = (query: string) => ok('GET', `/api/v1/sanctions?${query}`, reviewOffice);
    const mine = await sanctions(`cadreId=${CADRE}`);
    expect(mine).toMatchObject({ total: 1, anyInEffect: true });
    const sanction = mine.items[0] as { caseId: string; side: string; cadreId: string; effectiveUntil: string };
    expect(sanction).toMatchObject({ cadreId: CADRE, side: 'party', inEffect: true, ended: false });
    const until = sanction.effectiveUntil;
    const dayAfter = new Date(Date.parse(`${until}T12:00:00+08:00`) + 86_400_000);
    expect((await sanctions(`cadreId=${CADRE}&onDate=${until}`)).anyInEffect).toBe(true);
    expect((await sanctions(`cadreId=${CADRE}&onDate=${chinaDate(dayAfter)}`)).anyInEffect).toBe(false);
    expect((await sanctions('cadreId=cadre-e2e-none')).total).toBe(0);

    // Move the review service's clock to the day after the period's last day: it ends by itself.
    await sys.kill('review');
    await sys.start('review', 1, { JIANDU_NOW: dayAfter.toISOString(), DEADLINE_WATCH_INTERVAL_MS: '100' });
    const after = await eventually(
      async () => {
        const list = await sanctions(`cadreId=${CADRE}`);
        expect(list.items[0]).toMatchObject({ ended: true, inEffect: false });
        return list;
      },
      { timeoutMs: 15_000 },
    );
    expect(after).toMatchObject({ onDate: chinaDate(dayAfter), anyInEffect: false });
    const ended = reviewPublicEvents.SanctionEffectEnded;
    const message = await eventually(
      async () => {
        const found = (await streamBodies(sys.stream)).find(
          (m) => m.subject.endsWith(ended.subject) && m.body.includes(sanction.caseId),
        );
        if (!found) throw new Error('SanctionEffectEnded not on the stream yet');
        return JSON.parse(found.body);
      },
      { timeoutMs: 15_000 },
    );
    expect(message).toMatchObject({
      type: ended.type,
      version: ended.version,
      data: { caseId: sanction.caseId, side: 'party', effectiveUntil: until, cadreId: CADRE },
    });
  });
});
