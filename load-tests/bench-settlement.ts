// Benchmark of the monthly settlement (issue 5): a measurement, not a test. It makes a
// database of its own (migrated, reference data loaded), a province-sized month in it, and
// settles the month the way production does: a `draft-settlement` job per organisation,
// processed by a real worker process (`node --import tsx worker/main.ts`). It prints the
// services, organisations, wall time from the first enqueue to the last completion, rows
// written, the worker's peak memory (VmHWM) and the machine. Targets: under 60 s, worker
// under 300 MB. The database is dropped at the end (--keep keeps it).
//
//   npm run bench:settlement                       # 1,000,000 services
//   npm run bench:settlement -- --services 100000  # a quicker run
//
// Needs PostgreSQL and Redis as for the tests (DATABASE_URL names the server; the database
// itself is made here), and about 2 GB of disk per million services.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { Job, QueueEvents } from 'bullmq';
import { loadConfig } from '../server/config.js';
import { createDatabase, dropDatabase, ensureDatabase, withDatabase, type Database } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { loadReferenceData } from '../server/seed/reference.js';
import { hashPassword } from '../server/auth/passwords.js';
import { makeIdNumber, protectIdNumber } from '../server/registry/id-number.js';
import { postAllocations } from '../server/ledger/ledger.js';
import { insertScore, insertServedMonth } from '../server/settlement/served-month.js';
import { draftSettlementEffect, draftSettlementJobId } from '../server/settlement/settlement-jobs.js';
import { createJobs, QUEUES } from '../server/platform/jobs.js';
import { createRedis } from '../server/platform/redis.js';
import { addDays } from '../server/platform/county-time.js';
import { isMonth, parseMonth, previousCountyMonth } from '../server/scoring/months.js';
import { clearRedisPrefix, memoryMb } from './bench/world.js';

const USAGE = `usage: npm run bench:settlement -- [--services N] [--recipients N] [--carers N] [--organisations N] [--month YYYY-MM] [--keep]
  --services       confirmed services in the month, over all organisations (default 1000000)
  --recipients     recipients with a budget account (default 50000)
  --carers         carers, spread over the organisations (default 5000)
  --organisations  contracted organisations, one statement each (default 4)
  --month          the month settled (default: last month, county time)
  --keep           keep the database afterwards (its name is printed)`;

const { values: args } = parseArgs({
  options: {
    services: { type: 'string', default: '1000000' },
    recipients: { type: 'string', default: '50000' },
    carers: { type: 'string', default: '5000' },
    organisations: { type: 'string', default: '4' },
    month: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${name} must be a whole number above 0 (got "${value}")\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const services = positiveInt('services', args.services);
const recipients = positiveInt('recipients', args.recipients);
const carers = positiveInt('carers', args.carers);
const organisations = positiveInt('organisations', args.organisations);
const month = args.month ?? previousCountyMonth();
if (!isMonth(month)) {
  console.error(`--month is YYYY-MM (got "${month}")\n${USAGE}`);
  process.exit(2);
}
const { year, lastDay } = parseMonth(month);
const daysInMonth = Number(lastDay.slice(8));

const grouped = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * insertServedMonth gives a carer the slot (day, hour) of service g, and the slots repeat
 * every days × 10 services; round-robin over n carers, a carer's services collide (the
 * orders' no-double-booking constraint) unless n is coprime with days × 10 and n × days × 10
 * is at least the organisation's services. So each organisation gets a carer count near its
 * share that is coprime with the slot cycle.
 */
function carersPerOrganisation(): number[] {
  const cycle = daysInMonth * 10;
  const share = Math.floor(carers / organisations);
  return Array.from({ length: organisations }, (_, i) => {
    let n = i === organisations - 1 ? carers - share * (organisations - 1) : share;
    while (gcd(n, cycle) !== 1) n--;
    const perOrganisation = Math.ceil(services / organisations);
    if (n < 1 || n * cycle < perOrganisation) {
      console.error(`${grouped(perOrganisation)} services per organisation need more than ${grouped(n)} carers each: raise --carers`);
      process.exit(2);
    }
    return n;
  });
}

// ---------------------------------------------------------------------------------------
// the database

const config = loadConfig();
const databaseName = `nuanxin_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
const databaseUrl = withDatabase(config.DATABASE_URL, databaseName);
const redisPrefix = `nuanxin_bench_${randomBytes(4).toString('hex')}`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  console.log(`  ${label.padEnd(44)} ${seconds(performance.now() - start)}`);
  return result;
}

/** Recipients in households of their own, spread over the villages, with valid, unique ID numbers. */
async function insertRecipients(db: Database): Promise<number[]> {
  // birth dates from 1940 on, 400 sequence numbers a day: unique ID numbers for any count here
  const people = Array.from({ length: recipients }, (_, i) => {
    const birth = addDays('1940-01-01', Math.floor(i / 400));
    const male = i % 2 === 0;
    return { birth, male, ...protectIdNumber(makeIdNumber('360823', birth, (i % 400) * 2, male), config.DATA_KEY) };
  });
  const column = <K extends keyof (typeof people)[number]>(key: K) => people.map((p) => p[key]);
  const { rows } = await sql<{ id: number }>`
    with villages as (
      select v.id, v.parent_id as township_id, row_number() over (order by v.id) - 1 as k, count(*) over () as n
        from regions v where v.level = 'village'),
    person as (
      select p.*, p.k - 1 as i from unnest(${column('birth')}::date[], ${column('male')}::boolean[], ${column('id_number_ciphertext')}::text[],
                                           ${column('id_number_digest')}::text[], ${column('id_number_masked')}::text[],
                                           ${column('id_number_last4')}::text[])
                             with ordinality as p(birth, male, ciphertext, digest, masked, last4, k)),
    households_ as (
      insert into households (household_number, head_name, village_id)
      select 'BENCH-' || p.i, '受助人' || p.i, v.id from person p join villages v on v.k = p.i % v.n
      returning id, household_number, village_id)
    insert into recipients (name, gender, birth_date, id_number_ciphertext, id_number_digest, id_number_masked, id_number_last4,
                            eligibility_category, disability_level, household_id, village_id, township_id, status)
    select '受助人' || p.i, case when p.male then 'male' else 'female' end, p.birth, p.ciphertext, p.digest, p.masked, p.last4,
           'destitute', 'semi_disabled', h.id, h.village_id, v.township_id, 'active'
      from person p
      join households_ h on h.household_number = 'BENCH-' || p.i
      join villages v on v.id = h.village_id
    returning id`.execute(db);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

interface Organisation {
  id: number;
  recipientIds: number[];
  services: number;
}

/** The organisations, each with a contract over every township and category, and its carers. */
async function insertOrganisations(db: Database, recipientIds: number[]): Promise<Organisation[]> {
  const sizes = carersPerOrganisation();
  const out: Organisation[] = [];
  for (let i = 0; i < organisations; i++) {
    const code = String(1_000_000 + i).slice(-7);
    const organisation = await db
      .insertInto('organisations')
      .values({ name: `基准测试社会组织${i + 1}`, credit_code: `52360823MJB${code}`, contact_name: '测试' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contract = await db
      .insertInto('contracts')
      .values({ organisation_id: organisation.id, contract_number: `BENCH-${year}-${code}`, starts_on: `${year}-01-01`, ends_on: `${year}-12-31`, fund_fen: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into contract_townships (contract_id, township_id) select ${contract.id}, id from regions where level = 'township'`.execute(db);
    await sql`insert into contract_categories (contract_id, category_id) select ${contract.id}, id from service_categories`.execute(db);
    await sql`
      insert into carers (organisation_id, name, kind, home_village_id, hardship_category)
      select ${organisation.id}, '护理员' || ${i + 1} || '-' || g, 'assisted_employment',
             (select id from regions where level = 'village' order by id offset g % (select count(*) from regions where level = 'village') limit 1),
             'dibao'
        from generate_series(1, ${sizes[i]}) g`.execute(db);
    // each organisation serves its own share of the recipients, and of the services
    const from = Math.floor((recipientIds.length * i) / organisations);
    const to = Math.floor((recipientIds.length * (i + 1)) / organisations);
    const share = Math.floor((services * (i + 1)) / organisations) - Math.floor((services * i) / organisations);
    out.push({ id: organisation.id, recipientIds: recipientIds.slice(from, to), services: share });
  }
  return out;
}

async function buildMonth(db: Database): Promise<Organisation[]> {
  console.log(`\nsetting up ${databaseName}:`);
  await timed('migrate, reference data', async () => {
    await migrateToLatest(db);
    await loadReferenceData(db);
  });
  const users = await timed('users, programme year', async () => {
    const hash = await hashPassword(randomBytes(12).toString('hex'));
    const rows = await db
      .insertInto('users')
      .values([
        { username: 'bench-hotline', password_hash: hash, display_name: '基准热线', role: 'hotline_operator' },
        { username: 'bench-evaluator', password_hash: hash, display_name: '基准评估', role: 'evaluator' },
      ])
      .returning(['id', 'role'])
      .execute();
    // a fund that covers every service, and budgets that cover each recipient's share
    await db
      .insertInto('programme_years')
      .values({ year, allocation_per_recipient_fen: 500_000, county_fund_fen: services * 10_000 })
      .execute();
    return { hotline: rows.find((r) => r.role === 'hotline_operator')!.id, evaluator: rows.find((r) => r.role === 'evaluator')!.id };
  });
  const recipientIds = await timed(`${grouped(recipients)} recipients with budget accounts`, async () => {
    const ids = await insertRecipients(db);
    await sql`insert into budget_accounts (recipient_id, year, allocated_fen) select id, ${year}, 500000 from recipients`.execute(db);
    await postAllocations(db, year);
    return ids;
  });
  const orgs = await timed(`${organisations} organisations, ${grouped(carers)} carers`, () => insertOrganisations(db, recipientIds));
  for (const org of orgs) {
    await timed(`${grouped(org.services)} services of organisation ${org.id}`, () =>
      insertServedMonth(db, {
        organisationId: org.id,
        month,
        services: org.services,
        placedBy: users.hotline,
        recipientIds: org.recipientIds,
      }),
    );
    await insertScore(db, {
      organisationId: org.id,
      month,
      services: org.services,
      grade: 'good',
      coefficient: '0.950',
      signedOffBy: users.evaluator,
    });
  }
  await timed('analyze', () => sql`analyze`.execute(db));
  return orgs;
}

// ---------------------------------------------------------------------------------------
// the worker

const here = path.dirname(fileURLToPath(import.meta.url));

/** Starts `worker/main.ts` as its own process on the bench database; resolves once it is ready. */
function startWorkerProcess(): Promise<ChildProcess> {
  const child = fork(path.join(here, '..', 'worker', 'main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_PREFIX: redisPrefix, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type?: string }) => (m?.type === 'ready' ? resolve(child) : reject(new Error(`worker said ${JSON.stringify(m)}`))));
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code} before it was ready`)));
  });
}

function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ type: 'shutdown' });
  });
}

async function settle(orgs: Organisation[], worker: ChildProcess) {
  const redis = createRedis(config.REDIS_URL, { forWorker: true });
  const jobs = createJobs(redis, redisPrefix);
  const listening = redis.duplicate(); // QueueEvents blocks on its connection
  const events = new QueueEvents(QUEUES.maintenance, { connection: listening, prefix: redisPrefix });
  try {
    await events.waitUntilReady();
    const start = performance.now();
    // what the sign-offs' outbox rows become once delivered: the jobs themselves
    for (const org of orgs) {
      const draft = draftSettlementEffect(org.id, month);
      await jobs.queue(draft.queue).add(draft.name, draft.data, { jobId: draft.jobId });
    }
    const queue = jobs.queue(QUEUES.maintenance);
    const results = [];
    for (const org of orgs) {
      const job = await Job.fromId(queue, draftSettlementJobId(org.id, month));
      if (!job) throw new Error(`job of organisation ${org.id} vanished`);
      results.push(await job.waitUntilFinished(events, 30 * 60_000));
    }
    const wallMs = performance.now() - start;
    const finished = await Promise.all(orgs.map((org) => Job.fromId(queue, draftSettlementJobId(org.id, month))));
    return { wallMs, results, perJobMs: finished.map((j) => (j?.finishedOn ?? 0) - (j?.processedOn ?? 0)), workerPeakMb: memoryMb(worker.pid!, 'VmHWM') };
  } finally {
    await events.close();
    await jobs.close();
    listening.disconnect();
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------

async function main() {
  await ensureDatabase(databaseUrl);
  const db = createDatabase(databaseUrl, 4);
  let worker: ChildProcess | undefined;
  try {
    const orgs = await buildMonth(db);
    const before = await sql<{ n: number }>`select count(*)::int as n from ledger_transfers`.execute(db);

    console.log('\nsettling (draft-settlement jobs, one worker process):');
    worker = await startWorkerProcess();
    const idleMb = memoryMb(worker.pid!, 'VmRSS');
    const run = await settle(orgs, worker);
    const {
      rows: [written],
    } = await sql<{ statements: number; lines: number; transfers: number; accounts: number; services: number }>`
      select (select count(*)::int from settlements) as statements,
             (select count(*)::int from settlement_lines) as lines,
             (select count(*)::int from ledger_transfers) - ${before.rows[0].n}::int as transfers,
             (select count(*)::int from budget_accounts where spent_fen > 0) as accounts,
             (select coalesce(sum(services), 0)::int from settlements) as services`.execute(db);
    const {
      rows: [server],
    } = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(db);

    const cpu = os.cpus();
    const rows = written.statements + written.lines + written.transfers + written.accounts;
    console.log(`
settlement of ${month}
  services            ${grouped(written.services)} settled of ${grouped(services)}
  organisations       ${orgs.length} (statements: ${written.statements})
  wall time           ${seconds(run.wallMs)} from the first enqueue to the last completion (target < 60 s)
  per statement       ${run.perJobMs.map(seconds).join(', ')}
  rows written        ${grouped(rows)}: ${grouped(written.lines)} lines, ${grouped(written.statements)} statements, ${grouped(written.transfers)} ledger transfers, ${grouped(written.accounts)} budget accounts updated
  worker peak memory  ${run.workerPeakMb.toFixed(0)} MB VmHWM (target < 300 MB; ${idleMb.toFixed(0)} MB resident when idle)
  machine             ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, PostgreSQL ${server.version}, Node ${process.version}
${args.keep ? `  database kept       ${databaseName}\n` : ''}`);
    if (written.services !== services) process.exitCode = 1;
  } finally {
    if (worker) {
      await stopWorkerProcess(worker);
      // after the worker has stopped, so nothing writes the queues again
      await clearRedisPrefix(config.REDIS_URL, redisPrefix);
    }
    await db.destroy();
    if (!args.keep) await dropDatabase(databaseUrl);
  }
}

main().catch(async (err) => {
  console.error(err);
  process.exitCode = 1;
});
