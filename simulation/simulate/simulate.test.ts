// A month of the whole county end to end: a generated Xiajiang at full scale, the real API
// server and worker as child processes with a simulated clock, January driven through the API
// day by day with its bad days (what was booked for early February served too, nothing new
// ordered) and the close of January on 4 February (scoring, sign-off, statement, approval,
// payment). The report's figures, read back through the API, must agree with the database; the
// ledger must balance; and every path ends in a defined state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../server/testing/harness.js';
import { createDatabase, type Database } from '../../server/db/database.js';
import { loadConfig } from '../../server/config.js';
import { countyYear } from '../../server/platform/county-time.js';
import { runSimulation, sumTallies, type RunResult } from './run.js';
import { buildReport, formatReport, type YearReport } from './report.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const year = countyYear(new Date()) + 1;
let database: { url: string; drop: () => Promise<void> };
let db: Database;
let run: RunResult;
let report: YearReport;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const { result, inspected } = await runSimulation(
    { config, seed: 5, year, start: `${year}-01-01`, days: 31, scale: 1, databaseUrl: database.url, log: (line) => lines.push(line) },
    (sim, r) => buildReport(sim.client, r, 1),
  );
  run = result;
  report = inspected;
  db = createDatabase(database.url, 2);
}, 900_000);
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0];

describe('a month of Xiajiang and its close', () => {
  it('orders through all three channels and serves them on the simulated days', async () => {
    const tally = sumTallies(run.tallies.values());
    expect(Object.keys(tally.byChannel).sort()).toEqual(['grid_worker', 'hotline', 'mini_program']);
    expect(tally.completed).toBeGreaterThan(20);
    // every order was placed in the simulated month, and every visit made in it or in the days to the close (the API and the worker read the simulated clock)
    const span = await one(sql<{ first: string; last: string; visits_first: string; visits_last: string }>`
      select min(to_char(placed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as first, max(to_char(placed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')) as last,
             (select min(service_date)::text from visits) as visits_first, (select max(service_date)::text from visits) as visits_last
        from orders`);
    expect(span).toEqual({
      first: `${year}-01-01`,
      last: `${year}-01-31`,
      visits_first: expect.stringMatching(`^${year}-01-0`),
      visits_last: expect.stringMatching(`^${year}-(01-3|02-0[1-3])`),
    });
    // confirmed by every way there is, the automatic one by the worker's job at the simulated time
    const via = (await sql<{ confirmed_via: string }>`select distinct confirmed_via from visits where confirmed_via is not null`.execute(db)).rows
      .map((r) => r.confirmed_via)
      .sort();
    expect(via).toEqual(['automatic', 'grid_worker', 'recipient_app', 'service_card']);
    expect(lines.some((l) => l.startsWith(`${year}-01 closed:`))).toBe(true);
  });

  it('has bad days too, and leaves every one in a defined state: no hold on a window passed unserved, every exception resolved', async () => {
    const { mishaps } = sumTallies(run.tallies.values());
    // no-shows, forgotten check-outs, reschedules… (how many of each is chance)
    expect(Object.values(mishaps).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(report.mishaps).toEqual(mishaps);
    // the month's misses as its scores count them, read back through the API, against the database
    const misses = await one(sql<{ n: number }>`
      select count(*)::int as n from order_events e join orders o on o.id = e.order_id
       where e.action = 'miss' and o.organisation_id is not null and e.at >= ${new Date(`${year}-01-01T00:00:00+08:00`)} and e.at < ${new Date(`${year}-02-01T00:00:00+08:00`)}`);
    expect(report.missedVisits).toBe(misses.n);
    expect(formatReport(report)).toContain('visits missed (nobody came)');
    // how soon orders got a carer, read back through the API, against the database
    const placed = await one(sql<{ orders: number; sent: number }>`
      select count(*)::int as orders, count(*) filter (where exists (select 1 from order_events d where d.order_id = p.order_id and d.action = 'dispatch'))::int as sent
        from order_events p where p.action = 'place' and p.at >= ${new Date(`${year}-01-01T00:00:00+08:00`)}`);
    expect(report.firstResponse).toMatchObject({ ordersPlaced: placed.orders, carerSent: placed.sent });
    expect(placed.sent).toBeGreaterThan(0);
    expect(report.firstResponse.medianMinutes).toBeGreaterThanOrEqual(0);
    expect(report.firstResponse.p90Minutes).toBeGreaterThanOrEqual(report.firstResponse.medianMinutes!);
    expect(formatReport(report)).toContain('order to first carer sent');
    // every miss either rebooked by its organisation or its hold back with the recipient
    const stuck = await one(sql<{ waiting: number; held_missed: number; open_exceptions: number }>`
      select (select count(*)::int from orders o where o.status in ('placed', 'assigned', 'dispatched', 'accepted')
                 and o.window_end < ${new Date(`${run.lastDay}T00:00:00+08:00`)}) as waiting,
             (select count(*)::int from orders o where o.status = 'missed'
                 and (select count(*) from ledger_transfers t where t.order_id = o.id and t.kind = 'hold')
                  <> (select count(*) from ledger_transfers t where t.order_id = o.id and t.kind = 'release')) as held_missed,
             (select count(*)::int from visits where exception_status = 'open'
                 and checked_in_at < ${new Date(`${run.lastDay}T00:00:00+08:00`)}) as open_exceptions`);
    expect(stuck).toEqual({ waiting: 0, held_missed: 0, open_exceptions: 0 });
    // every complaint closed, or waiting within its deadline, or escalated once it passed
    const complaints = await one(sql<{ all: number; stuck: number }>`
      select count(*)::int as all,
             count(*) filter (where status <> 'closed' and due_at < ${new Date(`${run.lastDay}T00:00:00+08:00`)} and escalation_level = 0)::int as stuck
        from complaints`);
    expect(complaints.all).toBeGreaterThan(0);
    expect(complaints.stuck).toBe(0);
  });

  it('closes the month: scored, signed off, settled, approved by another officer and paid', async () => {
    const statement = await one(sql<{ status: string; run_by: number | null; approved_by: number; paid_by: number; grade: string; score_status: string }>`
      select s.status, s.run_by, s.approved_by, s.paid_by, s.grade, sc.status as score_status
        from settlements s join organisation_scores sc on sc.id = s.score_id where s.month = ${`${year}-01-01`}::date`);
    expect(statement).toMatchObject({ status: 'paid', score_status: 'signed_off' });
    expect(statement.approved_by).not.toBe(statement.run_by);
    expect(report.months.find((m) => m.month === `${year}-01`)?.grade).toBe(statement.grade.toUpperCase());
  });

  it('reports what the database holds', async () => {
    const facts = await one(sql<Record<string, string>>`
      select (select count(*) from orders o where o.status = 'confirmed' and not o.payment_withheld) as delivered,
             (select coalesce(sum(payable_fen), 0) from settlements where status = 'paid') as paid,
             (select coalesce(sum(amount_fen), 0) from ledger_transfers where kind = 'pay') as paid_in_ledger,
             (select count(*) from settlement_lines l join settlements s on s.id = l.settlement_id where s.status = 'paid') as settled,
             (select sum(spent_fen) from budget_accounts) as spent, (select sum(held_fen) from budget_accounts) as held,
             (select count(*) from budget_accounts) as accounts,
             (select coalesce(sum(l.carer_pay_fen), 0) from settlement_lines l join carers c on c.id = l.carer_id where c.kind = 'assisted_employment') as carer_pay`);
    expect(report.servicesDelivered).toBe(Number(facts.delivered));
    expect(report.paidFen).toBe(Number(facts.paid));
    expect(report.paidFen).toBe(Number(facts.paid_in_ledger));
    expect(report.paidFen).toBeGreaterThan(0);
    expect(report.settledServices).toBe(Number(facts.settled));
    expect(report.budget).toMatchObject({ accounts: Number(facts.accounts), spentFen: Number(facts.spent), heldFen: Number(facts.held) });
    expect(report.carers.totalFen).toBe(Number(facts.carer_pay));
    expect(formatReport(report)).toContain('services delivered');
  });

  it('leaves a ledger that balances and agrees with every budget and statement', async () => {
    const { rows } = await sql<{ account: string; balance: string }>`
      select account, sum(amount)::bigint as balance from (
        select credit_account as account, amount_fen as amount from ledger_transfers
        union all select debit_account, -amount_fen from ledger_transfers) t group by account`.execute(db);
    const balance = new Map(rows.map((r) => [r.account, Number(r.balance)]));
    expect(rows.reduce((s, r) => s + Number(r.balance), 0)).toBe(0);
    const accounts = await db.selectFrom('budget_accounts').selectAll().execute();
    for (const a of accounts) {
      const name = (part: string) => `recipient:${a.recipient_id}:${a.year}:${part}`;
      expect([balance.get(name('held')) ?? 0, balance.get(name('spent')) ?? 0, balance.get(name('available')) ?? 0]).toEqual([
        a.held_fen,
        a.spent_fen,
        a.allocated_fen - a.held_fen - a.spent_fen,
      ]);
    }
    const paid = await one(sql<{ payable: string; paid: string }>`
      select (select coalesce(sum(payable_fen), 0) from settlements) as payable, (select coalesce(sum(payable_fen), 0) from settlements where status = 'paid') as paid`);
    const organisations = [...balance].filter(([k]) => k.startsWith('organisation:'));
    expect(organisations.filter(([k]) => k.endsWith(':paid')).reduce((s, [, v]) => s + v, 0)).toBe(Number(paid.paid));
    expect(balance.get(`county:${year}:settlement`)).toBe(-Number(paid.payable));
  });
});
