// The clock board (时限看板) as an Excel workbook (issue 11): one row per clock, the same rows and
// values the clock board route answers, Chinese headers, days and instants as dates (Beijing time).
import ExcelJS from 'exceljs';
import type { analyticsOperations as ops } from '@jiandu/contracts';
import type { ResponseOf } from '@jiandu/runtime';
import { excelDate } from './ledger-workbook.js';

export type BoardRow = ResponseOf<typeof ops.readClockBoard>['items'][number];

export const CLOCK_BOARD_TITLE = '时限看板';

/** The states in Chinese: running 进行中, approaching 临近期限, breached 已超期, met 按期完成. */
export const CLOCK_STATE_LABELS: Record<BoardRow['state'], string> = {
  running: '进行中',
  approaching: '临近期限',
  breached: '已超期',
  met: '按期完成',
};

/** The columns: the row's field, its Chinese header, and whether it is a day or an instant. */
export const CLOCK_BOARD_COLUMNS: readonly { field: keyof BoardRow; header: string; type?: 'date' | 'datetime' }[] = [
  { field: 'id', header: '时限编号' },
  { field: 'service', header: '所属系统' },
  { field: 'measures', header: '计时事项' },
  { field: 'rule', header: '时限规则' },
  { field: 'subject', header: '所涉事项' },
  { field: 'office', header: '承办部门' },
  { field: 'unitId', header: '所涉单位' },
  { field: 'zoneId', header: '协作区' },
  { field: 'state', header: '状态' },
  { field: 'startedOn', header: '起算日', type: 'date' },
  { field: 'dueOn', header: '期限日', type: 'date' },
  { field: 'provisional', header: '期限暂定（无官方日历）' },
  { field: 'approachingAt', header: '临近期限提示时间', type: 'datetime' },
  { field: 'breachedAt', header: '超期时间', type: 'datetime' },
  { field: 'extendedAt', header: '最近延长时间', type: 'datetime' },
  { field: 'extensions', header: '延长次数' },
  { field: 'stoppedOn', header: '完成日', type: 'date' },
];

export async function clockBoardWorkbook(
  rows: readonly BoardRow[],
  asOf: string,
): Promise<{ fileName: string; content: Buffer }> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jiandu analytics';
  workbook.title = CLOCK_BOARD_TITLE;
  workbook.created = new Date(asOf);
  const sheet = workbook.addWorksheet(CLOCK_BOARD_TITLE, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = CLOCK_BOARD_COLUMNS.map((c) => ({
    header: c.header,
    key: c.field,
    width: c.type === 'datetime' ? 18 : c.field === 'rule' || c.field === 'id' ? 28 : 14,
    ...(c.type ? { style: { numFmt: c.type === 'date' ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const values: Record<string, unknown> = {};
    for (const c of CLOCK_BOARD_COLUMNS) {
      const v = row[c.field];
      if (v === undefined) continue;
      if (c.field === 'state') values[c.field] = CLOCK_STATE_LABELS[row.state];
      else if (c.field === 'provisional') values[c.field] = row.provisional ? '是' : '否';
      else values[c.field] = c.type ? excelDate(String(v)) : v;
    }
    sheet.addRow(values);
  }
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `clocks-${asOf.slice(0, 10)}.xlsx`, content };
}
