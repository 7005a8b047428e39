// The carer's last job list, kept on the phone (IndexedDB, through idb) each time the server
// sends one, so that without signal the app still shows the day's jobs, saying how old the
// list is. One list per person; forgotten with the sign-in (app/device-data.ts).
import { useCallback, useEffect, useState } from 'react';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { DEVICE_DATABASES } from '../../app/device-data';
import type { Job } from './operations';

export interface KeptJobs {
  userId: string;
  jobs: Job[];
  /** When the server sent it (the phone's clock: it only says how old the list is). */
  savedAt: string;
}

interface CarerStore extends DBSchema {
  jobs: { key: string; value: KeptJobs };
}

let opened: Promise<IDBPDatabase<CarerStore>> | null = null;

function store(): Promise<IDBPDatabase<CarerStore>> {
  opened ??= openDB<CarerStore>(DEVICE_DATABASES.carer, 1, {
    upgrade(db) {
      db.createObjectStore('jobs', { keyPath: 'userId' });
    },
    // signing out deletes the database: let go of it, and open it afresh next time
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      opened = null;
    },
    terminated() {
      opened = null;
    },
  });
  return opened;
}

async function read(userId: string): Promise<KeptJobs | null> {
  try {
    return (await (await store()).get('jobs', userId)) ?? null;
  } catch {
    return null; // no IndexedDB (a private window): nothing kept
  }
}

async function write(kept: KeptJobs): Promise<void> {
  try {
    await (await store()).put('jobs', kept);
  } catch {
    // not kept: the next list from the server tries again
  }
}

/**
 * The list kept for `userId` (null until read, or when none was kept) and `keep`, which keeps
 * a fresh list from the server in its place.
 */
export function useKeptJobs(userId: string) {
  const [kept, setKept] = useState<KeptJobs | null>(null);
  useEffect(() => {
    let current = true;
    void read(userId).then((found) => {
      if (current && found) setKept((now) => now ?? found);
    });
    return () => {
      current = false;
    };
  }, [userId]);
  const keep = useCallback(
    (jobs: Job[]) => {
      const fresh = { userId, jobs, savedAt: new Date().toISOString() };
      setKept(fresh);
      void write(fresh);
    },
    [userId],
  );
  return { kept, keep };
}
