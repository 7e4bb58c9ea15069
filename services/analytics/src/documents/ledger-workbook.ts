// A ledger (台账) as an Excel workbook (issue 11): one row per item, the same rows and values the
// ledger route answers, Chinese headers, dates as dates (Beijing time), numbers as numbers.
import ExcelJS from 'exceljs';
import type { LedgerRow } from '@jiandu/contracts';

/** The ledgers' Chinese names (the sheet's name and the file's). */
export const LEDGER_TITLES: Record<string, string> = {
  petitions: '信访件台账',
  clues: '问题线索台账',
  inquiries: '谈话函询台账',
  verifications: '初步核实台账',
  recommendations: '纪律检查建议监察建议台账',
  rectifications: '整改台账',
  'oversight-tasks': '督查督办事项台账',
  'agency-reports': '派驻机构报告台账',
  cases: '审查调查台账',
  reviews: '案件审理台账',
  'supervision-advice': '加强监督建议书台账',
  'integrity-opinions': '廉政意见回复台账',
  'public-opinion': '舆情台账',
};

/** The fixed columns: the row's field, its Chinese header, and whether it is a date or a date-time. */
export const LEDGER_COLUMNS: readonly { field: keyof LedgerRow; header: string; type?: 'date' | 'datetime' }[] = [
  { field: 'id', header: '事项编号' },
  { field: 'state', header: '状态' },
  { field: 'number', header: '线索登记编号' },
  { field: 'clueId', header: '所涉线索' },
  { field: 'unitId', header: '所涉单位' },
  { field: 'zoneId', header: '协作区' },
  { field: 'office', header: '承办部门' },
  { field: 'category', header: '问题类别' },
  { field: 'source', header: '来源或渠道' },
  { field: 'kind', header: '种类' },
  { field: 'openedAt', header: '首次记录时间', type: 'datetime' },
  { field: 'updatedAt', header: '最近变动时间', type: 'datetime' },
  { field: 'dueOn', header: '期限日', type: 'date' },
  { field: 'closedOn', header: '办结日', type: 'date' },
];
/** Headers of the `dates` and `facts` columns: `日期:<name>`, `事实:<name>`. */
export const DATE_HEADER = '日期:';
export const FACT_HEADER = '事实:';

const BEIJING_MS = 8 * 3_600_000;

/**
 * An ISO date (a Beijing calendar day) or date-time as the Date whose UTC reading is the Beijing
 * wall time: Excel stores no time zone, so the cell shows the day and time in Beijing.
 */
export function excelDate(value: string): Date {
  return value.length === 10 ? new Date(`${value}T00:00:00Z`) : new Date(Date.parse(value) + BEIJING_MS);
}

export async function ledgerWorkbook(
  ledger: string,
  rows: readonly LedgerRow[],
  asOf: string,
): Promise<{ fileName: string; content: Buffer }> {
  const title = LEDGER_TITLES[ledger] ?? ledger;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jiandu analytics';
  workbook.title = title;
  workbook.created = new Date(asOf);
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  const dateNames = [...new Set(rows.flatMap((r) => Object.keys(r.dates)))].sort();
  const factNames = [...new Set(rows.flatMap((r) => Object.keys(r.facts)))].sort();
  sheet.columns = [
    ...LEDGER_COLUMNS.map((c) => ({
      header: c.header,
      key: c.field,
      width: c.type === 'datetime' ? 18 : 14,
      ...(c.type ? { style: { numFmt: c.type === 'date' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss' } } : {}),
    })),
    ...dateNames.map((n) => ({ header: `${DATE_HEADER}${n}`, key: `d.${n}`, width: 18 })),
    ...factNames.map((n) => ({ header: `${FACT_HEADER}${n}`, key: `f.${n}`, width: 14 })),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const values: Record<string, unknown> = {};
    for (const c of LEDGER_COLUMNS) {
      const v = row[c.field];
      if (v === undefined) continue;
      values[c.field] = c.type ? excelDate(String(v)) : v;
    }
    for (const n of dateNames) {
      const v = row.dates[n];
      if (v !== undefined) values[`d.${n}`] = excelDate(v);
    }
    for (const n of factNames) {
      const v = row.facts[n];
      if (v !== undefined) values[`f.${n}`] = v;
    }
    const added = sheet.addRow(values);
    dateNames.forEach((n, i) => {
      const v = row.dates[n];
      if (v !== undefined)
        added.getCell(LEDGER_COLUMNS.length + i + 1).numFmt = v.length === 10 ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss';
    });
  }
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `${ledger}-${asOf.slice(0, 10)}.xlsx`, content };
}
