// The charts the evaluator and finance share: services per month, township and category;
// spending against the county fund and the year's pace; satisfaction over time; assisted-
// employment carers' income. One query for the whole year; each chart reads its own figures.
import { useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Select, Space, Spin, Typography } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../app/Chart';
import { errorMessage } from '../../app/errors';
import { countyMonth, formatYuan } from '../../app/format';
import { DASHBOARD } from './operations';
import {
  carerIncomeByMonth,
  monthsOf,
  satisfactionByMonth,
  servicesByCategory,
  servicesByMonthAndCategory,
  servicesByTownship,
  spendingByMonth,
} from './dashboard-figures';
import './grades';

const yuan = (fen: number) => Math.round(fen) / 100;

export default function DashboardPage() {
  const { t, i18n } = useTranslation('reports');
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const thisYear = Number(countyMonth().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [{ data, fetching, error }] = useQuery({ query: DASHBOARD, variables: { year } });
  const months = useMemo(() => monthsOf(year), [year]);
  const monthNames = useMemo(() => {
    const format = new Intl.DateTimeFormat(language === 'en' ? 'en' : 'zh-CN', { month: 'short', timeZone: 'UTC' });
    return months.map((m) => format.format(new Date(`${m}-01T00:00:00Z`)));
  }, [months, language]);

  const charts = useMemo(() => {
    if (!data) return null;
    const stats = data.serviceStatistics;
    const s = t('dashboard.series', { returnObjects: true }) as Record<string, string>;
    const spending = spendingByMonth(data.settlements, stats.countyFund, months);
    const satisfaction = satisfactionByMonth(data.publicStatistics, months);
    const income = carerIncomeByMonth(stats, months);
    const townships = servicesByTownship(stats);
    const axis = { type: 'category', data: monthNames };
    const legend = { bottom: 0 };
    const grid = { left: 56, right: 56, top: 32, bottom: 80 };
    const settled = spending[11].cumulative;
    const carerMonths = income.reduce((n, m) => n + m.carers, 0);
    const perMonth = carerMonths ? Math.round(income.reduce((n, m) => n + m.amount, 0) / carerMonths) : 0;
    return {
      empty: stats.cells.length === 0 && data.settlements.length === 0 && data.publicStatistics.length === 0,
      spendingNote: stats.countyFund
        ? t('dashboard.spendingNote', {
            fund: formatYuan(stats.countyFund),
            settled: formatYuan(settled),
            percent: ((settled / stats.countyFund) * 100).toFixed(1),
          })
        : t('dashboard.noFund'),
      incomeNote: t('dashboard.carerIncomeNote', { perMonth: formatYuan(perMonth), perYear: formatYuan(perMonth * 12) }),
      byMonth: {
        tooltip: { trigger: 'axis' },
        legend,
        grid,
        xAxis: axis,
        yAxis: { type: 'value', minInterval: 1 },
        series: servicesByMonthAndCategory(stats, months, language).map((c) => ({ ...c, type: 'bar', stack: 'services', barMaxWidth: 32 })),
      } satisfies ChartOption,
      byTownship: {
        tooltip: { trigger: 'axis' },
        grid: { left: 96, right: 24, top: 8, bottom: 24 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', inverse: true, data: townships.map((x) => x.name) },
        series: [{ name: s.services, type: 'bar', barMaxWidth: 28, data: townships.map((x) => x.services) }],
      } satisfies ChartOption,
      byCategory: {
        tooltip: { trigger: 'item' },
        legend,
        series: [{ name: s.services, type: 'pie', radius: ['35%', '65%'], data: servicesByCategory(stats, language) }],
      } satisfies ChartOption,
      spending: {
        tooltip: { trigger: 'axis' },
        legend,
        grid,
        xAxis: axis,
        yAxis: { type: 'value' },
        series: [
          { name: s.payable, type: 'bar', stack: 'month', data: spending.map((m) => yuan(m.payable)) },
          { name: s.withheld, type: 'bar', stack: 'month', data: spending.map((m) => yuan(m.withheld)) },
          { name: s.cumulative, type: 'line', data: spending.map((m) => yuan(m.cumulative)) },
          { name: s.pace, type: 'line', lineStyle: { type: 'dashed' }, data: spending.map((m) => yuan(m.pace)) },
          { name: s.fund, type: 'line', symbol: 'none', lineStyle: { type: 'dotted' }, data: spending.map(() => yuan(stats.countyFund)) },
        ],
      } satisfies ChartOption,
      satisfaction: {
        tooltip: { trigger: 'axis' },
        legend,
        grid,
        xAxis: axis,
        yAxis: { type: 'value', min: 1, max: 5 },
        series: [
          { name: s.rating, type: 'line', connectNulls: true, data: satisfaction.map((m) => m.rating) },
          { name: s.satisfaction, type: 'line', connectNulls: true, data: satisfaction.map((m) => m.satisfaction) },
        ],
      } satisfies ChartOption,
      income: {
        tooltip: { trigger: 'axis' },
        legend,
        grid,
        xAxis: axis,
        yAxis: [
          { type: 'value', name: s.income },
          { type: 'value', name: s.perCarer },
        ],
        series: [
          { name: s.income, type: 'bar', barMaxWidth: 32, data: income.map((m) => yuan(m.amount)) },
          { name: s.perCarer, type: 'line', yAxisIndex: 1, data: income.map((m) => (m.perCarer === null ? null : yuan(m.perCarer))) },
        ],
      } satisfies ChartOption,
    };
  }, [data, months, monthNames, language, t]);

  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  const card = (title: string, label: string, option: ChartOption, note?: string) => (
    <Card title={title} size="small">
      {note && <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>}
      <Chart option={option} label={label} height={300} notMerge />
    </Card>
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="dashboard">
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('dashboard.heading')}
        </Typography.Title>
        <label>
          <Space>
            {t('dashboard.year')}
            <Select
              value={year}
              onChange={setYear}
              options={years.map((y) => ({ value: y, label: String(y) }))}
              style={{ width: 100 }}
              aria-label={t('dashboard.year')}
            />
          </Space>
        </label>
      </Space>
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      {fetching && !data && (
        <Spin description={t('dashboard.loading')}>
          <div style={{ height: 120 }} />
        </Spin>
      )}
      {charts?.empty && <Empty description={t('dashboard.empty')} />}
      {charts && !charts.empty && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            {card(t('dashboard.servicesByMonth'), t('dashboard.servicesByMonthLabel', { year }), charts.byMonth)}
          </Col>
          <Col xs={24} xl={12}>
            {card(t('dashboard.spending'), t('dashboard.spendingLabel', { year }), charts.spending, charts.spendingNote)}
          </Col>
          <Col xs={24} xl={12}>
            {card(t('dashboard.byTownship'), t('dashboard.byTownshipLabel', { year }), charts.byTownship)}
          </Col>
          <Col xs={24} xl={12}>
            {card(t('dashboard.byCategory'), t('dashboard.byCategoryLabel', { year }), charts.byCategory)}
          </Col>
          <Col xs={24} xl={12}>
            {card(t('dashboard.satisfaction'), t('dashboard.satisfactionLabel', { year }), charts.satisfaction)}
          </Col>
          <Col xs={24} xl={12}>
            {card(t('dashboard.carerIncome'), t('dashboard.carerIncomeLabel', { year }), charts.income, charts.incomeNote)}
          </Col>
        </Row>
      )}
    </Space>
  );
}
