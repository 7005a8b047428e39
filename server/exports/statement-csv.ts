// The statement's lines as CSV: UTF-8 with a byte-order mark (without it Excel reads the
// Chinese as the system code page), RFC 4180 (CRLF, quoted when needed), yuan with two decimals.
import { Readable } from 'node:stream';
import { formatYuan } from '../platform/money.js';
import type { StatementLine, StatementReader } from './statement-reader.js';

export const CSV_COLUMNS = [
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
] as const;

/**
 * One field, quoted when it holds a comma, quote or line break (RFC 4180). Text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe:
 * names come from the registry and must never execute on finance's machine.
 */
function csvField(value: string | number, text: boolean): string {
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A row; `text` marks the fields that come from people's typing (names), not from numbers. */
const csvRow = (fields: (string | number)[], text: (i: number) => boolean = () => false) => `${fields.map((f, i) => csvField(f, text(i))).join(',')}\r\n`;

/** Recipient, village, item, carer: typed by people. */
const TEXT_COLUMNS = new Set([2, 3, 5, 6]);

function lineFields(l: StatementLine): (string | number)[] {
  return [
    l.serviceDate,
    l.orderId,
    l.recipientName,
    l.villageName,
    l.categoryName,
    l.itemName,
    l.carerName,
    l.minutes,
    formatYuan(l.valueFen),
    formatYuan(l.withheldGradeFen),
    formatYuan(l.withheldCapFen),
    formatYuan(l.payableFen),
    formatYuan(l.carerPayFen),
  ];
}

/** Rows joined into chunks of this many, so a large statement is not a stream of tiny writes. */
const ROWS_PER_CHUNK = 500;

async function* csvChunks(reader: StatementReader): AsyncGenerator<string> {
  try {
    yield `\uFEFF${csvRow([...CSV_COLUMNS])}`;
    let chunk = '';
    let rows = 0;
    for await (const line of reader.lines()) {
      chunk += csvRow(lineFields(line), (i) => TEXT_COLUMNS.has(i));
      if (++rows % ROWS_PER_CHUNK === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  } finally {
    await reader.close();
  }
}

/** The CSV as a stream that reads the next lines only as the client takes them; closes the reader at the end. */
export function statementCsv(reader: StatementReader): Readable {
  return Readable.from(csvChunks(reader), { objectMode: false });
}
