// An open-loop load generator: request i is due at start + i / rate, whether or not earlier
// ones have answered (k6's constant-arrival-rate), over at most `connections` keep-alive
// connections. Latency runs from when a request was due, not from when a free connection
// sent it, so a slow server cannot hide its queue by slowing the sender down (coordinated
// omission). autocannon's fixed rate instead sends each second's requests back to back.
import { httpPoster } from './bench/drive.js';

interface PacedOptions {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  headers: Record<string, string>;
  /** The body of request number i (counted over the whole run). */
  body: (i: number) => string;
  /** Called with each answer; latency in milliseconds from when the request was due. */
  onResponse: (status: number, body: string, latencyMs: number) => void;
  timeoutMs?: number;
}

interface PacedResult {
  /** Seconds from the first request due to the last answer. */
  duration: number;
  sent: number;
  errors: number;
  timeouts: number;
}

export async function paced(o: PacedOptions): Promise<PacedResult> {
  const poster = httpPoster(o.connections, o.timeoutMs ?? 10_000);
  const target = new URL(o.url);
  const total = Math.round(o.rate * o.seconds);
  const start = performance.now();
  let errors = 0;
  let timeouts = 0;
  const inFlight: Promise<void>[] = [];

  const send = async (i: number, due: number) => {
    try {
      const res = await poster.post(target, o.body(i), o.headers);
      o.onResponse(res.status, res.body, performance.now() - due);
    } catch (err) {
      errors++;
      if ((err as { code?: string }).code === 'TIMEOUT') timeouts++;
    }
  };

  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(i, due));
  }
  await Promise.all(inFlight);
  poster.close();
  return { duration: (performance.now() - start) / 1000, sent: total, errors, timeouts };
}
