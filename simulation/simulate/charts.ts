// Charts of the year report: one self-contained HTML file with ECharts inlined from the npm
// package (no CDN, so it opens offline), and the report as JSON beside it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PUBLISHED, type YearReport } from './report.js';

const require = createRequire(import.meta.url);

const GRADE_VALUE: Record<string, number> = { EXCELLENT: 4, GOOD: 3, PASS: 2, FAIL: 1 };

function chartOptions(r: YearReport) {
  const months = r.months.map((m) => m.month);
  const perMonthPublished = PUBLISHED.countyFundYuan / PUBLISHED.yuanPerService / 12;
  return [
    {
      title: { text: '每月服务量 Services delivered per month' },
      tooltip: { trigger: 'axis' },
      legend: { top: 40 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value' },
      grid: { top: 80 },
      series: [
        { name: 'simulated', type: 'bar', data: r.months.map((m) => m.services) },
        {
          name: 'published, a month (400,000 ÷ 46 ÷ 12)',
          type: 'line',
          data: months.map(() => Math.round(perMonthPublished * r.scale)),
          lineStyle: { type: 'dashed' },
        },
      ],
    },
    {
      title: { text: '每月结算支付 Yuan paid per month' },
      tooltip: { trigger: 'axis' },
      legend: { top: 40 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value' },
      grid: { top: 80 },
      series: [
        { name: 'paid (yuan)', type: 'bar', data: r.months.map((m) => Math.round(m.paidFen / 100)) },
        { name: 'ordered value of confirmed services (yuan)', type: 'line', data: r.months.map((m) => Math.round(m.amountSpentFen / 100)) },
      ],
    },
    {
      title: { text: '每月评分与等级 Score and grade per month' },
      tooltip: { trigger: 'axis' },
      legend: { top: 40 },
      xAxis: { type: 'category', data: months },
      grid: { top: 80 },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: 'score' },
        { type: 'value', min: 0, max: 4, name: 'grade (4 excellent … 1 fail)' },
      ],
      series: [
        { name: 'final score', type: 'line', data: r.months.map((m) => m.score) },
        { name: 'grade', type: 'bar', yAxisIndex: 1, data: r.months.map((m) => (m.grade ? GRADE_VALUE[m.grade] : null)) },
        { name: 'average rating (×20)', type: 'line', data: r.months.map((m) => (m.averageRating === null ? null : m.averageRating * 20)) },
      ],
    },
    {
      title: { text: '与公布数字对比 Against the published figures (a year)' },
      tooltip: {},
      legend: { top: 40 },
      grid: { top: 80 },
      xAxis: { type: 'category', data: ['services (hundreds)', 'yuan paid (thousands)', 'yuan per service', 'carer income (tens of yuan)'] },
      yAxis: { type: 'value' },
      series: [
        {
          name: 'published, a year',
          type: 'bar',
          data: [
            PUBLISHED.countyFundYuan / PUBLISHED.yuanPerService / 100,
            PUBLISHED.countyFundYuan / 1000,
            PUBLISHED.yuanPerService,
            PUBLISHED.carerIncomeYuan / 10,
          ],
        },
        {
          name: 'simulated, a year',
          type: 'bar',
          data: [
            (r.servicesDelivered * 365) / r.days / r.scale / 100,
            ((r.paidFen / 100) * 365) / r.days / r.scale / 1000,
            r.settledServices ? r.paidFen / 100 / r.settledServices : 0,
            ((r.carers.totalFen / 100 / r.carers.assisted) * 365) / r.days / r.scale / 10,
          ].map((x) => Math.round(x * 10) / 10),
        },
      ],
    },
  ];
}

function html(r: YearReport, echarts: string, table: string): string {
  const charts = chartOptions(r);
  const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Nuanxin simulation ${r.firstDay} – ${r.lastDay}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:1100px}.chart{height:380px;margin:24px 0}pre{font-size:12px;overflow-x:auto;background:#f6f6f6;padding:12px}</style>
<script>${echarts.replace(/<\/script/gi, '<\\/script')}</script></head>
<body><h1>暖心 simulated year ${r.year}</h1><pre>${escapeHtml(table)}</pre>
${charts.map((_, i) => `<div class="chart" id="c${i}"></div>`).join('\n')}
<script>const options = ${JSON.stringify(charts)};
options.forEach((o, i) => echarts.init(document.getElementById('c' + i)).setOption(o));</script>
</body></html>`;
}

/** Writes report.html (charts) and report.json into `folder`; returns the HTML's path. */
export async function writeCharts(folder: string, report: YearReport, table: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const echarts = await readFile(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  const file = path.join(folder, 'report.html');
  await writeFile(file, html(report, echarts, table));
  await writeFile(path.join(folder, 'report.json'), JSON.stringify(report, null, 2));
  return file;
}
