// The year report: what the run produced, read back through the API as the county's staff
// would read it (public statistics, statements, carer earnings, budget accounts), set beside
// the county's published figures (DOMAIN.md). The published services and yuan are totals
// since the programme began; the yearly column divides the 400,000-yuan yearly fund by the
// published 46 yuan a service.
import { daysBetween } from '../../server/platform/county-time.js';
import type { Client } from './client.js';
import { BUDGET_ACCOUNTS, CARER_EARNINGS, PUBLIC_STATISTICS, RESPONSE_TIMES, SCORE_VOLUMES, SETTLEMENTS } from './operations.js';
import type { MonthClose } from './month-close.js';
import type { RunResult } from './run.js';
import { sumTallies } from './run.js';

export const PUBLISHED = {
  services: 21_863,
  paidYuan: 1_000_000,
  yuanPerService: 46,
  allocationYuan: 2_000,
  countyFundYuan: 400_000,
  carerIncomeYuan: 6_000,
  assistedCarers: 52,
  recipients: 421,
};

interface MonthRow {
  month: string;
  services: number;
  amountSpentFen: number;
  paidFen: number;
  settledServices: number;
  grade: string | null;
  score: number | null;
  averageRating: number | null;
  returnVisits: number;
}

export interface YearReport {
  year: number;
  firstDay: string;
  lastDay: string;
  days: number;
  scale: number;
  wallSeconds: number;
  requests: number;
  clockAdvances: number;
  orders: number;
  ordersByChannel: Record<string, number>;
  servicesDelivered: number;
  settledServices: number;
  paidFen: number;
  withheldByGradeFen: number;
  withheldByCapFen: number;
  budget: { accounts: number; allocatedFen: number; heldFen: number; spentFen: number };
  carers: { assisted: number; paid: number; totalFen: number };
  complaints: number;
  returnVisits: number;
  /** Of the closed months, as their scores count them: visits nobody came for, of the services taken. */
  missedVisits: number;
  servicesAccepted: number;
  /** Minutes from placing an order to its first carer sent, over the year's orders. */
  firstResponse: { ordersPlaced: number; carerSent: number; medianMinutes: number | null; p90Minutes: number | null };
  /** The bad days' events the run played (no-shows, rebookings, reschedules, list changes…). */
  mishaps: Record<string, number>;
  months: MonthRow[];
}

async function allAccounts(client: Client, year: number) {
  const out = { accounts: 0, allocatedFen: 0, heldFen: 0, spentFen: 0 };
  let after: string | null = null;
  do {
    type Page = {
      budgetAccounts: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { allocated: number; held: number; spent: number } }[];
      };
    };
    const { budgetAccounts: page }: Page = await client.must<Page>('finance', BUDGET_ACCOUNTS, { year, after });
    out.accounts = page.totalCount;
    for (const { node } of page.edges) {
      out.allocatedFen += node.allocated;
      out.heldFen += node.held;
      out.spentFen += node.spent;
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return out;
}

/** Reads the run's year back through the API. */
export async function buildReport(client: Client, run: RunResult, scale: number): Promise<YearReport> {
  const year = Number(run.firstDay.slice(0, 4));
  const [{ publicStatistics: stats }, { settlements }, { carerEarnings }, budget, { serviceStatistics }] = await Promise.all([
    client.must<{
      publicStatistics: {
        month: string;
        servicesDelivered: number;
        amountSpent: number;
        ratingCount: number;
        averageRating: number | null;
        returnVisitCount: number;
      }[];
    }>('admin', PUBLIC_STATISTICS, { year }),
    client.must<{ settlements: { month: string; status: string; services: number; payable: number; withheldByGrade: number; withheldByCap: number }[] }>(
      'finance',
      SETTLEMENTS,
      { year },
    ),
    client.must<{ carerEarnings: { services: number; yearTotal: number }[] }>('finance', CARER_EARNINGS, { year }),
    allAccounts(client, year),
    client.must<{ serviceStatistics: { responseTimes: (YearReport['firstResponse'] & { month: string | null })[] } }>('finance', RESPONSE_TIMES, {
      year,
    }),
  ]);
  const grades = new Map<string, MonthClose['grades'][number]>(run.closes.flatMap((c) => c.grades.map((g) => [c.month, g] as const)));
  const months = new Map<string, MonthRow>();
  const row = (month: string) => {
    let r = months.get(month);
    if (!r) {
      r = { month, services: 0, amountSpentFen: 0, paidFen: 0, settledServices: 0, grade: null, score: null, averageRating: null, returnVisits: 0 };
      months.set(month, r);
    }
    return r;
  };
  const ratings = new Map<string, { n: number; sum: number }>();
  for (const s of stats) {
    const r = row(s.month);
    r.services += s.servicesDelivered;
    r.amountSpentFen += s.amountSpent;
    r.returnVisits += s.returnVisitCount;
    const acc = ratings.get(s.month) ?? { n: 0, sum: 0 };
    if (s.averageRating !== null) ratings.set(s.month, { n: acc.n + s.ratingCount, sum: acc.sum + s.averageRating * s.ratingCount });
  }
  for (const [month, { n, sum }] of ratings) row(month).averageRating = n ? Math.round((sum / n) * 100) / 100 : null;
  const paid = settlements.filter((s) => s.status === 'PAID');
  for (const s of paid) {
    const r = row(s.month);
    r.paidFen += s.payable;
    r.settledServices += s.services;
  }
  for (const [month, g] of grades) Object.assign(row(month), { grade: g.grade, score: g.score });
  const volumes = (
    await Promise.all(
      run.closes.map((c) =>
        client.must<{ organisationScores: { servicesMissed: number; servicesAccepted: number }[] }>('evaluator', SCORE_VOLUMES, { month: c.month }),
      ),
    )
  ).flatMap((r) => r.organisationScores);
  const tally = sumTallies(run.tallies.values());
  const days = daysBetween(run.firstDay, run.lastDay) + 1;
  return {
    year,
    firstDay: run.firstDay,
    lastDay: run.lastDay,
    days,
    scale,
    wallSeconds: run.wallSeconds,
    requests: run.requests,
    clockAdvances: run.clockAdvances,
    orders: tally.orders,
    ordersByChannel: tally.byChannel,
    servicesDelivered: stats.reduce((s, x) => s + x.servicesDelivered, 0),
    settledServices: paid.reduce((s, x) => s + x.services, 0),
    paidFen: paid.reduce((s, x) => s + x.payable, 0),
    withheldByGradeFen: settlements.reduce((s, x) => s + x.withheldByGrade, 0),
    withheldByCapFen: settlements.reduce((s, x) => s + x.withheldByCap, 0),
    budget,
    carers: { assisted: run.generated.assistedCarers, paid: carerEarnings.length, totalFen: carerEarnings.reduce((s, x) => s + x.yearTotal, 0) },
    complaints: tally.complaints,
    returnVisits: stats.reduce((s, x) => s + x.returnVisitCount, 0),
    missedVisits: volumes.reduce((s, x) => s + x.servicesMissed, 0),
    servicesAccepted: volumes.reduce((s, x) => s + x.servicesAccepted, 0),
    firstResponse: serviceStatistics.responseTimes.find((t) => t.month === null)!,
    mishaps: tally.mishaps,
    months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}

const yuan = (fen: number) => Math.round(fen / 100).toLocaleString('en-US');
const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** The report as printed: the comparison table, then the months. */
export function formatReport(r: YearReport): string {
  const annual = (x: number) => (x * 365) / r.days / r.scale;
  const partial = r.days < 365 || r.scale !== 1;
  const perService = r.settledServices ? r.paidFen / 100 / r.settledServices : 0;
  const carerAverage = r.carers.totalFen / 100 / r.carers.assisted;
  const rows: [string, string, string, string, string?][] = [
    [
      'services delivered (confirmed)',
      `${n(PUBLISHED.services)} (since the start)`,
      `≈${n(PUBLISHED.countyFundYuan / PUBLISHED.yuanPerService)}`,
      n(r.servicesDelivered),
      n(annual(r.servicesDelivered)),
    ],
    [
      'yuan paid to organisations',
      `over ${n(PUBLISHED.paidYuan)} (since the start)`,
      `≤${n(PUBLISHED.countyFundYuan)} (the fund)`,
      yuan(r.paidFen),
      n(annual(r.paidFen / 100)),
    ],
    ['yuan per settled service', `≈${PUBLISHED.yuanPerService}`, `≈${PUBLISHED.yuanPerService}`, perService.toFixed(1), perService.toFixed(1)],
    [
      'budget per person (spent / allocated)',
      `${n(PUBLISHED.allocationYuan)} allocated`,
      `${n(PUBLISHED.allocationYuan)}`,
      `${yuan(r.budget.spentFen / Math.max(1, r.budget.accounts))} / ${yuan(r.budget.allocatedFen / Math.max(1, r.budget.accounts))}`,
      yuan(annual(r.budget.spentFen / Math.max(1, r.budget.accounts))),
    ],
    [
      'assisted-employment carer income (yuan, average)',
      `≈${n(PUBLISHED.carerIncomeYuan)} more a year`,
      n(PUBLISHED.carerIncomeYuan),
      n(carerAverage),
      n(annual(carerAverage)),
    ],
    [
      'visits missed (nobody came), of services taken',
      'not published',
      '',
      `${n(r.missedVisits)} of ${n(r.servicesAccepted)} (${((100 * r.missedVisits) / Math.max(1, r.servicesAccepted)).toFixed(1)}%)`,
      '',
    ],
    [
      'order to first carer sent (minutes, median / p90)',
      'not published',
      '',
      `${r.firstResponse.medianMinutes ?? '—'} / ${r.firstResponse.p90Minutes ?? '—'} (${n(r.firstResponse.carerSent)} of ${n(r.firstResponse.ordersPlaced)} orders)`,
      '',
    ],
    [
      'grades per month',
      'not published',
      '',
      r.months
        .filter((m) => m.grade)
        .map((m) => `${m.month.slice(5)} ${m.grade}`)
        .join(' ') || '—',
      '',
    ],
  ];
  const head: [string, string, string, string, string?] = [
    'figure',
    'Xiajiang published',
    'published, a year',
    'simulated',
    partial ? 'simulated, a year at scale 1' : undefined,
  ];
  const cols = head.filter((h) => h !== undefined).length;
  const widths = Array.from({ length: cols }, (_, i) => Math.max(...[head, ...rows].map((row) => (row[i] ?? '').length)));
  const line = (row: (string | undefined)[]) =>
    `| ${row
      .slice(0, cols)
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join(' | ')} |`;
  const monthLines = r.months.map(
    (m) =>
      `  ${m.month}  services ${String(m.services).padStart(5)}  paid ${yuan(m.paidFen).padStart(8)} yuan for ${String(m.settledServices).padStart(5)}` +
      `  grade ${(m.grade ?? '—').padEnd(9)} ${m.score === null ? '' : m.score.toFixed(1)}  rating ${m.averageRating ?? '—'}  return visits ${m.returnVisits}`,
  );
  return [
    `Year report ${r.firstDay} – ${r.lastDay} (${r.days} days, scale ${r.scale}): ${n(r.orders)} orders (${Object.entries(r.ordersByChannel)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}), ` +
      `${r.complaints} complaints, ${r.returnVisits} return visits; withheld by grade ${yuan(r.withheldByGradeFen)} yuan, by the fund cap ${yuan(r.withheldByCapFen)} yuan`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `Bad days: ${
      Object.entries(r.mishaps)
        .map(([k, v]) => `${k.replaceAll('_', ' ')} ${v}`)
        .join(', ') || 'none'
    }.`,
    'Months:',
    ...monthLines,
    `Wall time ${r.wallSeconds.toFixed(0)} s, ${n(r.requests)} API requests, ${n(r.clockAdvances)} clock advances.`,
  ].join('\n');
}
