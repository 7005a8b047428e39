// The statement as a PDF for signing and filing: header, totals, subtotals by service item
// and by recipient, and the lines. A printable document, not a data file: the lines and the
// recipients stop at PDF_ROW_LIMIT each with a note that the CSV has them all (tens of
// thousands of lines are a thousand pages nobody prints, and pdfkit keeps pages in memory
// until it numbers them).
import PDFDocument from 'pdfkit';
import { formatYuan } from '../platform/money.js';
import { headerFacts, monthLabel, totalFacts } from './statement-labels.js';
import type { StatementReader, StatementSubtotal } from './statement-reader.js';
import type { StatementFonts } from './statement-font.js';

/** Most lines, and most recipients, a PDF lists. */
const PDF_ROW_LIMIT = 2000;

const MARGIN = 36;
const ROW = 15;
const SIZE = 8.5;

interface Column {
  title: string;
  width: number;
  right?: boolean;
}

type Doc = PDFKit.PDFDocument;

/** Cuts `text` to fit `width` at the current font, ending with an ellipsis when cut. */
function fit(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = [...text];
  while (chars.length && doc.widthOfString(`${chars.join('')}…`) > width) chars.pop();
  return `${chars.join('')}…`;
}

/** Room for `height` more on this page, else a new page. */
function ensureRoom(doc: Doc, height: number): boolean {
  if (doc.y + height <= doc.page.height - MARGIN - 14) return false;
  doc.addPage();
  return true;
}

function cells(doc: Doc, columns: Column[], values: string[], font: 'regular' | 'bold'): void {
  doc.font(font).fontSize(SIZE);
  const y = doc.y;
  let x = MARGIN;
  columns.forEach((c, i) => {
    doc.text(fit(doc, values[i], c.width - 4), x + 2, y + 3, { width: c.width - 4, align: c.right ? 'right' : 'left', lineBreak: false });
    x += c.width;
  });
  doc.x = MARGIN;
  doc.y = y + ROW;
}

function headingRow(doc: Doc, columns: Column[]): void {
  const width = columns.reduce((sum, c) => sum + c.width, 0);
  doc.save().rect(MARGIN, doc.y, width, ROW).fill('#e8eef5').restore();
  cells(
    doc,
    columns,
    columns.map((c) => c.title),
    'bold',
  );
}

/** A table whose heading row repeats on every page it spans; returns how many rows it drew. */
async function table<T>(doc: Doc, columns: Column[], rows: AsyncIterable<T>, values: (row: T) => string[]): Promise<number> {
  ensureRoom(doc, ROW * 3);
  headingRow(doc, columns);
  let n = 0;
  for await (const row of rows) {
    if (ensureRoom(doc, ROW)) headingRow(doc, columns);
    cells(doc, columns, values(row), 'regular');
    n++;
  }
  return n;
}

function section(doc: Doc, title: string): void {
  ensureRoom(doc, ROW * 4);
  doc.moveDown(0.8).font('bold').fontSize(11).text(title, MARGIN, doc.y);
  doc.moveDown(0.3);
}

function note(doc: Doc, text: string): void {
  ensureRoom(doc, ROW * 2);
  doc.moveDown(0.3).font('regular').fontSize(SIZE).fillColor('#666666').text(text, MARGIN, doc.y).fillColor('black');
}

const subtotalColumns = (name: string, detail: string, detailWidth: number): Column[] => [
  { title: name, width: 270 - detailWidth },
  { title: detail, width: detailWidth },
  { title: '次数', width: 50, right: true },
  { title: '服务金额', width: 67, right: true },
  { title: '扣减', width: 68, right: true },
  { title: '应付金额', width: 68, right: true },
];
const subtotalValues = (s: StatementSubtotal) => [
  s.name,
  s.detail,
  String(s.services),
  formatYuan(s.valueFen),
  formatYuan(s.withheldFen),
  formatYuan(s.payableFen),
];

const lineColumns: Column[] = [
  { title: '服务日期', width: 60 },
  { title: '服务对象', width: 66 },
  { title: '服务项目', width: 120 },
  { title: '服务人员', width: 60 },
  { title: '分钟', width: 37, right: true },
  { title: '服务金额', width: 60, right: true },
  { title: '扣减', width: 60, right: true },
  { title: '应付金额', width: 60, right: true },
];

function header(doc: Doc, reader: StatementReader): void {
  const h = reader.header;
  doc.font('bold').fontSize(16).text(h.organisationName, { align: 'center' });
  doc
    .fontSize(12)
    .text(`服务结算单 · ${monthLabel(h.month)}`, { align: 'center' })
    .moveDown(0.8);
  const facts: [string, string][] = [
    ...headerFacts(h).slice(1),
    ['服务次数', String(h.services)],
    ['未上门次数', String(h.servicesMissed)],
    ...totalFacts(h).map(([label, fen]): [string, string] => [label, formatYuan(fen)]),
  ];
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font('bold').fontSize(9.5).text(label, MARGIN, y, { width: 130, lineBreak: false });
    doc.font('regular').text(value, MARGIN + 130, y, { width: 390 });
    doc.moveDown(0.15);
  }
}

/** Numbers every page at its foot (the pages are buffered until now). */
function pageNumbers(doc: Doc): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the margin must not start a new page
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#666666')
      .text(`第 ${i + 1} 页 / 共 ${count} 页`, MARGIN, doc.page.height - MARGIN + 6, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

async function writePdf(doc: Doc, reader: StatementReader): Promise<void> {
  try {
    const h = reader.header;
    header(doc, reader);
    section(doc, '按服务项目小计');
    await table(doc, subtotalColumns('服务项目', '服务类别', 80), reader.byItem(), subtotalValues);
    section(doc, '按服务对象小计');
    const recipients = await table(doc, subtotalColumns('服务对象', '所在村', 150), reader.byRecipient(PDF_ROW_LIMIT), subtotalValues);
    if (recipients >= PDF_ROW_LIMIT) note(doc, `仅列出前 ${PDF_ROW_LIMIT} 位服务对象；完整小计见 XLSX 结算单。`);
    section(doc, '服务明细');
    const lines = await table(doc, lineColumns, reader.lines(PDF_ROW_LIMIT), (l) => [
      l.serviceDate,
      l.recipientName,
      l.itemName,
      l.carerName,
      String(l.minutes),
      formatYuan(l.valueFen),
      formatYuan(l.withheldGradeFen + l.withheldCapFen),
      formatYuan(l.payableFen),
    ]);
    if (lines < h.services) note(doc, `仅列出前 ${lines} 条（共 ${h.services} 条）；全部明细见 CSV 或 XLSX 结算单。`);
    note(doc, '金额单位：元。扣减 = 按等级扣减 + 超出县级资金扣减；应付金额 = 服务金额 − 扣减。');
    // everything is read: give the snapshot back before the document goes out
    await reader.close();
    pageNumbers(doc);
    doc.end();
  } finally {
    await reader.close();
  }
}

/** The PDF as a stream (the document itself); a failure half-way ends it with the error. */
export function statementPdf(reader: StatementReader, fonts: StatementFonts): Doc {
  const h = reader.header;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${h.organisationName} ${monthLabel(h.month)} 服务结算单`, Author: 'Nuanxin' },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('regular');
  writePdf(doc, reader).catch((err: Error) => doc.destroy(err));
  return doc;
}
