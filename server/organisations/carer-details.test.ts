// A carer's certificates, weekly hours and active flag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { DomainError } from '../platform/errors.js';
import { addDays, countyToday } from '../platform/county-time.js';
import { validateWorkingHours } from './working-hours.js';
import { isQualificationValid } from './qualifications.js';
import { countRows } from './test-support.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const ADD = `mutation($id: ID!, $input: QualificationInput!) { addCarerQualification(carerId: $id, input: $input) {
  qualifications { kind certificateNumber issuedOn expiresOn valid } } }`;
const HOURS = `mutation($id: ID!, $hours: [WorkingHoursInput!]!) { setCarerWorkingHours(carerId: $id, hours: $hours) {
  workingHours { weekday startsAt endsAt } } }`;
const ACTIVE = `mutation($id: ID!, $active: Boolean!) { setCarerActive(carerId: $id, active: $active) { id active } }`;

const hoursOf = async (carerId: number) =>
  world.db.selectFrom('carer_working_hours').selectAll().where('carer_id', '=', carerId).orderBy('weekday').orderBy('starts_at').execute();

describe('validateWorkingHours', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof DomainError ? e.code : 'other';
    }
    return 'none';
  };

  it('sorts ranges and lets ranges touch', () => {
    expect(
      validateWorkingHours([
        { weekday: 2, startsAt: '12:00', endsAt: '18:00' },
        { weekday: 2, startsAt: '08:00', endsAt: '12:00' },
        { weekday: 1, startsAt: '00:00', endsAt: '23:59' },
      ]),
    ).toEqual([
      { weekday: 1, starts_at: '00:00', ends_at: '23:59' },
      { weekday: 2, starts_at: '08:00', ends_at: '12:00' },
      { weekday: 2, starts_at: '12:00', ends_at: '18:00' },
    ]);
    expect(validateWorkingHours([])).toEqual([]);
  });

  it('refuses weekdays outside 1-7, times not HH:MM on a 24-hour clock, empty or reversed ranges and overlaps', () => {
    const one = (weekday: number, startsAt: string, endsAt: string) => () => validateWorkingHours([{ weekday, startsAt, endsAt }]);
    for (const f of [
      one(0, '08:00', '09:00'),
      one(8, '08:00', '09:00'),
      one(1.5, '08:00', '09:00'),
      one(1, '8:00', '09:00'),
      one(1, '08:00', '24:00'),
      one(1, '08:60', '09:00'),
      one(1, '08:00 ', '0900'),
      one(1, '09:00', '09:00'),
      one(1, '10:00', '09:00'),
    ]) {
      expect(codeOf(f)).toBe('BAD_USER_INPUT');
    }
    const overlap = (a: [string, string], b: [string, string]) => () =>
      validateWorkingHours([
        { weekday: 5, startsAt: a[0], endsAt: a[1] },
        { weekday: 5, startsAt: b[0], endsAt: b[1] },
      ]);
    expect(codeOf(overlap(['08:00', '12:00'], ['11:00', '13:00']))).toBe('BAD_USER_INPUT');
    expect(codeOf(overlap(['08:00', '18:00'], ['09:00', '10:00']))).toBe('BAD_USER_INPUT');
    expect(codeOf(overlap(['08:00', '12:00'], ['08:00', '12:00']))).toBe('BAD_USER_INPUT');
    expect(codeOf(overlap(['13:00', '14:00'], ['08:00', '12:00']))).toBe('none');
  });

  it('names the reversed range and the two that overlap, for the app to say', () => {
    const detailsOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof DomainError ? e.details : 'other';
      }
      return 'none';
    };
    expect(detailsOf(() => validateWorkingHours([{ weekday: 2, startsAt: '10:00', endsAt: '09:00' }]))).toMatchObject({
      reason: 'WORKING_HOURS_REVERSED',
      weekday: 2,
      from: '10:00',
      to: '09:00',
    });
    expect(
      detailsOf(() =>
        validateWorkingHours([
          { weekday: 5, startsAt: '11:00', endsAt: '13:00' },
          { weekday: 5, startsAt: '08:00', endsAt: '12:00' },
        ]),
      ),
    ).toMatchObject({ reason: 'WORKING_HOURS_OVERLAP', weekday: 5, earlier: '08:00-12:00', later: '11:00-13:00' });
  });
});

describe('isQualificationValid', () => {
  it('holds through the expiry day, in the county calendar', () => {
    expect(isQualificationValid({ expires_on: '2026-11-23' }, '2026-11-23')).toBe(true);
    expect(isQualificationValid({ expires_on: '2026-11-22' }, '2026-11-23')).toBe(false);
  });
});

describe('setCarerWorkingHours', () => {
  it('replaces all of a carer’s hours, shown as HH:MM; an empty list clears them', async () => {
    await world.ok(HOURS, { id: String(fx.carerA), hours: [{ weekday: 7, startsAt: '09:00', endsAt: '11:00' }] }, fx.tokens.admin);
    const hours = [
      { weekday: 1, startsAt: '14:00', endsAt: '18:00' },
      { weekday: 1, startsAt: '08:00', endsAt: '12:00' },
      { weekday: 6, startsAt: '09:30', endsAt: '11:45' },
    ];
    const { setCarerWorkingHours } = await world.ok(HOURS, { id: String(fx.carerA), hours }, fx.tokens.dispatcherA);
    expect(setCarerWorkingHours.workingHours).toEqual([hours[1], hours[0], hours[2]]);
    expect(await hoursOf(fx.carerA)).toHaveLength(3);
    expect((await world.ok(HOURS, { id: String(fx.carerB), hours: [] }, fx.tokens.dispatcherB)).setCarerWorkingHours.workingHours).toEqual([]);
  });

  it('refuses bad hours, other organisations and other roles: the old hours stay', async () => {
    const before = await hoursOf(fx.carerA);
    const id = String(fx.carerA);
    expect(await world.errorCode(HOURS, { id, hours: [{ weekday: 9, startsAt: '08:00', endsAt: '09:00' }] }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(
      await world.errorCode(
        HOURS,
        {
          id,
          hours: [
            { weekday: 1, startsAt: '08:00', endsAt: '10:00' },
            { weekday: 1, startsAt: '09:00', endsAt: '11:00' },
          ],
        },
        fx.tokens.dispatcherA,
      ),
    ).toBe('BAD_USER_INPUT');
    const fine = [{ weekday: 1, startsAt: '08:00', endsAt: '09:00' }];
    expect(await world.errorCode(HOURS, { id, hours: fine }, fx.tokens.dispatcherB)).toBe('FORBIDDEN');
    for (const who of ['carerA', 'townshipA', 'finance', 'recipientA'] as const)
      expect(await world.errorCode(HOURS, { id, hours: fine }, fx.tokens[who])).toBe('FORBIDDEN');
    expect(await world.errorCode(HOURS, { id: '999999', hours: fine }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await hoursOf(fx.carerA)).toEqual(before);
  });
});

describe('addCarerQualification', () => {
  it('adds a certificate; valid compares its expiry with the county date', async () => {
    const today = countyToday();
    const id = String(fx.carerB);
    await world.ok(ADD, { id, input: { kind: 'NURSING', certificateNumber: 'HS-1', issuedOn: addDays(today, -700), expiresOn: today } }, fx.tokens.dispatcherB);
    const { addCarerQualification } = await world.ok(
      ADD,
      {
        id,
        input: { kind: 'REHABILITATION', certificateNumber: ' KF-9 ', issuedOn: addDays(today, -400), expiresOn: addDays(today, -1) },
      },
      fx.tokens.admin,
    );
    const byNumber = Object.fromEntries(addCarerQualification.qualifications.map((q: { certificateNumber: string }) => [q.certificateNumber, q]));
    expect(byNumber['HS-1']).toMatchObject({ kind: 'NURSING', expiresOn: today, valid: true });
    expect(byNumber['KF-9']).toMatchObject({ kind: 'REHABILITATION', expiresOn: addDays(today, -1), valid: false });
  });

  it('refuses an expiry not after the issue date, a blank number and a duplicate: nothing written', async () => {
    const id = String(fx.carerB);
    const q = { kind: 'COUNSELLING', certificateNumber: 'XL-7', issuedOn: '2025-05-01', expiresOn: '2028-05-01' };
    await world.ok(ADD, { id, input: q }, fx.tokens.dispatcherB);
    const before = await countRows(world, ['carer_qualifications']);
    expect(await world.errorCode(ADD, { id, input: { ...q, certificateNumber: 'XL-8', expiresOn: '2025-05-01' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(ADD, { id, input: { ...q, certificateNumber: 'XL-8', expiresOn: '2025-04-30' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(ADD, { id, input: { ...q, certificateNumber: '  ' } }, fx.tokens.admin)).toBe('BAD_USER_INPUT');
    expect(await world.errorCode(ADD, { id, input: q }, fx.tokens.admin)).toBe('CONFLICT');
    expect(await world.errorCode(ADD, { id, input: { ...q, certificateNumber: ' XL-7 ' } }, fx.tokens.dispatcherB)).toBe('CONFLICT');
    const reason = async (input: typeof q) => (await world.gql(ADD, { id, input }, fx.tokens.admin)).errors?.[0].extensions;
    expect(await reason({ ...q, certificateNumber: 'XL-8', expiresOn: '2025-04-30' })).toMatchObject({ reason: 'CERTIFICATE_EXPIRES_BEFORE_ISSUE' });
    expect(await reason(q)).toMatchObject({ field: 'certificateNumber', reason: 'CERTIFICATE_HELD' });
    expect(await countRows(world, ['carer_qualifications'])).toEqual(before);
  });

  it('is for county admins and the carer’s own dispatcher', async () => {
    const before = await countRows(world, ['carer_qualifications']);
    const input = { kind: 'TUTORING', certificateNumber: 'JS-1', issuedOn: '2025-01-01', expiresOn: '2030-01-01' };
    expect(await world.errorCode(ADD, { id: String(fx.carerB), input }, fx.tokens.dispatcherA)).toBe('FORBIDDEN');
    for (const who of ['carerA', 'townshipB', 'evaluator', 'hotline', 'recipientB'] as const) {
      expect(await world.errorCode(ADD, { id: String(fx.carerB), input }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(ADD, { id: '999999', input }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await countRows(world, ['carer_qualifications'])).toEqual(before);
  });
});

describe('setCarerActive', () => {
  const carerCount = async () =>
    (await world.ok(`query($id: ID!) { organisation(id: $id) { carerCount } }`, { id: String(fx.orgA) }, fx.tokens.admin)).organisation.carerCount;
  const isActive = async (id: number) => (await world.db.selectFrom('carers').select('active').where('id', '=', id).executeTakeFirstOrThrow()).active;

  it('turns a carer off and on; carerCount counts active carers', async () => {
    expect(await carerCount()).toBe(1);
    expect((await world.ok(ACTIVE, { id: String(fx.carerA), active: false }, fx.tokens.dispatcherA)).setCarerActive).toEqual({
      id: String(fx.carerA),
      active: false,
    });
    expect(await carerCount()).toBe(0);
    const { carers } = await world.ok('{ carers(filter: { active: false }) { edges { node { id } } } }', {}, fx.tokens.admin);
    expect(carers.edges).toEqual([{ node: { id: String(fx.carerA) } }]);
    await world.ok(ACTIVE, { id: String(fx.carerA), active: true }, fx.tokens.admin);
    expect(await carerCount()).toBe(1);
  });

  it('is refused to other organisations and other roles', async () => {
    expect(await world.errorCode(ACTIVE, { id: String(fx.carerA), active: false }, fx.tokens.dispatcherB)).toBe('FORBIDDEN');
    for (const who of ['carerA', 'townshipA', 'gridA', 'finance', 'recipientA'] as const) {
      expect(await world.errorCode(ACTIVE, { id: String(fx.carerA), active: false }, fx.tokens[who])).toBe('FORBIDDEN');
    }
    expect(await world.errorCode(ACTIVE, { id: '999999', active: false }, fx.tokens.admin)).toBe('NOT_FOUND');
    expect(await isActive(fx.carerA)).toBe(true);
  });
});
