// How the carers who can take an order are ranked. Hard rules (qualified, working then, free,
// not declined) are filters in SQL; what remains is ranked here, in a plain function, so the
// dispatcher sees the same factors the matcher used. Weights make a paired carer win over
// any unpaired one (DOMAIN.md: prefer the recipient's paired carer), then nearness, then load.

export interface CandidateFacts {
  carerId: number;
  paired: boolean;
  sameVillage: boolean;
  sameTownship: boolean;
  /** Straight-line distance from the carer's home village to the service place; null when unknown. */
  distanceKm: number | null;
  /** The carer's jobs in the week of the order's window. */
  weekJobs: number;
}

/** What a factor found, as a code a client words in its own language (detail says it in English). */
type FactorReason = 'PAIRED' | 'NOT_PAIRED' | 'SAME_VILLAGE' | 'SAME_TOWNSHIP' | 'DISTANCE' | 'DISTANCE_UNKNOWN' | 'WEEK_JOBS';

export interface MatchFactor {
  name: 'paired' | 'proximity' | 'load';
  score: number;
  weight: number;
  detail: string;
  reason: FactorReason;
  /** The figures the reason is worded with: km for SAME_TOWNSHIP and DISTANCE, jobs for WEEK_JOBS. */
  distanceKm?: number | null;
  weekJobs?: number;
}

export interface RankedCandidate {
  carerId: number;
  total: number;
  factors: MatchFactor[];
}

const MATCH_WEIGHTS = { paired: 50, proximity: 30, load: 20 } as const;
/** Beyond this distance, proximity scores nothing. */
const FAR_KM = 30;

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Proximity in 0..1: same village 1, same township 0.7, otherwise falling with distance to 0.5 at most. */
function proximityScore(f: Pick<CandidateFacts, 'sameVillage' | 'sameTownship' | 'distanceKm'>): number {
  if (f.sameVillage) return 1;
  if (f.sameTownship) return 0.7;
  if (f.distanceKm === null) return 0;
  return round(0.5 * Math.max(0, 1 - f.distanceKm / FAR_KM));
}

/** The factor scores and the weighted total (0..100) of one candidate. */
export function weighCandidate(f: CandidateFacts): RankedCandidate {
  const distanceKm = f.distanceKm === null ? null : round(f.distanceKm, 1);
  const km = distanceKm === null ? 'distance unknown' : `${distanceKm.toFixed(1)} km`;
  const factors: MatchFactor[] = [
    f.paired
      ? { name: 'paired', weight: MATCH_WEIGHTS.paired, score: 1, detail: 'paired with the recipient (结对)', reason: 'PAIRED' }
      : { name: 'paired', weight: MATCH_WEIGHTS.paired, score: 0, detail: 'not paired', reason: 'NOT_PAIRED' },
    {
      name: 'proximity',
      weight: MATCH_WEIGHTS.proximity,
      score: proximityScore(f),
      ...(f.sameVillage
        ? { detail: 'lives in the same village', reason: 'SAME_VILLAGE' as const }
        : f.sameTownship
          ? { detail: `same township, ${km}`, reason: 'SAME_TOWNSHIP' as const, distanceKm }
          : { detail: km, reason: distanceKm === null ? ('DISTANCE_UNKNOWN' as const) : ('DISTANCE' as const), distanceKm }),
    },
    {
      name: 'load',
      weight: MATCH_WEIGHTS.load,
      score: round(1 / (1 + f.weekJobs)),
      detail: `${f.weekJobs} job(s) that week`,
      reason: 'WEEK_JOBS',
      weekJobs: f.weekJobs,
    },
  ];
  const total = round(
    factors.reduce((sum, x) => sum + x.weight * x.score, 0),
    1,
  );
  return { carerId: f.carerId, total, factors };
}

/** Candidates best first; equal totals go to the lower carer id, so matching is deterministic. */
export function rankCandidates(facts: CandidateFacts[]): RankedCandidate[] {
  return facts.map(weighCandidate).sort((a, b) => b.total - a.total || a.carerId - b.carerId);
}
