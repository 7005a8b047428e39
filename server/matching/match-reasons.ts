// Why a carer was chosen and why none could be: as codes with their figures, so the dispatcher's
// screen words them in its own language, and as English sentences for the order's history and
// API clients. An order keeps its problem as the sentence (match_problem, and the reason of
// its 'flag' event); problemOf reads the code back, from old rows too.
import type { MatchFactor } from './ranking.js';

/** Why no carer (or no organisation) could take an order. */
export type MatchProblemReason = 'NO_ORGANISATION' | 'NO_ACTIVE_CARERS' | 'ALL_DECLINED' | 'NO_QUALIFIED_CARER' | 'NOBODY_WORKING' | 'ALL_BUSY';

export interface MatchProblem {
  reason: MatchProblemReason;
  /** The carers the reason counts (active, qualified, or qualified and working then). */
  carers: number | null;
}

const sentences: Record<MatchProblemReason, { say: (carers: number) => string; read: RegExp }> = {
  NO_ORGANISATION: {
    say: () => 'No contracted organisation covers this township and service on that day.',
    read: /^No contracted organisation covers this township and service on that day\.$/,
  },
  NO_ACTIVE_CARERS: { say: () => 'The organisation has no active carers.', read: /^The organisation has no active carers\.$/ },
  ALL_DECLINED: { say: (n) => `All ${n} active carers declined this order.`, read: /^All (\d+) active carers declined this order\.$/ },
  NO_QUALIFIED_CARER: {
    say: () => 'No carer holds a valid qualification for this item on that day.',
    read: /^No carer holds a valid qualification for this item on that day\.$/,
  },
  NOBODY_WORKING: { say: (n) => `None of the ${n} qualified carers works at that time.`, read: /^None of the (\d+) qualified carers works at that time\.$/ },
  ALL_BUSY: {
    say: (n) => `All ${n} qualified carers working then already have a job at that time.`,
    read: /^All (\d+) qualified carers working then already have a job at that time\.$/,
  },
};

/** The problem as the English sentence an order records. */
export function problemSentence(problem: MatchProblem): string {
  return sentences[problem.reason].say(problem.carers ?? 0);
}

/** The code and figures of a recorded problem sentence; null for none or a sentence this module never wrote. */
export function problemOf(sentence: string | null): MatchProblem | null {
  if (!sentence) return null;
  for (const [reason, { read }] of Object.entries(sentences) as [MatchProblemReason, (typeof sentences)[MatchProblemReason]][]) {
    const m = read.exec(sentence);
    if (m) return { reason, carers: m[1] === undefined ? null : Number(m[1]) };
  }
  return null;
}

/** An order's match_reasons as stored: the matcher's (decidedBy MATCHING) or a dispatcher's choice. */
export interface StoredMatchReasons {
  decidedBy: string;
  total: number;
  factors: MatchFactor[];
  /** How many carers the matcher chose from; null for a dispatcher's choice. */
  candidates: number | null;
  /** The dispatcher's own reason; null for the matcher's. */
  note: string | null;
}

/** Factors stored before they carried a reason: the reason read from their English detail. */
function factorOf(f: Omit<MatchFactor, 'reason'> & { reason?: MatchFactor['reason'] }): MatchFactor {
  if (f.reason) return f as MatchFactor;
  const km = /([\d.]+) km/.exec(f.detail);
  const distanceKm = km ? Number(km[1]) : null;
  if (f.name === 'paired') return { ...f, reason: f.score > 0 ? 'PAIRED' : 'NOT_PAIRED' };
  if (f.name === 'load') return { ...f, reason: 'WEEK_JOBS', weekJobs: Number(/^(\d+)/.exec(f.detail)?.[1] ?? 0) };
  if (f.detail === 'lives in the same village') return { ...f, reason: 'SAME_VILLAGE' };
  if (f.detail.startsWith('same township')) return { ...f, reason: 'SAME_TOWNSHIP', distanceKm };
  return { ...f, reason: distanceKm === null ? 'DISTANCE_UNKNOWN' : 'DISTANCE', distanceKm };
}

/**
 * The reasons as the API gives them, whenever they were stored: before the matcher said MATCHING
 * and counted its candidates it wrote decidedBy 'matching' and a note "best of N available carer(s)".
 */
export function matchReasonsOf(stored: unknown): (StoredMatchReasons & { byMatching: boolean }) | null {
  if (!stored || typeof stored !== 'object') return null;
  const r = stored as Partial<StoredMatchReasons> & { factors?: Parameters<typeof factorOf>[0][] };
  const byMatching = r.decidedBy === 'MATCHING' || r.decidedBy === 'matching';
  const older = byMatching && r.candidates === undefined ? /^best of (\d+) /.exec(r.note ?? '') : null;
  return {
    decidedBy: byMatching ? 'MATCHING' : String(r.decidedBy ?? ''),
    byMatching,
    total: Number(r.total ?? 0),
    factors: (r.factors ?? []).map(factorOf),
    candidates: older ? Number(older[1]) : (r.candidates ?? null),
    note: byMatching ? null : (r.note ?? null),
  };
}
