// Where the carer's phone is, from the browser's Geolocation API. Each failure has its own
// reason so the page can say what to do (allow location, go outdoors, try again).

interface Position {
  latitude: number;
  longitude: number;
  accuracyMeters: number | null;
}

type LocationProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export class LocationError extends Error {
  constructor(readonly problem: LocationProblem) {
    super(`location ${problem}`);
  }
}

const problemOfCode: Record<number, LocationProblem> = { 1: 'denied', 2: 'unavailable', 3: 'timeout' };

/** A fresh, high-accuracy reading of the device's position; rejects with a LocationError. */
export function currentPosition(timeoutMs = 20_000): Promise<Position> {
  return new Promise((resolve, reject) => {
    // browsers leave geolocation out (or refuse it) on pages not served over https or localhost
    if (typeof navigator === 'undefined' || !navigator.geolocation || !window.isSecureContext) {
      reject(new LocationError('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracyMeters: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null }),
      (e) => reject(new LocationError(problemOfCode[e.code] ?? 'unavailable')),
      // a cached reading could be from before the carer arrived
      { enableHighAccuracy: true, maximumAge: 0, timeout: timeoutMs },
    );
  });
}
