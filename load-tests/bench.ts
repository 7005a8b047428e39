// `npm run bench` (issue 7): the key operations measured beside the machine's limit for the
// same work, in the same run. A measurement, not a test. It makes a throw-away database with
// the demo county, starts the real API server on it (a free port, a Redis prefix of its own)
// and a bare Fastify server, measures each operation three ways at the same concurrency
// (our server; the same SQL through a raw pg pool; a bare Fastify route answering the same
// bytes) and prints a table with the ratio of ours to each limit. Everything it started or
// made is stopped and dropped at the end. How to read it: BENCHMARKS.md.
//
//   npm run bench                    # 10 s per measurement (about 5 minutes in all)
//   npm run bench -- --quick         # 3 s per measurement, to check it works
//   npm run bench -- --json out.json # also write the results as JSON
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../server/config.js';
import { createDatabase } from '../server/db/database.js';
import { preflight } from '../server/platform/preflight.js';
import { authenticate } from '../server/auth/sessions.js';
import { placeOrder } from '../server/orders/place-order.js';
import { checkIn, checkOut } from '../server/visits/check-in-out.js';
import { visitBounds } from '../server/visits/visit-rules.js';
import { clearRedisPrefix, createBenchDatabase, startApiServer, startProcess } from './bench/world.js';
import { carersWithJobs, makeJobs, makeSoonJobs, moveCheckInsBack, orderSupply, orderVariables, signInAs, signInCarers, type Job } from './bench/supply.js';
import { captureStatements, describeStatements, replayPool } from './bench/sql-limit.js';
import { eachOnce, fromSupply, httpTargets, measureRow, observe, type MeasureOptions } from './bench/rows.js';
import { measureBareFanOut, measureOurFanOut, measureSqlFanOut, type FanOutResult } from './bench/fan-out.js';
import { latencyPercentiles } from './bench/drive.js';
import { machine, printTable, writeJson, type Row } from './bench/report.js';
import * as ops from './bench/operations.js';

const USAGE = `usage: npm run bench -- [--quick] [--json FILE] [--seconds S] [--warmup S] [--connections N]
                        [--jobs N] [--board N] [--watchers N] [--event-rate N] [--log-level L] [--show-sql]
  --quick        3 s per measurement, 1 s warm-up, fewer jobs: checks it works (figures are rough)
  --json FILE    also write the results, the machine and the options as JSON
  --seconds      seconds per measurement (default 10)
  --warmup       seconds of warm-up before each measurement, not counted (default 2)
  --connections  concurrent requests, for every row alike (default 10: the server's pool size)
  --jobs         accepted jobs made for checkIn/checkOut, for ours and again for the SQL limit (default 1500)
  --board        orders dispatched before the reads: the dispatcher board's size (default 300)
  --watchers     dispatchers subscribed to the board in the fan-out row (default 20)
  --event-rate   board updates per second in the fan-out row (default 20)
  --log-level    the API server's LOG_LEVEL (default info, as deployed)
  --show-sql     print the SQL statements captured for each operation`;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '10' },
    jobs: { type: 'string' },
    board: { type: 'string', default: '300' },
    watchers: { type: 'string', default: '20' },
    'event-rate': { type: 'string', default: '20' },
    'log-level': { type: 'string', default: 'info' },
    'show-sql': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
function whole(name: string, value: string | undefined, fallback: number, min = 1): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number of at least ${min} (got "${value}")\n${USAGE}`);
    process.exit(2);
  }
  return n;
}
const quick = args.quick;
const seconds = whole('seconds', args.seconds, quick ? 3 : 10);
const warmupSeconds = whole('warmup', args.warmup, quick ? 1 : 2, 0);
const connections = whole('connections', args.connections, 10);
const jobCount = whole('jobs', args.jobs, quick ? 300 : 1500);
const boardSize = whole('board', args.board, 300);
const watchers = whole('watchers', args.watchers, 20);
const eventRate = whole('event-rate', args['event-rate'], 20);

const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const result = await work();
  console.log(`  ${label.padEnd(58)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return result;
};

/** What to undo at the end, newest first where order matters (servers before their database). */
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups) await cleanup().catch((err: unknown) => console.error(`clean-up: ${(err as Error).message}`));
  })();
  return cleaning;
}
// Ctrl-C: the servers get the signal too and stop; the database and Redis keys are still dropped
process.once('SIGINT', () => {
  console.error('\ninterrupted: cleaning up');
  void cleanUp().then(() => process.exit(130));
});

async function main() {
  const started = new Date();
  const config = loadConfig();
  await preflight(config.DATABASE_URL, config.REDIS_URL);
  const redisPrefix = `nuanxin_bench_${randomBytes(4).toString('hex')}`;
  const runId = randomBytes(4).toString('hex');
  const serverLog = path.join(os.tmpdir(), `nuanxin-bench-${runId}-server.log`);
  const rows: Row[] = [];
  const sql: Record<string, string[]> = {};
  try {
    console.log('setting up:');
    const database = await step('database with the demo county', () => createBenchDatabase(config));
    cleanups.push(() => clearRedisPrefix(config.REDIS_URL, redisPrefix), database.drop);
    const db = createDatabase(database.url, 6);
    cleanups.push(() => db.destroy());
    const hotline = await signInAs(db, 'hotline');
    const dispatcher = await signInAs(db, 'dispatcher');
    const carers = await step('a sign-in for every carer', () => signInCarers(db));
    const orders = await orderSupply(db, config.BOOKING_HORIZON_DAYS, runId);
    const boardJobs = await step(`${boardSize} orders placed and dispatched (the board)`, () =>
      makeJobs(db, boardSize, false, hotline.viewer, orders, carers, config.BOOKING_HORIZON_DAYS),
    );

    const api = await step(`API server (its log: ${serverLog})`, () => startApiServer(database.url, redisPrefix, args['log-level'], serverLog));
    cleanups.unshift(api.stop);
    const bare = await step('bare Fastify server', () => startProcess('load-tests/bench/bare-fastify.ts', process.env, 'the bare Fastify server'));
    cleanups.unshift(bare.stop);
    const graphqlUrl = `${api.url}/graphql`;
    const sqlDb = createDatabase(database.url, connections, { prepare: true });
    const replay = replayPool(database.url, connections);
    cleanups.unshift(
      () => sqlDb.destroy(),
      () => replay.close(),
    );
    const http = httpTargets(connections);
    cleanups.unshift(async () => http.close());
    const bounds = visitBounds(config);
    const o: MeasureOptions = { connections, seconds, warmupSeconds, databaseUrl: database.url };
    const apiPid = api.child.pid;
    const barePid = bare.child.pid;

    const carerList = carersWithJobs(boardJobs);
    const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
    const reads = [
      { operation: 'serviceCatalog', field: 'serviceCatalog', body: body(ops.CATALOG), token: hotline.token },
      { operation: 'dispatchBoard', field: 'dispatchBoard', body: body(ops.DISPATCH_BOARD), token: dispatcher.token },
      { operation: 'myJobs', field: 'myJobs', body: body(ops.MY_JOBS), token: carerList[0].token },
    ];
    const capture = await step('SQL of each read captured through the app', () =>
      captureStatements(database.url, redisPrefix, reads, {
        placeOrder: async (capturing) => placeOrder(capturing, await authenticate(capturing, hotline.token), orders.next()!, config.BOOKING_HORIZON_DAYS),
      }),
    );
    for (const [name, list] of [...Object.entries(capture.reads), ...Object.entries(capture.mutations)]) sql[name] = list.map((s) => s.text);

    /** Measures ours, then the SQL limit, then the bare route, for one operation. */
    const three = async (
      operation: string,
      field: string,
      oursWork: ReturnType<typeof http.ours>,
      sqlWork: Parameters<typeof measureRow>[3],
      warmup = true,
    ) => {
      console.log(`measuring ${operation}`);
      rows.push(await measureRow(o, operation, 'ours', oursWork, { serverPid: apiPid, warmup }));
      rows.push(await measureRow(o, operation, 'sql', sqlWork, { warmup }));
      await setBareAnswers(bare.child, http.answers);
      rows.push(await measureRow(o, operation, 'fastify', http.bare(bare.url, operation, field), { serverPid: barePid }));
    };

    console.log('');
    for (const read of reads) {
      let k = 0;
      const request =
        read.operation === 'myJobs'
          ? () => ({ body: read.body, token: carerList[k++ % carerList.length].token })
          : () => ({ body: read.body, token: read.token });
      const statements = capture.reads[read.operation];
      await three(read.operation, read.field, http.ours(graphqlUrl, read.operation, read.field, request), () => () => replay.replay(statements));
    }
    // made before placeOrder's rows, which may use up the budgets left on a fast machine.
    // Check-in jobs start within the hour (check-in is refused hours early), each with a carer
    // of its own: made after the reads, so the board and the carers' weeks stay as they were
    console.log('');
    const soonJobs = await step(`${jobCount} accepted jobs for ours and ${jobCount} for the SQL limit, a carer each`, () =>
      makeSoonJobs(db, 2 * jobCount + 1, hotline.viewer, orders, new Map(carers), config.BOOKING_HORIZON_DAYS),
    );
    const oursJobs = soonJobs.filter((_, i) => i % 2 === 1);
    const sqlJobs = soonJobs.filter((_, i) => i % 2 === 0);
    await three(
      'placeOrder',
      'placeOrder',
      http.ours(graphqlUrl, 'placeOrder', 'placeOrder', () => {
        const req = orders.next();
        return req && { body: body(ops.PLACE_ORDER, orderVariables(req)), token: hotline.token };
      }),
      fromSupply(
        () => orders.next(),
        async (req) => {
          const viewer = await authenticate(sqlDb, hotline.token);
          return { ok: (await placeOrder(sqlDb, viewer, req, config.BOOKING_HORIZON_DAYS)).created };
        },
      ),
    );

    const spare = sqlJobs.pop()!;
    const reading = (job: Job) => ({ orderId: job.orderId, latitude: job.latitude, longitude: job.longitude, accuracyMeters: 10 });
    const workDone = 'bench: 打扫卫生，整理房间';
    const visits = await captureStatements(database.url, redisPrefix, [], {
      checkIn: async (c) => checkIn(c, await authenticate(c, spare.carer.token), bounds, reading(spare)),
      checkOut: async (c) => {
        await moveCheckInsBack(db, [spare.orderId]); // on the bench's pool: not captured
        return checkOut(c, await authenticate(c, spare.carer.token), bounds, reading(spare), workDone);
      },
    });
    for (const [name, list] of Object.entries(visits.mutations)) sql[name] = list.map((s) => s.text);

    const inService = { ours: [] as Job[], sql: [] as Job[] };
    let ci = 0;
    await three(
      'checkIn',
      'checkIn',
      http.ours<Job>(
        graphqlUrl,
        'checkIn',
        'checkIn',
        () => {
          const job = oursJobs[ci++];
          return job ? { body: body(ops.CHECK_IN, { input: { ...reading(job), orderId: String(job.orderId) } }), token: job.carer.token, tag: job } : null;
        },
        (outcome, request) => {
          if (outcome.ok) inService.ours.push(request.tag!);
        },
      ),
      eachOnce(sqlJobs, async (job) => {
        await checkIn(sqlDb, await authenticate(sqlDb, job.carer.token), bounds, reading(job));
        inService.sql.push(job);
        return { ok: true };
      }),
      false,
    );
    // a check-out comes at least a minute after its check-in: as if each service had taken its time
    await step('check-ins moved back by their standard minutes', () =>
      moveCheckInsBack(
        db,
        [...inService.ours, ...inService.sql].map((j) => j.orderId),
      ),
    );
    let co = 0;
    await three(
      'checkOut',
      'checkOut',
      http.ours(graphqlUrl, 'checkOut', 'checkOut', () => {
        const job = inService.ours[co++];
        return job ? { body: body(ops.CHECK_OUT, { input: { ...reading(job), orderId: String(job.orderId), workDone } }), token: job.carer.token } : null;
      }),
      eachOnce(inService.sql, async (job) => {
        await checkOut(sqlDb, await authenticate(sqlDb, job.carer.token), bounds, reading(job), workDone);
        return { ok: true };
      }),
      false,
    );

    console.log(`\nmeasuring dispatchBoardUpdated fan-out (${watchers} watchers, ${eventRate} updates/s)`);
    const events = boardJobs.slice(0, Math.min(boardJobs.length, eventRate * seconds));
    let watching = await observe(database.url, apiPid);
    const fanOut = await measureOurFanOut(
      graphqlUrl,
      dispatcher.token,
      ops.DISPATCH_BOARD_UPDATED,
      watchers,
      eventRate,
      events.map((j) => String(j.orderId)),
      async (k) =>
        (await http.once(graphqlUrl, { body: body(ops.ACCEPT_JOB, { orderId: String(events[k].orderId) }), token: events[k].carer.token }, 'acceptJob')).ok,
    );
    const oursSeen = await watching(fanOut.seconds);
    const noticeQuery = sqlDb
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', events[0]?.orderId ?? 0)
      .compile();
    sql.dispatchBoardUpdated = [noticeQuery.sql];
    watching = await observe(database.url);
    const sqlFanOut = await measureSqlFanOut(watchers, events.length, eventRate, (k) =>
      replay.replay([{ text: noticeQuery.sql, values: [events[k].orderId] }]),
    );
    const sqlSeen = await watching(sqlFanOut.seconds);
    await setBareAnswers(bare.child, http.answers, sampleNotice());
    watching = await observe(database.url, barePid);
    const bareFanOut = await measureBareFanOut(bare.url, watchers, events.length, eventRate, (id) =>
      http.post(`${bare.url}/bare-publish`, JSON.stringify({ id })),
    );
    const bareSeen = await watching(bareFanOut.seconds);
    rows.push(fanOutRow('ours', fanOut, oursSeen), fanOutRow('sql', sqlFanOut, sqlSeen), fanOutRow('fastify', bareFanOut, bareSeen));

    console.log('');
    printTable(rows);
    const info = machine();
    console.log(
      `\nmachine: ${info.cores} cores, ${info.cpu}, ${info.memoryGiB} GiB RAM, Node ${info.node}, ${info.os}; load average now ${info.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    );
    console.log(
      `each row: ${seconds} s at ${connections} concurrent requests${warmupSeconds ? ` after ${warmupSeconds} s of warm-up` : ''}; the API server at LOG_LEVEL=${args['log-level']}; ${started.toISOString()}`,
    );
    if (args['show-sql']) {
      console.log('\nSQL per request (the SQL limit runs these):');
      for (const [name, list] of Object.entries({ ...capture.reads, ...capture.mutations, ...visits.mutations }))
        console.log(`  ${name}\n${describeStatements(list)}`);
    }
    if (args.json) {
      writeJson(args.json, {
        date: started.toISOString(),
        machine: info,
        options: { seconds, warmupSeconds, connections, jobs: jobCount, board: boardSize, watchers, eventRate, logLevel: args['log-level'], quick },
        rows,
        sql,
      });
      console.log(`\nwrote ${args.json}`);
    }
    if (rows.some((r) => r.target === 'ours' && r.errors > 0)) {
      process.exitCode = 1;
      console.error(`\nour server answered with errors: its log is kept in ${serverLog}`);
    } else {
      cleanups.push(() => rm(serverLog, { force: true }));
    }
  } finally {
    await cleanUp();
  }
}

/** Hands the bare Fastify server the answers to send (and the notice), and waits for it to take them. */
function setBareAnswers(child: import('node:child_process').ChildProcess, answers: Record<string, string>, notice = '{}'): Promise<void> {
  return new Promise((resolve) => {
    child.once('message', () => resolve());
    child.send({ type: 'answers', answers, notice });
  });
}

/** A dispatchBoardUpdated message as the server sends it, with a placeholder for the id. */
function sampleNotice(): string {
  return JSON.stringify({
    id: 'board',
    type: 'next',
    payload: {
      data: {
        dispatchBoardUpdated: {
          id: '__ID__',
          status: 'ACCEPTED',
          isUrgent: false,
          matchProblem: null,
          windowStart: new Date().toISOString(),
        },
      },
    },
  });
}

function fanOutRow(target: Row['target'], r: FanOutResult, seen: Pick<Row, 'rssPeakMb' | 'cpu'>): Row {
  return {
    operation: 'dispatchBoardUpdated fan-out',
    target,
    requests: r.deliveries,
    requestsPerSecond: r.deliveries / r.seconds,
    ...latencyPercentiles(r.latenciesMs),
    errors: r.expected - r.deliveries,
    errorKinds: r.triggerErrors ? { 'trigger failed': r.triggerErrors } : {},
    exhausted: false,
    meanBytes: 0,
    fixedRate: true,
    ...seen,
    note:
      target === 'ours'
        ? `${r.expected} deliveries expected (${r.expected / watchers} updates × ${watchers} watchers); latency from sending acceptJob to each arrival`
        : undefined,
  };
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  process.exitCode = 2;
});
