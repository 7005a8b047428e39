import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD, seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { checkCharacter, makeIdNumber } from './id-number.js';
import { expiredToken, newIdNumber, REGISTER, registration, registryCounts } from './test-support.js';
import { countyYear } from '../platform/county-time.js';

let world: TestWorld;
let fx: Fixtures;
beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
});
afterAll(() => world?.close());

const register = (input: Record<string, unknown>, token: string) => world.gql(REGISTER, { input }, token);

describe('registerRecipient', () => {
  it('registers a candidate: birth date and gender from the ID number, masked, a new household, the first status change', async () => {
    const idNumber = makeIdNumber('360823', '1948-09-30', 321, false);
    const res = await register(
      registration(fx.villageA2, { name: ' 刘奶奶 ', idNumber, reason: '网格员主动发现', phone: '139 1234 5678' }),
      fx.tokens.townshipA,
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.registerRecipient;
    expect(r).toMatchObject({
      name: '刘奶奶',
      gender: 'FEMALE',
      birthDate: '1948-09-30',
      idNumberMasked: `3608${'*'.repeat(12)}${idNumber.slice(16)}`,
      eligibilityCategory: 'DESTITUTE',
      disabilityLevel: 'SEMI_DISABLED',
      status: 'CANDIDATE',
      phone: '13912345678',
      village: { id: String(fx.villageA2) },
      township: { id: String(fx.townshipA) },
      address: '测试村1号',
      household: { headName: '刘奶奶', address: '测试村1号' },
      serviceCardNumber: null,
      latestAssessment: null,
    });
    expect(r.statusHistory).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'CANDIDATE', reason: '网格员主动发现', changedBy: 'townshipA' })]);
    expect(JSON.stringify(res)).not.toContain(idNumber);
    const row = await world.db.selectFrom('recipients').selectAll().where('id', '=', Number(r.id)).executeTakeFirstOrThrow();
    expect(row.id_number_ciphertext).not.toContain(idNumber.slice(0, 10));
    expect(row).toMatchObject({ id_number_last4: idNumber.slice(14), relation_to_head: 'self' });
  });

  it('defaults the reason to 登记, reuses a household of the same village, and accepts children without disability', async () => {
    const householdNumber = 'HH-SHARED-1';
    const first = await register(registration(fx.villageA1, { householdNumber, householdHeadName: '赵大爷', reason: null }), fx.tokens.gridA);
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerRecipient.statusHistory[0]).toMatchObject({ reason: '登记', changedBy: 'gridA' });
    expect(first.data!.registerRecipient.household.headName).toBe('赵大爷');
    const second = await register(
      registration(fx.villageA1, {
        name: '赵小明',
        householdNumber,
        eligibilityCategory: 'SCATTERED_ORPHAN',
        disabilityLevel: 'NONE',
        relationToHead: 'grandchild',
      }),
      fx.tokens.admin,
    );
    expect(second.errors).toBeUndefined();
    const households = await world.db.selectFrom('households').selectAll().where('household_number', '=', householdNumber).execute();
    expect(households).toHaveLength(1);
    const members = await world.db.selectFrom('recipients').select(['household_id', 'relation_to_head']).where('household_id', '=', households[0].id).execute();
    expect(members.map((m) => m.relation_to_head).sort()).toEqual(['grandchild', 'member']);
  });

  it('refuses bad input with BAD_USER_INPUT or CONFLICT, never echoing the ID number, and writes nothing', async () => {
    const valid = newIdNumber();
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const future = `360823${countyYear() + 1}0101123`; // next year in the county (UTC may still be in the last)
    const fixtureId = makeIdNumber('360823', '1941-02-11', 11, true); // recipientA
    const township = await world.db.selectFrom('regions').select('id').where('id', '=', fx.townshipA).executeTakeFirstOrThrow();
    // each with the reason and the input the app shows it at, in the reader's words
    const cases: [string, Record<string, unknown>, string, string, string][] = [
      ['wrong check digit', { idNumber: wrongCheck }, 'BAD_USER_INPUT', 'ID_NUMBER_CHECK_DIGIT', 'idNumber'],
      ['too short', { idNumber: valid.slice(0, 15) }, 'BAD_USER_INPUT', 'ID_NUMBER_FORMAT', 'idNumber'],
      ['birth date in the future', { idNumber: future + checkCharacter(future) }, 'BAD_USER_INPUT', 'ID_NUMBER_BIRTH_DATE', 'idNumber'],
      ['duplicate ID (another township)', { idNumber: fixtureId }, 'CONFLICT', 'ID_NUMBER_REGISTERED', 'idNumber'],
      [
        'duplicate ID, lower-case x and spaces',
        { idNumber: ` ${fixtureId.slice(0, 9)} ${fixtureId.slice(9).toLowerCase()}` },
        'CONFLICT',
        'ID_NUMBER_REGISTERED',
        'idNumber',
      ],
      ['unknown village', { villageId: '999999' }, 'BAD_USER_INPUT', 'UNKNOWN_VALUE', 'villageId'],
      ['a township given as village', { villageId: String(township.id) }, 'BAD_USER_INPUT', 'UNKNOWN_VALUE', 'villageId'],
      ['malformed village id', { villageId: 'abc' }, 'BAD_USER_INPUT', 'INVALID_ID', 'villageId'],
      [
        'household of another village',
        { householdNumber: 'H-A1-001', villageId: String(fx.villageA2) },
        'BAD_USER_INPUT',
        'HOUSEHOLD_IN_OTHER_VILLAGE',
        'householdNumber',
      ],
      [
        'dibao household member without disability',
        { eligibilityCategory: 'DIBAO', disabilityLevel: 'NONE' },
        'BAD_USER_INPUT',
        'DISABILITY_REQUIRED',
        'disabilityLevel',
      ],
      ['bad phone', { phone: '1390000abcd' }, 'BAD_USER_INPUT', 'PHONE_FORMAT', 'phone'],
      ['too-short phone', { phone: '123' }, 'BAD_USER_INPUT', 'PHONE_FORMAT', 'phone'],
      ['blank name', { name: '  ' }, 'BAD_USER_INPUT', 'FIELD_REQUIRED', 'name'],
      ['blank household number', { householdNumber: ' ' }, 'BAD_USER_INPUT', 'FIELD_REQUIRED', 'householdNumber'],
    ];
    const before = await registryCounts(world.db);
    for (const [what, overrides, code, reason, field] of cases) {
      const input = registration(fx.villageA1, overrides);
      const res = await register(input, fx.tokens.admin);
      expect(res.errors?.[0].extensions, what).toMatchObject({ code, reason, field });
      const text = JSON.stringify(res);
      const digits = String(input.idNumber).replace(/\s/g, '');
      expect(text, what).not.toContain(digits.slice(0, 17));
    }
    expect(await registryCounts(world.db)).toEqual(before);
  });

  it('names the rule in the eligibility and region refusals', async () => {
    const dibao = await register(registration(fx.villageA1, { eligibilityCategory: 'RELAPSE_MONITORING', disabilityLevel: 'NONE' }), fx.tokens.admin);
    expect(dibao.errors![0].message).toMatch(/disabled or semi-disabled/);
    const township = await register(registration(fx.townshipA), fx.tokens.admin);
    expect(township.errors![0].message).toMatch(/is a township, not a village/);
  });

  it('lets grid workers register only in their villages and township staff only in their township', async () => {
    const before = await registryCounts(world.db);
    const refused: [string, number][] = [
      ['gridA', fx.villageA2],
      ['gridA', fx.villageB1],
      ['townshipA', fx.villageB1],
      ['townshipB', fx.villageA1],
    ];
    for (const [who, village] of refused) {
      const res = await register(registration(village), fx.tokens[who as 'gridA']);
      expect(res.errors?.[0].extensions?.code, `${who} in ${village}`).toBe('FORBIDDEN');
    }
    for (const who of ['hotline', 'evaluator', 'finance', 'dispatcherA', 'carerA', 'recipientA'] as const) {
      expect((await register(registration(fx.villageA1), fx.tokens[who])).errors?.[0].extensions?.code, who).toBe('FORBIDDEN');
    }
    expect((await world.gql(REGISTER, { input: registration(fx.villageA1) })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const expired = await expiredToken(world, 'grida', FIXTURE_PASSWORD);
    expect((await register(registration(fx.villageA1), expired)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await registryCounts(world.db)).toEqual(before);

    for (const [who, village] of [
      ['gridA', fx.villageA1],
      ['townshipB', fx.villageB1],
      ['admin', fx.villageB1],
    ] as const) {
      expect((await register(registration(village), fx.tokens[who])).errors, who).toBeUndefined();
    }
  });

  it('registers a person once when two registrations race', async () => {
    const idNumber = newIdNumber();
    const before = await registryCounts(world.db);
    const results = await Promise.all(
      [1, 2, 3].map((i) => register(registration(fx.villageA1, { idNumber, householdNumber: `HH-RACE-${i}` }), fx.tokens.admin)),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) {
      expect(r.errors![0].extensions?.code).toBe('CONFLICT');
      expect(r.errors![0].message).not.toContain(idNumber.slice(0, 17));
    }
    const after = await registryCounts(world.db);
    expect([after.recipients, after.households, after.recipient_status_changes]).toEqual([
      before.recipients + 1,
      before.households + 1,
      before.recipient_status_changes + 1,
    ]);
  });
});
