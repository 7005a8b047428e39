// Check-ins and check-outs taken without a connection. Villages have patchy mobile data: a
// reading that cannot be sent is kept on the phone with the device's time of the reading and
// sent when the connection is back (the server accepts a reading up to VISIT_BACKDATE_MINUTES
// old and records both times). Kept in localStorage so a reload does not lose it. On a patchy
// link a reading can reach the server while its answer is lost: sent again, it is refused as
// done already, which is what the carer wanted, so it counts as sent.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import type { CombinedError } from '@urql/core';
import { errorCode, errorMessage } from '../../app/errors';
import { CHECK_IN, CHECK_OUT, type Reading } from './operations';

export interface PendingReading {
  kind: 'checkIn' | 'checkOut';
  input: Reading & { workDone?: string };
}

const KEY = 'nuanxin.carer.pending-readings';
/** How often a phone with readings kept tries to send them, besides the browser's `online` event. */
const RETRY_MS = 30_000;
const CHANGED = 'nuanxin:pending-readings';

function load(): PendingReading[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as PendingReading[];
  } catch {
    return [];
  }
}

function store(readings: PendingReading[]): void {
  localStorage.setItem(KEY, JSON.stringify(readings));
  window.dispatchEvent(new Event(CHANGED));
}

/** The order's statuses once each reading's step is done (the server's, as its refusals name them). */
const DONE_FROM: Record<PendingReading['kind'], { action: string; statuses: readonly string[] }> = {
  checkIn: { action: 'start', statuses: ['in_service', 'completed', 'confirmed', 'disputed'] },
  checkOut: { action: 'complete', statuses: ['completed', 'confirmed', 'disputed'] },
};

/** Whether the server refused a reading because its step was done already (by this same reading, sent before). */
export function alreadyDone(kind: PendingReading['kind'], error: CombinedError): boolean {
  const extensions = error.graphQLErrors?.[0]?.extensions;
  const done = DONE_FROM[kind];
  return errorCode(error) === 'CONFLICT' && extensions?.action === done.action && done.statuses.includes(String(extensions.status));
}

/** Keeps a reading that could not be sent (one per job and kind: a newer one replaces it). */
export function keepReading(reading: PendingReading): void {
  store([...load().filter((r) => !(r.kind === reading.kind && r.input.orderId === reading.input.orderId)), reading]);
}

/** The readings kept on the phone, and a sender that tries them when the connection is back. */
export function usePendingReadings(onSent: () => void, onRefused: (message: string) => void) {
  const client = useClient();
  const [pending, setPending] = useState<PendingReading[]>(load);
  const callbacks = useRef({ onSent, onRefused });
  callbacks.current = { onSent, onRefused };
  // one sender at a time: the same reading sent twice would be refused the second time
  const sending = useRef(false);

  const send = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    try {
      for (const reading of load()) {
        const result =
          reading.kind === 'checkIn'
            ? await client.mutation(CHECK_IN, { input: reading.input }).toPromise()
            : await client.mutation(CHECK_OUT, { input: reading.input as Reading & { workDone: string } }).toPromise();
        if (result.error && errorCode(result.error) === 'network') return; // still offline: try later
        store(load().filter((r) => !(r.kind === reading.kind && r.input.orderId === reading.input.orderId)));
        if (result.error && !alreadyDone(reading.kind, result.error)) callbacks.current.onRefused(errorMessage(result.error));
        else callbacks.current.onSent();
      }
    } finally {
      sending.current = false;
    }
  }, [client]);

  useEffect(() => {
    const changed = () => setPending(load());
    const online = () => void send();
    window.addEventListener(CHANGED, changed);
    window.addEventListener('online', online);
    const timer = setInterval(() => {
      if (load().length) void send();
    }, RETRY_MS);
    if (load().length) void send();
    return () => {
      window.removeEventListener(CHANGED, changed);
      window.removeEventListener('online', online);
      clearInterval(timer);
    };
  }, [send]);

  return { pending, send };
}
