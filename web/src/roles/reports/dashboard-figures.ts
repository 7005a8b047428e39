// The dashboard's figures shaped for its charts: plain functions over the query's result, so
// each chart's option stays a few lines. Money stays in fen until the chart shows it in yuan.
import type { PublicMonth, ServiceStatistics, SettledMonth } from './operations';

/** The twelve months of a year, YYYY-MM. */
export const monthsOf = (year: number) => Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

const sumBy = <T>(rows: T[], key: (row: T) => string, value: (row: T) => number) => {
  const out = new Map<string, number>();
  for (const row of rows) out.set(key(row), (out.get(key(row)) ?? 0) + value(row));
  return out;
};

/** Services per month of each category, in the months' order. */
export function servicesByMonthAndCategory(stats: ServiceStatistics, months: string[], language: 'zh' | 'en') {
  const categories = new Map<string, string>();
  for (const c of stats.cells) categories.set(c.category.id, language === 'en' ? c.category.nameEn : c.category.nameZh);
  return [...categories].map(([id, name]) => {
    const perMonth = sumBy(
      stats.cells.filter((c) => c.category.id === id),
      (c) => c.month,
      (c) => c.services,
    );
    return { name, data: months.map((m) => perMonth.get(m) ?? 0) };
  });
}

/** Services per township, most first. */
export function servicesByTownship(stats: ServiceStatistics) {
  const names = new Map(stats.cells.map((c) => [c.township.id, c.township.name]));
  return [
    ...sumBy(
      stats.cells,
      (c) => c.township.id,
      (c) => c.services,
    ),
  ]
    .map(([id, services]) => ({ name: names.get(id)!, services }))
    .sort((a, b) => b.services - a.services);
}

/** Services per category. */
export function servicesByCategory(stats: ServiceStatistics, language: 'zh' | 'en') {
  const names = new Map(stats.cells.map((c) => [c.category.id, language === 'en' ? c.category.nameEn : c.category.nameZh]));
  return [
    ...sumBy(
      stats.cells,
      (c) => c.category.id,
      (c) => c.services,
    ),
  ].map(([id, value]) => ({ name: names.get(id)!, value }));
}

/**
 * Per month: what the month's statements pay and withhold, the cumulative payable, and the
 * county fund's even pace (a twelfth a month), all in fen.
 */
export function spendingByMonth(settlements: SettledMonth[], countyFund: number, months: string[]) {
  const payable = sumBy(
    settlements,
    (s) => s.month,
    (s) => s.payable,
  );
  const withheld = sumBy(
    settlements,
    (s) => s.month,
    (s) => s.withheldByGrade + s.withheldByCap,
  );
  let running = 0;
  return months.map((month, i) => {
    running += payable.get(month) ?? 0;
    return {
      month,
      payable: payable.get(month) ?? 0,
      withheld: withheld.get(month) ?? 0,
      cumulative: running,
      pace: Math.round((countyFund * (i + 1)) / 12),
    };
  });
}

/** Mean rating and return-visit satisfaction per month over every township, each weighted by its count. */
export function satisfactionByMonth(rows: PublicMonth[], months: string[]) {
  const weighted = (value: (r: PublicMonth) => number | null, count: (r: PublicMonth) => number, month: string) => {
    const of = rows.filter((r) => r.month === month && value(r) !== null && count(r) > 0);
    const n = of.reduce((s, r) => s + count(r), 0);
    return n ? Math.round((of.reduce((s, r) => s + value(r)! * count(r), 0) / n) * 100) / 100 : null;
  };
  return months.map((month) => ({
    month,
    rating: weighted(
      (r) => r.averageRating,
      (r) => r.ratingCount,
      month,
    ),
    satisfaction: weighted(
      (r) => r.averageSatisfaction,
      (r) => r.returnVisitCount,
      month,
    ),
  }));
}

/** Assisted-employment carers' income per month: the total and the mean per carer paid that month, in fen. */
export function carerIncomeByMonth(stats: ServiceStatistics, months: string[]) {
  const byMonth = new Map(stats.carerIncome.map((m) => [m.month, m]));
  return months.map((month) => {
    const m = byMonth.get(month);
    // no carer paid that month: no mean to draw (null leaves a gap, not a fall to zero)
    return { month, amount: m?.amount ?? 0, perCarer: m?.carers ? Math.round(m.amount / m.carers) : null, carers: m?.carers ?? 0 };
  });
}
