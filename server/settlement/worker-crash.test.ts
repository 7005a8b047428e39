// A real worker process, killed (SIGKILL) while it settles 100,000 services: nothing of the
// settlement may remain, and the next worker, recovering the stalled job, completes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { addRecipients, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { prepareOrdering } from '../orders/test-support.js';
import { countyYear } from '../platform/county-time.js';
import { setClockForTests, testClockEnv } from '../platform/clock.js';
import { monthClosedMorning } from '../testing/instants.js';
import { expectLedgerConsistent, serveMonth, settlementState, insertScore, requestDraft, until } from './test-support.js';

const SERVICES = 100_000;
const repository = fileURLToPath(new URL('../../', import.meta.url));
const year = countyYear() + 1;
const month = `${year}-10`;

let world: TestWorld;
let fx: Fixtures;
const children: ChildProcess[] = [];

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  // about 30 services each keeps every recipient within the 2,000-yuan budget
  for (let added = 0; added < SERVICES / 30; added += 2000) {
    await addRecipients(world, 2000, { villageId: fx.villageA1, townshipId: fx.townshipA });
  }
  await prepareOrdering(world, fx);
  await serveMonth(world, { organisationId: fx.orgA, month, services: SERVICES, carerIds: [fx.carerA] });
  await insertScore(world.db, { organisationId: fx.orgA, month, grade: 'good', coefficient: '0.950' });
  // the next programme year is over and its months closed: they may be settled
  setClockForTests(monthClosedMorning(`${year}-12`));
}, 120_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await world?.close();
});

/** `node --import tsx worker/main.ts` on the test's database and Redis prefix; resolves once it takes jobs. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: repository,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      ...testClockEnv(),
      DATABASE_URL: world.databaseUrl,
      REDIS_URL: world.config.REDIS_URL,
      REDIS_PREFIX: world.config.REDIS_PREFIX,
      LOG_LEVEL: 'info',
      // recover a dead worker's job in seconds rather than BullMQ's default half minute
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker started"')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(chunk);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${output}`)));
  });
  return child;
}

/** Backends of this database, other than the test's own, running the settlement statement while holding a settlement lock. */
const settling = () =>
  sql<{ pid: number }>`
  select a.pid from pg_stat_activity a
   where a.datname = current_database() and a.pid <> pg_backend_pid() and a.state = 'active'
     and a.query like '%with statement_ as (%' -- settleServices (pg_stat_activity keeps only a statement's first 1 kB)
     and exists (select 1 from pg_locks l where l.pid = a.pid and l.locktype = 'advisory' and l.granted)`
    .execute(world.db)
    .then((r) => r.rows);
const backendAlive = (pid: number) =>
  sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where pid = ${pid}`.execute(world.db).then((r) => r.rows[0].n > 0);

describe('a worker killed in the middle of a settlement', () => {
  it('leaves nothing half-written, and the next worker completes the statement', async () => {
    const before = await settlementState(world.db);
    const first = await startWorkerProcess();
    await requestDraft(world.db, fx.orgA, month);
    const [backend] = await until(settling, (rows) => rows.length > 0, 'the settlement to start');

    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;
    // its connection is gone: PostgreSQL rolls the transaction back and ends the backend
    await until(
      () => backendAlive(backend.pid),
      (alive) => !alive,
      "the killed worker's backend to end",
    );
    expect(await settlementState(world.db)).toEqual(before);

    const second = await startWorkerProcess();
    const statement = await until(
      () => world.db.selectFrom('settlements').selectAll().where('month', '=', `${month}-01`).executeTakeFirst(),
      (s) => s !== undefined,
      'the retried settlement',
    );
    expect(statement).toMatchObject({ organisation_id: fx.orgA, services: SERVICES, status: 'draft', run_by: null });
    const {
      rows: [sums],
    } = await sql<Record<string, number>>`
      select count(*)::int as services, sum(value_fen)::bigint as value_fen, sum(withheld_grade_fen)::bigint as withheld_grade_fen,
             sum(withheld_cap_fen)::bigint as withheld_cap_fen, sum(payable_fen)::bigint as payable_fen, sum(carer_pay_fen)::bigint as carer_pay_fen
        from settlement_lines where settlement_id = ${statement!.id}`.execute(world.db);
    expect(statement).toMatchObject(sums);
    // the fund (400,000 yuan) covers only part of 100,000 services: the cap withheld the rest
    expect(statement!.payable_fen).toBe(40_000_000);
    await expectLedgerConsistent(world.db);

    const stopped = new Promise((resolve) => second.once('exit', resolve));
    second.kill('SIGTERM');
    await stopped;
  }, 90_000);
});
