// Running a month's settlement (评审核算) for an organisation: a draft statement from the
// month's signed-off score, in one transaction. Running it again, by anyone, at any status,
// returns the statement already there and writes nothing (finance, a county admin and the
// worker may all try; the first one settles).
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Settlement } from '../db/rows.js';
import { badInput, conflict, notFound } from '../platform/errors.js';
import { parseMonth, type CountyMonth } from '../scoring/months.js';
import { requireClosedMonth } from '../scoring/month-close.js';
import { systemActor, type Actor } from '../platform/lifecycle.js';
import { settleServices } from './settle-services.js';
import { settlementLifecycle } from './settlement-lifecycle.js';

interface SettlementRequest {
  organisationId: number;
  /** YYYY-MM */
  month: string;
  /** Who ran it; null when the worker drafted it. */
  runBy: number | null;
}

/** The organisation's statement for a month, if it has one. */
function findStatement(db: Database, organisationId: number, period: CountyMonth): Promise<Settlement | undefined> {
  return db.selectFrom('settlements').selectAll().where('organisation_id', '=', organisationId).where('month', '=', period.firstDay).executeTakeFirst();
}

/**
 * Settles an organisation's month and returns its statement (the existing one when the month
 * is already settled). BAD_USER_INPUT when the month is not scored or its programme year is
 * not open, refused while the month is not closed (month-close.ts), CONFLICT when its score is
 * not signed off; nothing is written then.
 */
export async function runSettlement(db: Database, request: SettlementRequest): Promise<Settlement> {
  const period = parseMonth(request.month);
  const existing = await findStatement(db, request.organisationId, period);
  if (existing) return existing;
  return db.transaction().execute(async (trx) => {
    // A worker killed mid-settlement drops its connection: PostgreSQL then notices within a
    // second and rolls back, rather than finish minutes of work that nobody will commit.
    await sql`set local client_connection_check_interval = '1s'`.execute(trx);
    await lockSettling(trx, request.organisationId, period.year);
    const settled = await findStatement(trx, request.organisationId, period);
    if (settled) return settled;
    const scoreId = await requireSignedOffScore(trx, request.organisationId, period);
    const actor: Actor = request.runBy === null ? systemActor : { userId: request.runBy, channel: 'console' };
    // the draft and its first event in one statement
    const statement = await trx
      .with('created', (db) =>
        db
          .insertInto('settlements')
          .columns([
            'organisation_id',
            'month',
            'year',
            'score_id',
            'grade',
            'coefficient',
            'services',
            'value_fen',
            'withheld_grade_fen',
            'withheld_cap_fen',
            'payable_fen',
            'carer_pay_fen',
            'run_by',
            'status',
          ])
          .expression((eb) =>
            eb
              .selectFrom('organisation_scores')
              .where('id', '=', scoreId)
              .select([
                'organisation_id',
                'month',
                sql<number>`${period.year}::int`.as('year'),
                'id',
                'grade',
                'coefficient',
                sql<number>`0`.as('services'),
                sql<number>`0`.as('value_fen'),
                sql<number>`0`.as('withheld_grade_fen'),
                sql<number>`0`.as('withheld_cap_fen'),
                sql<number>`0`.as('payable_fen'),
                sql<number>`0`.as('carer_pay_fen'),
                sql<number | null>`${request.runBy}::int`.as('run_by'),
                sql<string>`${settlementLifecycle.target('run')}::text`.as('status'),
              ]),
          )
          .returning('id'),
      )
      .with(
        'event',
        () =>
          sql`(${settlementLifecycle.record('run', sql`created`, {
            subject: sql`created.id`,
            actor: sql`${actor.userId}::int`,
            channel: sql`${actor.channel}::text`,
            data: sql`${JSON.stringify({ scoreId })}::jsonb`,
          })})` as never,
      )
      .selectFrom('created')
      .select('id')
      .executeTakeFirstOrThrow();
    return settleServices(trx, statement.id, period.lastDay);
  });
}

/**
 * Settlements take turns per organisation (its December and January statements would
 * otherwise both claim December's leftovers) and per year (each statement's cap is what the
 * year's other statements left of the county fund, so they must not run side by side).
 * Always the organisation first, then the year, so two runs never wait on each other in a circle.
 */
async function lockSettling(trx: Database, organisationId: number, year: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('nuanxin:settlement:organisation'), ${organisationId}::int)`.execute(trx);
  await sql`select pg_advisory_xact_lock(hashtext('nuanxin:settlement:year'), ${year}::int)`.execute(trx);
}

/** The id of the organisation's signed-off score for the month, or the refusal. */
async function requireSignedOffScore(trx: Database, organisationId: number, period: CountyMonth): Promise<number> {
  const organisation = await trx.selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirst();
  if (!organisation) throw notFound('Organisation', organisationId);
  await requireClosedMonth(trx, period, organisationId);
  const year = await trx.selectFrom('programme_years').select('year').where('year', '=', period.year).executeTakeFirst();
  if (!year)
    throw badInput(`Programme year ${period.year} is not open: there is no county fund to settle ${period.month} against.`, {
      reason: 'NO_PROGRAMME_YEAR',
      year: period.year,
    });
  const score = await trx
    .selectFrom('organisation_scores')
    .select(['id', 'status'])
    .where('organisation_id', '=', organisationId)
    .where('month', '=', period.firstDay)
    .executeTakeFirst();
  if (!score) {
    throw badInput(`${organisation.name} has no score for ${period.month}: a month is settled after the evaluator scores it and signs it off.`, {
      reason: 'NOT_SCORED',
      organisationId,
      month: period.month,
    });
  }
  if (score.status !== 'signed_off') {
    throw conflict(`The score of ${organisation.name} for ${period.month} is not signed off yet.`, {
      reason: 'SCORE_NOT_SIGNED_OFF',
      organisationId,
      month: period.month,
      scoreId: score.id,
    });
  }
  return score.id;
}
