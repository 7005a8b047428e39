// GET /disclosure[?year=YYYY]: the public page, open without sign-in, from the same query as
// Query.publicStatistics.
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../db/database.js';
import { badInput, DomainError } from '../platform/errors.js';
import { countyYear } from '../platform/county-time.js';
import { escapeHtml, renderDisclosurePage } from './render.js';
import { checkDisclosureYear, FIRST_DISCLOSURE_YEAR, publicStatistics } from './statistics.js';

const headers = {
  'content-type': 'text/html; charset=utf-8',
  // no scripts, no external anything: the page needs only its inline style
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/** The page for a year that is not one: what years there are, in Chinese (the API's message is English). */
function problemPage(last: number): string {
  return `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>年份有误</title></head>
<body><main><h1>年份有误</h1><p>只能查看 ${escapeHtml(FIRST_DISCLOSURE_YEAR)} 年到 ${escapeHtml(last)} 年的公开数据。</p>
<p><a href="/disclosure">返回本年度</a></p></main></body></html>\n`;
}

/** Registers the public disclosure page. */
export const disclosurePage: FastifyPluginAsync<{ db: Database }> = async (app, { db }) => {
  app.get<{ Querystring: { year?: string } }>('/disclosure', async (request, reply) => {
    const given = request.query.year;
    let year: number;
    try {
      if (given !== undefined && !/^\d{4}$/.test(given))
        throw badInput('The year is four digits, e.g. ?year=2026.', {
          reason: 'DISCLOSURE_YEAR',
          field: 'year',
          firstYear: FIRST_DISCLOSURE_YEAR,
          lastYear: countyYear(),
        });
      year = checkDisclosureYear(given === undefined ? countyYear() : Number(given));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return reply.status(400).headers(headers).send(problemPage(countyYear()));
    }
    const months = await publicStatistics(db, year);
    return reply
      .headers({ ...headers, 'cache-control': 'public, max-age=300' })
      .send(renderDisclosurePage(year, months, { first: FIRST_DISCLOSURE_YEAR, last: countyYear() }));
  });
};
