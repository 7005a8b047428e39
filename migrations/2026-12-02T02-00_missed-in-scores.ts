// Missed visits in the monthly score (issue 12): each score keeps how many of the
// organisation's orders of the month were missed (nobody came); they count in the volume
// dimension's denominator with the accepted ones, and show in the breakdown and on the
// month's statements.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisation_scores add column services_missed integer not null default 0 check (services_missed >= 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisation_scores drop column services_missed`.execute(db);
}
