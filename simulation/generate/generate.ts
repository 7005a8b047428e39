// The deterministic data generator: the same size, seed and year give the same registry,
// organisations, carers, sign-ins and budgets (only ciphertexts differ, by their random IVs,
// and password hashes, by their salts). It writes directly to the database, set-based, in one
// transaction, into a database that has its reference data and no recipients yet.
import { sql } from 'kysely';
import type { Database } from '../../server/db/database.js';
import { makeRandom } from '../../server/seed/demo.js';
import { countyVillages } from './regions.js';
import { writeRecipients } from './recipients.js';
import { writeCarers, writeOrganisations, writePairings } from './providers.js';
import { writeAssessments, writeBudgets, writeUsers } from './people.js';
import { ALLOCATION_PER_RECIPIENT_FEN, COUNTY_FUND_FEN, type Size } from './sizes.js';

interface GenerateOptions {
  size: Size;
  seed: number;
  /** The programme year generated (contracts, budgets, ages are counted in it). */
  year: number;
  dataKey: string;
}

export interface GeneratedSummary {
  size: string;
  seed: number;
  year: number;
  counties: number;
  townships: number;
  villages: number;
  recipients: number;
  activeRecipients: number;
  organisations: number;
  assistedCarers: number;
  professionalCarers: number;
  pairings: number;
  needsAssessments: number;
  users: number;
  appUsers: number;
  countyFundFen: number;
}

const LOCK_KEY = 73_616_007;

/** Generates a county or a province; refuses a database that already has recipients. */
export async function generate(db: Database, { size, seed, year, dataKey }: GenerateOptions): Promise<GeneratedSummary> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    const [{ n }] = await trx
      .selectFrom('recipients')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .execute();
    if (Number(n) > 0) throw new Error(`the database already has ${n} recipients: generate into an empty (migrated) database`);
    // one stream per part, so a change to how one part draws does not reshuffle the others
    const stream = (part: number) => makeRandom(seed * 16 + part);
    const villages = await countyVillages(trx, stream(1), size.counties);
    const recipients = await writeRecipients(trx, stream(2), dataKey, villages, size.recipients, year);
    const countyFundFen = COUNTY_FUND_FEN * size.counties;
    const activeRecipients = await writeBudgets(trx, recipients, year, ALLOCATION_PER_RECIPIENT_FEN, countyFundFen);
    const organisations = await writeOrganisations(trx, size, villages, year);
    const carers = await writeCarers(trx, stream(3), size, villages, organisations, year);
    const pairings = await writePairings(trx, stream(4), carers, recipients, year);
    const needsAssessments = await writeAssessments(trx, stream(5), recipients, year);
    const { users, appUsers } = await writeUsers(trx, stream(6), size, villages, organisations, carers, recipients);
    return {
      size: size.name,
      seed,
      year,
      counties: size.counties,
      townships: new Set(villages.map((v) => v.townshipId)).size,
      villages: villages.length,
      recipients: recipients.length,
      activeRecipients,
      organisations: organisations.length,
      assistedCarers: carers.filter((c) => c.kind === 'assisted_employment').length,
      professionalCarers: carers.filter((c) => c.kind === 'professional').length,
      pairings,
      needsAssessments,
      users,
      appUsers,
      countyFundFen,
    };
  });
}

/** The summary as the command prints it. */
export function formatSummary(s: GeneratedSummary): string {
  return [
    `Generated ${s.size} (seed ${s.seed}, programme year ${s.year}):`,
    `  ${s.counties} ${s.counties === 1 ? 'county' : 'counties'}, ${s.townships} townships, ${s.villages} villages`,
    `  ${s.recipients} recipients (${s.activeRecipients} active, each with a budget account), ${s.needsAssessments} needs assessments`,
    `  ${s.organisations} organisations; ${s.assistedCarers} assisted-employment and ${s.professionalCarers} professional carers, ${s.pairings} pairings`,
    `  ${s.users} sign-ins (${s.appUsers} recipients with the mini-program); county fund ${s.countyFundFen / 100} yuan`,
  ].join('\n');
}
