// What carers earn from settled services: each statement line carries the carer's pay, the
// organisation's share of the service's price when it was settled (a later share never
// changes it). Earnings count by the month the service was given, over the organisation whose
// statement paid it.
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Viewer } from '../auth/roles.js';
import type { CarerEarnings, Organisation } from '../db/rows.js';
import { badInput, forbidden, notFound } from '../platform/errors.js';
import { checkProgrammeYear } from '../budgets/programme-years.js';

interface EarningsRequest {
  year: number;
  organisationId?: number;
  /** 'assisted_employment' or 'professional'; null for every carer. */
  kind: string | null;
}

/** Whose earnings the viewer may read: a dispatcher their own organisation's carers, a carer only their own. */
function earningsScope(viewer: Viewer, organisationId: number | undefined): { organisationId: number | null; carerId: number | null } {
  if (viewer.role === 'carer') return { organisationId: organisationId ?? null, carerId: viewer.carerId! };
  if (viewer.role !== 'dispatcher') return { organisationId: organisationId ?? null, carerId: null };
  if (organisationId !== undefined && organisationId !== viewer.organisationId) throw forbidden("A dispatcher sees only their own organisation's carers.");
  return { organisationId: viewer.organisationId!, carerId: null };
}

/** Per carer, per month of `year`: settled services and pay, and the year's total; one grouped query. */
export async function carerEarnings(db: Database, viewer: Viewer, request: EarningsRequest): Promise<CarerEarnings[]> {
  const { year, kind } = request;
  checkProgrammeYear(year);
  const { organisationId, carerId } = earningsScope(viewer, request.organisationId);
  const { rows } = await sql<CarerEarnings>`
    with per_month as (
      select l.carer_id, to_char(l.service_date, 'YYYY-MM') as month, count(*)::int as services, sum(l.carer_pay_fen)::bigint as amount_fen
        from settlement_lines l
        join carers c on c.id = l.carer_id
        join settlements s on s.id = l.settlement_id
       where l.service_date >= make_date(${year}::int, 1, 1) and l.service_date < make_date(${year}::int + 1, 1, 1)
         and (${kind}::text is null or c.kind = ${kind}::text)
         and (${organisationId}::int is null or s.organisation_id = ${organisationId}::int)
         and (${carerId}::int is null or l.carer_id = ${carerId}::int)
       -- by position: "month" would name settlements.month
       group by 1, 2)
    select carer_id,
           json_agg(json_build_object('month', month, 'services', services, 'amount_fen', amount_fen) order by month) as months,
           sum(services)::int as services, sum(amount_fen)::bigint as year_total_fen
      from per_month
     group by carer_id
     order by year_total_fen desc, carer_id`.execute(db);
  return rows;
}

/** A share is of the whole price at most: 10000 basis points. */
const WHOLE_PRICE_BP = 10_000;

/** Sets the share of each service's price an organisation pays its carer (basis points), from the next statement on. */
export async function setCarerPayShare(db: Database, organisationId: number, basisPoints: number): Promise<Organisation> {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > WHOLE_PRICE_BP) {
    throw badInput('A carer share is a whole number of basis points from 0 to 10000 (100%).', { field: 'basisPoints', reason: 'CARER_SHARE_RANGE' });
  }
  const organisation = await db
    .updateTable('organisations')
    .set({ carer_pay_share_bp: basisPoints })
    .where('id', '=', organisationId)
    .returningAll()
    .executeTakeFirst();
  if (!organisation) throw notFound('Organisation', organisationId);
  return organisation;
}
