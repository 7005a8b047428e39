// For tests that look at queues or notices right after a job ran outside the API (the API
// delivers a mutation's effects before it answers; a job run directly in a test leaves them
// to the relays, which deliver them moments later).
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/** Waits until every effect recorded in the outbox has been delivered (the app's or the worker's relay delivers them). */
export async function outboxDelivered(db: Database, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox where delivered_at is null`.execute(db);
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} outbox effects still undelivered after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
