// The words and formats every statement file shares: finance reads them in Chinese, amounts
// in yuan with two decimals, times on the county's clock.
import { COUNTY_TIME_ZONE } from '../platform/county-time.js';
import type { StatementHeader } from './statement-reader.js';

export const GRADE_LABELS: Record<StatementHeader['grade'], string> = {
  excellent: '优秀',
  good: '良好',
  pass: '合格',
  fail: '不合格',
};

const STATUS_LABELS: Record<StatementHeader['status'], string> = {
  draft: '待审核',
  approved: '已审核',
  paid: '已支付',
};

/** 2026-11 → 2026年11月 */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

const timeFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: COUNTY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An instant as YYYY-MM-DD HH:mm in county time. */
const countyTime = (at: Date) => timeFormat.format(at);

/** Who ran the statement, or that the worker drafted it. */
const runByLabel = (h: StatementHeader) => `${h.runByName ?? '系统自动核算'}（${countyTime(h.runAt)}）`;

/** Who approved it and when, or that nobody has yet. */
const approvedByLabel = (h: StatementHeader) => (h.approvedAt ? `${h.approvedByName ?? '—'}（${countyTime(h.approvedAt)}）` : '尚未审核');

/** When it was paid and the payment's reference, or nothing yet. */
const paidLabel = (h: StatementHeader) => (h.paidAt ? `${countyTime(h.paidAt)}，凭证号 ${h.paymentReference ?? '—'}` : '尚未支付');

/** The header's facts, label then value, in the order every format shows them. */
export function headerFacts(h: StatementHeader): [string, string][] {
  return [
    ['服务机构', h.organisationName],
    ['结算月份', monthLabel(h.month)],
    ['结算单号', String(h.id)],
    ['考核等级', `${GRADE_LABELS[h.grade]}（系数 ${h.coefficient}）`],
    ['状态', STATUS_LABELS[h.status]],
    ['核算', runByLabel(h)],
    ['审核', approvedByLabel(h)],
    ['支付', paidLabel(h)],
  ];
}

/** The statement's totals, label then fen, in the order every format shows them. */
export function totalFacts(h: StatementHeader): [string, number][] {
  return [
    ['服务金额（元）', h.valueFen],
    ['按等级扣减（元）', h.withheldGradeFen],
    ['超出县级资金扣减（元）', h.withheldCapFen],
    ['应付金额（元）', h.payableFen],
    ['服务人员报酬（元）', h.carerPayFen],
  ];
}

/** The download's file name: ASCII for old clients, the Chinese one for the rest (RFC 6266). */
export function contentDisposition(h: StatementHeader, extension: string): string {
  const ascii = `statement-${h.id}-${h.month}.${extension}`;
  const full = `${h.organisationName}-${h.month}-结算单.${extension}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(full)}`;
}
