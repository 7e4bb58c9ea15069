// The reply letter (廉政意见回复函, .docx) in the form of an official document (党政机关公文格式,
// GB/T 9704 in outline): the issuing body, the document number, the title, the addressee, one
// paragraph per candidate with its conclusion and the kinds and numbers of what it cites, the
// issuing body and the date. Only once the reply has gone out; the gateway sends the file itself.
import type { Pool } from 'pg';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import {
  DOCX_MEDIA_TYPE,
  DomainException,
  publicityOperations as ops,
  type Citation,
  type OpinionConclusion,
} from '@jiandu/contracts';
import { refusal } from '@jiandu/decision';
import type { Handler } from '@jiandu/runtime';
import { readRequest } from './opinion-requests.queries.js';

const PURPOSE: Record<string, string> = { promotion: '提拔', commendation: '评优评先', appointment: '任用' };
export const CONCLUSION_TEXT: Record<OpinionConclusion, string> = {
  'no-issue': '未发现影响其提拔使用、评优评先的问题',
  postponed: '存在尚未办结的问题线索，建议暂缓',
  vetoed: '处于处分影响期内，建议否决',
};
const KIND_TEXT: Record<Citation['kind'], string> = {
  petition: '信访件',
  clue: '问题线索',
  inquiry: '谈话函询',
  verification: '初步核实',
  case: '审查调查案件',
  sanction: '处分',
};

export interface LetterInput {
  reference: string;
  purpose: string;
  onDate: string;
  repliedOn: string;
  candidates: { name: string; unitId: string; position: string; conclusion: OpinionConclusion; citations: Citation[] }[];
}

const FONT = { font: '仿宋_GB2312', size: 32 }; // 三号
const line = (
  text: string,
  options: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {},
) =>
  new Paragraph({
    alignment: options.align ?? AlignmentType.LEFT,
    children: [new TextRun({ text, ...FONT, bold: options.bold ?? false, size: options.size ?? FONT.size })],
  });

/** The letter as a .docx buffer. */
export async function replyLetter(input: LetterInput): Promise<Buffer> {
  const [y, m, d] = input.repliedOn.split('-').map(Number) as [number, number, number];
  const paragraphs = input.candidates.map((c, i) => {
    const cites = c.citations.map((x) => `${KIND_TEXT[x.kind]}（编号 ${x.number}）`).join('、');
    return line(
      `${i + 1}. ${c.name}（${c.unitId}，${c.position}）：${CONCLUSION_TEXT[c.conclusion]}${cites ? `。依据：${cites}` : ''}。`,
    );
  });
  const doc = new Document({
    creator: '组宣部',
    title: '廉政意见回复',
    sections: [
      {
        children: [
          line('区纪委监委', { bold: true, align: AlignmentType.CENTER, size: 44 }),
          line(`关于${input.reference}的廉政意见回复`, { bold: true, align: AlignmentType.CENTER, size: 44 }),
          line(''),
          line('区委组织部：'),
          line(
            `    你部《${input.reference}》收悉。经信访室、案管室、审理室核查（截至 ${input.onDate}），并经委领导审批，现就拟${PURPOSE[input.purpose] ?? ''}人选的廉政情况回复如下：`,
          ),
          ...paragraphs,
          line(''),
          line('区纪委监委组宣部', { align: AlignmentType.RIGHT }),
          line(`${y}年${m}月${d}日`, { align: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export function replyLetterQueries(pool: Pool, schema: string) {
  const getReplyLetter: Handler<typeof ops.getReplyLetter> = async (call) => {
    const row = await readRequest(pool, schema, call.payload.requestId);
    if (row.status !== 'replied' || !row.replied_on)
      throw new DomainException(
        refusal('OPINION_NOT_REPLIED', 409, '回复尚未发出，暂无回复函', 'the reply has not gone out: there is no letter yet'),
      );
    const buffer = await replyLetter({
      reference: row.reference,
      purpose: row.purpose,
      onDate: row.on_date,
      repliedOn: row.replied_on,
      candidates: row.candidates.map((c) => ({
        name: c.name,
        unitId: c.unitId,
        position: c.position,
        conclusion: c.conclusion ?? 'no-issue',
        citations: c.citations ?? [],
      })),
    });
    return { fileName: `opinion-reply-${row.id}.docx`, mediaType: DOCX_MEDIA_TYPE, contentBase64: buffer.toString('base64') };
  };
  return { getReplyLetter };
}
