// Shared set-up for the return-visit tests: more grid workers, the operations as clients send
// them, and a snapshot of the table to prove a refusal changed nothing.
import type { TestWorld } from '../testing/harness.js';
import { FIXTURE_PASSWORD } from '../testing/fixtures.js';
import { hashPassword } from '../auth/passwords.js';

export const RETURN_VISITS = `query($first: Int, $after: String, $filter: ReturnVisitFilter) {
  returnVisits(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id reason status period dueOn assignedToName } } } }`;
export const RECORD = `mutation($id: ID!, $answers: [Int!]!, $comment: String) {
  recordReturnVisit(returnVisitId: $id, answers: $answers, comment: $comment) {
    id status answers comment satisfaction doneAt doneByName } }`;
export const MISSED = `mutation($id: ID!, $reason: String!) {
  markReturnVisitMissed(returnVisitId: $id, reason: $reason) { id status comment doneByName } }`;
export const SCHEDULE = 'mutation { scheduleReturnVisits }';

/** Adds an active grid worker for `villageIds` of a township; returns their user id and a token. */
export async function addGridWorker(world: TestWorld, username: string, townshipId: number, villageIds: number[]) {
  const user = await world.db
    .insertInto('users')
    .values({ username, password_hash: await hashPassword(FIXTURE_PASSWORD), display_name: username, role: 'grid_worker', township_id: townshipId })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (villageIds.length) {
    await world.db
      .insertInto('grid_worker_villages')
      .values(villageIds.map((village_id) => ({ user_id: user.id, village_id })))
      .execute();
  }
  return { id: user.id, token: await world.signIn(username, FIXTURE_PASSWORD) };
}

/** Every return visit, in id order: what a refusal must leave as it was. */
export const allReturnVisits = (world: TestWorld) => world.db.selectFrom('return_visits').selectAll().orderBy('id').execute();
