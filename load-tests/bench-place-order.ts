// Benchmark of placeOrder (issue 3): a measurement, not a test. Against a running server it
// signs in as the demo hotline operator, reads the active recipients (with what is left of
// their budgets) and the catalog, then sends placeOrder mutations at a fixed rate with
// autocannon, each with its own idempotency key, spread over many recipients, cheap items
// and time windows in the coming weeks. It prints the rate achieved, p50/p95/p99 latency,
// the non-2xx and GraphQL-error counts and the machine, and exits 1 when anything failed.
//
//   npm run bench:orders -- --rate 200 --duration 30 --connections 20
//   NUANXIN_URL=http://127.0.0.1:4100 npx tsx load-tests/bench-place-order.ts
//
// Every run places real orders (rate × duration of them) that hold real budget: run it
// against a database made for it (see README, "Load tests and benchmarks"), never production.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { paced } from './paced.js';
import { percentile } from './bench/drive.js';

const USAGE = `usage: npx tsx load-tests/bench-place-order.ts [--rate N] [--duration S] [--connections N] [--warmup S] [--arrivals even|burst]
  --rate         placeOrder requests per second, over all connections (default 200)
  --arrivals     even: request i is due at i / rate, latency counted from then (as k6's
                 constant-arrival-rate; default); burst: autocannon's fixed rate, each second's
                 requests back to back over the connections
  --duration     seconds measured (default 30)
  --connections  concurrent HTTP connections (default 20)
  --warmup       seconds sent at the same rate before measuring, not counted (default 0)
  --horizon-days the server's BOOKING_HORIZON_DAYS (default 30)
  --dry-run      sign in, read the budgets and print the plan, but send no order
  environment: NUANXIN_URL (default http://127.0.0.1:4000), BENCH_USER / BENCH_PASSWORD (default hotline / nuanxin-demo)`;

// ---------------------------------------------------------------------------------------
// options

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '0' },
    arrivals: { type: 'string', default: 'even' },
    'horizon-days': { type: 'string', default: '30' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function positiveInt(name: string, value: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    console.error(`--${name} must be a whole number${allowZero ? '' : ' above 0'} (got "${value}")\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const rate = positiveInt('rate', args.rate);
const duration = positiveInt('duration', args.duration);
const connections = positiveInt('connections', args.connections);
const warmup = positiveInt('warmup', args.warmup, true);
const horizonDays = positiveInt('horizon-days', args['horizon-days']);
const arrivals = args.arrivals;
if (arrivals !== 'even' && arrivals !== 'burst') {
  console.error(`--arrivals is even or burst (got "${arrivals}")\n${USAGE}`);
  process.exit(2);
}
const baseUrl = (process.env.NUANXIN_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
const graphqlUrl = `${baseUrl}/graphql`;
const username = process.env.BENCH_USER ?? 'hotline';
const password = process.env.BENCH_PASSWORD ?? 'nuanxin-demo';

// ---------------------------------------------------------------------------------------
// GraphQL over fetch, for the set-up

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new Error(`cannot reach ${graphqlUrl} (${(err as Error).message}): is the server running? (npm start, or set NUANXIN_URL)`);
  }
  const body = (await res.json()) as GraphQLResponse<T>;
  if (body.errors?.length || !body.data) {
    const first = body.errors?.[0];
    throw new Error(`${graphqlUrl} answered ${res.status}: ${first ? `${first.extensions?.code ?? ''} ${first.message}` : 'no data'}`);
  }
  return body.data;
}

// ---------------------------------------------------------------------------------------
// county time (Asia/Shanghai is UTC+8 all year, no daylight saving)

const COUNTY_OFFSET_MS = 8 * 3_600_000;
const countyDate = (t: number) => new Date(t + COUNTY_OFFSET_MS).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const countyInstant = (date: string, minutes: number) => Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000;

// ---------------------------------------------------------------------------------------
// what there is to order with

interface Recipient {
  id: string;
  available: number;
}
interface Item {
  id: string;
  code: string;
  price: number;
}

const RECIPIENTS = `query($after: String, $year: Int) {
  recipients(filter: { status: ACTIVE }, first: 100, after: $after) {
    edges { node { id budget(year: $year) { available } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const CATALOG = `{ serviceCatalog { items { id code price isUrgent requiresProfessional active } } }`;
const PLACE_ORDER = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status amount windowStart } }`;

async function activeRecipients(token: string, year: number): Promise<Recipient[]> {
  type Page = {
    recipients: { edges: { node: { id: string; budget: { available: number } | null } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  };
  const out: Recipient[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page = await gql<Page>(RECIPIENTS, { after, year }, token);
    for (const { node } of page.recipients.edges) out.push({ id: node.id, available: node.budget?.available ?? 0 });
    if (!page.recipients.pageInfo.hasNextPage) return out;
    after = page.recipients.pageInfo.endCursor;
  }
}

async function orderableItems(token: string): Promise<Item[]> {
  type Catalog = {
    serviceCatalog: { items: { id: string; code: string; price: number; isUrgent: boolean; requiresProfessional: boolean; active: boolean }[] }[];
  };
  const catalog = await gql<Catalog>(CATALOG, {}, token);
  // everyday items: not urgent (those jump the matching queue), no professional needed
  return catalog.serviceCatalog
    .flatMap((c) => c.items)
    .filter((i) => i.active && !i.isUrgent && !i.requiresProfessional)
    .map((i) => ({ id: i.id, code: i.code, price: Number(i.price) }))
    .sort((a, b) => a.price - b.price || a.code.localeCompare(b.code));
}

const yuan = (fen: number) => (fen / 100).toFixed(2);
const grouped = (n: number) => n.toLocaleString('en-US');

/**
 * The plan: which recipients, which items, and how many orders. Orders go round-robin over
 * the recipients, so each gets at most ceil(orders / recipients). Recipients whose budget left
 * cannot take that many of the cheapest item are left out; the items are the cheapest ones
 * (up to six) whose price times that count fits the smallest budget left. When even that
 * cannot take every order, the number of orders is cut to what fits, and the caller shortens
 * the run. Every choice that changes the request is returned as a note to print.
 */
function plan(wanted: number, recipients: Recipient[], items: Item[], maxItems = 6) {
  const notes: string[] = [];
  const cheapest = items[0].price;
  const byRoom = [...recipients].filter((r) => r.available >= cheapest).sort((a, b) => b.available - a.available);
  // the most orders a round-robin over the k roomiest recipients can take, for the best k
  let best = 0;
  byRoom.forEach((r, i) => {
    best = Math.max(best, (i + 1) * Math.floor(r.available / cheapest));
  });
  let orders = wanted;
  if (best < wanted) {
    orders = best;
    notes.push(
      `the budgets left take only ${grouped(orders)} orders of the cheapest item (${yuan(cheapest)} yuan), not ${grouped(wanted)}: the run is cut short`,
    );
  }
  let usable = byRoom;
  for (;;) {
    const per = Math.ceil(orders / usable.length);
    const fit = usable.filter((r) => r.available >= per * cheapest);
    if (fit.length === usable.length) break;
    usable = fit;
  }
  if (usable.length < recipients.length) {
    notes.push(`${recipients.length - usable.length} of ${recipients.length} active recipients have too little budget left for their share: left out`);
  }
  const perRecipient = Math.ceil(orders / usable.length);
  const smallest = usable[usable.length - 1].available;
  const chosen = items.filter((i) => perRecipient * i.price <= smallest).slice(0, maxItems);
  if (chosen.length < Math.min(maxItems, items.length)) {
    notes.push(`only items up to ${yuan(chosen[chosen.length - 1].price)} yuan are ordered, so no budget runs out`);
  }
  return { orders, usable, perRecipient, chosen, smallest, notes };
}

// ---------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const today = countyDate(started);
  const year = Number(today.slice(0, 4));

  const { signIn } = await gql<{ signIn: { token: string } }>('mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }', {
    u: username,
    p: password,
  });
  const token = signIn.token;
  const [recipients, items] = await Promise.all([activeRecipients(token, year), orderableItems(token)]);
  if (!recipients.length) throw new Error(`${username} sees no active recipients: seed the demo county (npm run seed)`);
  if (!items.length) throw new Error('the catalog has no active everyday item to order');

  // autocannon may send one request per connection past the end: budget for those too
  const wanted = rate * (duration + warmup) + 2 * connections;
  const { orders, usable, perRecipient, chosen, smallest, notes } = plan(wanted, recipients, items);
  const worst = perRecipient * chosen[chosen.length - 1].price;
  // cut short when the budgets cannot take every order (rate × seconds ≤ orders)
  const seconds = Math.min(duration, Math.floor((orders - 2 * connections) / rate) - warmup);
  if (seconds < 5) throw new Error(`the budgets left take only ${grouped(orders)} orders: not enough for a run; start from a freshly seeded database`);

  // time windows: whole and half hours from 08:00 to 17:30 county time, on days 1 .. horizon-2
  // ahead (inside the booking horizon with a margin), in this programme year only (an order
  // holds against the budget of the year its window starts in)
  const days: string[] = [];
  for (let d = 1; d <= Math.max(1, horizonDays - 2); d++) {
    const date = addDays(today, d);
    if (Number(date.slice(0, 4)) === year) days.push(date);
  }
  if (!days.length) throw new Error(`no day left in programme year ${year} within the booking horizon: the windows would need next year's budgets`);
  const slotsPerDay = 20; // 08:00, 08:30, … 17:30
  const slots = days.length * slotsPerDay;

  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let seq = 0;
  const bodyFor = (i: number): string => {
    const recipient = usable[i % usable.length];
    const round = Math.floor(i / usable.length);
    const item = chosen[(i + round) % chosen.length];
    // a multiplicative hash spreads one recipient's orders over different days and hours
    const slot = (i * 2_654_435_761) % slots;
    const start = countyInstant(days[Math.floor(slot / slotsPerDay)], 8 * 60 + (slot % slotsPerDay) * 30);
    return JSON.stringify({
      query: PLACE_ORDER,
      variables: {
        input: {
          recipientId: recipient.id,
          serviceItemId: item.id,
          quantity: 1,
          windowStart: new Date(start).toISOString(),
          windowEnd: new Date(start + 60 * 60_000).toISOString(),
          callerPhone: `0796-36${String(i % 100_000).padStart(5, '0')}`,
          notes: 'bench',
          idempotencyKey: `bench-${runId}-${i}`,
        },
      },
    });
  };

  console.log(`placeOrder benchmark against ${graphqlUrl} as ${username}`);
  console.log(
    `  ${rate} requests/s (${arrivals} arrivals) for ${seconds} s${warmup ? ` after a ${warmup} s warm-up (not counted)` : ''}, at most ${connections} connections`,
  );
  console.log(
    `  budget check: ${grouped(rate * (seconds + warmup) + 2 * connections)} orders (rate × seconds, and 2 per connection of slack) over ${usable.length} active recipients = at most ${perRecipient} each;` +
      ` items ${chosen.map((i) => `${i.code} ${yuan(i.price)}`).join(', ')} yuan, quantity 1;` +
      ` at most ${yuan(worst)} yuan per recipient, the smallest budget left is ${yuan(smallest)} yuan: fits`,
  );
  for (const note of notes) console.log(`  note: ${note}`);
  console.log(`  windows: 1 h, on ${days.length} days (${days[0]} .. ${days[days.length - 1]}), 08:00–18:00 county time`);
  if (args['dry-run']) return;

  // -------------------------------------------------------------------------------------
  // load

  interface Tally {
    latencies: number[];
    statuses: Map<number, number>;
    graphqlErrors: number;
    errorCodes: Map<string, number>;
    samples: string[];
    responses: number;
  }
  const newTally = (): Tally => ({ latencies: [], statuses: new Map(), graphqlErrors: 0, errorCodes: new Map(), samples: [], responses: 0 });

  function record(tally: Tally, status: number, body: string, latencyMs?: number): void {
    tally.responses++;
    if (latencyMs !== undefined) tally.latencies.push(latencyMs);
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    let parsed: GraphQLResponse<{ placeOrder?: { id: string } }> | undefined;
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    const failed = status < 200 || status > 299 || !parsed || (parsed.errors?.length ?? 0) > 0 || !parsed.data?.placeOrder?.id;
    if (!failed) return;
    if (status >= 200 && status <= 299) tally.graphqlErrors++;
    const code = parsed?.errors?.[0]?.extensions?.code ?? (parsed ? 'NO_DATA' : `HTTP_${status}`);
    tally.errorCodes.set(code, (tally.errorCodes.get(code) ?? 0) + 1);
    if (tally.samples.length < 5) tally.samples.push(`${status} ${body.slice(0, 300)}`);
  }

  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

  /** Sends load for `seconds`, counting into `tally`. */
  async function fire(seconds: number, tally: Tally): Promise<{ duration: number; errors: number; timeouts: number }> {
    if (arrivals === 'even') {
      return paced({
        url: graphqlUrl,
        rate,
        seconds,
        connections,
        headers,
        body: () => bodyFor(seq++),
        onResponse: (status, body, latency) => record(tally, status, body, latency),
      });
    }
    let done!: (result: autocannon.Result) => void;
    let fail!: (err: unknown) => void;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      done = resolve;
      fail = reject;
    });
    const instance = autocannon(
      {
        url: graphqlUrl,
        connections,
        duration: seconds,
        overallRate: rate,
        timeout: 10,
        headers,
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            setupRequest: (request) => ({ ...request, body: bodyFor(seq++) }),
            onResponse: (status, body) => record(tally, status, body),
          },
        ],
      },
      (err: unknown, result: autocannon.Result) => (err ? fail(err) : done(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => tally.latencies.push(responseTime));
    return finished;
  }

  if (warmup) {
    const warm = newTally();
    await fire(warmup, warm);
    console.log(
      `  warm-up: ${grouped(warm.responses)} responses, ${warm.graphqlErrors + [...warm.statuses].filter(([s]) => s < 200 || s > 299).reduce((n, [, c]) => n + c, 0)} errors`,
    );
  }

  const tally = newTally();
  const load1 = os.loadavg();
  const cpuBefore = process.cpuUsage();
  const result = await fire(seconds, tally);
  const cpu = process.cpuUsage(cpuBefore);
  const load2 = os.loadavg();

  // -------------------------------------------------------------------------------------
  // report

  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const non2xx = [...tally.statuses].filter(([s]) => s < 200 || s > 299).reduce((n, [, c]) => n + c, 0);
  const achieved = tally.responses / result.duration;
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((c) => c.model.trim()))].join(', ');
  const local = /^(localhost|127\.|\[::1\])/.test(new URL(baseUrl).host);
  const ms = (v: number) => v.toFixed(1);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(sorted.length, 1);

  console.log('');
  console.log('results');
  console.log(`  requests/s achieved   ${achieved.toFixed(1)} (target ${rate}; ${grouped(tally.responses)} responses in ${result.duration.toFixed(1)} s)`);
  console.log(
    `  latency (ms)          p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted[sorted.length - 1] ?? NaN)}  mean ${ms(mean)}`,
  );
  console.log(`  non-2xx responses     ${non2xx}`);
  console.log(`  GraphQL errors        ${tally.graphqlErrors} (200 responses with "errors" or without an order)`);
  console.log(`  connection errors     ${result.errors} (timeouts ${result.timeouts})`);
  if (tally.errorCodes.size) console.log(`  error codes           ${[...tally.errorCodes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const s of tally.samples) console.log(`    e.g. ${s}`);
  console.log(`  p95 under 25 ms       ${percentile(sorted, 95) < 25 ? 'yes' : 'no'}`);
  console.log('');
  console.log(`machine (${local ? 'this one, which also runs the server' : 'this client only: the server is elsewhere'})`);
  console.log(`  ${cpus.length} cores, ${models}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`  load average ${load1.map((l) => l.toFixed(2)).join(' ')} before, ${load2.map((l) => l.toFixed(2)).join(' ')} after`);
  console.log(
    `  this benchmark process used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU (${(((cpu.user + cpu.system) / 1e6 / result.duration) * 100).toFixed(0)}% of one core)`,
  );
  if (arrivals === 'even') {
    console.log(`  latency: every response, from when its request was due (one every ${ms(1000 / rate)} ms) to the end of the response`);
  } else {
    console.log('  latency: every response, from writing the request to the end of the response (autocannon sends each');
    console.log(`  second's ${rate} requests back to back over the ${connections} connections, so they arrive in bursts)`);
  }
  console.log(`  run ${runId}: idempotency keys bench-${runId}-0 .. bench-${runId}-${seq - 1}`);

  const failures = non2xx + tally.graphqlErrors + result.errors;
  if (failures > 0) {
    console.error(`\n${failures} requests failed`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(`bench-place-order: ${(err as Error).message}`);
  process.exit(2);
});
