// The carer's app opens without signal: the service worker the build writes (vite.config.ts,
// vite-plugin-pwa) keeps the shell and the carer's pages on the phone, and answers every page
// of the app with them when there is no connection. Registered by the carer's pages only, so
// that nobody else's phone downloads what it keeps.
import { useEffect } from 'react';

/** Registers the service worker (production builds; the dev server has none). */
export function useOfflineShell(): void {
  useEffect(() => {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // no worker (an insecure origin, a refused registration): the app then needs signal to open
    });
  }, []);
}
