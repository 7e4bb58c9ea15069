// The office documents against a real PostgreSQL and NATS: a ledger as an Excel workbook and the
// 通报 as a Word document, opened again (exceljs; the .docx unzipped with jszip) and compared with
// what the JSON operations answer for the same reader. Neither file holds a name.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { jetstream } from '@nats-io/jetstream';
import {
  analyticsOperations as ops,
  caseManagementPublicEvents as cm,
  ClueRegisteredV3,
  compileValidator,
  DOCX_MEDIA_TYPE,
  encodeEnvelope,
  petitionsPublicEvents as pet,
  Strict,
  supervisionPublicEvents as sv,
  toEnvelope,
  XLSX_MEDIA_TYPE,
  type ApiOperation,
  type EventContract,
} from '@jiandu/contracts';
import { deadlineEventContracts } from '@jiandu/deadlines';
import { withNamespace } from '@jiandu/messaging';
import { startServiceHarness } from '@jiandu/runtime';
import { eventually, serviceOnOwnDatabase } from '@jiandu/testing';
import { analyticsService } from '../src/main.js';
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH } from '../src/documents/charts.js';
import { DATE_HEADER, excelDate, LEDGER_COLUMNS } from '../src/documents/ledger-workbook.js';

const ACCUSED_NAME = '欧阳文档泄露甲';
const ACTOR_NAME = '上官文档干部丙';
const NOW = '2026-09-30T02:00:00.000Z';
type Who = { sub: string; name: string; office: string; roles: string[]; zones: string[] };
const caseManager: Who = { sub: 'u-am', name: '案管干部', office: 'case-management', roles: ['staff'], zones: [] };
const petitionOffice: Who = { sub: 'u-xf', name: '信访干部', office: 'petition-office', roles: ['staff'], zones: [] };
const office1: Who = { sub: 'u-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] };

const { service: an } = serviceOnOwnDatabase('an_documents', (db) =>
  startServiceHarness(analyticsService, { DATABASE_URL: db.url, JIANDU_NOW: NOW, ANALYTICS_BULLETIN_ISSUER: '测试区纪委监委' }),
);

let published = 0;
async function publish<T>(contract: EventContract<T>, data: T, occurredAt: string): Promise<void> {
  const { config, nc } = an.service.ctx;
  const envelope = toEnvelope(contract, data, {
    eventId: randomUUID(),
    occurredAt,
    actor: { sub: 'u-actor', name: ACTOR_NAME, office: 'case-management' },
    correlationId: randomUUID(),
    streamId: `${contract.type}-${randomUUID()}`,
    streamVersion: 1,
  });
  await jetstream(nc).publish(withNamespace(config.namespace, contract.subject), encodeEnvelope(envelope), {
    msgID: envelope.eventId,
    expect: { streamName: config.eventStream },
  });
  published++;
}

const validators = new Map<ApiOperation, ReturnType<typeof compileValidator>>();
async function call(operation: ApiOperation, who: Who, payload: object): Promise<Record<string, unknown>> {
  const reply = await an.call(operation, who, payload);
  if (!reply.ok) throw new Error(`${operation.name} refused: ${JSON.stringify(reply.error)}`);
  let validator = validators.get(operation);
  if (!validator) validators.set(operation, (validator = compileValidator(Strict(operation.response))));
  expect({ operation: operation.name, errors: validator.errors(reply.value) }).toEqual({ operation: operation.name, errors: [] });
  return reply.value as Record<string, unknown>;
}
type Statistics = { totals: { figures: Record<string, number> }; groups: { key: string; figures: Record<string, number> }[] };
type File = { fileName: string; mediaType: string; contentBase64: string };

beforeAll(async () => {
  await publish(
    cm.ZoneRegistered,
    { zoneId: 'z1', name: '第一协作区', office: 'supervision-office-1' },
    '2026-01-05T01:00:00.000Z',
  );
  await publish(
    cm.ZoneRegistered,
    { zoneId: 'z2', name: '第二协作区', office: 'supervision-office-2' },
    '2026-01-05T01:00:00.000Z',
  );
  for (const [unitId, zoneId] of [
    ['u-1', 'z1'],
    ['u-2', 'z2'],
  ] as const) {
    await publish(cm.UnitRegistered, { unitId, name: `${unitId}街道`, staffCount: 100 }, '2026-01-05T02:00:00.000Z');
    await publish(cm.UnitAssignedToZone, { unitId, zoneId, effectiveFrom: '2020-01-01' }, '2026-01-05T02:00:00.000Z');
  }
  const facts = { channel: 'letter' as const, categories: ['eight-rules' as const], realName: true };
  for (const [i, unitId] of (['u-1', 'u-2', 'u-1'] as const).entries()) {
    const petitionId = `p-${i}`;
    await publish(
      pet.PetitionRegistered,
      { petitionId, ...facts, unitId, registeredOn: `2026-04-0${i + 1}` },
      `2026-04-0${i + 1}T02:00:00.000Z`,
    );
    await publish(
      pet.PetitionAccepted,
      { petitionId, ...facts, unitId, acceptedOn: `2026-04-1${i}` },
      `2026-04-1${i}T02:00:00.000Z`,
    );
  }
  for (const [i, [unitId, zoneId, office, kind]] of (
    [
      ['u-1', 'z1', 'supervision-office-1', 'inquiry'],
      ['u-2', 'z2', 'supervision-office-2', 'shelve'],
      ['u-1', 'z1', 'supervision-office-1', 'verification'],
    ] as const
  ).entries()) {
    const clueId = `c-${i}`;
    const number = `XS-2026-00000${i + 1}`;
    const at = `2026-05-0${i + 1}T02:00:00.000Z`;
    await publish(
      ClueRegisteredV3,
      {
        clueId,
        number,
        source: 'petition',
        sourceRef: `p-${i}`,
        unitId,
        zoneId,
        accused: { name: ACCUSED_NAME, position: '科长', unitId },
        categories: ['eight-rules'],
        summary: `${ACCUSED_NAME}收受礼金`,
        registeredAt: at,
      },
      at,
    );
    await publish(
      cm.ClueAssigned,
      { clueId, number, unitId, zoneId, assignedOffice: office, dispositionDeadline: '2026-06-01' },
      at,
    );
    await publish(
      cm.DispositionApproved,
      { clueId, number, kind, unitId, assignedOffice: office, sourceRef: `p-${i}` },
      `2026-06-0${i + 1}T02:00:00.000Z`,
    );
  }
  await publish(
    sv.RectificationOpened,
    {
      rectificationId: 'rect-1',
      source: 'recommendation',
      unitId: 'u-1',
      office: 'supervision-office-1',
      description: '整改',
      dueOn: '2026-06-20',
      openedOn: '2026-06-02',
    },
    '2026-06-02T02:00:00.000Z',
  );
  const [, breached] = deadlineEventContracts('supervision') as [EventContract, EventContract];
  await publish(
    breached,
    {
      clockId: 'inquiry-reply:i-1',
      measures: 'inquiry-reply',
      rule: '函询回复 15 个工作日',
      subject: 'i-1',
      office: 'supervision-office-1',
      unitId: 'u-1',
      dueOn: '2026-06-10',
      provisional: false,
    },
    '2026-06-11T00:00:00.000Z',
  );
  await eventually(
    async () => {
      const { rows } = await an.service.ctx.pool.query(
        `SELECT count(*)::int AS n FROM analytics.inbox WHERE consumer LIKE 'analytics--%'`,
      );
      return rows[0].n === published;
    },
    { timeoutMs: 30_000 },
  );
}, 90_000);

/** Every text of an OOXML package (its XML parts), to look for a name. */
async function packageText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = await Promise.all(
    Object.values(zip.files)
      .filter((f) => !f.dir)
      .map((f) => f.async('string')),
  );
  return parts.join('\n');
}

describe('a ledger as an Excel workbook', () => {
  it('holds the rows the ledger answers: Chinese headers, dates as dates, numbers as numbers, no name', async () => {
    const filters = { ledger: 'clues', sort: 'openedAt', order: 'desc' };
    const page = (await call(ops.readLedger, caseManager, { ...filters, pageSize: 200 })) as {
      items: {
        id: string;
        state: string;
        number?: string;
        openedAt: string;
        dueOn?: string;
        dates: Record<string, string>;
        facts: Record<string, unknown>;
      }[];
    };
    const file = (await call(ops.exportLedger, caseManager, filters)) as File;
    expect(file.mediaType).toBe(XLSX_MEDIA_TYPE);
    expect(file.fileName).toMatch(/^clues-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const bytes = Buffer.from(file.contentBase64, 'base64');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.name).toBe('问题线索台账');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers.slice(0, LEDGER_COLUMNS.length)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    const col = (header: string) => headers.indexOf(header) + 1;
    expect(sheet.rowCount - 1).toBe(page.items.length);
    expect(page.items.length).toBe(3);
    page.items.forEach((item, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(col('事项编号')).value).toBe(item.id);
      expect(row.getCell(col('状态')).value).toBe(item.state);
      expect(row.getCell(col('线索登记编号')).value).toBe(item.number);
      const opened = row.getCell(col('首次记录时间')).value;
      expect(opened).toBeInstanceOf(Date);
      expect((opened as Date).getTime()).toBe(excelDate(item.openedAt).getTime());
      const approved = row.getCell(col(`${DATE_HEADER}approvedAt`)).value;
      expect((approved as Date).getTime()).toBe(excelDate(item.dates['approvedAt'] as string).getTime());
      for (const [name, value] of Object.entries(item.facts)) expect(row.getCell(col(`事实:${name}`)).value).toBe(value);
    });
    const text = await packageText(bytes);
    expect(text).not.toContain(ACCUSED_NAME);
    expect(text).not.toContain(ACTOR_NAME);
  });

  it('narrows to what the reader may see, as the ledger does', async () => {
    const file = (await call(ops.exportLedger, office1, { ledger: 'clues' })) as File;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const page = (await call(ops.readLedger, office1, { ledger: 'clues' })) as { total: number };
    expect((workbook.worksheets[0]?.rowCount ?? 0) - 1).toBe(page.total);
    expect(page.total).toBe(2);
    const refused = await an.call(ops.exportLedger, petitionOffice, { ledger: 'clues' });
    expect(refused).toMatchObject({ ok: false, error: { status: 403, code: 'FORBIDDEN_LEDGER' } });
  });
});

describe('the 通报 as a Word document', () => {
  it('has the title, the issuing body, the date, numbered sections and the statistics’ figures, and no name', async () => {
    const file = (await call(ops.readBulletin, caseManager, { period: '2026-Q2' })) as File;
    expect(file.mediaType).toBe(DOCX_MEDIA_TYPE);
    expect(file.fileName).toBe('bulletin-2026-Q2.docx');
    const bytes = Buffer.from(file.contentBase64, 'base64');
    const zip = await JSZip.loadAsync(bytes);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    );
    const text = paragraphs.join('\n');
    expect(paragraphs[0]).toBe('关于2026年第二季度监督执纪工作情况的通报');
    expect(paragraphs[1]).toBe('测试区纪委监委');
    expect(paragraphs[2]).toBe('2026年9月30日'); // the day it was read at (JIANDU_NOW), in Beijing
    for (const heading of [
      '一、总体情况',
      '二、各监督检查室和派驻机构工作情况',
      '三、各协作区和单位情况对比',
      '四、超期事项和整改情况',
      '五、审查调查、案件审理和廉政意见回复情况',
      '六、典型案例',
    ])
      expect(paragraphs).toContain(heading);
    expect(text).toContain('2026年4月1日至2026年6月30日');
    // The fonts and sizes of an official document.
    expect(xml).toContain('方正小标宋简体');
    expect(xml).toContain('仿宋_GB2312');
    expect(xml).toMatch(/<w:sz w:val="32"\/>/);

    // The figures are those the statistics operation answers for the same period.
    const stats = async (series: string, by?: string) =>
      (await call(ops.readStatistics, caseManager, { series, period: '2026-Q2', ...(by ? { by } : {}) })) as Statistics;
    const clues = (await stats('case-management-quarterly')).totals.figures;
    const petitions = (await stats('petitions-monthly')).totals.figures;
    expect(clues['received']).toBe(3);
    expect(text).toContain(
      `案管室受理问题线索${clues['received']}件，处置${clues['disposed']}件，其中谈话函询${clues['disposed.inquiry']}件、初步核实${clues['disposed.verification']}件、暂存待查${clues['disposed.shelve']}件`,
    );
    expect(text).toContain(
      `共受理信访举报${petitions['received']}件，其中实名${petitions['received.realName']}件；受理${petitions['accepted']}件`,
    );
    const eight = (await stats('eight-rules')).totals.figures;
    expect(text).toContain(`信访举报${eight['petitions']}件，问题线索${eight['clues']}件`);
    expect(text).toContain('本期超过办理时限1项；逾期未完成整改1项。');
    // 审查调查、审理 and 廉政意见回复: the cases-quarterly and integrity-opinions-quarterly figures, and
    // 表4 with one row per sanction kind (党纪 then 政务), each the statistics' count.
    const k = (await stats('cases-quarterly')).totals.figures;
    const o = (await stats('integrity-opinions-quarterly')).totals.figures;
    expect(text).toContain(
      `本期立案${k['cases.filed']}件，不予立案${k['cases.filingRejected']}件，移送审理${k['cases.transferredToReview']}件`,
    );
    expect(text).toContain(
      `案件审理作出处分${k['reviews.sanctioned']}件，其中给予党纪处分${k['sanctions.party']}件、政务处分${k['sanctions.governmental']}件`,
    );
    expect(text).toContain(
      `无问题${o['opinions.conclusion.no-issue']}人次、暂缓${o['opinions.conclusion.postponed']}人次、否决${o['opinions.conclusion.vetoed']}人次`,
    );
    expect(paragraphs).toContain('表4 处分情况（按处分种类）');
    const sanctionRows = paragraphs.slice(paragraphs.indexOf('件数') + 1, paragraphs.indexOf('件数') + 1 + 3 * 11);
    expect(sanctionRows.slice(0, 3)).toEqual(['党纪处分', '警告', String(k['sanctions.party.warning'] ?? 0)]);
    expect(sanctionRows.slice(3 * 6, 3 * 6 + 3)).toEqual(['政务处分', '记过', String(k['sanctions.governmental.demerit'] ?? 0)]);
    // The offices' table: one row per office, with the statistics by office.
    const byOffice = await stats('case-management-quarterly', 'office');
    const office1Row = byOffice.groups.find((g) => g.key === 'supervision-office-1');
    expect(office1Row?.figures['received']).toBe(2);
    const rowText = paragraphs.slice(paragraphs.indexOf('supervision-office-1'), paragraphs.indexOf('supervision-office-1') + 3);
    expect(rowText).toEqual([
      'supervision-office-1',
      String(office1Row?.figures['received']),
      String(office1Row?.figures['disposed']),
    ]);

    // The charts: two PNG images of the size they are drawn at, each with the figures in words.
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(2);
    for (const path of media) {
      const png = (await zip.file(path)?.async('nodebuffer')) ?? Buffer.alloc(0);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_WIDTH * CHART_SCALE, CHART_HEIGHT * CHART_SCALE]);
      expect(png.length).toBeGreaterThan(2_000); // bars drawn, not an empty page
    }
    const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    expect(rels.match(/media\/[^"]+\.png/g)).toHaveLength(2);
    expect(paragraphs).toContain('图1 2026年各季度处置问题线索情况（件）');
    expect(paragraphs).toContain('图2 2026年第二季度各协作区信访举报件数（件）');
    // Figure 1's numbers are the statistics of each quarter of the year up to the period.
    for (const quarter of ['Q1', 'Q2']) {
      const q = (
        (await call(ops.readStatistics, caseManager, {
          series: 'case-management-quarterly',
          period: `2026-${quarter}`,
        })) as Statistics
      ).totals.figures;
      const f = (k: string) => q[`disposed.${k}`] ?? 0;
      expect(text).toContain(
        `${quarter} 谈话函询${f('inquiry')}件、初步核实${f('verification')}件、暂存待查${f('shelve')}件、予以了结${f('close')}件`,
      );
    }
    expect(text).toContain('Q2 谈话函询1件、初步核实1件、暂存待查1件、予以了结0件');
    // Figure 2's: the petitions statistics by zone.
    const byZone = await stats('petitions-monthly', 'zone');
    expect(byZone.groups.length).toBeGreaterThan(0);
    expect(text).toContain(
      '横轴自左至右为协作区' + byZone.groups.map((g) => `${g.key}（${g.figures['received']}件）`).join('、') + '。',
    );

    const all = await packageText(bytes);
    expect(all).not.toContain(ACCUSED_NAME);
    expect(all).not.toContain(ACTOR_NAME);
  });

  it('is read by the offices that see every row, and refused to the others', async () => {
    const refused = await an.call(ops.readBulletin, petitionOffice, { period: '2026-H1' });
    expect(refused).toMatchObject({ ok: false, error: { status: 403 } });
    const bad = await an.call(ops.readBulletin, caseManager, { period: '2026-07' });
    expect(bad).toMatchObject({ ok: false, error: { status: 400 } });
  });
});
