// npm run test:dates: the whole suite (vitest run) as if today were each of five instants in
// county time, one run each, under Debian's faketime. faketime fakes the time of the test
// processes and of everything they start (the app and worker in-process, the servers and
// workers tests spawn, Chromium), the way the calendar would; PostgreSQL and Redis keep the
// machine's time, so the suite can only pass if nothing compares the database's now() with
// the project's clock. Tests that depend on the date set the project's clock to instants of
// their own (setClockForTests) and pass at any of these; every other test must pass whatever
// today is. Prints passed and failed per instant, and exits 1 if any run failed.
//
//   npm run test:dates                                   all five instants, the whole suite
//   npm run test:dates -- --at=sunday server/orders      one instant, some files (the rest goes to vitest)
//   npm run test:dates -- --at=2027-06-30T23:59:00+08:00 any instant (ISO, with its offset)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, StartupError } from './common.js';

interface Instant {
  name: string;
  /** What the instant is, in words. */
  what: string;
  /** ISO 8601 in county time (UTC+8). */
  at: string;
}

const INSTANTS: Instant[] = [
  { name: 'monday', what: 'a Monday 08:00 county time (a new week)', at: '2026-12-07T08:00:00+08:00' },
  { name: 'sunday', what: "a Sunday 23:30 county time (the week's last half hour, no carer at work)", at: '2026-12-06T23:30:00+08:00' },
  { name: 'new-years-eve', what: '31 December 23:30 county time (tomorrow is in the next programme year)', at: '2027-12-31T23:30:00+08:00' },
  { name: 'leap-day', what: '29 February 2028 12:00 county time', at: '2028-02-29T12:00:00+08:00' },
  { name: 'first-of-month', what: 'the 1st of a month 00:10 county time (UTC is still on 28 February)', at: '2027-03-01T00:10:00+08:00' },
];

const repository = fileURLToPath(new URL('../../', import.meta.url));

/** The instant as faketime's date parser takes it, in UTC so that no zone can shift it. */
function faketimeStamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

// faketime moves the monotonic clocks by the same offset as the wall clock (its default): with
// them left real (DONT_FAKE_MONOTONIC=1) Chromium, which relates the two, took 20 s to load a page
const fakeEnv = { ...process.env, DONT_FAKE_MONOTONIC: undefined };

/** Fails unless faketime is installed and really moves a Node process's clock to `ms` here. */
function checkFaketime(ms: number): void {
  const probe = spawnSync('faketime', [faketimeStamp(ms), process.execPath, '-e', 'console.log(Date.now())'], { encoding: 'utf8', env: fakeEnv });
  if (probe.error) throw new StartupError("test:dates needs Debian's faketime: apt-get install -y faketime");
  const seen = Number(probe.stdout.trim());
  if (probe.status !== 0 || !(Math.abs(seen - ms) < 60_000)) {
    throw new StartupError(`faketime did not move Node's clock to ${new Date(ms).toISOString()} (it read ${probe.stdout.trim() || probe.stderr.trim()})`);
  }
}

interface Outcome {
  passed: number;
  failed: number;
  skipped: number;
  /** The run ended without a report (it crashed, or vitest refused its arguments). */
  noReport: boolean;
}

function runAt(instant: Instant, vitestArgs: string[], reportFile: string): Promise<Outcome> {
  const ms = Date.parse(instant.at);
  console.log(`\n=== test:dates: ${instant.what}: ${instant.at} (faketime '${faketimeStamp(ms)}') ===\n`);
  const args = [faketimeStamp(ms), 'npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...vitestArgs];
  return new Promise((resolve, reject) => {
    const child = spawn('faketime', args, { cwd: repository, stdio: 'inherit', env: fakeEnv });
    child.once('error', reject);
    child.once('exit', () => {
      try {
        const r = JSON.parse(readFileSync(reportFile, 'utf8'));
        resolve({
          passed: r.numPassedTests,
          failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
          skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
          noReport: false,
        });
      } catch {
        resolve({ passed: 0, failed: 1, skipped: 0, noReport: true });
      }
    });
  });
}

/** Splits `--at=<name or ISO instant>` (repeatable) from what goes to vitest. */
function parseArgs(argv: string[]): { instants: Instant[]; vitestArgs: string[] } {
  const chosen: Instant[] = [];
  const vitestArgs: string[] = [];
  for (const arg of argv) {
    const m = /^--at=(.+)$/.exec(arg);
    if (!m) {
      vitestArgs.push(arg);
      continue;
    }
    const named = INSTANTS.find((i) => i.name === m[1]);
    if (named) chosen.push(named);
    else if (/^\d{4}-\d{2}-\d{2}T/.test(m[1]) && Number.isFinite(Date.parse(m[1]))) chosen.push({ name: m[1], what: m[1], at: m[1] });
    else throw new StartupError(`--at takes one of ${INSTANTS.map((i) => i.name).join(', ')} or an ISO instant with its offset, not ${m[1]}`);
  }
  return { instants: chosen.length ? chosen : INSTANTS, vitestArgs };
}

async function main(): Promise<void> {
  const { instants, vitestArgs } = parseArgs(process.argv.slice(2));
  checkFaketime(Date.parse(instants[0].at));
  const reports = mkdtempSync(path.join(tmpdir(), 'nuanxin-test-dates-'));
  const results: [Instant, Outcome][] = [];
  try {
    for (const [i, instant] of instants.entries()) {
      results.push([instant, await runAt(instant, vitestArgs, path.join(reports, `${i}.json`))]);
    }
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
  console.log('\ntest:dates, the suite as if today were:');
  for (const [instant, o] of results) {
    const counts = o.noReport ? 'no report (the run did not finish)' : `${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ''}`;
    console.log(`  ${o.failed ? 'FAIL' : 'ok  '}  ${instant.at}  ${counts}  — ${instant.what}`);
  }
  if (results.some(([, o]) => o.failed)) process.exit(1);
}

runCli(main);
