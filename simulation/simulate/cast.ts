// The people the simulation plays and what it knows about them, read once from the generated
// database: recipients (profile, home, phone, card code, their sign-in if they have the app),
// the catalog, and the sign-ins of grid workers, carers, dispatchers and everyone by user id.
import { sql } from 'kysely';
import type { Database } from '../../server/db/database.js';
import { decryptIdNumber as decrypt } from '../../server/registry/id-number.js';
import type { Profile } from './behaviour.js';

export interface CastRecipient {
  id: number;
  profile: Profile;
  phone: string;
  townshipId: number;
  latitude: number;
  longitude: number;
  /** The six digits printed on the service card (the simulation plays the card). */
  cardCode: string | null;
  appUsername: string | null;
  gridUsername: string;
  assessed: string[];
  /** How often this person orders compared with others (some much more than others). */
  appetite: number;
  /** Off the list for now (suspended) or for good (exited): they order nothing. */
  away?: boolean;
}

export interface CastItem {
  id: number;
  code: string;
  standardMinutes: number;
  professional: boolean;
  urgent: boolean;
  dayLong: boolean;
}

export interface Cast {
  recipients: CastRecipient[];
  items: Map<string, CastItem>;
  itemById: Map<number, CastItem>;
  carerUsername: Map<number, string>;
  dispatcherUsername: Map<number, string>;
  usernameOf: Map<number, string>;
}

export async function loadCast(db: Database, dataKey: string, random: () => number): Promise<Cast> {
  const { rows } = await sql<{
    id: number;
    child: boolean;
    disability: string;
    phone: string;
    township_id: number;
    latitude: number;
    longitude: number;
    card: string | null;
    app: string | null;
    grid: string;
    assessed: string[] | null;
  }>`
    select r.id, r.eligibility_category in ('scattered_orphan', 'unsupported_child') as child, r.disability_level as disability,
           r.phone, r.township_id, r.latitude, r.longitude, r.card_code_encrypted as card,
           (select u.username from users u where u.recipient_id = r.id and u.role = 'recipient' limit 1) as app,
           (select u.username from grid_worker_villages g join users u on u.id = g.user_id where g.village_id = r.village_id order by u.id limit 1) as grid,
           (select array_agg(i.code order by i.code) from needs_assessments a join assessed_needs n on n.assessment_id = a.id
              join service_items i on i.id = n.service_item_id where a.recipient_id = r.id) as assessed
      from recipients r where r.status = 'active' order by r.id`.execute(db);
  const recipients = rows.map((r) => ({
    id: r.id,
    profile: (r.child ? 'child' : r.disability) as Profile,
    phone: r.phone,
    townshipId: r.township_id,
    latitude: r.latitude,
    longitude: r.longitude,
    cardCode: r.card ? decrypt(r.card, dataKey) : null,
    appUsername: r.app,
    gridUsername: r.grid,
    assessed: r.assessed ?? [],
    appetite: 0.3 + random() * 1.7,
  }));
  const itemRows = await db
    .selectFrom('service_items')
    .select(['id', 'code', 'standard_minutes', 'required_qualification', 'is_urgent'])
    .where('active', '=', true)
    .execute();
  const items = itemRows.map((i) => ({
    id: i.id,
    code: i.code,
    standardMinutes: i.standard_minutes,
    professional: i.required_qualification !== null,
    urgent: i.is_urgent,
    dayLong: i.standard_minutes >= 240,
  }));
  const users = await db.selectFrom('users').select(['id', 'username', 'carer_id', 'organisation_id', 'role']).execute();
  return {
    recipients,
    items: new Map(items.map((i) => [i.code, i])),
    itemById: new Map(items.map((i) => [i.id, i])),
    carerUsername: new Map(users.filter((u) => u.role === 'carer').map((u) => [u.carer_id!, u.username])),
    dispatcherUsername: new Map(users.filter((u) => u.role === 'dispatcher').map((u) => [u.organisation_id!, u.username])),
    usernameOf: new Map(users.map((u) => [u.id, u.username])),
  };
}
