// The office documents (issue 11): a ledger as an Excel workbook, the 通报 as a Word document.
// Each is built from what the JSON routes answer (the same handlers, the same caller), so the
// files hold the same rows and figures; the bytes go back over NATS in base64 (GeneratedFile),
// and the gateway sends them as the file. A file that would not fit a NATS message is refused.
import {
  analyticsOperations as ops,
  DomainException,
  DOCX_MEDIA_TYPE,
  GOVERNMENTAL_SANCTIONS,
  invalid,
  PARTY_SANCTIONS,
  SANCTION_LABELS,
  XLSX_MEDIA_TYPE,
  type GeneratedFile,
} from '@jiandu/contracts';
import type { Handler, RequestOf, ResponseOf } from '@jiandu/runtime';
import type { Pool } from 'pg';
import { beijingDay } from '../domain/ledgers.js';
import { periodRange } from '../domain/periods.js';
import { within } from '../domain/statistics.js';
import {
  bulletinDocument,
  officialDate,
  type BulletinContent,
  type BulletinFigure,
  type BulletinTable,
} from '../documents/bulletin.js';
import { CHART_COLOURS, chartPng } from '../documents/charts.js';
import { clockBoardWorkbook } from '../documents/clock-board-workbook.js';
import { ledgerWorkbook } from '../documents/ledger-workbook.js';
import { readLedgerRows } from '../projections/ledgers.projection.js';
import type { ledgerQueries } from './ledgers.queries.js';
import { readInstant, rowScope } from './scope.js';
import type { statisticsQueries } from './statistics.queries.js';

/** The most rows one workbook holds; more is refused (narrow the filters). */
export const EXPORT_MAX_ROWS = 20_000;

export interface DocumentLimits {
  /** The largest reply the NATS connection takes (its server's max_payload), in bytes. */
  maxPayloadBytes: number;
  /** The issuing body printed on the 通报. */
  issuer: string;
}

type Statistics = ResponseOf<typeof ops.readStatistics>;

const tooLarge = (what: { zh: string; en: string }) =>
  new DomainException(invalid([{ path: 'format', message: what }], 'FILE_TOO_LARGE'));

function file(fileName: string, mediaType: string, content: Buffer, limits: DocumentLimits): GeneratedFile {
  const contentBase64 = content.toString('base64');
  // The reply's envelope around it is small; a quarter of the payload is left for it.
  if (contentBase64.length > limits.maxPayloadBytes * 0.75) {
    throw tooLarge({ zh: '生成的文件过大，请缩小筛选范围', en: 'the generated file is too large: narrow the filters' });
  }
  return { fileName, mediaType, contentBase64 };
}

const tooManyRows = (zh: string, en: string) =>
  new DomainException(
    invalid(
      [
        {
          path: 'format',
          message: {
            zh: `${zh}超过 ${EXPORT_MAX_ROWS} 行，请缩小筛选范围后下载`,
            en: `the ${en} has more than ${EXPORT_MAX_ROWS} rows: narrow the filters to download it`,
          },
        },
      ],
      'TOO_MANY_ROWS',
    ),
  );

const PERIOD_NAMES: Record<string, string> = {
  H1: '上半年',
  H2: '下半年',
  Q1: '第一季度',
  Q2: '第二季度',
  Q3: '第三季度',
  Q4: '第四季度',
};

/** 2026-H1 → 2026年上半年. */
export const periodName = (period: string) => `${period.slice(0, 4)}年${PERIOD_NAMES[period.slice(5)] ?? ''}`;

const n = (s: Statistics['totals'] | undefined, name: string) => s?.figures[name] ?? 0;
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** The quarters of the period's year up to its last quarter: what figure 1 draws. */
export function chartQuarters(period: string): string[] {
  const year = period.slice(0, 4);
  const part = period.slice(5);
  const last = part === 'H1' ? 2 : part === 'H2' ? 4 : Number(part.slice(1));
  return Array.from({ length: last }, (_, i) => `${year}-Q${i + 1}`);
}

export function documentQueries(
  pool: Pool,
  schema: string,
  now: () => Date,
  ledgers: ReturnType<typeof ledgerQueries>,
  statistics: ReturnType<typeof statisticsQueries>,
  limits: DocumentLimits,
) {
  const exportLedger: Handler<typeof ops.exportLedger> = async (call, tx) => {
    // The ledger route's own handler: the same scope, filters, order and rows.
    const page = await ledgers.readLedger({ ...call, payload: { ...call.payload, page: 1, pageSize: EXPORT_MAX_ROWS } }, tx);
    if (page.total > EXPORT_MAX_ROWS) throw tooManyRows('台账', 'ledger');
    const { fileName, content } = await ledgerWorkbook(page.ledger, page.items, page.asOf);
    return file(fileName, XLSX_MEDIA_TYPE, content, limits);
  };

  const exportClockBoard: Handler<typeof ops.exportClockBoard> = async (call, tx) => {
    // The board route's own handler: the same scope, filters, order and rows.
    const board = await ledgers.readClockBoard({ ...call, payload: { ...call.payload, page: 1, pageSize: EXPORT_MAX_ROWS } }, tx);
    if (board.total > EXPORT_MAX_ROWS) throw tooManyRows('时限看板', 'clock board');
    const { fileName, content } = await clockBoardWorkbook(board.items, board.asOf);
    return file(fileName, XLSX_MEDIA_TYPE, content, limits);
  };

  const readBulletin: Handler<typeof ops.readBulletin> = async (call, tx) => {
    const { period, asOf } = call.payload;
    const range = periodRange(period);
    if (!range) throw new Error(`the contract let through the period ${period}`);
    const statsOf = (period: string, series: RequestOf<typeof ops.readStatistics>['series'], by?: 'unit' | 'zone' | 'office') =>
      statistics.readStatistics({ ...call, payload: { series, period, ...(by ? { by } : {}), ...(asOf ? { asOf } : {}) } }, tx);
    const stats = (series: RequestOf<typeof ops.readStatistics>['series'], by?: 'unit' | 'zone' | 'office') =>
      statsOf(period, series, by);
    // Figure 1's quarters: those of the year up to the period's last (2026-Q3 → Q1…Q3, 2026-H1 → Q1, Q2).
    const quarters = chartQuarters(period);
    const cluesByQuarter = await Promise.all(quarters.map((q) => statsOf(q, 'case-management-quarterly')));
    const [
      petitions,
      clues,
      supervision,
      eightRules,
      cluesByOffice,
      supervisionByOffice,
      cluesByZone,
      petitionsByZone,
      cluesByUnit,
      cases,
      opinions,
    ] = await Promise.all([
      stats('petitions-monthly'),
      stats('case-management-quarterly'),
      stats('supervision-quarterly'),
      stats('eight-rules'),
      stats('case-management-quarterly', 'office'),
      stats('supervision-quarterly', 'office'),
      stats('case-management-quarterly', 'zone'),
      stats('petitions-monthly', 'zone'),
      stats('case-management-quarterly', 'unit'),
      stats('cases-quarterly'),
      stats('integrity-opinions-quarterly'),
    ]);
    // The overdue items: clocks breached in the period, rectifications past their day and still open.
    const { at, current } = readInstant(asOf, now());
    const scope = rowScope(call.actor, 'clocks');
    const clocks = await readLedgerRows(pool, schema, { ledger: 'clocks', asOf: at, current, state: 'breached' }, scope);
    const breached = clocks.filter((r) => within(r.dates['breachedAt'], range));
    const rectifications = await readLedgerRows(
      pool,
      schema,
      { ledger: 'rectifications', asOf: at, current, state: 'open' },
      scope,
    );
    const overdue = rectifications.filter((r) => r.dueOn !== undefined && r.dueOn <= range.to);

    const c = clues.totals;
    const s = supervision.totals;
    const p = petitions.totals;
    const kinds = ['inquiry', 'verification', 'shelve', 'close'] as const;
    const KIND_NAMES = { inquiry: '谈话函询', verification: '初步核实', shelve: '暂存待查', close: '予以了结' };
    const name = periodName(period);
    const offices = [...new Set([...cluesByOffice.groups, ...supervisionByOffice.groups].map((g) => g.key))].sort();
    const officeTable: BulletinTable = {
      caption: '表1 各监督检查室、派驻机构工作情况',
      headers: ['部门', '受理线索', '处置线索', '函询办结', '初核办结', '整改验收'],
      rows: offices.map((office) => {
        const cg = cluesByOffice.groups.find((g) => g.key === office);
        const sg = supervisionByOffice.groups.find((g) => g.key === office);
        return [
          office,
          n(cg, 'received'),
          n(cg, 'disposed'),
          n(sg, 'inquiries.concluded'),
          n(sg, 'verifications.decided'),
          n(sg, 'rectifications.verified'),
        ];
      }),
    };
    const zones = [...new Set([...cluesByZone.groups, ...petitionsByZone.groups].map((g) => g.key))].sort();
    const zoneTable: BulletinTable = {
      caption: '表2 各协作区情况对比',
      headers: ['协作区', '信访件', '受理线索', '处置线索'],
      rows: zones.map((zone) => {
        const cg = cluesByZone.groups.find((g) => g.key === zone);
        const pg = petitionsByZone.groups.find((g) => g.key === zone);
        return [zone, n(pg, 'received'), n(cg, 'received'), n(cg, 'disposed')];
      }),
    };
    const topUnits = [...cluesByUnit.groups].sort((a, b) => n(b, 'received') - n(a, 'received') || a.key.localeCompare(b.key));
    const unitTable: BulletinTable = {
      caption: '表3 受理线索较多的单位（前十）',
      headers: ['单位', '受理线索', '处置线索'],
      rows: topUnits.slice(0, 10).map((g) => [g.key, n(g, 'received'), n(g, 'disposed')]),
    };
    const k = cases.totals;
    const o = opinions.totals;
    const sanctionTable: BulletinTable = {
      caption: '表4 处分情况（按处分种类）',
      headers: ['处分类别', '处分种类', '件数'],
      rows: [
        ...PARTY_SANCTIONS.map((kind) => ['党纪处分', SANCTION_LABELS.party[kind], n(k, `sanctions.party.${kind}`)]),
        ...GOVERNMENTAL_SANCTIONS.map((kind) => [
          '政务处分',
          SANCTION_LABELS.governmental[kind],
          n(k, `sanctions.governmental.${kind}`),
        ]),
      ],
    };
    const zoneChart = petitionsByZone.groups;
    const figure1: BulletinFigure = {
      caption: `图1 ${period.slice(0, 4)}年各季度处置问题线索情况（件）`,
      image: chartPng({
        categories: quarters.map((q) => q.slice(5)),
        series: kinds.map((k) => ({ data: cluesByQuarter.map((q) => n(q.totals, `disposed.${k}`)) })),
      }),
      legend:
        `横轴自左至右为${quarters.map((q) => periodName(q).slice(5)).join('、')}；各柱自下而上：` +
        kinds.map((k, i) => `${CHART_COLOURS[i]?.name}为${KIND_NAMES[k]}`).join('，') +
        '。各季度数字：' +
        quarters
          .map(
            (q, i) =>
              `${q.slice(5)} ` +
              kinds.map((k) => `${KIND_NAMES[k]}${n(cluesByQuarter[i]?.totals, `disposed.${k}`)}件`).join('、'),
          )
          .join('；') +
        '。',
    };
    const figure2: BulletinFigure = {
      caption: `图2 ${name}各协作区信访举报件数（件）`,
      image: chartPng({ categories: zoneChart.map((g) => g.key), series: [{ data: zoneChart.map((g) => n(g, 'received')) }] }),
      legend:
        zoneChart.length === 0
          ? '本期无信访举报。'
          : '横轴自左至右为协作区' + zoneChart.map((g) => `${g.key}（${n(g, 'received')}件）`).join('、') + '。',
    };
    const content: BulletinContent = {
      title: `关于${name}监督执纪工作情况的通报`,
      issuer: limits.issuer,
      date: officialDate(beijingDay(at.toISOString())),
      sections: [
        {
          heading: '总体情况',
          paragraphs: [
            `${name}（${officialDate(range.from)}至${officialDate(range.to)}），共受理信访举报${n(p, 'received')}件，` +
              `其中实名${n(p, 'received.realName')}件；受理${n(p, 'accepted')}件，不予受理${n(p, 'notAccepted')}件，` +
              `移送案管室${n(p, 'transferred')}件。`,
            `案管室受理问题线索${n(c, 'received')}件，处置${n(c, 'disposed')}件，其中` +
              kinds.map((k) => `${KIND_NAMES[k]}${n(c, `disposed.${k}`)}件`).join('、') +
              '。',
            `办结谈话函询${n(s, 'inquiries.concluded')}件，初步核实作出结论${n(s, 'verifications.decided')}件；` +
              `发出纪律检查建议、监察建议${n(s, 'recommendations.issued')}份，验收整改${n(s, 'rectifications.verified')}项。`,
            `违反中央八项规定精神问题：信访举报${n(eightRules.totals, 'petitions')}件，问题线索${n(eightRules.totals, 'clues')}件。`,
          ],
        },
        {
          heading: '各监督检查室和派驻机构工作情况',
          paragraphs: ['各部门受理、处置线索和办理谈话函询、初步核实、整改验收情况见表1。'],
          tables: [officeTable],
        },
        {
          heading: '各协作区和单位情况对比',
          paragraphs: ['各协作区信访举报和问题线索情况见表2、图2，受理线索较多的单位见表3，各季度处置问题线索情况见图1。'],
          tables: [zoneTable, unitTable],
          figures: [figure1, figure2],
        },
        {
          heading: '超期事项和整改情况',
          paragraphs: [
            `本期超过办理时限${breached.length}项；逾期未完成整改${overdue.length}项。`,
            `本期验收整改${n(s, 'rectifications.verified')}项，按期完成率${percent(n(s, 'rectifications.onTimeRate'))}；` +
              `建议被拒绝${n(s, 'recommendations.refused')}份。`,
          ],
        },
        {
          heading: '审查调查、案件审理和廉政意见回复情况',
          paragraphs: [
            `本期立案${n(k, 'cases.filed')}件，不予立案${n(k, 'cases.filingRejected')}件，移送审理${n(k, 'cases.transferredToReview')}件，` +
              `退回补充调查${n(k, 'reviews.returned')}件。`,
            `案件审理作出处分${n(k, 'reviews.sanctioned')}件，其中给予党纪处分${n(k, 'sanctions.party')}件、政务处分${n(k, 'sanctions.governmental')}件；` +
              `免予或不予处分${n(k, 'reviews.concludedWithoutSanction')}件；发出加强监督建议书${n(k, 'advice.issued')}份。各处分种类见表4。`,
            `回复党风廉政意见${n(o, 'opinions.requests')}次、涉及${n(o, 'opinions.candidates')}人次，其中无问题${n(o, 'opinions.conclusion.no-issue')}人次、` +
              `暂缓${n(o, 'opinions.conclusion.postponed')}人次、否决${n(o, 'opinions.conclusion.vetoed')}人次；` +
              `转交案管室的舆情${n(o, 'publicOpinion.forwarded')}条。`,
          ],
          tables: [sanctionTable],
        },
        {
          heading: '典型案例',
          paragraphs: ['（典型案例由承办部门另行补充。分析数据不含任何人员姓名，此处不列举具体人员。）'],
        },
      ],
    };
    const bytes = await bulletinDocument(content);
    return file(`bulletin-${period}.docx`, DOCX_MEDIA_TYPE, bytes, limits);
  };
  return { exportLedger, exportClockBoard, readBulletin };
}
