import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from '../testing/harness.js';
import { seedFixtures, type Fixtures } from '../testing/fixtures.js';
import { createDatabase } from '../db/database.js';
import { DomainError } from '../platform/errors.js';
import { countyYear } from '../platform/county-time.js';
import { openProgrammeYear } from './programme-years.js';
import { availableFen, holdBudget, releaseHold } from './budget-rules.js';
import { formatYuan } from '../platform/money.js';

let world: TestWorld;
let fx: Fixtures;
const Y = countyYear();

beforeAll(async () => {
  world = await createTestWorld();
  fx = await seedFixtures(world);
  await openProgrammeYear(world.db, { year: Y });
});
afterAll(() => world?.close());

const accountOf = (recipientId: number) =>
  world.db.selectFrom('budget_accounts').selectAll().where('recipient_id', '=', recipientId).where('year', '=', Y).executeTakeFirstOrThrow();

/** The DomainError a promise rejects with (fails the test when it resolves or throws anything else). */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('availableFen and formatYuan', () => {
  it('computes allocated − held − spent in whole fen', () => {
    expect(availableFen({ allocated_fen: 200_000, held_fen: 12_345, spent_fen: 6_789 })).toBe(180_866);
    expect(availableFen({ allocated_fen: 200_000, held_fen: 0, spent_fen: 0 })).toBe(200_000);
    expect(availableFen({ allocated_fen: 200_000, held_fen: 150_000, spent_fen: 50_000 })).toBe(0);
  });

  it('writes fen as yuan with two decimals, without floating point', () => {
    expect([0, 5, 50, 100, 123_456, 200_000, -5].map(formatYuan)).toEqual(['0.00', '0.05', '0.50', '1.00', '1234.56', '2000.00', '-0.05']);
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(() => formatYuan(1.5)).toThrow(RangeError);
  });
});

describe('holdBudget', () => {
  it('holds money and returns the account', async () => {
    const account = await holdBudget(world.db, fx.recipientA, Y, 5_000);
    expect(account).toMatchObject({ recipient_id: fx.recipientA, year: Y, allocated_fen: 200_000, held_fen: 5_000, spent_fen: 0 });
    expect(availableFen(account)).toBe(195_000);
  });

  it('refuses more than is left, saying how much is left in yuan: nothing held', async () => {
    const err = await refusal(holdBudget(world.db, fx.recipientA, Y, 195_001));
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.message).toContain('1950.00 yuan available');
    expect(err.message).toContain('1950.01 yuan needed');
    expect(err.details).toMatchObject({ availableFen: 195_000, amountFen: 195_001, reason: 'BUDGET_EXCEEDED' });
    expect((await accountOf(fx.recipientA)).held_fen).toBe(5_000);
  });

  it('holds exactly what is left, then refuses even one fen', async () => {
    expect(availableFen(await holdBudget(world.db, fx.recipientA, Y, 195_000))).toBe(0);
    const err = await refusal(holdBudget(world.db, fx.recipientA, Y, 1));
    expect(err.message).toContain('0.00 yuan available');
    expect(err.details.availableFen).toBe(0);
  });

  it('counts spent money as gone', async () => {
    await releaseHold(world.db, fx.recipientA, Y, 200_000);
    await world.db.updateTable('budget_accounts').set({ spent_fen: 150_000 }).where('recipient_id', '=', fx.recipientA).where('year', '=', Y).execute();
    const err = await refusal(holdBudget(world.db, fx.recipientA, Y, 50_001));
    expect(err.details.availableFen).toBe(50_000);
    expect((await holdBudget(world.db, fx.recipientA, Y, 50_000)).held_fen).toBe(50_000);
  });

  it('refuses a recipient without an account for the year, and amounts that are not positive whole fen', async () => {
    const before = await accountOf(fx.recipientA);
    for (const [recipientId, year] of [
      [fx.recipientA, Y + 1],
      [999_999, Y],
    ]) {
      const err = await refusal(holdBudget(world.db, recipientId, year, 100));
      expect([err.code, err.details.reason]).toEqual(['BAD_USER_INPUT', 'NO_BUDGET_ACCOUNT']);
      expect(err.message).toContain(`no budget account for ${year}`);
    }
    for (const amount of [0, -100, 12.5, Number.NaN, 2 ** 53]) {
      expect((await refusal(holdBudget(world.db, fx.recipientA, Y, amount))).code).toBe('BAD_USER_INPUT');
    }
    expect(await accountOf(fx.recipientA)).toEqual(before);
  });

  it('rolls back with the transaction it was given', async () => {
    const before = await accountOf(fx.recipientB);
    await world.db
      .transaction()
      .execute(async (trx) => {
        expect((await holdBudget(trx, fx.recipientB, Y, 7_000)).held_fen).toBe(before.held_fen + 7_000);
        throw new Error('order failed later');
      })
      .catch(() => {});
    expect(await accountOf(fx.recipientB)).toEqual(before);
  });
});

describe('releaseHold', () => {
  it('gives back held money, and refuses to release more than is held (CONFLICT)', async () => {
    await world.db.updateTable('budget_accounts').set({ held_fen: 0, spent_fen: 0 }).where('recipient_id', '=', fx.recipientA).execute();
    await holdBudget(world.db, fx.recipientA, Y, 8_000);
    expect((await releaseHold(world.db, fx.recipientA, Y, 3_000)).held_fen).toBe(5_000);
    const err = await refusal(releaseHold(world.db, fx.recipientA, Y, 5_001));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('Only 50.00 yuan is held');
    expect(err.details).toMatchObject({ heldFen: 5_000, amountFen: 5_001 });
    expect((await releaseHold(world.db, fx.recipientA, Y, 5_000)).held_fen).toBe(0);
    expect((await refusal(releaseHold(world.db, fx.recipientA, Y, 1))).code).toBe('CONFLICT');
    expect((await accountOf(fx.recipientA)).held_fen).toBe(0);
  });

  it('refuses without an account, or with an amount that is not positive whole fen', async () => {
    expect((await refusal(releaseHold(world.db, fx.recipientA, Y + 1, 100))).details.reason).toBe('NO_BUDGET_ACCOUNT');
    for (const amount of [0, -1, 0.5]) expect((await refusal(releaseHold(world.db, fx.recipientA, Y, amount))).code).toBe('BAD_USER_INPUT');
  });
});

describe('racing holds', () => {
  it('lets exactly 40 of 60 concurrent 50-yuan holds through on a 2,000-yuan account', async () => {
    await world.db.updateTable('budget_accounts').set({ held_fen: 0, spent_fen: 0 }).where('recipient_id', '=', fx.recipientB).execute();
    const connections = 12;
    const pool = createDatabase(world.databaseUrl, connections);
    // no hold starts before every connection has a transaction open: the race is real
    const backends = new Set<number>();
    let allStarted!: () => void;
    const barrier = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    try {
      const attempts = await Promise.allSettled(
        Array.from({ length: 60 }, () =>
          pool.transaction().execute(async (trx) => {
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
            backends.add(rows[0].pid);
            if (backends.size === connections) allStarted();
            await barrier;
            return await holdBudget(trx, fx.recipientB, Y, 5_000);
          }),
        ),
      );
      const won = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      const lost = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason as DomainError] : []));
      expect(won).toHaveLength(40);
      expect(lost).toHaveLength(20);
      for (const err of lost) expect([err.code, err.details.availableFen]).toEqual(['BAD_USER_INPUT', 0]);
      // each winner saw its own step of 50 yuan: serialised, never past the allocation
      expect(won.map((w) => w.held_fen).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) * 5_000));
      expect(await accountOf(fx.recipientB)).toMatchObject({ allocated_fen: 200_000, held_fen: 200_000, spent_fen: 0 });
    } finally {
      await pool.destroy();
    }
  });

  it('is backed by the database: a write past the allocation is refused by the CHECK constraint', async () => {
    const err = await world.db
      .updateTable('budget_accounts')
      .set({ held_fen: sql<number>`allocated_fen - spent_fen + 1` })
      .where('recipient_id', '=', fx.recipientB)
      .where('year', '=', Y)
      .execute()
      .then(
        () => null,
        (e: { code?: string }) => e,
      );
    expect(err?.code).toBe('23514');
  });
});
