// (a) The recipient's ordering flow, as the mini-program does it: sign in as the demo
// `recipient` (once per virtual user, as a person signs in once), read the catalog, place an
// order, read it back, cancel it. Cancelling releases the budget hold, so the recipient's
// 2,000-yuan budget is not used up however long this runs.
//
//   k6 run -e BASE_URL=http://127.0.0.1:4000 load-tests/k6/ordering.js
//   k6 run -e BASE_URL=http://127.0.0.1:4000 -e VUS=20 -e DURATION=2m load-tests/k6/ordering.js
import { check, group, sleep } from 'k6';
import { CANCEL_ORDER, ORDER, PLACE_ORDER } from './operations.js';
import { constantVusOptions, everydayItems, gql, signIn, spreadWindow, uniqueKey } from './lib.js';

export const options = constantVusOptions('ordering', 10, ['serviceCatalog', 'placeOrder', 'order', 'cancelOrder']);

// per virtual user: one sign-in, kept across iterations
let token = null;

export default function () {
  if (!token) token = signIn('recipient');
  let orderId = null;

  group('read the catalog', () => {
    const items = everydayItems(token);
    check(items, { 'catalog has everyday items': (list) => list.length > 0 });
    // the cheaper half of the everyday items: what a recipient typically orders
    const cheap = items.slice(0, Math.max(1, Math.ceil(items.length / 2)));
    const item = cheap[(__VU + __ITER) % cheap.length];

    group('place an order', () => {
      const { data } = gql(
        'placeOrder',
        PLACE_ORDER,
        {
          input: {
            serviceItemId: item.id,
            quantity: 1,
            ...spreadWindow(__VU * 1000 + __ITER, 20),
            notes: 'k6 ordering flow',
            idempotencyKey: uniqueKey('ordering'),
          },
        },
        token,
      );
      const order = data && data.placeOrder;
      check(order, {
        'placed: status PLACED': (o) => !!o && o.status === 'PLACED',
        'placed: the item ordered': (o) => !!o && o.serviceItem.id === item.id,
        'placed: held the guide price': (o) => !!o && o.amount === item.price,
      });
      if (order) orderId = order.id;
    });
  });
  if (!orderId) return;
  sleep(0.5);

  group('read it back', () => {
    const { data } = gql('order', ORDER, { id: orderId }, token);
    const order = data && data.order;
    check(order, {
      'read back: the same order': (o) => !!o && o.id === orderId,
      'read back: placed in the mini-program': (o) => !!o && o.channel === 'MINI_PROGRAM',
      'read back: its history starts with place': (o) => !!o && o.events.length > 0 && o.events[0].action === 'place',
    });
  });
  sleep(0.5);

  group('cancel it', () => {
    const { data } = gql('cancelOrder', CANCEL_ORDER, { orderId, reason: 'k6: 不需要了' }, token);
    check(data && data.cancelOrder, { 'cancelled: status CANCELLED': (o) => !!o && o.status === 'CANCELLED' });
  });
  sleep(1);
}
