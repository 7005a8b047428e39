// (d) Live updates over websocket (graphql-transport-ws): `watchers` virtual users sign in as
// the demo `dispatcher` and subscribe to dispatchBoardUpdated, while `orderers` place orders
// as the demo `hotline` at a steady rate (and cancel each one a few seconds later, releasing
// its budget hold). Every order the worker matches to the organisation, and every
// cancellation, is a board update, so each watcher must receive messages.
//
//   k6 run -e BASE_URL=http://127.0.0.1:4000 load-tests/k6/subscriptions.js
//   env: WATCHERS (default 10), WATCH_SECONDS (60), ORDER_RATE per second (2)
//
// board_update_delay_ms is how long after the change (the order's statusChangedAt, stamped by
// the API server or worker in the transaction that made it) a watcher received it: the rest of
// that transaction, publishing through Redis, the per-subscriber load and the websocket. It
// compares two clocks, so run k6 on the server's machine (or one synchronised with it);
// MAX_DELIVERY_MS (default 1000) is its p95 bound.
//
// Uses k6/ws (the websocket module every k6 version has); the subprotocol is named in the
// handshake, since the server closes connections that name none.
import ws from 'k6/ws';
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { CANCEL_ORDER, DISPATCH_BOARD_UPDATED, PLACE_ORDER } from './operations.js';
import {
  activeRecipientIds,
  commonThresholds,
  completeMessage,
  perOperationThresholds,
  connectionInit,
  everydayItems,
  gql,
  pick,
  pongMessage,
  signIn,
  spreadWindow,
  subscribeMessage,
  uniqueKey,
  wsParams,
  WS_URL,
} from './lib.js';

const WATCHERS = Number(__ENV.WATCHERS || 10);
const WATCH_SECONDS = Number(__ENV.WATCH_SECONDS || 60);
const ORDER_RATE = Number(__ENV.ORDER_RATE || 2);

const boardMessages = new Counter('board_messages');
const subscriptionErrors = new Counter('subscription_errors');
const firstMessage = new Trend('board_first_message_ms', true);
const deliveryDelay = new Trend('board_update_delay_ms', true);
const MAX_DELIVERY_MS = Number(__ENV.MAX_DELIVERY_MS || 1000);

export const options = {
  scenarios: {
    watchers: {
      executor: 'per-vu-iterations',
      exec: 'watchBoard',
      vus: WATCHERS,
      iterations: 1,
      maxDuration: `${WATCH_SECONDS + 30}s`,
    },
    orderers: {
      executor: 'constant-arrival-rate',
      exec: 'placeOrders',
      rate: ORDER_RATE,
      timeUnit: '1s',
      // start once the watchers are subscribed, stop before they close
      startTime: '3s',
      duration: `${Math.max(5, WATCH_SECONDS - 10)}s`,
      preAllocatedVUs: Math.max(2, ORDER_RATE * 4),
      maxVUs: Math.max(10, ORDER_RATE * 10),
    },
  },
  thresholds: {
    ...commonThresholds,
    ...perOperationThresholds(['placeOrder', 'cancelOrder']),
    board_messages: [`count>=${WATCHERS}`],
    // a refused subscription or a broken socket will not mend itself: stop the run
    subscription_errors: [{ threshold: 'count==0', abortOnFail: true }],
    board_update_delay_ms: [`p(95)<${MAX_DELIVERY_MS}`],
    'checks{scenario:watchers}': ['rate>0.99'],
    ws_connecting: ['p(95)<250'],
  },
  setupTimeout: '1m',
};

export function setup() {
  boardMessages.add(0); // a sample, so count>=WATCHERS is evaluated even when nothing arrives
  const hotline = signIn('hotline');
  return {
    hotline,
    dispatcher: signIn('dispatcher'),
    recipients: activeRecipientIds(hotline),
    // the cheapest everyday items, so the budgets last
    items: everydayItems(hotline)
      .slice(0, 4)
      .map((i) => i.id),
  };
}

/** One watcher: connect, init with the token, subscribe, count the updates, close after WATCH_SECONDS. */
export function watchBoard(data) {
  let acked = false;
  let received = 0;
  let malformed = 0;
  let subscribedAt = 0;
  const res = ws.connect(WS_URL, wsParams({ name: 'dispatchBoardUpdated' }), (socket) => {
    socket.on('open', () => socket.send(connectionInit(data.dispatcher)));
    socket.on('message', (raw) => {
      let msg;
      try {
        msg = JSON.parse(raw);
      } catch (_e) {
        malformed++;
        return;
      }
      if (msg.type === 'connection_ack') {
        acked = true;
        subscribedAt = Date.now();
        socket.send(subscribeMessage('board', DISPATCH_BOARD_UPDATED));
      } else if (msg.type === 'next' && msg.id === 'board') {
        const order = msg.payload && msg.payload.data ? msg.payload.data.dispatchBoardUpdated : null;
        if (!order || !order.id || !order.status || (msg.payload.errors && msg.payload.errors.length)) {
          malformed++;
          return;
        }
        if (received === 0) firstMessage.add(Date.now() - subscribedAt);
        if (order.statusChangedAt) deliveryDelay.add(Math.max(0, Date.now() - Date.parse(order.statusChangedAt)));
        received++;
        boardMessages.add(1);
      } else if (msg.type === 'ping') {
        socket.send(pongMessage());
      } else if (msg.type === 'error') {
        subscriptionErrors.add(1);
        console.error(`subscription error: ${JSON.stringify(msg.payload)}`);
        socket.close();
      }
    });
    socket.on('error', (e) => {
      subscriptionErrors.add(1);
      console.error(`websocket error: ${e.error()}`);
    });
    socket.setTimeout(() => {
      socket.send(completeMessage('board'));
      socket.close();
    }, WATCH_SECONDS * 1000);
  });
  check(res, { 'websocket: switched protocols (101)': (r) => !!r && r.status === 101 });
  check(null, {
    'websocket: connection acknowledged': () => acked,
    'websocket: board updates arrived': () => received > 0,
    'websocket: every update well formed': () => malformed === 0,
  });
}

/** One order by the hotline for a random recipient, cancelled a few seconds later. */
export function placeOrders(data) {
  const { data: placed } = gql(
    'placeOrder',
    PLACE_ORDER,
    {
      input: {
        recipientId: pick(data.recipients),
        serviceItemId: pick(data.items),
        quantity: 1,
        ...spreadWindow(__VU * 100000 + __ITER, 20),
        callerPhone: '0796-3600000',
        notes: 'k6 subscriptions',
        idempotencyKey: uniqueKey('subscriptions'),
      },
    },
    data.hotline,
  );
  const order = placed && placed.placeOrder;
  check(order, { 'orderer: placed': (o) => !!o && o.status === 'PLACED' });
  if (!order) return;
  // long enough for the worker to match it (a board update), then a cancellation (another)
  sleep(3);
  gql('cancelOrder', CANCEL_ORDER, { orderId: order.id, reason: 'k6: 测试结束' }, data.hotline, ['CONFLICT']);
}
