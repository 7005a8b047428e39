// The subscription row of `npm run bench`: `watchers` dispatchers subscribed to
// dispatchBoardUpdated over websocket (graphql-transport-ws), while carers accept jobs at a
// steady rate; every acceptance is one board update for each watcher. Latency runs from
// sending the acceptJob request to a watcher receiving that order's update. The limits: the
// query the server runs per watcher per update (it loads the order for each subscriber),
// through a plain pg pool at the same rate; and a bare Fastify websocket route sending a
// message of the same size to the same number of sockets.
import { WebSocket } from 'ws';
import type { Outcome } from './drive.js';

export interface FanOutResult {
  deliveries: number;
  expected: number;
  seconds: number;
  latenciesMs: number[];
  triggerErrors: number;
}

/** Sends `count` triggers at `rate` per second; each resolves to the id deliveries carry. */
async function paceTriggers(count: number, rate: number, trigger: (k: number) => Promise<string | null>): Promise<number> {
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  for (let k = 0; k < count; k++) {
    const wait = start + (k * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      trigger(k).then(
        (id) => {
          if (id === null) errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return errors;
}

/** Opens `count` sockets, each set up by `open` (resolves once it is ready to receive). */
async function openSockets(
  count: number,
  url: string,
  protocol: string | undefined,
  onMessage: (raw: string) => void,
  init?: (ws: WebSocket) => Promise<void>,
): Promise<WebSocket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = protocol ? new WebSocket(url, protocol) : new WebSocket(url);
          ws.once('error', reject);
          ws.once('open', () => {
            ws.on('message', (data) => onMessage(data.toString()));
            (init ? init(ws) : Promise.resolve()).then(() => resolve(ws), reject);
          });
        }),
    ),
  );
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()` or `ms` passed. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) await settle(20);
}

/**
 * Our server: watchers subscribe as the dispatcher; `accept(k)` has the carer accept the job
 * of order `orderIds[k]` and says whether it was accepted.
 */
export async function measureOurFanOut(
  graphqlUrl: string,
  dispatcherToken: string,
  query: string,
  watchers: number,
  rate: number,
  orderIds: string[],
  accept: (k: number) => Promise<boolean>,
): Promise<FanOutResult> {
  const events = orderIds.length;
  const sentAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  const onMessage = (raw: string) => {
    const msg = JSON.parse(raw) as { type: string; payload?: { data?: { dispatchBoardUpdated?: { id: string; status: string } } } };
    const order = msg.type === 'next' ? msg.payload?.data?.dispatchBoardUpdated : undefined;
    if (order?.status !== 'ACCEPTED') return;
    const t0 = sentAt.get(order.id);
    if (t0 !== undefined) latenciesMs.push(performance.now() - t0);
  };
  const init = (ws: WebSocket) =>
    new Promise<void>((resolve, reject) => {
      const onAck = (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as { type: string };
        if (msg.type === 'connection_ack') {
          ws.off('message', onAck);
          ws.send(JSON.stringify({ id: 'board', type: 'subscribe', payload: { query } }));
          resolve();
        } else if (msg.type === 'error' || msg.type === 'connection_error') reject(new Error(`subscription refused: ${data.toString()}`));
      };
      ws.on('message', onAck);
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${dispatcherToken}` } }));
    });
  const sockets = await openSockets(watchers, graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', onMessage, init);
  await settle(300); // the subscribe message has no acknowledgement: give the server a moment
  const start = performance.now();
  const triggerErrors = await paceTriggers(events, rate, async (k) => {
    // timed from sending: a delivery may arrive before the answer does
    sentAt.set(orderIds[k], performance.now());
    return (await accept(k)) ? orderIds[k] : null;
  });
  await until(() => latenciesMs.length >= (events - triggerErrors) * watchers, 3000);
  const seconds = (performance.now() - start) / 1000;
  for (const ws of sockets) ws.close();
  return { deliveries: latenciesMs.length, expected: events * watchers, seconds, latenciesMs, triggerErrors };
}

/** The bare Fastify websocket route: the same number of sockets and messages at the same rate. */
export async function measureBareFanOut(
  baseUrl: string,
  watchers: number,
  events: number,
  rate: number,
  publish: (id: string) => Promise<Outcome>,
): Promise<FanOutResult> {
  const sentAt = new Map<string, number>();
  const latenciesMs: number[] = [];
  const onMessage = (raw: string) => {
    const id = (JSON.parse(raw) as { payload?: { data?: { dispatchBoardUpdated?: { id: string } } } }).payload?.data?.dispatchBoardUpdated?.id;
    const t0 = id === undefined ? undefined : sentAt.get(id);
    if (t0 !== undefined) latenciesMs.push(performance.now() - t0);
  };
  const sockets = await openSockets(watchers, `${baseUrl.replace(/^http/, 'ws')}/bare-ws`, undefined, onMessage);
  await settle(100);
  const start = performance.now();
  const triggerErrors = await paceTriggers(events, rate, async (k) => {
    const id = `bare-${k}`;
    sentAt.set(id, performance.now());
    return (await publish(id)).ok ? id : null;
  });
  await until(() => latenciesMs.length >= (events - triggerErrors) * watchers, 3000);
  const seconds = (performance.now() - start) / 1000;
  for (const ws of sockets) ws.close();
  return { deliveries: latenciesMs.length, expected: events * watchers, seconds, latenciesMs, triggerErrors };
}

/** The SQL limit: per event, the order loaded once per watcher, all at once, at the same rate. */
export async function measureSqlFanOut(watchers: number, events: number, rate: number, loadOrder: (k: number) => Promise<Outcome>): Promise<FanOutResult> {
  const latenciesMs: number[] = [];
  let failed = 0;
  const start = performance.now();
  const triggerErrors = await paceTriggers(events, rate, async (k) => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: watchers }, async () => {
        const outcome = await loadOrder(k).catch(() => ({ ok: false }));
        if (outcome.ok) latenciesMs.push(performance.now() - t0);
        else failed++;
      }),
    );
    return String(k);
  });
  return {
    deliveries: latenciesMs.length,
    expected: events * watchers,
    seconds: (performance.now() - start) / 1000,
    latenciesMs,
    triggerErrors: triggerErrors + failed,
  };
}
