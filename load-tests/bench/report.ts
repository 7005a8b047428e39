// The table `npm run bench` prints and the JSON it writes: per operation, our server's row
// and the two limits measured in the same run, with the ratio of ours to each.
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import type { Summary } from './drive.js';

export type Target = 'ours' | 'sql' | 'fastify';

export interface Row extends Summary {
  operation: string;
  target: Target;
  /** Peak resident memory of the process answering (our API server, the bare Fastify), MB. */
  rssPeakMb: number | null;
  /** CPU used during the measurement, in % of one core: the answering process, PostgreSQL's backends of the bench database, this process. */
  cpu: { server: number | null; postgres: number; generator: number };
  note?: string;
  /** Sent at a fixed rate (the fan-out row): requests per second is the rate, not a capacity. */
  fixedRate?: boolean;
}

const targetLabel: Record<Target, string> = {
  ours: 'ours (API server)',
  sql: 'same SQL, raw pg',
  fastify: 'bare Fastify',
};

const num = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));
const grouped = (v: number) => Math.round(v).toLocaleString('en-US');
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v)}`);

/** "ours ÷ this": share of this row's throughput ours reaches, and how many times its p95 ours takes. */
function ratio(ours: Row | undefined, row: Row): string {
  if (!ours || row.target === 'ours' || !row.requestsPerSecond) return '';
  const share = (ours.requestsPerSecond / row.requestsPerSecond) * 100;
  const p95 = ours.p95 / row.p95;
  const latency = `p95 ×${p95 < 10 ? p95.toFixed(1) : p95.toFixed(0)}`;
  return row.fixedRate ? latency : `${share < 10 ? share.toFixed(1) : share.toFixed(0)}% of req/s, ${latency}`;
}

export function printTable(rows: Row[]): void {
  const header = ['operation', 'measured', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'RSS peak MB', 'CPU% srv/pg/gen', 'ours ÷ this'];
  const lines: string[][] = [];
  let last = '';
  for (const row of rows) {
    const ours = rows.find((r) => r.operation === row.operation && r.target === 'ours');
    lines.push([
      row.operation === last ? '' : row.operation,
      targetLabel[row.target],
      grouped(row.requestsPerSecond),
      num(row.p50),
      num(row.p95),
      num(row.p99),
      `${row.errors}${row.exhausted ? '*' : ''}`,
      num(row.rssPeakMb, 0),
      `${pct(row.cpu.server)}/${pct(row.cpu.postgres)}/${pct(row.cpu.generator)}`,
      ratio(ours, row),
    ]);
    last = row.operation;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const right = new Set([2, 3, 4, 5, 6, 7, 8]);
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  lines.forEach((l, i) => {
    if (i > 0 && l[0] !== '') console.log('');
    console.log(fmt(l));
  });
  const notes = rows.filter((r) => r.note || Object.keys(r.errorKinds).length);
  if (rows.some((r) => r.exhausted)) console.log('\n* the prepared work ran out before the time was up: the row covers fewer seconds');
  if (rows.some((r) => r.fixedRate)) console.log('  fan-out: sent at a fixed rate, so its req/s is deliveries at that rate, not a capacity; compare latency');
  for (const r of notes) {
    const kinds = Object.entries(r.errorKinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    console.log(`  ${r.operation}, ${targetLabel[r.target]}: ${[r.note, kinds && `errors: ${kinds}`].filter(Boolean).join('; ')}`);
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: [...new Set(cpus.map((c) => c.model.trim()))].join(', '),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg(),
  };
}

export function writeJson(file: string, content: unknown): void {
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
}
