// The statement as an Excel workbook, streamed (exceljs's WorkbookWriter): a summary sheet,
// subtotals by recipient and by service item, then every line. Amounts are numbers in yuan
// shown with two decimals, so finance can sum and filter them; the lines sheet is last
// because the zip is written in order and it is the one that grows.
import { PassThrough, type Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { GRADE_LABELS, headerFacts, totalFacts } from './statement-labels.js';
import type { StatementReader, StatementSubtotal } from './statement-reader.js';

const YUAN = '#,##0.00';
const bold = { bold: true };

/** fen → yuan as a spreadsheet number (two decimals are the cell's format). */
const yuan = (fen: number) => fen / 100;

/**
 * Waits while the client is slower than the database, so the workbook is not buffered whole;
 * rejects once the client has gone, so nobody reads the rest of the statement for nothing.
 */
function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new Error('the client closed the download'));
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (gone: boolean) => () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (gone) reject(new Error('the client closed the download'));
      else resolve();
    };
    const onDrain = settle(false);
    const onClose = settle(true);
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

type Sheet = ExcelJS.Worksheet;

function addSummary(book: ExcelJS.stream.xlsx.WorkbookWriter, reader: StatementReader): void {
  const h = reader.header;
  const sheet = book.addWorksheet('汇总');
  sheet.columns = [{ width: 24 }, { width: 48 }];
  sheet.addRow([`${h.organisationName} 服务结算单`]).font = { bold: true, size: 14 };
  for (const [label, value] of headerFacts(h)) sheet.addRow([label, value]).getCell(1).font = bold;
  sheet.addRow([]);
  sheet.addRow(['服务次数', h.services]).getCell(1).font = bold;
  sheet.addRow(['未上门次数', h.servicesMissed]).getCell(1).font = bold;
  for (const [label, fen] of totalFacts(h)) {
    const row = sheet.addRow([label, yuan(fen)]);
    row.getCell(1).font = bold;
    row.getCell(2).numFmt = YUAN;
  }
  sheet.addRow([]);
  sheet.addRow([`考核等级 ${GRADE_LABELS[h.grade]}：应付金额 = 服务金额 − 按等级扣减 − 超出县级资金扣减`]);
  sheet.commit();
}

async function addSubtotals(
  book: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  heading: [string, string],
  rows: AsyncGenerator<StatementSubtotal>,
  out: Writable,
): Promise<void> {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ width: 16 }, { width: 18 }, { width: 10 }, { width: 14 }, { width: 14 }, { width: 14 }];
  headingRow(sheet, [...heading, '服务次数', '服务金额（元）', '扣减（元）', '应付金额（元）']);
  let n = 0;
  for await (const s of rows) {
    const row = sheet.addRow([s.name, s.detail, s.services, yuan(s.valueFen), yuan(s.withheldFen), yuan(s.payableFen)]);
    for (const c of [4, 5, 6]) row.getCell(c).numFmt = YUAN;
    row.commit();
    if (++n % 1000 === 0) await drained(out);
  }
  sheet.commit();
}

function headingRow(sheet: Sheet, titles: string[]): void {
  const row = sheet.addRow(titles);
  row.font = bold;
  row.commit();
}

async function addLines(book: ExcelJS.stream.xlsx.WorkbookWriter, reader: StatementReader, out: Writable): Promise<void> {
  const sheet = book.addWorksheet('明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { width: 12 },
    { width: 10 },
    { width: 12 },
    { width: 14 },
    { width: 10 },
    { width: 18 },
    { width: 12 },
    { width: 10 },
    { width: 14 },
    { width: 14 },
    { width: 16 },
    { width: 14 },
    { width: 14 },
  ];
  headingRow(sheet, [
    '服务日期',
    '订单号',
    '服务对象',
    '所在村',
    '服务类别',
    '服务项目',
    '服务人员',
    '核定时长（分钟）',
    '服务金额（元）',
    '按等级扣减（元）',
    '超出县级资金扣减（元）',
    '应付金额（元）',
    '服务人员报酬（元）',
  ]);
  let n = 0;
  for await (const l of reader.lines()) {
    const row = sheet.addRow([
      // a date at UTC midnight is the calendar date in every spreadsheet's zone
      new Date(`${l.serviceDate}T00:00:00Z`),
      l.orderId,
      l.recipientName,
      l.villageName,
      l.categoryName,
      l.itemName,
      l.carerName,
      l.minutes,
      yuan(l.valueFen),
      yuan(l.withheldGradeFen),
      yuan(l.withheldCapFen),
      yuan(l.payableFen),
      yuan(l.carerPayFen),
    ]);
    row.getCell(1).numFmt = 'yyyy-mm-dd';
    for (const c of [9, 10, 11, 12, 13]) row.getCell(c).numFmt = YUAN;
    row.commit();
    if (++n % 1000 === 0) await drained(out);
  }
  sheet.commit();
}

/** Writes the workbook into `out`; closes the reader whether or not it succeeds. */
async function writeWorkbook(reader: StatementReader, out: PassThrough): Promise<void> {
  try {
    // exceljs is loaded the first time someone downloads a workbook: it is 670 modules, a
    // third of what the server would otherwise load at start (and every test file with it)
    const { default: Excel } = await import('exceljs');
    const book = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    book.creator = 'Nuanxin';
    addSummary(book, reader);
    await addSubtotals(book, '按服务对象', ['服务对象', '所在村'], reader.byRecipient(), out);
    await addSubtotals(book, '按服务项目', ['服务项目', '服务类别'], reader.byItem(), out);
    await addLines(book, reader, out);
    // everything is read: give the snapshot back before the last bytes go out
    await reader.close();
    await book.commit();
  } finally {
    await reader.close();
  }
}

/** The workbook as a stream; a failure half-way ends the stream with the error. */
export function statementXlsx(reader: StatementReader): PassThrough {
  const out = new PassThrough();
  writeWorkbook(reader, out).catch((err: Error) => out.destroy(err));
  return out;
}
