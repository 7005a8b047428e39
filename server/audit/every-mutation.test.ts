// Every mutation leaves its trail. The test walks the Mutation fields of schema.graphql and
// runs each one for real, in the order a county's year would (a user is made, a recipient
// registered, orders placed and served, complaints handled, the month scored and settled),
// then checks that it left audit rows naming it, its caller and their address, and that
// nothing the API wrote went unattributed. A new mutation fails here until it has a
// scenario, or a stated reason why it changes no data. At the end, the personal data that
// went through the walk is looked for in the whole trail, in clear: it is never there.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { parse } from 'graphql';
import type { TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, type Fixtures } from '../testing/fixtures.js';
import { itemId, orderingWorld, windowAt } from '../orders/test-support.js';
import { arrive, nextWindow, serveOrder } from '../visits/test-support.js';
import { matchOrder } from '../matching/match-order.js';
import { markMissedVisits } from '../visits/missed-visits.js';
import { scheduleReturnVisit } from '../return-visits/schedule.js';
import { serveMonth } from '../scoring/test-support.js';
import { creditCode } from '../organisations/test-support.js';
import { newIdNumber } from '../registry/test-support.js';
import { financeColleague } from '../settlement/test-support.js';
import { nowMs, setClockForTests } from '../platform/clock.js';
import { addDays, countyToday, countyYear } from '../platform/county-time.js';
import { previousCountyMonth } from '../scoring/months.js';
import { ORDINARY_MORNING } from '../testing/instants.js';

setClockForTests(ORDINARY_MORNING);

/** Mutations that change no data, each with why; every other field needs a scenario below. */
const CHANGES_NO_DATA: Record<string, string> = {
  advanceSimulatedClock: "moves the simulation's clock, kept in Redis (never in PostgreSQL), and exists only with SIMULATED_CLOCK, which production refuses",
};

/** The personal data the walk sends: none of it may be in the trail in clear. */
const personal = {
  idNumber: newIdNumber(false, '1948-02-03'),
  phone: '13912340001',
  newPhone: '13912340002',
  callerPhone: '13912340003',
  notePhone: '13912340004',
  carerPhone: '13912340005',
  complainantPhone: '13912340006',
  organisationPhone: '13912340007',
  userPhone: '13912340008',
  name: '测试甲乙丙',
  address: '峡江县测试村甲巷9号',
  newAddress: '峡江县测试村乙巷8号',
  movedAddress: '峡江县测试村丙巷7号',
  contactName: '联系人丁戊',
  carerName: '护理员己庚',
  complainantName: '投诉人辛壬',
  certificate: 'ZS-2027-774411',
};

let world: TestWorld;
let fx: Fixtures;
let home: { latitude: number; longitude: number };
/** Tokens of the carers of organisation A, by carer id. */
const carerTokens = new Map<number, string>();
let finance2: string;

beforeAll(async () => {
  ({ world, fx } = await orderingWorld());
  home = await world.db.selectFrom('regions').select(['latitude', 'longitude']).where('id', '=', fx.villageA1).executeTakeFirstOrThrow();
  carerTokens.set(fx.carerA, fx.tokens.carerA);
  finance2 = await financeColleague(world);
});
afterAll(() => world?.close());

/** What earlier steps made, for later ones. */
const made: Record<string, number> = {};
let signedIn: string;

const ok = (query: string, variables: Record<string, unknown>, token: string) => world.ok(query, variables, token);
const id = (n: number) => String(n);

const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';
/** An order of recipient A placed by the hotline; its id. */
async function placed(daysAhead: number, hour: number, item = 'laundry'): Promise<number> {
  const input = {
    recipientId: id(fx.recipientA),
    serviceItemId: id(await itemId(world, item)),
    ...windowAt(daysAhead, hour),
    callerPhone: personal.callerPhone,
  };
  return Number((await ok(PLACE, { input }, fx.tokens.hotline)).placeOrder.id);
}

/** An order placed and dispatched by matching; its id and the carer it went to. */
async function dispatched(daysAhead: number, hour: number): Promise<{ orderId: number; carerId: number }> {
  const orderId = await placed(daysAhead, hour);
  const result = await matchOrder(world.db, orderId);
  if (result.result !== 'dispatched') throw new Error(`matching gave ${result.result}`);
  const { carer_id } = await world.db.selectFrom('orders').select('carer_id').where('id', '=', orderId).executeTakeFirstOrThrow();
  return { orderId, carerId: carer_id! };
}

const tokenOfCarer = async (orderId: number) => {
  const { carer_id } = await world.db.selectFrom('orders').select('carer_id').where('id', '=', orderId).executeTakeFirstOrThrow();
  const token = carerTokens.get(carer_id!);
  if (!token) throw new Error(`no sign-in for carer ${carer_id}`);
  return token;
};

const VISIT = 'order { id status } flags exceptionStatus';
/** An accepted order checked in on arrival and out `minutes` later at `where`; its id. */
async function visited(minutes: number, where = home): Promise<number> {
  const orderId = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
  const token = await tokenOfCarer(orderId);
  await arrive(world, orderId);
  await ok(`mutation($input: CheckInInput!) { checkIn(input: $input) { ${VISIT} } }`, { input: { orderId: id(orderId), ...home } }, token);
  await world.db
    .updateTable('visits')
    .set({
      checked_in_at: sql`checked_in_at - make_interval(mins => ${minutes})`,
      check_in_received_at: sql`check_in_received_at - make_interval(mins => ${minutes})`,
    })
    .where('order_id', '=', orderId)
    .execute();
  await ok(
    `mutation($input: CheckOutInput!) { checkOut(input: $input) { ${VISIT} } }`,
    { input: { orderId: id(orderId), ...where, workDone: `洗衣；家属电话 ${personal.notePhone}` } },
    token,
  );
  return orderId;
}

const month = previousCountyMonth();
const SCORE = 'id sample { order { id } reviewedAt }';
const scoreOf = async (organisationId: number) =>
  (
    await world.db
      .selectFrom('organisation_scores')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('month', '=', `${month}-01`)
      .executeTakeFirstOrThrow()
  ).id;

/**
 * One scenario per Mutation field, in the order they run: each makes the field's change
 * through the API as its callers do (set-up that is not the field under test goes straight
 * to the database or through other fields, whose rows are not counted for this one).
 */
const scenarios: Record<string, () => Promise<unknown>> = {
  signIn: async () => {
    signedIn = await world.signIn('admin', FIXTURE_PASSWORD);
  },
  signOut: () => ok('mutation { signOut }', {}, signedIn),
  setServiceItemPrice: async () =>
    ok(
      'mutation($input: SetServiceItemPriceInput!) { setServiceItemPrice(input: $input) { id } }',
      { input: { serviceItemId: id(await itemId(world, 'haircut')), priceFen: 3300, reason: '县民政局调价' } },
      fx.tokens.admin,
    ),
  setServiceItemActive: async () => {
    const haircut = id(await itemId(world, 'haircut'));
    const SET = 'mutation($id: ID!, $active: Boolean!) { setServiceItemActive(serviceItemId: $id, active: $active) { active } }';
    await ok(SET, { id: haircut, active: false }, fx.tokens.admin);
    await ok(SET, { id: haircut, active: true }, fx.tokens.admin);
  },
  registerRecipient: async () => {
    const input = {
      name: personal.name,
      idNumber: personal.idNumber,
      eligibilityCategory: 'DESTITUTE',
      disabilityLevel: 'SEMI_DISABLED',
      villageId: id(fx.villageA1),
      householdNumber: 'HH-AUDIT-1',
      address: personal.address,
      phone: personal.phone,
    };
    const { registerRecipient } = await ok(
      'mutation($input: RegisterRecipientInput!) { registerRecipient(input: $input) { id } }',
      { input },
      fx.tokens.townshipA,
    );
    made.recipient = Number(registerRecipient.id);
  },
  updateRecipientContact: () =>
    ok(
      'mutation($id: ID!, $input: RecipientContactInput!) { updateRecipientContact(recipientId: $id, input: $input) { id } }',
      { id: id(made.recipient), input: { phone: personal.newPhone, address: personal.newAddress } },
      fx.tokens.hotline,
    ),
  changeRecipientStatus: () =>
    ok(
      'mutation($id: ID!, $status: RecipientStatus!, $reason: String!) { changeRecipientStatus(recipientId: $id, status: $status, reason: $reason) { id } }',
      { id: id(made.recipient), status: 'VERIFIED', reason: '入户核实：独居，行动不便' },
      fx.tokens.townshipA,
    ),
  moveRecipient: () =>
    ok(
      'mutation($id: ID!, $input: MoveRecipientInput!) { moveRecipient(recipientId: $id, input: $input) { id } }',
      { id: id(made.recipient), input: { villageId: id(fx.villageA2), address: personal.movedAddress, reason: '随女儿生活' } },
      fx.tokens.townshipA,
    ),
  recordNeedsAssessment: async () =>
    ok(
      'mutation($input: NeedsAssessmentInput!) { recordNeedsAssessment(input: $input) { id } }',
      {
        input: {
          recipientId: id(made.recipient),
          assessedOn: countyToday(),
          participants: `${personal.name}、网格员`,
          summary: '需要每周洗衣',
          needs: [{ serviceItemId: id(await itemId(world, 'laundry')), timesPerMonth: 4, note: '冬季加倍' }],
        },
      },
      fx.tokens.townshipA,
    ),
  issueServiceCard: () => ok('mutation($id: ID!) { issueServiceCard(recipientId: $id) { id } }', { id: id(fx.recipientA) }, fx.tokens.townshipA),
  revealIdNumber: () =>
    ok(
      'mutation($id: ID!, $reason: String!) { revealIdNumber(recipientId: $id, reason: $reason) }',
      { id: id(made.recipient), reason: '办理低保复核' },
      fx.tokens.townshipA,
    ),
  openProgrammeYear: () =>
    ok('mutation($input: OpenProgrammeYearInput!) { openProgrammeYear(input: $input) { year } }', { input: { year: countyYear() + 2 } }, fx.tokens.admin),
  createOrganisation: async () => {
    const input = {
      name: '审计测试社工站',
      creditCode: creditCode(4242),
      contactName: personal.contactName,
      phone: personal.organisationPhone,
      address: personal.address,
    };
    made.organisation = Number(
      (await ok('mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }', { input }, fx.tokens.admin)).createOrganisation.id,
    );
  },
  createContract: async () => {
    const year = countyYear();
    const categories = await world.db.selectFrom('service_categories').select('id').execute();
    const input = {
      organisationId: id(made.organisation),
      contractNumber: `XJ-${year}-AUDIT`,
      startsOn: `${year}-06-01`,
      endsOn: `${year}-12-31`,
      fundFen: 1_000_000,
      townshipIds: [id(fx.townshipB)],
      categoryIds: categories.map((c) => id(c.id)),
    };
    made.contract = Number(
      (await ok('mutation($input: CreateContractInput!) { createContract(input: $input) { id } }', { input }, fx.tokens.admin)).createContract.id,
    );
  },
  terminateContract: () =>
    ok(
      'mutation($id: ID!, $reason: String!) { terminateContract(contractId: $id, reason: $reason) { id } }',
      { id: id(made.contract), reason: '机构撤回投标' },
      fx.tokens.admin,
    ),
  registerCarer: async () => {
    const input = {
      organisationId: id(fx.orgA),
      name: personal.carerName,
      phone: personal.carerPhone,
      kind: 'ASSISTED_EMPLOYMENT',
      homeVillageId: id(fx.villageA1),
      hardshipCategory: 'DIBAO_EDGE',
    };
    made.carer = Number(
      (await ok('mutation($input: RegisterCarerInput!) { registerCarer(input: $input) { id } }', { input }, fx.tokens.dispatcherA)).registerCarer.id,
    );
  },
  createUser: async () => {
    const input = {
      username: 'carer.a2',
      password: FIXTURE_PASSWORD,
      displayName: personal.carerName,
      role: 'CARER',
      carerId: id(made.carer),
      phone: personal.userPhone,
    };
    await ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input }, fx.tokens.admin);
    carerTokens.set(made.carer, await world.signIn('carer.a2', FIXTURE_PASSWORD));
  },
  // a sign-in of its own for the account scenarios, so that the fixtures' tokens stay good
  setUserActive: async () => {
    const input = { username: 'audit.probe', password: FIXTURE_PASSWORD, displayName: '审计探针', role: 'HOTLINE_OPERATOR' };
    made.probeUser = Number((await ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input }, fx.tokens.admin)).createUser.id);
    const SET = 'mutation($id: ID!, $active: Boolean!) { setUserActive(userId: $id, active: $active) { id } }';
    await ok(SET, { id: id(made.probeUser), active: false }, fx.tokens.admin);
    await ok(SET, { id: id(made.probeUser), active: true }, fx.tokens.admin);
  },
  changeUserAccess: () =>
    ok(
      'mutation($id: ID!, $input: UserAccessInput!) { changeUserAccess(userId: $id, input: $input) { id } }',
      { id: id(made.probeUser), input: { role: 'EVALUATOR' } },
      fx.tokens.admin,
    ),
  resetUserPassword: () =>
    ok(
      'mutation($id: ID!, $password: String!) { resetUserPassword(userId: $id, password: $password) { id } }',
      { id: id(made.probeUser), password: `${FIXTURE_PASSWORD}-2` },
      fx.tokens.admin,
    ),
  unlockUser: async () => {
    // wrong passwords until the username is locked: the attempt after SIGN_IN_FAILURES_PER_USERNAME failures
    for (let i = 0; i <= world.config.SIGN_IN_FAILURES_PER_USERNAME; i++) {
      await world.gql('mutation { signIn(username: "audit.probe", password: "not-the-password") { token } }');
    }
    expect((await ok('mutation($id: ID!) { unlockUser(userId: $id) }', { id: id(made.probeUser) }, fx.tokens.admin)).unlockUser).toBe(true);
  },
  addCarerQualification: () =>
    ok(
      'mutation($id: ID!, $input: QualificationInput!) { addCarerQualification(carerId: $id, input: $input) { id } }',
      { id: id(made.carer), input: { kind: 'NURSING', certificateNumber: personal.certificate, issuedOn: '2025-01-01', expiresOn: '2030-01-01' } },
      fx.tokens.dispatcherA,
    ),
  setCarerWorkingHours: () =>
    ok(
      'mutation($id: ID!, $hours: [WorkingHoursInput!]!) { setCarerWorkingHours(carerId: $id, hours: $hours) { id } }',
      { id: id(made.carer), hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startsAt: '06:00', endsAt: '22:00' })) },
      fx.tokens.dispatcherA,
    ),
  setCarerActive: async () => {
    const SET = 'mutation($id: ID!, $active: Boolean!) { setCarerActive(carerId: $id, active: $active) { id } }';
    await ok(SET, { id: id(made.carer), active: false }, fx.tokens.dispatcherA);
    await ok(SET, { id: id(made.carer), active: true }, fx.tokens.dispatcherA);
  },
  pairCarer: () =>
    ok('mutation($c: ID!, $r: ID!) { pairCarer(carerId: $c, recipientId: $r) { id } }', { c: id(made.carer), r: id(fx.recipientA) }, fx.tokens.dispatcherA),
  unpairCarer: () =>
    ok('mutation($c: ID!, $r: ID!) { unpairCarer(carerId: $c, recipientId: $r) { id } }', { c: id(made.carer), r: id(fx.recipientA) }, fx.tokens.dispatcherA),
  placeOrder: async () => {
    const input = {
      serviceItemId: id(await itemId(world, 'laundry')),
      ...windowAt(2, 9),
      notes: `门口放钥匙，电话 ${personal.notePhone}`,
    };
    made.order = Number((await ok(PLACE, { input }, fx.tokens.recipientA)).placeOrder.id);
  },
  rescheduleOrder: () => {
    const later = windowAt(2, 14);
    return ok(
      'mutation($id: ID!, $s: DateTime!, $e: DateTime!, $r: String!) { rescheduleOrder(orderId: $id, windowStart: $s, windowEnd: $e, reason: $r) { id } }',
      { id: id(made.order), s: later.windowStart, e: later.windowEnd, r: '上午要去卫生院' },
      fx.tokens.recipientA,
    );
  },
  cancelOrder: () =>
    ok('mutation($id: ID!, $r: String!) { cancelOrder(orderId: $id, reason: $r) { id } }', { id: id(made.order), r: '身体不适，改天' }, fx.tokens.recipientA),
  assignCarer: async () => {
    const { orderId, carerId } = await dispatched(3, 9);
    const other = carerId === fx.carerA ? made.carer : fx.carerA;
    await ok(
      'mutation($id: ID!, $c: ID!, $r: String!) { assignCarer(orderId: $id, carerId: $c, reason: $r) { id } }',
      { id: id(orderId), c: id(other), r: '老人点名要她' },
      fx.tokens.dispatcherA,
    );
  },
  acceptJob: async () => {
    const { orderId } = await dispatched(3, 13);
    await ok('mutation($id: ID!) { acceptJob(orderId: $id) { id } }', { id: id(orderId) }, await tokenOfCarer(orderId));
  },
  declineJob: async () => {
    const { orderId } = await dispatched(3, 16);
    await ok(
      'mutation($id: ID!, $r: String!) { declineJob(orderId: $id, reason: $r) { id } }',
      { id: id(orderId), r: '家里有事' },
      await tokenOfCarer(orderId),
    );
  },
  checkIn: async () => {
    const orderId = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    made.visit = orderId;
    await arrive(world, orderId);
    await ok(
      `mutation($input: CheckInInput!) { checkIn(input: $input) { ${VISIT} } }`,
      { input: { orderId: id(orderId), ...home } },
      await tokenOfCarer(orderId),
    );
  },
  checkOut: async () => {
    await world.db
      .updateTable('visits')
      .set({
        checked_in_at: sql`checked_in_at - interval '60 minutes'`,
        check_in_received_at: sql`check_in_received_at - interval '60 minutes'`,
      })
      .where('order_id', '=', made.visit)
      .execute();
    await ok(
      `mutation($input: CheckOutInput!) { checkOut(input: $input) { ${VISIT} } }`,
      { input: { orderId: id(made.visit), ...home, workDone: '洗衣、晾晒' } },
      await tokenOfCarer(made.visit),
    );
  },
  recordWorkDone: async () =>
    ok(
      'mutation($id: ID!, $w: String!) { recordWorkDone(orderId: $id, workDone: $w) { workDone } }',
      { id: id(made.visit), w: '洗衣、晾晒、叠被' },
      await tokenOfCarer(made.visit),
    ),
  resolveVisitException: async () => {
    const far = await visited(60, { latitude: home.latitude + 900 / 111_195, longitude: home.longitude });
    await ok(
      `mutation($id: ID!, $code: VisitResolutionCode!, $note: String!) { resolveVisitException(orderId: $id, code: $code, note: $note) { ${VISIT} } }`,
      { id: id(far), code: 'GPS_INACCURATE', note: '电话核实：定位漂移' },
      fx.tokens.dispatcherA,
    );
  },
  confirmService: () => ok('mutation($id: ID!) { confirmService(orderId: $id) { id } }', { id: id(made.visit) }, fx.tokens.recipientA),
  rateService: () =>
    ok(
      'mutation($id: ID!, $s: Int!, $c: String) { rateService(orderId: $id, stars: $s, comment: $c) { stars } }',
      { id: id(made.visit), s: 5, c: '很干净' },
      fx.tokens.recipientA,
    ),
  disputeService: async () => {
    const orderId = await serveOrder(world, fx, { until: 'completed', window: nextWindow() });
    await ok(
      'mutation($id: ID!, $r: String!) { disputeService(orderId: $id, reason: $r) { id } }',
      { id: id(orderId), r: '衣服没洗干净' },
      fx.tokens.recipientA,
    );
  },
  recordComplaint: async () => {
    const input = {
      recipientId: id(fx.recipientA),
      category: 'SERVICE_QUALITY',
      severity: 'NORMAL',
      description: '护理员提前离开',
      complainantName: personal.complainantName,
      complainantPhone: personal.complainantPhone,
    };
    made.complaint = Number(
      (await ok('mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) { id } }', { input }, fx.tokens.hotline)).recordComplaint.id,
    );
  },
  assignComplaint: () =>
    ok(
      'mutation($id: ID!, $o: ID) { assignComplaint(complaintId: $id, organisationId: $o) { id } }',
      { id: id(made.complaint), o: id(fx.orgA) },
      fx.tokens.hotline,
    ),
  verifyComplaint: () =>
    ok(
      'mutation($id: ID!, $u: Boolean!, $f: String!) { verifyComplaint(complaintId: $id, upheld: $u, findings: $f) { id } }',
      { id: id(made.complaint), u: false, f: '第二天已补做' },
      fx.tokens.dispatcherA,
    ),
  answerComplaint: () =>
    ok(
      'mutation($id: ID!, $a: String!) { answerComplaint(complaintId: $id, answer: $a) { id } }',
      { id: id(made.complaint), a: '已告知家属核实结果' },
      fx.tokens.hotline,
    ),
  closeComplaint: () => ok('mutation($id: ID!) { closeComplaint(complaintId: $id) { id } }', { id: id(made.complaint) }, fx.tokens.hotline),
  reopenComplaint: () =>
    ok(
      'mutation($id: ID!, $r: String!) { reopenComplaint(complaintId: $id, reason: $r) { id } }',
      { id: id(made.complaint), r: '家属不认可' },
      fx.tokens.hotline,
    ),
  rebookMissedOrder: async () => {
    const orderId = await serveOrder(world, fx, { until: 'accepted', window: nextWindow() });
    const { window_end } = await world.db.selectFrom('orders').select('window_end').where('id', '=', orderId).executeTakeFirstOrThrow();
    setClockForTests(Math.max(nowMs(), window_end.getTime() + 16 * 60_000));
    await markMissedVisits(world.db, 15);
    const again = nextWindow();
    await ok(
      'mutation($id: ID!, $s: DateTime!, $e: DateTime!, $r: String!) { rebookMissedOrder(orderId: $id, windowStart: $s, windowEnd: $e, reason: $r) { id } }',
      { id: id(orderId), s: again.windowStart, e: again.windowEnd, r: '护理员生病，改派补上' },
      fx.tokens.dispatcherA,
    );
  },
  scheduleReturnVisits: () => ok('mutation { scheduleReturnVisits }', {}, fx.tokens.admin),
  recordReturnVisit: async () => {
    const visit = await world.db
      .selectFrom('return_visits')
      .select('id')
      .where('recipient_id', '=', fx.recipientA)
      .where('status', '=', 'scheduled')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await ok(
      'mutation($id: ID!, $a: [Int!]!, $c: String) { recordReturnVisit(returnVisitId: $id, answers: $a, comment: $c) { id } }',
      { id: id(visit.id), a: [4, 4, 3, 4, 4], c: '满意' },
      fx.tokens.gridA,
    );
  },
  markReturnVisitMissed: async () => {
    const visitId = await scheduleReturnVisit(world.db, {
      recipientId: fx.recipientA,
      reason: 'service_sample',
      orderId: made.visit,
      dueOn: addDays(countyToday(), 2),
    });
    if (visitId === null) throw new Error('the return visit was scheduled already');
    await ok(
      'mutation($id: ID!, $r: String!) { markReturnVisitMissed(returnVisitId: $id, reason: $r) { id } }',
      { id: id(visitId), r: '三次上门无人' },
      fx.tokens.gridA,
    );
  },
  createScoringPolicy: () =>
    ok(
      'mutation($input: ScoringPolicyInput!) { createScoringPolicy(input: $input) { version } }',
      {
        input: {
          effectiveFrom: `${countyYear() + 1}-01`,
          weightDuration: 20,
          weightVolume: 20,
          weightQuality: 60,
          excellentFrom: 92.5,
          goodFrom: 85,
          passFrom: 70,
          coefficientExcellent: 1,
          coefficientGood: 0.95,
          coefficientPass: 0.85,
          coefficientFail: 0.7,
          note: '质量优先',
        },
      },
      fx.tokens.admin,
    ),
  scoreMonth: async () => {
    await serveMonth(world, fx, fx.orgA, month, 20);
    await serveMonth(world, fx, fx.orgB, month, 4);
    await ok(`mutation($m: String!) { scoreMonth(month: $m) { ${SCORE} } }`, { m: month }, fx.tokens.evaluator);
  },
  drawScoreSample: async () => ok(`mutation($id: ID!) { drawScoreSample(scoreId: $id) { ${SCORE} } }`, { id: id(await scoreOf(fx.orgA)) }, fx.tokens.evaluator),
  reviewSampledService: async () => {
    const scoreId = await scoreOf(fx.orgA);
    const sample = await world.db.selectFrom('score_samples').select('order_id').where('score_id', '=', scoreId).execute();
    for (const { order_id } of sample) {
      await ok(
        `mutation($id: ID!, $o: ID!, $f: String!) { reviewSampledService(scoreId: $id, orderId: $o, finding: $f) { ${SCORE} } }`,
        { id: id(scoreId), o: id(order_id), f: '服务记录与回访一致' },
        fx.tokens.evaluator,
      );
    }
  },
  adjustScore: async () =>
    ok(
      `mutation($id: ID!, $s: Float!, $j: String!) { adjustScore(scoreId: $id, score: $s, justification: $j) { ${SCORE} } }`,
      { id: id(await scoreOf(fx.orgA)), s: 88, j: '暴雨停工三天，酌情调整' },
      fx.tokens.evaluator,
    ),
  signOffScore: async () => {
    for (const organisation of [fx.orgA, fx.orgB]) {
      await ok(`mutation($id: ID!) { signOffScore(scoreId: $id) { ${SCORE} } }`, { id: id(await scoreOf(organisation)) }, fx.tokens.evaluator);
    }
  },
  setCarerPayShare: () =>
    ok('mutation($o: ID!, $bp: Int!) { setCarerPayShare(organisationId: $o, basisPoints: $bp) { id } }', { o: id(fx.orgA), bp: 8500 }, fx.tokens.admin),
  runSettlement: async () => {
    made.settlement = Number(
      (await ok('mutation($o: ID!, $m: String!) { runSettlement(organisationId: $o, month: $m) { id } }', { o: id(fx.orgA), m: month }, fx.tokens.finance))
        .runSettlement.id,
    );
  },
  approveSettlement: () => ok('mutation($id: ID!) { approveSettlement(settlementId: $id) { id } }', { id: id(made.settlement) }, finance2),
  markSettlementPaid: () =>
    ok(
      'mutation($id: ID!, $r: String!) { markSettlementPaid(settlementId: $id, paymentReference: $r) { id } }',
      { id: id(made.settlement), r: 'BANK-2027-0042' },
      fx.tokens.finance,
    ),
};

const mutationFields = (() => {
  const doc = parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
  const mutation = doc.definitions.find((d) => d.kind === 'ObjectTypeDefinition' && d.name.value === 'Mutation');
  return mutation && 'fields' in mutation ? (mutation.fields ?? []).map((f) => f.name.value) : [];
})();

interface TrailRow {
  id: number;
  actor_kind: string;
  actor_id: number | null;
  operation: string | null;
  address: string | null;
  table_name: string;
}
const lastId = async () => Number((await sql<{ max: number | null }>`select max(id) as max from audit_trail`.execute(world.db)).rows[0].max ?? 0);
const rowsAfter = async (after: number) =>
  (await sql<TrailRow>`select id, actor_kind, actor_id, operation, address, table_name from audit_trail where id > ${after} order by id`.execute(world.db))
    .rows;

describe('every mutation leaves an audit trail', () => {
  it('has a scenario for every Mutation field of the schema, or a reason why it changes no data', () => {
    expect(mutationFields.length).toBeGreaterThan(50);
    const covered = new Set([...Object.keys(scenarios), ...Object.keys(CHANGES_NO_DATA)]);
    expect(mutationFields.filter((f) => !covered.has(f))).toEqual([]);
    // and nothing stale: every scenario names a field of the schema
    expect([...covered].filter((f) => !mutationFields.includes(f))).toEqual([]);
  });

  for (const [field, run] of Object.entries(scenarios)) {
    it(`${field} leaves rows naming it, its caller and their address`, async () => {
      const before = await lastId();
      await run();
      const rows = await rowsAfter(before);
      const own = rows.filter((r) => r.operation === field);
      expect(own.length, `${field} left no audit row`).toBeGreaterThan(0);
      for (const row of own) {
        expect(row.actor_kind).toBe(field === 'signIn' ? 'anonymous' : 'user');
        expect(row.address).toBe('127.0.0.1');
      }
      // whatever the API wrote meanwhile names the mutation that wrote it (set-up written
      // straight to the database is recorded as such)
      for (const row of rows.filter((r) => r.actor_kind !== 'database')) expect(mutationFields).toContain(row.operation);
    });
  }

  it('keeps the personal data that went through the walk out of the trail', async () => {
    const { rows } = await sql<{ text: string }>`select string_agg(t::text, E'\n') as text from audit_trail t`.execute(world.db);
    const trail = rows[0].text;
    expect(trail.length).toBeGreaterThan(10_000);
    const found = Object.entries(personal).filter(([, value]) => trail.includes(value));
    expect(found).toEqual([]);
    // nor the stored forms of the ID number (ciphertext, digest, masked, last four) of anyone
    const stored = await world.db.selectFrom('recipients').select(['id_number_ciphertext', 'id_number_digest', 'id_number_masked', 'name', 'phone']).execute();
    for (const r of stored) {
      for (const value of [r.id_number_ciphertext, r.id_number_digest, r.id_number_masked, r.name, r.phone]) {
        if (value) expect(trail).not.toContain(value);
      }
    }
  });
});
