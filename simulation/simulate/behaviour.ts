// How the simulated people behave: the assumptions, in one place, as plain functions of a
// seeded random stream. Figures are assumptions where DOMAIN.md is silent; README's
// "Simulation" section lists them.

/**
 * Orders a year. Seed 002: a 400,000-yuan fund a year and "over 1,000,000 yuan" for 21,863
 * services so far, so about 46 yuan a service and about 8,700 services a year, with the fund
 * spent in full. People order a little more than the fund buys (as everywhere a budget is
 * capped by a fund), so the fund binds before the 2,000-yuan personal caps: by December the
 * statements reach the fund's end and what is over is withheld by the cap.
 */
export const SERVICES_PER_YEAR = 9_700;

/**
 * Orders per month relative to the yearly mean: more in winter (cold, Spring Festival in late
 * January or February: 年货代购, 春节大扫除, festival visits), in the summer heat and school holidays
 * (防暑巡访, 暑假辅导) and at the Double Ninth in October; fewer in spring and autumn.
 */
const MONTH_FACTOR = [1.25, 1.3, 0.9, 0.85, 0.9, 0.95, 1.15, 1.15, 0.9, 1.0, 0.95, 1.1];
const MEAN_FACTOR = MONTH_FACTOR.reduce((a, b) => a + b, 0) / 12;
export const monthFactor = (month: number) => MONTH_FACTOR[month - 1] / MEAN_FACTOR;

/**
 * Items by a recipient's profile, with weights (the assessment's needs count triple). Seed 002:
 * daily services — 居家照料、日间托管、清洁卫生 (home care, day care, cleaning) — are the main
 * mode, given by assisted-employment carers (52 of the 64 carers), and professional ones
 * (nursing, counselling, tutoring) are the fewer, by the 12 qualified carers: day care is
 * ordered by every adult profile, and nursing and health checks less than daily care.
 */
const PROFILE_ITEMS: Record<'child' | 'disabled' | 'semi_disabled' | 'none', [string, number][]> = {
  child: [
    ['study_tutoring', 5],
    ['companionship', 4],
    ['psychological_counselling', 2],
    ['haircut', 1],
    ['policy_advice', 1],
  ],
  disabled: [
    ['day_care', 3.5],
    ['meal_help', 4],
    ['bathing', 3],
    ['home_nursing', 2],
    ['laundry', 3],
    ['rehabilitation', 2],
    ['home_cleaning', 2],
    ['companion_care', 2],
    ['clinic_escort', 1],
    ['medication_guidance', 1],
    ['temporary_care', 0.2],
  ],
  semi_disabled: [
    ['day_care', 3.5],
    ['meal_help', 4],
    ['home_cleaning', 3],
    ['laundry', 3],
    ['health_check', 1.5],
    ['haircut', 2],
    ['shopping', 2],
    ['companionship', 2],
    ['clinic_escort', 1],
    ['chronic_followup', 1],
    ['proxy_errands', 1],
  ],
  none: [
    ['day_care', 2],
    ['meal_help', 3],
    ['home_cleaning', 3],
    ['companionship', 3],
    ['laundry', 2],
    ['haircut', 2],
    ['shopping', 2],
    ['proxy_errands', 1],
    ['policy_advice', 1],
    ['home_safety', 1],
    ['charity_link', 0.5],
    ['job_referral', 0.3],
    ['legal_aid_link', 0.2],
  ],
};

/** Seasonal demand for items (the catalog's seasonal variants): month → item → multiplier. */
const SEASONAL: Record<number, Record<string, number>> = {
  1: { shopping: 2.5, home_cleaning: 2, companionship: 1.8, emergency_help: 3, bathing: 1.5 },
  2: { shopping: 2, home_cleaning: 1.8, companionship: 2, emergency_help: 2, bathing: 1.5 },
  6: { home_safety: 2.5, emergency_help: 4, farm_help: 3 },
  7: { health_check: 3, study_tutoring: 2.5, farm_help: 3, emergency_help: 2 },
  8: { health_check: 3, study_tutoring: 2.5 },
  10: { companionship: 2.2, farm_help: 2 },
  12: { bathing: 1.5, home_safety: 1.8, emergency_help: 1.5 },
};

/**
 * Farm help and emergency help are ordered by anyone in season, besides their profile. Seed
 * 002's fifth category, 助农助急: a rural county's people in hardship still farm, and a day of
 * help at 双抢 (July) or 秋收 (October) is what a neighbour hired for it does.
 */
const EVERYONE: [string, number][] = [
  ['farm_help', 0.5],
  ['emergency_help', 0.1],
];

export type Profile = keyof typeof PROFILE_ITEMS;

export function itemWeights(profile: Profile, assessed: readonly string[], month: number): [string, number][] {
  const seasonal = SEASONAL[month] ?? {};
  return [...PROFILE_ITEMS[profile], ...(profile === 'child' ? [] : EVERYONE)].map(
    ([code, w]) => [code, w * (assessed.includes(code) ? 3 : 1) * (seasonal[code] ?? 1)] as [string, number],
  );
}

/** Channels: a recipient with the mini-program uses it for most orders; otherwise the hotline or their grid worker. */
export function channelWeights(hasApp: boolean): ['mini_program' | 'hotline' | 'grid_worker', number][] {
  return hasApp
    ? [
        ['mini_program', 70],
        ['hotline', 20],
        ['grid_worker', 10],
      ]
    : [
        ['hotline', 60],
        ['grid_worker', 40],
      ];
}

/** Days between ordering and the service (same day only for urgent items). */
export const LEAD_DAYS: [number, number][] = [
  [1, 45],
  [2, 30],
  [3, 15],
  [5, 7],
  [7, 3],
];

/** Shares of what happens on the visit and after it. */
export const RATES = {
  declined: 0.02,
  lateArrival: 0.04,
  tooShort: 0.02,
  tooLong: 0.01,
  farFromPlace: 0.03,
  lateSubmission: 0.01,
  /** Of completed services: by the carer with the card code, in the app, by the grid worker; the rest are confirmed automatically after 72 h. */
  confirmByCard: 0.3,
  confirmInApp: 0.45,
  confirmByGrid: 0.1,
  disputed: 0.003,
  rated: 0.65,
  complaint: 0.012,
  complaintUpheld: 0.4,
  returnVisitMissed: 0.06,
  /** Of flagged visits, resolved by the dispatcher as payable. */
  exceptionAccepted: 0.75,
  /** A bad day (issue 12). Of accepted jobs: the carer falls ill or forgets, nobody comes (the visit is missed). */
  noShow: 0.015,
  /** Of missed visits: the dispatcher rebooks them for the next working days; the rest the recipient may order again. */
  rebookMissed: 0.6,
  /** Of a carer's last job of the day: they forget to check out (closed after the item's time times the maximum ratio, corrected by the dispatcher). */
  forgottenCheckOut: 0.01,
  /** Of jobs booked for a later day: moved a day on by the hotline when the recipient calls. */
  rescheduled: 0.03,
  /** Of answered tickets: the complainant is not satisfied and the hotline reopens the ticket (once). */
  reopened: 0.1,
  /** Per active recipient and year: suspended (hospital, staying with family), reinstated after about 4 weeks. */
  suspendedPerYear: 0.03,
  /** Per active recipient and year: leaves the list (died, moved out of the county, no longer eligible). */
  exitedPerYear: 0.03,
  /** Per active recipient and year: moves with the household to another village of the county. */
  movedPerYear: 0.01,
  /** Days a suspension lasts before the township reinstates the recipient. */
  suspensionDays: 28,
};

export const STARS: [number, number][] = [
  [5, 58],
  [4, 29],
  [3, 9],
  [2, 3],
  [1, 1],
];

/** Duration as a multiple of the standard minutes: mostly close to it, a few out of bounds. */
export function durationFactor(r: () => number): { factor: number; kind: 'normal' | 'too_short' | 'too_long' } {
  const u = r();
  if (u < RATES.tooShort) return { factor: 0.25 + r() * 0.2, kind: 'too_short' };
  if (u < RATES.tooShort + RATES.tooLong) return { factor: 3.2 + r(), kind: 'too_long' };
  // roughly normal around 1.0 (sum of three uniforms), within 0.7–1.5
  const f = 1 + ((r() + r() + r()) / 3 - 0.5) * 0.8;
  return { factor: Math.min(1.5, Math.max(0.7, f)), kind: 'normal' };
}

/** A point `metres` from `place` in a random direction. */
export function offsetPoint(place: { latitude: number; longitude: number }, metres: number, r: () => number) {
  const angle = r() * 2 * Math.PI;
  const dLat = (metres * Math.cos(angle)) / 111_320;
  const dLng = (metres * Math.sin(angle)) / (111_320 * Math.cos((place.latitude * Math.PI) / 180));
  return { latitude: Math.round((place.latitude + dLat) * 1e6) / 1e6, longitude: Math.round((place.longitude + dLng) * 1e6) / 1e6 };
}
