// Carers are paid a share of each service's price (issue 12, item 10).
//
// The hourly rate paid a carer verified minutes × rate, whatever the service earned: a day of
// 日间托管 (8 hours, 100 yuan) at 20 yuan an hour cost the organisation 160 yuan, more than the
// county pays for it, while a 45-minute meal paid 15 of its 25. Organisations that buy labour
// for the county's guide prices pay it per service (按单计酬), as a share of the price, keeping
// the rest for their own costs. The share is in basis points (9000 = 90%); the statement line
// keeps what was paid, so a later share never changes a settled service.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations
              add column carer_pay_share_bp integer not null default 9000
                check (carer_pay_share_bp between 0 and 10000),
              drop column carer_hourly_rate_fen`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisations
              drop column carer_pay_share_bp,
              add column carer_hourly_rate_fen integer not null default 2000 check (carer_hourly_rate_fen >= 0)`.execute(db);
}
