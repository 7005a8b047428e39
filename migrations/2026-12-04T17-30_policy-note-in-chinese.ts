// The default scoring policy's note in the county's language (issue 14, item 2).
//
// The policy every county starts with was seeded with the note 'default policy', which the
// admin's policy page and the evaluator's score page show as it is: the only English words on
// those pages. Notes are what the county writes for itself, in Chinese; the seeded one is
// reworded where nobody has changed it.
// Frozen: migrations never import application code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update scoring_policies set note = '系统初始的默认评分办法' where version = 1 and note = 'default policy'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update scoring_policies set note = 'default policy' where version = 1 and note = '系统初始的默认评分办法'`.execute(db);
}
