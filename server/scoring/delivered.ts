// What counts as a service delivered in a month, for the score and for the evaluator's
// sample alike: a visit whose county date falls in the month, checked out and countable
// (not flagged, or resolved as valid), of an order the recipient confirmed (or that was
// confirmed for them). It counts for the organisation that served it (the visit's).
import { sql, type RawBuilder } from 'kysely';
import type { CountyMonth } from './months.js';

/**
 * A SELECT of the month's delivered services (order_id, organisation_id, duration_minutes,
 * standard_minutes), of every organisation or of one.
 */
export function deliveredServices(m: CountyMonth, organisationId: number | null = null): RawBuilder<unknown> {
  return sql`
    select v.order_id, v.organisation_id, v.duration_minutes, v.standard_minutes
      from visits v
      join orders o on o.id = v.order_id
     where v.service_date >= ${m.firstDay}::date and v.service_date < ${m.nextFirstDay}::date
       and v.countable and v.checked_out_at is not null
       and o.status = 'confirmed'
       and (${organisationId}::int is null or v.organisation_id = ${organisationId}::int)`;
}
