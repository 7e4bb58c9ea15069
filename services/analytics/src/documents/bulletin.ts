// The 通报 draft as a Word document (issue 11), in the form of an official document (党政机关公文):
// the title in 方正小标宋简体 二号, centred; the issuing body and the date (2026年6月30日); the body
// in 仿宋_GB2312 三号 (16 pt), first lines indented two characters, sections numbered 一、二、…
// Every figure comes from the statistics the routes answer (BulletinFigures); analytics holds no
// name, so the typical cases are a placeholder for the office to fill in.
import { AlignmentType, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ChartImage } from './charts.js';

export const TITLE_FONT = '方正小标宋简体';
export const BODY_FONT = '仿宋_GB2312';
export const HEADING_FONT = '黑体';
/** Half-points: 二号 22 pt, 三号 16 pt. */
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
const TABLE_SIZE = 24; // 小四 12 pt, as tables in official documents usually are

export interface BulletinTable {
  caption: string;
  headers: string[];
  rows: (string | number)[][];
}

/** A chart: the image, its caption (图1 …) and the text that names what the image cannot (no CJK font). */
export interface BulletinFigure {
  caption: string;
  image: ChartImage;
  /** The categories and colours in words, under the caption. */
  legend: string;
}

/** The width a chart takes on the page, in pixels at 96 dpi (the text block is about 590). */
const FIGURE_WIDTH = 560;

export interface BulletinContent {
  title: string;
  issuer: string;
  /** The date as official documents write it: 2026年6月30日. */
  date: string;
  /** Numbered sections (一、二、…): a heading, paragraphs, tables. */
  sections: { heading: string; paragraphs: string[]; tables?: BulletinTable[]; figures?: BulletinFigure[] }[];
}

/** 2026-06-30 → 2026年6月30日. */
export function officialDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export const sectionNumber = (i: number) => `${NUMERALS[i] ?? String(i + 1)}、`;

const run = (text: string, font = BODY_FONT, size = BODY_SIZE, bold = false) =>
  new TextRun({ text, font: { ascii: font, eastAsia: font, hAnsi: font }, size, bold });

const body = (text: string) =>
  new Paragraph({ children: [run(text)], indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' } });

function table(t: BulletinTable): (Paragraph | Table)[] {
  const cell = (text: string | number, header = false) =>
    new TableCell({
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [run(String(text), BODY_FONT, TABLE_SIZE, header)] }),
      ],
    });
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(t.caption, BODY_FONT, TABLE_SIZE, true)] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: t.headers.map((h) => cell(h, true)) }),
        ...t.rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
      ],
    }),
  ];
}

function figure(f: BulletinFigure): Paragraph[] {
  const height = Math.round((FIGURE_WIDTH * f.image.height) / f.image.width);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: 'png',
          data: f.image.png,
          transformation: { width: FIGURE_WIDTH, height },
          altText: { name: f.caption, title: f.caption, description: f.legend },
        }),
      ],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(f.caption, BODY_FONT, TABLE_SIZE, true)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(f.legend, BODY_FONT, TABLE_SIZE)] }),
  ];
}

export async function bulletinDocument(content: BulletinContent): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 400, line: 700, lineRule: 'exact' },
      children: [run(content.title, TITLE_FONT, TITLE_SIZE)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(content.issuer)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [run(content.date)] }),
  ];
  content.sections.forEach((section, i) => {
    children.push(
      new Paragraph({
        indent: { firstLine: 640 },
        spacing: { line: 560, lineRule: 'exact' },
        children: [run(`${sectionNumber(i)}${section.heading}`, HEADING_FONT)],
      }),
    );
    for (const p of section.paragraphs) children.push(body(p));
    for (const t of section.tables ?? []) children.push(...table(t));
    for (const f of section.figures ?? []) children.push(...figure(f));
  });
  // The issuing body and the date again at the end, right-aligned, as the signature of the document.
  children.push(
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 600 }, children: [run(content.issuer)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(content.date)] }),
  );
  const document = new Document({
    title: content.title,
    creator: content.issuer,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [
      {
        // GB/T 9704: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (twips).
        properties: {
          page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
