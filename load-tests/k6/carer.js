// (c) The carer's day: sign in as the demo `carer`, read their jobs (myJobs: today and the
// next 6 days), accept a job dispatched to them (acceptJob), then check in at an accepted
// job's place (checkIn, with the device's time taken a few minutes earlier, as an app on a
// bad connection would send it) and check out with what was done (checkOut). A check-out
// seconds after the check-in is far shorter than the item's standard duration, so these
// visits land in the dispatcher's exception queue (flagged TOO_SHORT): the flow measures the
// calls, not a realistic service day.
//
// So that there is something to accept, setup() has the demo `recipient` (who is paired with
// the demo carer, and matching prefers the paired carer) order SETUP_ORDERS services
// (default 12) in the carer's working hours (Monday to Saturday, 08:00–18:00) over the next
// 6 days, and waits until the worker has dispatched them. Several virtual users accept from
// the same list, so one may find a job already accepted by another: that answer (CONFLICT)
// is counted as accept_conflicts, not as a failure. teardown() cancels the set-up orders.
//
//   k6 run -e BASE_URL=http://127.0.0.1:4000 load-tests/k6/carer.js
import { check, group, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { ACCEPT_JOB, CANCEL_ORDER, CHECK_IN, CHECK_OUT, MY_JOBS, PLACE_ORDER } from './operations.js';
import { constantVusOptions, countyDate, everydayItems, gql, isoWeekday, pick, signIn, uniqueKey, windowOn } from './lib.js';

const SETUP_ORDERS = Number(__ENV.SETUP_ORDERS || 12);
const acceptConflicts = new Counter('accept_conflicts');
const accepted = new Counter('jobs_accepted');
const visitConflicts = new Counter('visit_conflicts');
const served = new Counter('visits_checked_out');

// without dispatched jobs the flow would only read myJobs and pass: accepting and serving must happen
export const options = constantVusOptions('carers', 3, ['myJobs', 'acceptJob', 'checkIn', 'checkOut'], {
  setupTimeout: '2m',
  thresholds: { jobs_accepted: ['count>0'], visits_checked_out: ['count>0'] },
});

export function setup() {
  // a sample each, so their thresholds are evaluated even when nothing is accepted or served
  accepted.add(0);
  served.add(0);
  const recipient = signIn('recipient');
  const carer = signIn('carer');
  const items = everydayItems(recipient);
  // working days of the next 6 days (carers work Monday to Saturday), two slots a day
  const slots = [];
  for (let d = 1; d <= 6; d++) {
    const date = countyDate(d);
    if (isoWeekday(date) === 7) continue;
    for (const hour of [9, 10, 11, 14, 15, 16]) slots.push(windowOn(date, hour, 0, 60));
  }
  const placed = [];
  for (let i = 0; i < SETUP_ORDERS && i < slots.length; i++) {
    const { data } = gql(
      'placeOrder',
      PLACE_ORDER,
      {
        input: {
          serviceItemId: items[i % Math.min(items.length, 3)].id,
          quantity: 1,
          ...slots[(i * 5) % slots.length],
          notes: 'k6 carer flow set-up',
          idempotencyKey: uniqueKey('carer-setup'),
        },
      },
      recipient,
    );
    if (data && data.placeOrder) placed.push(data.placeOrder.id);
  }
  // wait (up to SETUP_WAIT_SECONDS) until the worker has dispatched them to the carer
  const deadline = Date.now() + Number(__ENV.SETUP_WAIT_SECONDS || 20) * 1000;
  let dispatched = 0;
  while (Date.now() < deadline) {
    const { data } = gql('myJobs', MY_JOBS, {}, carer);
    dispatched = ((data && data.myJobs) || []).filter((j) => j.status === 'DISPATCHED').length;
    if (dispatched >= placed.length) break;
    sleep(1);
  }
  console.log(`setup: ${placed.length} orders placed, ${dispatched} jobs dispatched to the demo carer`);
  return { recipient, placed };
}

let token = null;

export default function () {
  if (!token) token = signIn('carer');
  let jobs = [];
  group('my jobs', () => {
    const { data } = gql('myJobs', MY_JOBS, { from: countyDate(0), to: countyDate(6) }, token);
    jobs = (data && data.myJobs) || [];
    check(jobs, {
      'jobs: by start time': (list) => list.every((j, i) => i === 0 || list[i - 1].windowStart <= j.windowStart),
      'jobs: each with an address': (list) => list.every((j) => j.place && j.place.address.length > 0),
    });
  });
  sleep(1);

  const waiting = jobs.filter((j) => j.status === 'DISPATCHED');
  if (waiting.length) {
    group('accept a job', () => {
      const job = pick(waiting);
      const { data, code } = gql('acceptJob', ACCEPT_JOB, { orderId: job.id }, token, ['CONFLICT']);
      if (code === 'CONFLICT') {
        acceptConflicts.add(1);
        return;
      }
      check(data && data.acceptJob, { 'accepted: status ACCEPTED': (o) => !!o && o.status === 'ACCEPTED' });
      if (data && data.acceptJob) accepted.add(1);
    });
  }

  const ready = jobs.filter((j) => j.status === 'ACCEPTED');
  if (ready.length) {
    group('serve a job', () => {
      const job = pick(ready);
      // at the recipient's door: the job's place, or near the county seat when it has none
      const here = { latitude: job.place.latitude != null ? job.place.latitude : 27.58, longitude: job.place.longitude != null ? job.place.longitude : 115.32 };
      const checkIn = gql(
        'checkIn',
        CHECK_IN,
        {
          input: { orderId: job.id, at: new Date(Date.now() - 3 * 60000).toISOString(), accuracyMeters: 15, ...here },
        },
        token,
        ['CONFLICT'],
      );
      if (checkIn.code === 'CONFLICT') {
        visitConflicts.add(1); // another virtual user checked in first
        return;
      }
      check(checkIn.data && checkIn.data.checkIn, { 'checked in: IN_SERVICE': (v) => !!v && v.order.status === 'IN_SERVICE' });
      sleep(1);
      const checkOut = gql(
        'checkOut',
        CHECK_OUT,
        {
          input: { orderId: job.id, accuracyMeters: 15, workDone: 'k6: 打扫卫生，整理房间', ...here },
        },
        token,
        ['CONFLICT'],
      );
      check(checkOut.data && checkOut.data.checkOut, { 'checked out: COMPLETED': (v) => !!v && v.order.status === 'COMPLETED' });
      if (checkOut.data && checkOut.data.checkOut) served.add(1);
    });
  }

  sleep(2);
}

export function teardown(data) {
  for (const orderId of data.placed) {
    gql('cancelOrder', CANCEL_ORDER, { orderId, reason: 'k6: 测试结束' }, data.recipient, ['CONFLICT']);
  }
}
