// (b) The dispatcher's board: sign in as the demo `dispatcher`, read the board
// (dispatchBoard: every open order of the organisation, flagged ones first), then ask for the
// carer candidates of an order on it (carerCandidates, with every factor's score), as a
// dispatcher does before assigning by hand.
//
// So that the board is not empty on a fresh demo county, setup() has the hotline place
// SETUP_ORDERS orders (default 30) for different recipients and waits for the worker to
// match them; teardown() cancels them again, releasing their budget holds.
//
//   k6 run -e BASE_URL=http://127.0.0.1:4000 load-tests/k6/dispatcher.js
import { check, group, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { CANCEL_ORDER, CARER_CANDIDATES, DISPATCH_BOARD, PLACE_ORDER } from './operations.js';
import { activeRecipientIds, constantVusOptions, everydayItems, gql, pick, signIn, spreadWindow, uniqueKey } from './lib.js';

const SETUP_ORDERS = Number(__ENV.SETUP_ORDERS || 30);

// an empty board would pass every threshold while measuring nothing: at least one lookup must happen
const candidateLookups = new Counter('candidate_lookups');

export const options = constantVusOptions('board', 5, ['dispatchBoard', 'carerCandidates'], {
  setupTimeout: '2m',
  thresholds: { candidate_lookups: ['count>0'] },
});

export function setup() {
  const hotline = signIn('hotline');
  const recipients = activeRecipientIds(hotline);
  const items = everydayItems(hotline);
  const placed = [];
  for (let i = 0; i < SETUP_ORDERS && i < recipients.length; i++) {
    const { data } = gql(
      'placeOrder',
      PLACE_ORDER,
      {
        input: {
          recipientId: recipients[(i * 37) % recipients.length],
          serviceItemId: items[i % Math.min(items.length, 4)].id,
          quantity: 1,
          ...spreadWindow(i, 14),
          callerPhone: '0796-3600000',
          notes: 'k6 dispatcher board set-up',
          idempotencyKey: uniqueKey('dispatcher-setup'),
        },
      },
      hotline,
    );
    if (data && data.placeOrder) placed.push(data.placeOrder.id);
  }
  candidateLookups.add(0); // a sample, so the threshold is evaluated even when no lookup happens
  // the worker matches new orders to the organisation within moments; give it time
  sleep(Number(__ENV.SETUP_WAIT_SECONDS || 5));
  return { hotline, placed };
}

let token = null;

export default function () {
  if (!token) token = signIn('dispatcher');
  let board = [];
  group('read the board', () => {
    const { data } = gql('dispatchBoard', DISPATCH_BOARD, {}, token);
    board = (data && data.dispatchBoard) || [];
    check(board, {
      'board: a list': (b) => Array.isArray(b),
      'board: flagged orders first': (b) => {
        const firstUnflagged = b.findIndex((o) => !o.matchProblem);
        return firstUnflagged < 0 || b.slice(firstUnflagged).every((o) => !o.matchProblem);
      },
    });
  });
  sleep(1);
  if (!board.length) return;

  group('carer candidates for an order on the board', () => {
    // flagged orders are the ones a dispatcher looks at first
    const flagged = board.filter((o) => o.matchProblem);
    const order = flagged.length && Math.random() < 0.5 ? pick(flagged) : pick(board);
    const { data } = gql('carerCandidates', CARER_CANDIDATES, { orderId: order.id, limit: 5 }, token);
    candidateLookups.add(1);
    const candidates = data && data.carerCandidates;
    check(candidates, {
      'candidates: at most the limit': (c) => Array.isArray(c) && c.length <= 5,
      'candidates: best first': (c) => Array.isArray(c) && c.every((x, i) => i === 0 || c[i - 1].total >= x.total),
      'candidates: each with its factors': (c) => Array.isArray(c) && c.every((x) => x.carer && x.factors.length > 0),
    });
  });
  sleep(2);
}

export function teardown(data) {
  for (const orderId of data.placed) {
    // an order the dispatcher's board moved on meanwhile may refuse (CONFLICT): that is fine here
    gql('cancelOrder', CANCEL_ORDER, { orderId, reason: 'k6: 测试结束' }, data.hotline, ['CONFLICT']);
  }
}
