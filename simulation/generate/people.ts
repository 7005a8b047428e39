// Sign-ins for everyone the simulation plays (one password for all, hashed once), needs
// assessments for part of the active recipients, and the year's budget accounts, allocated
// through the ledger.
import type { Database } from '../../server/db/database.js';
import { hashPassword } from '../../server/auth/passwords.js';
import type { makeRandom } from '../../server/seed/demo.js';
import { postAllocations } from '../../server/ledger/ledger.js';
import { addDays } from '../../server/platform/county-time.js';
import { insertBatches, type PlannedRecipient } from './recipients.js';
import type { PlannedCarer, PlannedOrganisation } from './providers.js';
import type { Village } from './regions.js';
import { GENERATED_PASSWORD, type Size } from './sizes.js';

type Random = ReturnType<typeof makeRandom>;

/** Usernames the simulation signs in with; the numbered ones are by ordinal, so they do not depend on database ids. */
export const usernames = {
  admin: 'admin',
  hotline: 'hotline',
  evaluator: 'evaluator',
  finance: 'finance',
  secondFinance: 'finance2',
  grid: (townshipCode: string) => `grid-${townshipCode}`,
  township: (townshipCode: string) => `township-${townshipCode}`,
  dispatcher: (organisationOrdinal: number) => `dispatcher-${organisationOrdinal + 1}`,
  carer: (carerOrdinal: number) => `carer-${String(carerOrdinal + 1).padStart(4, '0')}`,
  recipient: (recipientOrdinal: number) => `recipient-${String(recipientOrdinal + 1).padStart(5, '0')}`,
};

export async function writeUsers(
  db: Database,
  rnd: Random,
  size: Size,
  villages: Village[],
  orgs: PlannedOrganisation[],
  carers: PlannedCarer[],
  recipients: PlannedRecipient[],
): Promise<{ users: number; appUsers: number }> {
  const password_hash = await hashPassword(GENERATED_PASSWORD);
  const townships = [...new Map(villages.map((v) => [v.townshipId, v])).values()];
  const withApp = recipients.filter((r) => r.status === 'active' && rnd.random() < size.appShare);
  const rows = [
    { username: usernames.admin, role: 'county_admin', display_name: '县民政局管理员' },
    { username: usernames.hotline, role: 'hotline_operator', display_name: '热线话务员' },
    { username: usernames.evaluator, role: 'evaluator', display_name: '第三方评估员' },
    { username: usernames.finance, role: 'finance', display_name: '财务审核员' },
    { username: usernames.secondFinance, role: 'finance', display_name: '财务复核员' },
    ...townships.flatMap((t) => [
      { username: usernames.grid(t.townshipCode), role: 'grid_worker', display_name: `${t.townshipName}网格员`, township_id: t.townshipId },
      { username: usernames.township(t.townshipCode), role: 'township_staff', display_name: `${t.townshipName}民政服务站`, township_id: t.townshipId },
    ]),
    ...orgs.map((o) => ({ username: usernames.dispatcher(o.ordinal), role: 'dispatcher', display_name: `派单员${o.ordinal + 1}`, organisation_id: o.id })),
    ...carers.map((c) => ({ username: usernames.carer(c.ordinal), role: 'carer', display_name: `服务人员${c.ordinal + 1}`, carer_id: c.id })),
    ...withApp.map((r) => ({
      username: usernames.recipient(r.ordinal),
      role: 'recipient',
      display_name: `服务对象${r.ordinal + 1}`,
      recipient_id: r.id,
      phone: r.phone,
    })),
  ].map((u) => ({ password_hash, ...u }));
  const ids = new Map(
    (
      await insertBatches(rows, (b) =>
        db
          .insertInto('users')
          .values(b as never)
          .returning(['id', 'username'])
          .execute(),
      )
    ).map((u) => [u.username, u.id]),
  );
  await insertBatches(
    villages.map((v) => ({ user_id: ids.get(usernames.grid(v.townshipCode))!, village_id: v.id })),
    (b) =>
      db
        .insertInto('grid_worker_villages')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  return { users: rows.length, appUsers: withApp.length };
}

/** 救助会诊 for about 40% of active recipients, in the December before the year, with their needs. */
export async function writeAssessments(db: Database, rnd: Random, recipients: PlannedRecipient[], year: number): Promise<number> {
  const items = new Map((await db.selectFrom('service_items').select(['id', 'code']).execute()).map((i) => [i.code, i.id]));
  const assessed = recipients.filter((r) => r.status === 'active' && rnd.random() < 0.4);
  const needsFor = (r: PlannedRecipient): string[] => {
    if (r.child) return rnd.shuffle(['study_tutoring', 'psychological_counselling', 'companionship']).slice(0, 2);
    const daily = rnd.shuffle(['meal_help', 'home_cleaning', 'laundry', 'haircut', 'shopping', 'companionship']).slice(0, rnd.int(1, 3));
    const health =
      r.disability === 'disabled'
        ? [rnd.pick(['home_nursing', 'rehabilitation', 'bathing'])]
        : r.disability === 'semi_disabled'
          ? [rnd.pick(['health_check', 'clinic_escort', 'medication_guidance'])]
          : [];
    return [...daily, ...health];
  };
  const planned = assessed.map((r) => ({ r, needs: needsFor(r).filter((code) => items.has(code)) }));
  const ids = await insertBatches(
    planned.map(({ r }) => ({
      recipient_id: r.id,
      assessed_on: addDays(`${year - 1}-12-01`, rnd.int(0, 30)),
      participants: '乡镇民政服务站、村民政服务点协理员、社会组织社工、家属',
      summary: r.child ? '困境儿童，需要学业辅导和心理关爱' : r.disability === 'disabled' ? '失能，需要上门照料和护理' : '需要日常照料和陪伴',
    })),
    (b) =>
      db
        .insertInto('needs_assessments')
        .values(b as never)
        .returning(['id', 'recipient_id'])
        .execute(),
  );
  const assessmentOf = new Map(ids.map((a) => [a.recipient_id, a.id]));
  await insertBatches(
    planned.flatMap(({ r, needs }) =>
      needs.map((code) => ({
        assessment_id: assessmentOf.get(r.id)!,
        service_item_id: items.get(code)!,
        times_per_month: rnd.int(1, 8),
        note: '',
      })),
    ),
    (b) =>
      db
        .insertInto('assessed_needs')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  return planned.length;
}

/** The programme year, a budget account for every active recipient, and the allocations in the ledger. */
export async function writeBudgets(db: Database, recipients: PlannedRecipient[], year: number, allocationFen: number, countyFundFen: number): Promise<number> {
  await db.insertInto('programme_years').values({ year, allocation_per_recipient_fen: allocationFen, county_fund_fen: countyFundFen }).execute();
  const active = recipients.filter((r) => r.status === 'active');
  await insertBatches(
    active.map((r) => ({ recipient_id: r.id, year, allocated_fen: allocationFen })),
    (b) =>
      db
        .insertInto('budget_accounts')
        .values(b as never)
        .execute()
        .then(() => []),
  );
  await postAllocations(db, year);
  return active.length;
}
