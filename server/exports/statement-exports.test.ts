import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import Fastify from 'fastify';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyToday } from '../platform/county-time.js';
import { decryptIdNumber } from '../registry/id-number.js';
import { insertStatement, type StatementTotals } from './test-support.js';
import { CSV_COLUMNS } from './statement-csv.js';
import { statementExports } from './routes.js';

let world: TestWorld;
let fx: Fixtures;
let statementA: StatementTotals;
let statementB: StatementTotals;
let idNumbers: string[];
const month = countyToday().slice(0, 7);
const ORG_A = '峡江县暖心社会工作服务中心';
/** A name that needs quoting in CSV, and one a spreadsheet would run as a formula. */
const QUOTED = '王"小,二';
const FORMULA = '=HYPERLINK("x")';

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  const extra = await addRecipients(world, 3, { villageId: fx.villageA1, townshipId: fx.townshipA });
  await world.db.updateTable('recipients').set({ name: QUOTED }).where('id', '=', extra[0]).execute();
  await world.db.updateTable('recipients').set({ name: FORMULA }).where('id', '=', extra[1]).execute();
  await prepareOrdering(world, fx);
  const finance = await world.db.selectFrom('users').select('id').where('role', '=', 'finance').executeTakeFirstOrThrow();
  const admin = await world.db.selectFrom('users').select('id').where('role', '=', 'county_admin').executeTakeFirstOrThrow();
  statementA = await insertStatement(world, {
    organisationId: fx.orgA,
    month,
    services: 45,
    recipientIds: [fx.recipientA, ...extra],
    carerIds: [fx.carerA],
    grade: 'good',
    coefficient: '0.950',
    runBy: admin.id,
    approvedBy: finance.id,
  });
  statementB = await insertStatement(world, {
    organisationId: fx.orgB,
    month,
    services: 6,
    recipientIds: [fx.recipientB],
    carerIds: [fx.carerB],
    grade: 'excellent',
    coefficient: '1.000',
    runBy: null,
  });
  const stored = await world.db.selectFrom('recipients').select('id_number_ciphertext').execute();
  idNumbers = stored.map((r) => decryptIdNumber(r.id_number_ciphertext, world.config.DATA_KEY));
});
afterAll(() => world?.close());

const download = (id: number | string, extension: string, token?: string) =>
  world.app.inject({
    method: 'GET',
    url: `/settlements/${id}/statement.${extension}`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

const fen = (yuan: string | number) => Math.round(Number(yuan) * 100);
const sum = (values: (string | number)[]) => values.reduce<number>((total, v) => total + fen(v), 0);

function expectNoIdNumbers(text: string) {
  expect(idNumbers.length).toBeGreaterThan(0);
  for (const id of idNumbers) expect(text).not.toContain(id);
}

describe('CSV statement', () => {
  it('has every line, UTF-8 with a BOM, RFC 4180 quoting, sums equal to the statement', async () => {
    const res = await download(statementA.id, 'csv', fx.tokens.finance);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain(`filename="statement-${statementA.id}-${month}.csv"`);
    expect(res.headers['cache-control']).toContain('no-store');
    const body = res.rawPayload;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text.split('\r\n').length).toBe(statementA.services + 2); // heading, lines, the empty string after the last CRLF
    const rows: string[][] = parse(text, { bom: true });
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const lines = rows.slice(1);
    expect(lines).toHaveLength(statementA.services);
    expect(sum(lines.map((r) => r[8]))).toBe(statementA.value_fen);
    expect(sum(lines.map((r) => r[9]))).toBe(statementA.withheld_grade_fen);
    expect(sum(lines.map((r) => r[10]))).toBe(statementA.withheld_cap_fen);
    expect(sum(lines.map((r) => r[11]))).toBe(statementA.payable_fen);
    expect(sum(lines.map((r) => r[12]))).toBe(statementA.carer_pay_fen);
    expect(statementA.withheld_grade_fen).toBeGreaterThan(0);
    expect(statementA.withheld_cap_fen).toBeGreaterThan(0);
    for (const r of lines) expect(r[8]).toMatch(/^\d+\.\d{2}$/);
    const names = new Set(lines.map((r) => r[2]));
    expect(names).toContain(QUOTED);
    expect(names).toContain(`'${FORMULA}`);
    expect(names).toContain('王大爷');
    const dates = lines.map((r) => r[0]);
    expect(dates).toEqual([...dates].sort());
    expect(dates.every((d) => d.startsWith(month))).toBe(true);
    // the item and its category by their Chinese names, never a code like meal_help
    for (const r of lines) expect([r[4], r[5]]).toEqual([expect.stringMatching(/^\p{Script=Han}+$/u), expect.stringMatching(/\p{Script=Han}/u)]);
    expect(text).not.toMatch(/[a-z]+_[a-z]+/);
    expectNoIdNumbers(text);
  });
});

describe('XLSX statement', () => {
  it('reads back with the header, totals, subtotals and every line', async () => {
    const res = await download(statementA.id, 'xlsx', fx.tokens.evaluator);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '按服务对象', '按服务项目', '明细']);

    const summary = new Map<string, unknown>();
    book.getWorksheet('汇总')!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(summary.get('服务机构')).toBe(ORG_A);
    expect(summary.get('考核等级')).toBe('良好（系数 0.950）');
    expect(summary.get('状态')).toBe('已审核');
    expect(summary.get('审核')).toMatch(/^finance（\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/);
    expect(summary.get('服务次数')).toBe(statementA.services);
    expect(fen(summary.get('服务金额（元）') as number)).toBe(statementA.value_fen);
    expect(fen(summary.get('按等级扣减（元）') as number)).toBe(statementA.withheld_grade_fen);
    expect(fen(summary.get('超出县级资金扣减（元）') as number)).toBe(statementA.withheld_cap_fen);
    expect(fen(summary.get('应付金额（元）') as number)).toBe(statementA.payable_fen);
    expect(fen(summary.get('服务人员报酬（元）') as number)).toBe(statementA.carer_pay_fen);

    const values = (sheet: string) => {
      const rows: unknown[][] = [];
      book.getWorksheet(sheet)!.eachRow((row, n) => {
        if (n > 1) rows.push((row.values as unknown[]).slice(1));
      });
      return rows;
    };
    const byRecipient = values('按服务对象');
    expect(byRecipient).toHaveLength(4);
    expect(byRecipient.reduce<number>((n, r) => n + (r[2] as number), 0)).toBe(statementA.services);
    expect(sum(byRecipient.map((r) => r[5] as number))).toBe(statementA.payable_fen);
    const byItem = values('按服务项目');
    expect(sum(byItem.map((r) => r[3] as number))).toBe(statementA.value_fen);
    for (const r of byItem) expect([r[0], r[1]]).toEqual([expect.stringMatching(/\p{Script=Han}/u), expect.stringMatching(/^\p{Script=Han}+$/u)]);

    const lines = values('明细');
    expect(lines).toHaveLength(statementA.services);
    expect(sum(lines.map((r) => r[8] as number))).toBe(statementA.value_fen);
    expect(sum(lines.map((r) => r[11] as number))).toBe(statementA.payable_fen);
    expect((lines[0][0] as Date).toISOString().slice(0, 7)).toBe(month);
    expect(book.getWorksheet('明细')!.getCell('I2').numFmt).toBe('#,##0.00');
    expectNoIdNumbers(JSON.stringify([...summary.values(), byRecipient, byItem, lines]));
  });
});

/** Every Unicode code point the PDF's fonts map glyphs back to (their ToUnicode CMaps). */
function mappedCodePoints(pdf: Buffer): Set<number> {
  const codes = new Set<number>();
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    if (!content.includes('begincmap')) continue;
    for (const hex of content.matchAll(/<([0-9a-fA-F]{4})>/g)) codes.add(parseInt(hex[1], 16));
  }
  return codes;
}

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('PDF statement', () => {
  it('embeds the CJK font and uses its glyphs for the organisation, the grade and the lines', async () => {
    const res = await download(statementA.id, 'pdf', fx.tokens.admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(raw).toContain('/FontFile3');
    const mapped = mappedCodePoints(pdf);
    for (const ch of `${ORG_A}良好服务明细王大爷`) expect(mapped, ch).toContain(ch.codePointAt(0));
  });

  it.skipIf(!hasPdftotext)('reads back as Chinese text (pdftotext)', async () => {
    const res = await download(statementA.id, 'pdf', fx.tokens.finance);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'statement-')), 'statement.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(ORG_A);
    expect(text).toContain('良好（系数 0.950）');
    expect(text).toContain('服务明细');
    expect(text).toContain('王大爷');
    expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*\d+\s*页/);
    expectNoIdNumbers(text);
  });

  it('answers 503 with a clear message when the font is not installed, and leaks no connection', async () => {
    const app = Fastify();
    await app.register(statementExports, { db: world.db, fontDirectory: path.join(tmpdir(), 'no-such-font-dir') });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({
          method: 'GET',
          url: `/settlements/${statementA.id}/statement.pdf`,
          headers: { authorization: `Bearer ${fx.tokens.finance}` },
        });
        expect(res.statusCode).toBe(503);
        expect(res.json().error).toMatch(/Chinese font of @embedpdf\/fonts-sc.*npm ci/);
      }
      // the CSV still works there: the failed PDFs gave back their download slots
      const csv = await app.inject({
        method: 'GET',
        url: `/settlements/${statementA.id}/statement.csv`,
        headers: { authorization: `Bearer ${fx.tokens.finance}` },
      });
      expect(csv.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('who may download', () => {
  const formats = ['csv', 'xlsx', 'pdf'];

  it('401 without a token or with one that is not valid', async () => {
    for (const extension of formats) {
      const none = await download(statementA.id, extension);
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect((await download(statementA.id, extension, 'not-a-token')).statusCode).toBe(401);
    }
  });

  it('403 for roles that do not settle, and for a dispatcher of another organisation', async () => {
    for (const extension of formats) {
      for (const who of ['carerA', 'recipientA', 'hotline', 'gridA', 'townshipA', 'dispatcherB'] as const) {
        const res = await download(statementA.id, extension, fx.tokens[who]);
        expect(res.statusCode, `${who} ${extension}`).toBe(403);
        expect(res.json().error).toBeTruthy();
      }
    }
    expect((await download(statementB.id, 'csv', fx.tokens.dispatcherA)).statusCode).toBe(403);
  });

  it("a dispatcher downloads their own organisation's statement", async () => {
    const res = await download(statementB.id, 'csv', fx.tokens.dispatcherB);
    expect(res.statusCode).toBe(200);
    expect(parse(res.rawPayload.toString('utf8'), { bom: true })).toHaveLength(statementB.services + 1);
  });

  it('404 for a statement that does not exist', async () => {
    for (const extension of formats) {
      expect((await download(999999, extension, fx.tokens.finance)).statusCode).toBe(404);
      expect((await download('abc', extension, fx.tokens.finance)).statusCode).toBe(404);
    }
  });

  it('many downloads one after another leave no transaction open', async () => {
    for (let i = 0; i < 6; i++) expect((await download(statementB.id, formats[i % 3], fx.tokens.finance)).statusCode).toBe(200);
    // each format gives its snapshot back before its last byte, so this is not a race
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and state like 'idle in transaction%'`.execute(world.db);
    expect(rows[0].n).toBe(0);
  });
});
