// Test helper: proves "no N+1" by counting the statements a request really sends to
// PostgreSQL (the app runs in the test's process, so every query goes through pg.Client).
import pg from 'pg';
import { vi } from 'vitest';

/** Runs `run` and counts the SQL statements sent to PostgreSQL that match `pattern`. */
export async function countQueries<T>(pattern: RegExp, run: () => Promise<T>): Promise<{ result: T; count: number }> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    const result = await run();
    const texts = spy.mock.calls.map(([q]) => (typeof q === 'string' ? q : ((q as { text?: string })?.text ?? '')));
    return { result, count: texts.filter((t) => pattern.test(t)).length };
  } finally {
    spy.mockRestore();
  }
}
