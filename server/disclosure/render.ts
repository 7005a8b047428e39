// The public disclosure page as plain, server-rendered HTML: large text, real tables with
// headers, no scripts, readable on an old phone and by a screen reader. Every value from the
// database goes through escapeHtml, even numbers, so nothing can inject markup.
import { formatYuan } from '../platform/money.js';
import type { TownshipMonth } from './statistics.js';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe to place in HTML content or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c]);
}

const average = (value: number | null) => (value === null ? '—' : value.toFixed(2));

const STYLE = `body{font:1.125rem/1.6 system-ui,sans-serif;max-width:62rem;margin:0 auto;padding:1rem;color:#111;background:#fff}
table{border-collapse:collapse;width:100%;margin:0 0 2rem}th,td{border:1px solid #555;padding:.4rem .6rem}
td{text-align:right}thead th{background:#eee}a{color:#0645ad}nav a{margin-right:1.5rem}`;

function townshipTable(months: TownshipMonth[]): string {
  const { township_id: id, township_name: name } = months[0];
  const rows = months.map(
    (m) =>
      `<tr><th scope="row">${escapeHtml(`${Number(m.month.slice(5))}月`)}</th>` +
      `<td>${escapeHtml(m.services_delivered)}</td><td>${escapeHtml(formatYuan(m.amount_spent_fen))}</td>` +
      `<td>${escapeHtml(m.rating_count)}</td><td>${escapeHtml(average(m.average_rating))}</td>` +
      `<td>${escapeHtml(m.return_visit_count)}</td><td>${escapeHtml(average(m.average_satisfaction))}</td></tr>`,
  );
  return `<section><h2 id="township-${escapeHtml(id)}">${escapeHtml(name)}</h2>
<table aria-labelledby="township-${escapeHtml(id)}"><thead><tr>
<th scope="col">月份</th><th scope="col">服务次数</th><th scope="col">支出（元）</th><th scope="col">评价数</th>
<th scope="col">平均评分（1–5）</th><th scope="col">回访次数</th><th scope="col">回访满意度（1–5）</th>
</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

/** Groups consecutive months of the same township (the query orders them so). */
function byTownship(months: TownshipMonth[]): TownshipMonth[][] {
  const groups: TownshipMonth[][] = [];
  for (const m of months) {
    const last = groups.at(-1);
    if (last && last[0].township_id === m.township_id) last.push(m);
    else groups.push([m]);
  }
  return groups;
}

/** The whole page for `year`; `years` bounds the links to other years. */
export function renderDisclosurePage(year: number, months: TownshipMonth[], years: { first: number; last: number }): string {
  const nav = [
    year > years.first ? `<a href="/disclosure?year=${escapeHtml(year - 1)}">← ${escapeHtml(year - 1)}年</a>` : '',
    year < years.last ? `<a href="/disclosure?year=${escapeHtml(year + 1)}">${escapeHtml(year + 1)}年 →</a>` : '',
  ]
    .filter(Boolean)
    .join('');
  const body = months.length ? byTownship(months).map(townshipTable).join('\n') : '<p>本年度暂无数据。</p>';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(year)}年服务类社会救助公开</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(year)}年服务类社会救助公开</h1>
<p>各乡镇每月的服务次数、支出和满意度。</p>
${nav ? `<nav aria-label="其他年份">${nav}</nav>` : ''}
</header>
<main>
${body}
</main>
<footer>
<p>服务次数为当月确认完成的服务（因投诉扣付的不计）；支出按下单时的价格计算，单位为元。本页只有汇总数字，不含任何个人信息。</p>
</footer>
</body>
</html>
`;
}
