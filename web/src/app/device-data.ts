// What a signed-in person's pages keep on the phone for when there is no signal (the carer's
// last job list, in IndexedDB), and the person signed in with it: forgotten with the sign-in,
// so that the next person on a shared phone sees none of it.
import type { Viewer } from './operations';

/** The IndexedDB databases areas keep on the device; each area's store names its own here. */
export const DEVICE_DATABASES = { carer: 'nuanxin-carer' } as const;

const VIEWER_KEY = 'nuanxin.viewer';

/** Keeps who `token` belongs to, so that the app opens signed in without signal. */
export function rememberViewer(token: string, viewer: Viewer): void {
  try {
    localStorage.setItem(VIEWER_KEY, JSON.stringify({ token, viewer }));
  } catch {
    // storage refused (private mode): the app needs signal to open
  }
}

/** The person `token` was last seen to belong to, or null. */
export function rememberedViewer(token: string): Viewer | null {
  try {
    const kept = JSON.parse(localStorage.getItem(VIEWER_KEY) ?? 'null') as { token: string; viewer: Viewer } | null;
    return kept?.token === token ? kept.viewer : null;
  } catch {
    return null;
  }
}

/** Forgets the person and everything the areas kept on the device. */
export function forgetDeviceData(): void {
  try {
    localStorage.removeItem(VIEWER_KEY);
  } catch {
    // nothing was kept
  }
  for (const name of Object.values(DEVICE_DATABASES)) globalThis.indexedDB?.deleteDatabase(name);
}
