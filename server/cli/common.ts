// What the command-line entry points share: user-facing failures (a message and exit code 1,
// no stack trace), the "is this database ready for the server" check, and the banner.
import { sql } from 'kysely';
import { PreflightError } from '../platform/preflight.js';
import { databaseName, type Database } from '../db/database.js';
import { pendingMigrations } from '../db/migrate.js';

/** A problem the operator can fix: shown as its message alone. */
export class StartupError extends Error {}

function isOperatorError(err: unknown): err is Error {
  return err instanceof PreflightError || err instanceof StartupError || (err instanceof Error && err.message.startsWith('Invalid configuration'));
}

/** Prints a failure: the message alone for operator errors, the stack for bugs. */
function reportFailure(err: unknown): void {
  if (isOperatorError(err)) console.error(`\n${err.message}\n`);
  else console.error(err);
}

/** Runs a command's main function; any failure ends the process with exit code 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    reportFailure(err);
    process.exit(1);
  });
}

/**
 * The server and the worker do not migrate (several may start at once): they check that the
 * database exists, every migration is applied and the reference data is loaded.
 */
export async function requireMigratedDatabase(db: Database, url: string): Promise<void> {
  const name = databaseName(url);
  const fix = 'Run `npm run migrate` (or `npm start`, which migrates, seeds and starts everything).';
  let pending: string[];
  try {
    pending = await pendingMigrations(db);
  } catch (err) {
    if ((err as { code?: string }).code === '3D000') throw new StartupError(`The database "${name}" does not exist.\n  ${fix}`);
    throw err;
  }
  if (pending.length) {
    throw new StartupError(`The database "${name}" has ${pending.length} pending migration(s): ${pending.join(', ')}.\n  ${fix}`);
  }
  const regions = await sql<{ n: number }>`select count(*)::int as n from regions`.execute(db);
  if (!regions.rows[0]?.n) throw new StartupError(`The database "${name}" has no reference data (regions, catalog).\n  ${fix}`);
}

/** How a listening address is written in a URL. */
export function baseUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** The lines printed when the API is up. */
export function banner(url: string, graphiql = true, webApp = false): string {
  return [
    ...(webApp ? [`Web app       ${url}/  (sign in as any demo user)`] : []),
    `Nuanxin API   ${url}/graphql`,
    ...(graphiql ? [`GraphiQL      ${url}/graphiql`] : []),
    `Health        ${url}/healthz (alive), ${url}/readyz (database and Redis)`,
  ].join('\n');
}

/** Messages a child process sends to `npm start` over the IPC channel. */
export type ChildMessage = { type: 'ready'; url?: string };
/** Messages `npm start` sends to its children. */
export type ParentMessage = { type: 'shutdown' };

/** Tells the parent (when there is one) that this process is ready. */
export function notifyParent(message: ChildMessage): void {
  if (process.send) process.send(message);
}

/**
 * Under `npm start`, the parent asks for a graceful stop over IPC (rather than with a second
 * signal, which would cut a shutdown short when Ctrl-C already reached the whole process
 * group); if the parent disappears, stop too rather than live on as an orphan.
 */
export function onParentShutdown(stop: () => void): void {
  if (!process.send) return;
  process.on('message', (message: ParentMessage) => {
    if (message?.type === 'shutdown') stop();
  });
  process.on('disconnect', stop);
}
